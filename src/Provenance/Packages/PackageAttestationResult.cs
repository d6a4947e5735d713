using System.Collections.Generic;
using Provenance.Slsa;

namespace Provenance.Packages
{
    /// <summary>What <see cref="PackageAttestation.Attest"/> wrote.</summary>
    public sealed class PackageAttestationResult
    {
        internal PackageAttestationResult(string packagePath, string outerBundlePath, IReadOnlyList<ResourceDescriptor> entrySubjects,
            ResourceDescriptor packageSubject, bool contentTypesChanged)
        {
            PackagePath = packagePath;
            OuterBundlePath = outerBundlePath;
            EntrySubjects = entrySubjects;
            PackageSubject = packageSubject;
            ContentTypesChanged = contentTypesChanged;
        }

        public string PackagePath { get; }

        /// <summary>&lt;package file name&gt;.sigstore.json beside the package.</summary>
        public string OuterBundlePath { get; }

        /// <summary>The subjects of the statement embedded in the package: every entry but the statement itself.</summary>
        public IReadOnlyList<ResourceDescriptor> EntrySubjects { get; }

        /// <summary>The finished package: its file name, sha256 and sha512 (NuGet's content hash, also once signed).</summary>
        public ResourceDescriptor PackageSubject { get; }

        /// <summary>True when a Default for "json" had to be added to [Content_Types].xml.</summary>
        public bool ContentTypesChanged { get; }
    }
}
