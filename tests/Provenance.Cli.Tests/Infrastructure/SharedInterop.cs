using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>
    /// ../shared/interop beside the clone (the folder holding Provenance.MSBuild.sln): bundles someone else produced.
    /// Under CI=true a missing folder fails the test; elsewhere it is inconclusive and says why.
    /// </summary>
    internal static class SharedInterop
    {
        public static string Require(string relative)
        {
            string? root = null;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null && root == null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Provenance.MSBuild.sln"))) root = dir.FullName;
            string? folder = root == null ? null : Path.GetFullPath(Path.Combine(root, "..", "shared", "interop", relative));
            if (folder != null && Directory.Exists(folder)) return folder;
            string why = $"the interop data ../shared/interop/{relative} is missing" + (folder != null ? $" ({folder})" : " (Provenance.MSBuild.sln not found)");
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Assert.Fail(why + "; under CI=true it must be there.");
            Assert.Inconclusive(why + "; this test did not run.");
            return folder!;
        }

        /// <summary>A real public-good bundle: DSSE (in-toto) signed by a GitHub Actions certificate, with its artifact.</summary>
        public static (string Artifact, string Bundle) GitHubActionsDsseCase()
        {
            string cases = Require("sigstore-conformance/bundle-verify");
            return (Path.Combine(cases, "a.txt"), Path.Combine(cases, "happy-path-intoto-in-dsse-v3", "bundle.sigstore.json"));
        }

        public const string BeaconIdentity =
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
        public const string BeaconRepository = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon";
        public const string GitHubIssuer = "https://token.actions.githubusercontent.com";
    }
}
