using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Provenance.Generation;
using Provenance.Keys;
using Provenance.Packages;

namespace Provenance.MSBuild
{
    /// <summary>
    /// For each package NuGet wrote: embeds a signed statement over every entry of the package, then writes
    /// &lt;package&gt;.sigstore.json for the finished file. Both statements carry the same build facts as the
    /// assemblies' (project, source commit, SDK, builder); the assemblies' own bundles are among the entries.
    /// </summary>
    public sealed class GeneratePackageProvenance : ProvenanceTask
    {
        /// <summary>The .nupkg and .snupkg files from NuGet's NuGetPackOutput items.</summary>
        [Required] public ITaskItem[] Packages { get; set; } = Array.Empty<ITaskItem>();

        protected override void Run()
        {
            BundleSigning signing = ResolveBundleSigning();
            foreach (string package in PackagePaths())
            {
                if (!File.Exists(package))
                    throw new ProvenanceException(DiagnosticCodes.PackageUnreadable, $"The package '{package}' that pack reported does not exist.");
                ProvenanceRequest request = new RequestFactory(this, BuildEngine).Create(signing.Source);
                request.SubjectBaseDirectory = Path.GetDirectoryName(package)!;
                try
                {
                    PackageAttestationResult result = PackageAttestation.Attest(package, subjects =>
                        signing.CreateBundle(ProvenanceGenerator.CreateStatement(request, Digests, subjects)));
                    Log.LogMessage(MessageImportance.Normal,
                        $"Provenance: attested '{package}' ({result.EntrySubjects.Count} entries) and wrote '{result.OuterBundlePath}' ({signing.Describe()}).");
                }
                catch (ProvenanceException error) when (error.Code == DiagnosticCodes.PackageUnreadable)
                {
                    // What NuGet wrote and accepted (an entry 'build//X.targets' is only its warning NU5129) must not
                    // fail the pack. The statement is embedded only after the whole package was read, so the package
                    // is as NuGet wrote it; an older bundle beside it would describe other bytes and goes.
                    DeleteQuietly(PackageAttestation.OuterBundlePath(package));
                    Log.LogWarning(null, DiagnosticCodes.PackageLeftUnattested, null, DiagnosticCodes.HelpLink(DiagnosticCodes.PackageLeftUnattested), package, 0, 0, 0, 0,
                        $"The package '{package}' is left as NuGet wrote it, without provenance: {error.Message}");
                }
            }
        }

        /// <summary>
        /// Any other failure (key, signing, writing) fails the pack and takes the packages with their bundles: a
        /// package never stays beside a missing or stale bundle, and a failed pack leaves nothing to publish.
        /// </summary>
        protected override IEnumerable<string> FilesToRemoveOnFailure() =>
            PackagePaths().SelectMany(p => new[] { PackageAttestation.OuterBundlePath(p), p });

        private IEnumerable<string> PackagePaths() =>
            Packages.Select(p => p.GetMetadata("FullPath")).Distinct(StringComparer.Ordinal);
    }
}
