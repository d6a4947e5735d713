using System.Collections.Generic;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// What the build would use to verify its restored packages: the assets file, the packages root, and the
    /// project's ProvenanceTrustedKey and ProvenancePolicy items (from MSBuild, or empty when --assets bypasses it).
    /// </summary>
    internal sealed class ProjectConfiguration
    {
        public ProjectConfiguration(string? projectPath, string? assetsFile, string? packagesRoot,
            IReadOnlyList<string> trustedKeyPaths, IReadOnlyList<ProvenancePolicyItem> policies)
        {
            ProjectPath = projectPath;
            AssetsFile = assetsFile;
            PackagesRoot = packagesRoot;
            TrustedKeyPaths = trustedKeyPaths;
            Policies = policies;
        }

        /// <summary>Full path of the project MSBuild evaluated; null with --assets.</summary>
        public string? ProjectPath { get; }

        /// <summary>$(ProjectAssetsFile); null or empty when the project defines none.</summary>
        public string? AssetsFile { get; }

        /// <summary>$(NuGetPackageRoot); null or empty before the first restore.</summary>
        public string? PackagesRoot { get; }

        /// <summary>Full paths of the ProvenanceTrustedKey items.</summary>
        public IReadOnlyList<string> TrustedKeyPaths { get; }

        public IReadOnlyList<ProvenancePolicyItem> Policies { get; }
    }
}
