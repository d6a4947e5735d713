using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Provenance.Bundles;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Identity;
using Provenance.Sigstore;

namespace Provenance.Cli.Verify
{
    /// <summary>
    /// Any file with a Sigstore bundle of any version (v0.1-v0.3) and kind (DSSE or a message signature; a key, a
    /// certificate chain or a single certificate; Rekor v1/v2 entries, RFC 3161 timestamps), through
    /// <see cref="SigstoreVerifier"/> against the trusted root. Our own key-signed bundles (v0.3, DSSE, a public key,
    /// no log entry or timestamp) keep the checks and messages of <see cref="BundleFileVerifier"/>, which are stricter
    /// about the statement, so what verified before verifies, and fails, the same way.
    /// </summary>
    internal sealed class SigstoreFileVerifier : IArtifactVerifier
    {
        // Ed25519 message signatures are over the artifact's bytes, not a digest; above this size only digests are read.
        private const long MaxArtifactBytesInMemory = 64L * 1024 * 1024;

        public bool CanVerify(string artifactPath) => true;

        public VerificationOutcome Verify(VerifyOptions options)
        {
            string bundlePath = options.BundlePath ?? options.ArtifactPath + BundleFileVerifier.BundleSuffix;
            using (InputFiles.OpenRead(options.ArtifactPath, "artifact")) { }   // a missing artifact is exit 2 before anything else
            var info = new FileInfo(bundlePath);
            if (info.Exists && info.Length > SigstoreBundle.MaxBytes)
            {
                throw new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.PackageTampered,
                    $"{bundlePath}: {info.Length} bytes, over the bundle limit of {SigstoreBundle.MaxBytes}");
            }
            byte[] bytes = InputFiles.ReadAll(bundlePath, "bundle", SigstoreBundle.MaxBytes);

            SigstoreBundleDocument? bundle = null;
            ProvenanceException? parseError = null;
            try { bundle = SigstoreBundleDocument.Parse(bytes); }
            catch (ProvenanceException e) { parseError = e; }

            if (options.Identity == null && (bundle == null || IsOwnKeyBundle(bundle)))
                return new BundleFileVerifier().Verify(options);
            if (bundle == null)
                throw new CommandFailedException(ExitCodes.Invalid, parseError!.Code, $"{bundlePath}: {parseError.Message}", parseError);

            SigstoreArtifact artifact = ReadArtifact(options.ArtifactPath);
            SigstorePolicy policy = options.Identity != null
                ? SigstorePolicy.ForIdentity(options.Identity)
                : SigstorePolicy.ForKeys(options.Keys.Select(k => k.SubjectPublicKeyInfo));
            SigstoreVerificationResult result;
            try
            {
                result = new SigstoreVerifier(options.TrustedRoot ?? TrustedRoot.PublicGood).Verify(bundle, artifact, policy);
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.Invalid, e.Code, $"{bundlePath}: {e.Message}", e);
            }

            if (result.Identity != null)
            {
                SignerIdentity identity = SignerIdentity.FromVerified(result.Identity);
                return new VerificationOutcome(identity.SubjectAlternativeName, bundlePath) { Identity = identity, Timestamps = result.Timestamps };
            }
            // The hint our bundles carry: padded base64 of the SHA-256 of the key's SubjectPublicKeyInfo.
            string hint = Convert.ToBase64String(SHA256.HashData(result.PublicKey!));
            return new VerificationOutcome(hint, bundlePath) { Timestamps = result.Timestamps };
        }

        private static bool IsOwnKeyBundle(SigstoreBundleDocument bundle) =>
            bundle.HasPublicKey && bundle.DsseEnvelope != null && bundle.MediaType == SigstoreBundleDocument.MediaTypeV03 &&
            bundle.TlogEntries.Count == 0 && bundle.Rfc3161Timestamps.Count == 0;

        private static SigstoreArtifact ReadArtifact(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Length <= MaxArtifactBytesInMemory ? SigstoreArtifact.FromBytes(File.ReadAllBytes(path)) : SigstoreArtifact.FromFile(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"artifact '{path}' could not be read: {e.Message}", e);
            }
        }
    }
}
