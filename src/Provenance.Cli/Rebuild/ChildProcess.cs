using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace Provenance.Cli.Rebuild
{
    /// <summary>git and dotnet as child processes: output captured (and kept in a log file for --keep), never a console inherited.</summary>
    internal static class ChildProcess
    {
        public sealed class Result
        {
            public Result(int exitCode, string output, TimeSpan elapsed)
            {
                ExitCode = exitCode;
                Output = output;
                Elapsed = elapsed;
            }

            public int ExitCode { get; }
            public string Output { get; }
            public TimeSpan Elapsed { get; }
            public bool Succeeded => ExitCode == 0;

            /// <summary>The last lines, for a message: a build's errors are at its end.</summary>
            public string Tail(int lines = 15)
            {
                string[] all = Output.Replace("\r", "").TrimEnd('\n').Split('\n');
                int start = Math.Max(0, all.Length - lines);
                return string.Join("\n", all, start, all.Length - start);
            }
        }

        public static Result Run(string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string?>? environment, TimeSpan timeout, string? logFile = null)
        {
            var start = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            if (environment != null)
            {
                foreach (var pair in environment)
                {
                    if (pair.Value == null) start.Environment.Remove(pair.Key);
                    else start.Environment[pair.Key] = pair.Value;
                }
            }
            var output = new StringBuilder();
            var stopwatch = Stopwatch.StartNew();
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return new Result(-1, $"could not start '{fileName}': {e.Message}", stopwatch.Elapsed);
            }
            using (process)
            {
                process.StandardInput.Close();
                Task<string> stdout = process.StandardOutput.ReadToEndAsync();
                Task<string> stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)Math.Min(int.MaxValue, timeout.TotalMilliseconds)))
                {
                    process.Kill(entireProcessTree: true);
                    return new Result(-1, $"{fileName} did not finish within {timeout}", stopwatch.Elapsed);
                }
                output.Append(stdout.Result).Append(stderr.Result);
                var result = new Result(process.ExitCode, output.ToString(), stopwatch.Elapsed);
                if (logFile != null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
                    File.WriteAllText(logFile, $"> {fileName} {string.Join(" ", arguments)}\n(in {workingDirectory}; exit {result.ExitCode}; {result.Elapsed.TotalSeconds:F1} s)\n\n{result.Output}");
                }
                return result;
            }
        }
    }
}
