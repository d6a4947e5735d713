using System;

namespace Provenance.Cli.CommandLine
{
    /// <summary>Thrown by a command that saw --help, so every command prints its help the same way.</summary>
    internal sealed class HelpRequestedException : Exception
    {
    }
}
