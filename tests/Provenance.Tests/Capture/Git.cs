using System;
using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.Tests.Capture
{
    /// <summary>Runs the git CLI to build real repositories as fixtures, isolated from the user's and system's config.</summary>
    internal static class Git
    {
        public static string Run(string workingDirectory, string arguments)
        {
            var startInfo = new ProcessStartInfo("git", "-c user.name=Test -c user.email=test@example.com -c init.defaultBranch=main -c commit.gpgsign=false -c protocol.file.allow=always " + arguments)
            {
                WorkingDirectory = workingDirectory,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            startInfo.EnvironmentVariables["GIT_CONFIG_NOSYSTEM"] = "1";
            startInfo.EnvironmentVariables["GIT_CONFIG_GLOBAL"] = "/dev/null";
            startInfo.EnvironmentVariables["GIT_TERMINAL_PROMPT"] = "0";
            using (Process process = Process.Start(startInfo)!)
            {
                string output = process.StandardOutput.ReadToEnd();
                string error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0) Assert.Fail($"git {arguments} failed ({process.ExitCode}): {error}");
                return output.Trim();
            }
        }

        public static bool IsRoot() => Exec("id", "-u", out string output) == 0 && output == "0";

        /// <summary>True when the user's git config trusts foreign repositories (safe.directory), so git would not refuse.</summary>
        public static bool HasSafeDirectoryOverride() => Exec("git", "config --get-all safe.directory", out string output) == 0 && output.Length > 0;

        public static void ChangeOwner(string path, string owner)
        {
            if (Exec("chown", $"-R {owner} \"{path}\"", out string output) != 0) Assert.Fail("chown failed: " + output);
        }

        private static int Exec(string fileName, string arguments, out string output)
        {
            var startInfo = new ProcessStartInfo(fileName, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            try
            {
                using (Process process = Process.Start(startInfo)!)
                {
                    output = process.StandardOutput.ReadToEnd().Trim();
                    process.StandardError.ReadToEnd();
                    process.WaitForExit();
                    return process.ExitCode;
                }
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                output = e.Message;
                return -1;
            }
        }

        /// <summary>A repository with one commit of a.txt on main.</summary>
        public static string InitWithCommit(ScratchDirectory scratch, string folder = "repo")
        {
            string root = scratch.Combine(folder);
            System.IO.Directory.CreateDirectory(root);
            Run(root, "init -q");
            System.IO.File.WriteAllText(System.IO.Path.Combine(root, "a.txt"), "hello\n");
            Run(root, "add a.txt");
            Run(root, "commit -q -m first");
            return root;
        }
    }
}
