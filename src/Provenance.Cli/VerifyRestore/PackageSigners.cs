using System;
using System.Collections.Generic;
using System.IO;
using Provenance.Cli.Identity;
using Provenance.Gate;
using Provenance.Packages;
using Provenance.Sigstore;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// The certificate identity of each restored package whose provenance is certificate-signed (keyless, or one's own
    /// PKI), read from the statement NuGet extracted (&lt;folder&gt;/provenance/package.sigstore.json). A keyless
    /// certificate's key is new for every build, so a key hint says nothing: only the identity tells people who built it.
    /// It is "verified" when the gate verified the package; otherwise it is what the certificate claims, and says so.
    /// </summary>
    internal static class PackageSigners
    {
        public static IReadOnlyDictionary<PackageVerdict, SignerIdentity> Read(RestoreVerdict verdict)
        {
            var signers = new Dictionary<PackageVerdict, SignerIdentity>();
            foreach (PackageVerdict package in verdict.Packages)
            {
                SignerIdentity? identity = Read(package.Package.Folder.FolderPath);
                if (identity != null) signers[package] = identity.WithVerified(package.Result.IsVerified);
            }
            return signers;
        }

        private static SignerIdentity? Read(string folder)
        {
            string path = Path.Combine(folder, PackageAttestation.EmbeddedBundleEntryName.Replace('/', Path.DirectorySeparatorChar));
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists || info.Length > SigstoreBundleDocument.MaxBytes) return null;
                SigstoreBundleDocument bundle = SigstoreBundleDocument.Parse(File.ReadAllBytes(path));
                return bundle.Certificates.Count > 0 ? SignerIdentity.ReadUnverified(bundle.Certificates[0]) : null;
            }
            catch (Exception e) when (e is ProvenanceException || e is IOException || e is UnauthorizedAccessException)
            {
                return null;   // the verdict already says what is wrong with the package; this is only for display
            }
        }
    }
}
