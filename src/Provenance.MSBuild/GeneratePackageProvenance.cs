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
            ResolvedSigner signer = ResolveSigner();
            foreach (string package in Packages.Select(p => p.GetMetadata("FullPath")).Distinct(StringComparer.Ordinal))
            {
                if (!File.Exists(package))
                    throw new ProvenanceException(DiagnosticCodes.PackageUnreadable, $"The package '{package}' that pack reported does not exist.");
                ProvenanceRequest request = new RequestFactory(this, BuildEngine).Create(signer.Source);
                request.SubjectBaseDirectory = Path.GetDirectoryName(package)!;
                PackageAttestationResult result = PackageAttestation.Attest(package, subjects =>
                    ProvenanceGenerator.CreateBundle(ProvenanceGenerator.CreateStatement(request, Digests, subjects), signer.Signer));
                Log.LogMessage(MessageImportance.Normal,
                    $"Provenance: attested '{package}' ({result.EntrySubjects.Count} entries) and wrote '{result.OuterBundlePath}'.");
            }
        }

        protected override IEnumerable<string> FilesToRemoveOnFailure() =>
            Packages.Select(p => PackageAttestation.OuterBundlePath(p.GetMetadata("FullPath")));
    }
}
