using System.Text;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>What a finished (or killed) child process left: exit code and everything it printed.</summary>
    public sealed class CommandResult
    {
        public CommandResult(string commandLine, string workingDirectory, int exitCode, bool timedOut, string standardOutput, string standardError, string output)
        {
            CommandLine = commandLine;
            WorkingDirectory = workingDirectory;
            ExitCode = exitCode;
            TimedOut = timedOut;
            StandardOutput = standardOutput;
            StandardError = standardError;
            Output = output;
        }

        public string CommandLine { get; }
        public string WorkingDirectory { get; }
        public int ExitCode { get; }
        public bool TimedOut { get; }
        public string StandardOutput { get; }
        public string StandardError { get; }

        /// <summary>Standard output and standard error interleaved in the order they arrived.</summary>
        public string Output { get; }

        public bool Succeeded => ExitCode == 0 && !TimedOut;

        /// <summary>A readable report for assertion messages and test logs.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            text.Append("> ").AppendLine(CommandLine);
            text.Append("  in ").AppendLine(WorkingDirectory);
            text.Append("  exit code ").Append(ExitCode).AppendLine(TimedOut ? " (timed out, process tree killed)" : "");
            text.AppendLine(Output);
            return text.ToString();
        }
    }
}
