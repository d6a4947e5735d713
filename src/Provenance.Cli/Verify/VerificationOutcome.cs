using System.Collections.Generic;
using Provenance.Cli.Identity;
using Provenance.Sigstore;

namespace Provenance.Cli.Verify
{
    /// <summary>A successful verification: who signed (a key hint or a certificate identity) and what was checked.</summary>
    internal sealed class VerificationOutcome
    {
        public VerificationOutcome(string signerHint, string bundlePath)
        {
            SignerHint = signerHint;
            BundlePath = bundlePath;
        }

        /// <summary>The key hint, or for a certificate the identity (SAN) it names.</summary>
        public string SignerHint { get; }
        public string BundlePath { get; }

        /// <summary>Printed between the artifact and "signed by", e.g. "(12 entries)"; null for none.</summary>
        public string? Detail { get; set; }

        /// <summary>A remark for stderr on success (e.g. what was not checked); null for none.</summary>
        public string? Note { get; set; }

        /// <summary>The verified certificate identity and claims; null for a key-signed bundle.</summary>
        public SignerIdentity? Identity { get; set; }

        /// <summary>The signing times the verifier proved (transparency log, RFC 3161); empty for our own key bundles.</summary>
        public IReadOnlyList<VerifiedTimestamp> Timestamps { get; set; } = System.Array.Empty<VerifiedTimestamp>();
    }
}
