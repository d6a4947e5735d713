using System.Collections.Generic;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// What the build would use to verify its restored packages: the assets file, the packages root, and the
    /// trusted key files and ProvenancePolicy items the project's gate declares (empty with --assets, or for a
    /// project without the gate verified under --key/--policy alone).
    /// </summary>
    internal sealed class ProjectConfiguration
    {
        public ProjectConfiguration(string? projectPath, string? assetsFile, string? packagesRoot,
            IReadOnlyList<string> trustedKeyPaths, IReadOnlyList<ProvenancePolicyItem> policies, bool gateImported)
        {
            ProjectPath = projectPath;
            AssetsFile = assetsFile;
            PackagesRoot = packagesRoot;
            TrustedKeyPaths = trustedKeyPaths;
            Policies = policies;
            GateImported = gateImported;
        }

        /// <summary>Full path of the project MSBuild evaluated; null with --assets.</summary>
        public string? ProjectPath { get; }

        /// <summary>$(ProjectAssetsFile); null or empty when the project defines none.</summary>
        public string? AssetsFile { get; }

        /// <summary>$(NuGetPackageRoot) in the gate's evaluation; null there (the assets file's packageFolders apply).</summary>
        public string? PackagesRoot { get; }

        /// <summary>Full paths of the trusted key files the gate declares.</summary>
        public IReadOnlyList<string> TrustedKeyPaths { get; }

        public IReadOnlyList<ProvenancePolicyItem> Policies { get; }

        /// <summary>True when the project imports the gate SDK and its declared policy was read through it.</summary>
        public bool GateImported { get; }
    }
}
