using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>Assertions whose failure messages carry the command output, so a failed run explains itself.</summary>
    public static class Expect
    {
        public static CommandResult Succeeded(this CommandResult result)
        {
            Assert.IsTrue(result.Succeeded, "expected the command to succeed\n" + result);
            return result;
        }

        public static CommandResult Failed(this CommandResult result)
        {
            Assert.IsFalse(result.TimedOut, "the command timed out\n" + result);
            Assert.AreNotEqual(0, result.ExitCode, "expected the command to fail\n" + result);
            return result;
        }

        /// <summary>The output holds an MSBuild error with this code (e.g. "error PROV1001").</summary>
        public static CommandResult HasError(this CommandResult result, string code)
        {
            Assert.IsTrue(result.Output.Contains("error " + code, StringComparison.Ordinal), $"expected 'error {code}' in the output\n" + result);
            return result;
        }

        public static CommandResult OutputContains(this CommandResult result, string text)
        {
            Assert.IsTrue(result.Output.Contains(text, StringComparison.Ordinal), $"expected '{text}' in the output\n" + result);
            return result;
        }

        public static CommandResult OutputDoesNotContain(this CommandResult result, string text, string what)
        {
            Assert.IsFalse(result.Output.Contains(text, StringComparison.Ordinal), $"{what} appears in the output\n" + result);
            return result;
        }

        public static void FileExists(string path, CommandResult? result = null) =>
            Assert.IsTrue(File.Exists(path), "expected the file " + path + "\n" + ListDirectory(Path.GetDirectoryName(path)) + result);

        public static void FileDoesNotExist(string path, CommandResult? result = null) =>
            Assert.IsFalse(File.Exists(path), "did not expect the file " + path + "\n" + result);

        /// <summary>No *.sigstore.json anywhere under the folder.</summary>
        public static void NoProvenanceFiles(string directory, CommandResult? result = null)
        {
            string[] files = Directory.Exists(directory)
                ? Directory.GetFiles(directory, "*.sigstore.json", SearchOption.AllDirectories)
                : Array.Empty<string>();
            Assert.IsEmpty(files, "expected no provenance file under " + directory + ", found:\n" + string.Join("\n", files) + "\n" + result);
        }

        public static string ListDirectory(string? directory)
        {
            if (directory == null || !Directory.Exists(directory)) return "(" + directory + " does not exist)\n";
            IEnumerable<string> entries = Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)!;
            return "contents of " + directory + ":\n  " + string.Join("\n  ", entries) + "\n";
        }
    }
}
