using System.IO;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>What one in-process run of dotnet-provenance returned and wrote.</summary>
    internal sealed class CliResult
    {
        private CliResult(int exitCode, string stdout, string stderr)
        {
            ExitCode = exitCode;
            Stdout = stdout;
            Stderr = stderr;
        }

        public int ExitCode { get; }
        public string Stdout { get; }
        public string Stderr { get; }

        public static CliResult Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exitCode = Program.Run(args, stdout, stderr);
            return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
        }

        /// <summary>For assertion messages: everything the run printed.</summary>
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
    }
}
