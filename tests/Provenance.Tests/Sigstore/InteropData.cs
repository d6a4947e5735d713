using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.Tests.Sigstore
{
    /// <summary>
    /// The shared interop data beside the repository (../shared/interop): found by walking up from the test binaries to
    /// the folder holding Provenance.MSBuild.sln. It is not committed here, so a missing folder is a reason to stop:
    /// under CI=true the run fails (the cases must run there); elsewhere the tests are inconclusive and say why.
    /// </summary>
    internal static class InteropData
    {
        public static string? RepositoryRoot { get; } = FindRepositoryRoot();

        public static string? Folder(string relative) =>
            RepositoryRoot == null ? null : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "interop", relative));

        public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>Returns the folder, or fails (CI) / is inconclusive (elsewhere) naming what is missing.</summary>
        public static string Require(string relative)
        {
            string? folder = Folder(relative);
            if (folder != null && Directory.Exists(folder)) return folder;
            string why = $"the interop data folder {folder ?? "../shared/interop/" + relative} is missing " +
                (RepositoryRoot == null ? "(Provenance.MSBuild.sln was not found above the test binaries)" : "beside the repository");
            if (InCi) Assert.Fail(why + "; under CI=true these cases must run.");
            Assert.Inconclusive(why + "; these cases did not run.");
            return folder!;
        }

        private static string? FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Provenance.MSBuild.sln"))) return dir.FullName;
            return null;
        }
    }
}
