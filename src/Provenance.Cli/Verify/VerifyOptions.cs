using System.Collections.Generic;
using System.Linq;
using Provenance.Signing;
using Provenance.Sigstore;

namespace Provenance.Cli.Verify
{
    /// <summary>What `verify` was asked to check, already read and parsed: the verifiers do no argument handling.</summary>
    internal sealed class VerifyOptions
    {
        public VerifyOptions(string artifactPath, string? bundlePath, IReadOnlyList<TrustedKeyFile> keys,
            CertificateIdentityPolicy? identity = null, TrustedRoot? trustedRoot = null)
        {
            ArtifactPath = artifactPath;
            BundlePath = bundlePath;
            Keys = keys;
            TrustedKeys = keys.Where(k => k.Key != null).Select(k => k.Key!).ToList();
            Identity = identity;
            TrustedRoot = trustedRoot;
        }

        public string ArtifactPath { get; }

        /// <summary>--bundle, or null for the verifier's default (the file beside the artifact).</summary>
        public string? BundlePath { get; }

        /// <summary>Every --key, as the Sigstore verifier reads it.</summary>
        public IReadOnlyList<TrustedKeyFile> Keys { get; }

        /// <summary>The --key files our own bundles can be signed with (Ed25519, P-256, RSA >= 3072).</summary>
        public IReadOnlyList<VerificationKey> TrustedKeys { get; }

        /// <summary>--certificate-identity and its filters; null when keys are given instead.</summary>
        public CertificateIdentityPolicy? Identity { get; }

        /// <summary>--trusted-root; null for the embedded public-good root.</summary>
        public TrustedRoot? TrustedRoot { get; }
    }
}
