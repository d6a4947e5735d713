namespace Provenance.Cli.CommandLine
{
    /// <summary>Exit codes shared by every command, so scripts can tell "not valid" from "could not check".</summary>
    internal static class ExitCodes
    {
        public const int Success = 0;

        /// <summary>The input was read and is not valid (bad signature, untrusted key, digest mismatch).</summary>
        public const int Invalid = 1;

        /// <summary>Usage error, or an input that could not be read at all.</summary>
        public const int UsageOrUnreadable = 2;
    }
}
