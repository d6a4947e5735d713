using System;
using System.ComponentModel;
using System.Diagnostics;

namespace Provenance.Capture
{
    /// <summary>Runs `git status` to learn whether tracked files were modified; every failure means "unknown".</summary>
    internal static class GitStatus
    {
        public static bool? HasTrackedChanges(string repositoryRoot, TimeSpan timeout)
        {
            var startInfo = new ProcessStartInfo("git")
            {
                // --no-optional-locks and GIT_OPTIONAL_LOCKS=0: a status must not take index.lock while an IDE or
                // a parallel build uses the repository. safe.directory is deliberately not overridden.
                Arguments = "--no-optional-locks status --porcelain --untracked-files=no",
                WorkingDirectory = repositoryRoot,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                CreateNoWindow = true,
            };
            startInfo.EnvironmentVariables["GIT_OPTIONAL_LOCKS"] = "0";
            startInfo.EnvironmentVariables["GIT_TERMINAL_PROMPT"] = "0";
            // Variables a git hook or an outer git command may have set would point git at another repository.
            foreach (string name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY" })
                startInfo.EnvironmentVariables.Remove(name);

            bool sawChange = false;
            try
            {
                using (var process = new Process { StartInfo = startInfo })
                {
                    process.OutputDataReceived += (_, e) => { if (!string.IsNullOrWhiteSpace(e.Data)) sawChange = true; };
                    process.ErrorDataReceived += (_, e) => { };
                    process.Start();
                    process.StandardInput.Close();
                    process.BeginOutputReadLine();
                    process.BeginErrorReadLine();
                    if (!process.WaitForExit((int)timeout.TotalMilliseconds))
                    {
                        TryKill(process);
                        return null;
                    }
                    process.WaitForExit(); // drains the asynchronous output readers
                    return process.ExitCode == 0 ? sawChange : (bool?)null;
                }
            }
            catch (Exception e) when (e is Win32Exception || e is InvalidOperationException || e is System.IO.IOException)
            {
                return null; // git is not installed or cannot start
            }
        }

        private static void TryKill(Process process)
        {
            try { process.Kill(); }
            catch (Exception e) when (e is InvalidOperationException || e is Win32Exception) { }
        }
    }
}
