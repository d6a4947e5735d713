using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>Runs a child process with exactly the environment it is given, captures its output, kills its tree on timeout.</summary>
    public static class ProcessRunner
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

        public static CommandResult Run(
            string fileName,
            IEnumerable<string> arguments,
            string workingDirectory,
            IReadOnlyDictionary<string, string> environment,
            TimeSpan? timeout = null)
        {
            var startInfo = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (string argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            startInfo.Environment.Clear();
            foreach (KeyValuePair<string, string> variable in environment)
            {
                startInfo.Environment[variable.Key] = variable.Value;
            }

            string commandLine = fileName + " " + string.Join(" ", startInfo.ArgumentList.Select(Quote));
            var standardOutput = new StringBuilder();
            var standardError = new StringBuilder();
            var output = new StringBuilder();
            object gate = new object();

            using var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data == null) return;
                lock (gate) { standardOutput.AppendLine(e.Data); output.AppendLine(e.Data); }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data == null) return;
                lock (gate) { standardError.AppendLine(e.Data); output.AppendLine(e.Data); }
            };

            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            bool timedOut = !process.WaitForExit((int)(timeout ?? DefaultTimeout).TotalMilliseconds);
            if (timedOut)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // it exited between the wait and the kill
                }
            }

            // The parameterless wait also drains the asynchronous output readers.
            process.WaitForExit();

            lock (gate)
            {
                return new CommandResult(
                    commandLine,
                    workingDirectory,
                    timedOut ? -1 : process.ExitCode,
                    timedOut,
                    standardOutput.ToString(),
                    standardError.ToString(),
                    output.ToString());
            }
        }

        private static string Quote(string argument) =>
            argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=,;@+%".IndexOf(c) >= 0)
                ? argument
                : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
