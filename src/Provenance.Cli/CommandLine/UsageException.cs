using System;

namespace Provenance.Cli.CommandLine
{
    /// <summary>The command line itself is wrong (unknown option, missing value, missing argument): exit 2 with help.</summary>
    internal sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }
}
