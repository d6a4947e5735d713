using System;

namespace Provenance.Cli.CommandLine
{
    /// <summary>
    /// A command could not do its job for a reason the user can act on. Printed as one line on stderr:
    /// "error PROV####: message" (or "error: message" when no diagnostic code applies).
    /// </summary>
    internal sealed class CommandFailedException : Exception
    {
        public CommandFailedException(int exitCode, string? code, string message, Exception? inner = null)
            : base(message, inner)
        {
            ExitCode = exitCode;
            Code = code;
        }

        public int ExitCode { get; }
        public string? Code { get; }

        public string ToOneLine() =>
            (Code == null ? "error: " : "error " + Code + ": ") + Message.Replace('\r', ' ').Replace('\n', ' ');
    }
}
