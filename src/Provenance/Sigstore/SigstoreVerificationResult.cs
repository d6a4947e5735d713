using System;
using System.Collections.Generic;
using Provenance.Verification;

namespace Provenance.Sigstore
{
    /// <summary>A signing time the verifier proved, and by what.</summary>
    public sealed class VerifiedTimestamp
    {
        internal VerifiedTimestamp(string kind, DateTimeOffset time, string? authority)
        {
            Kind = kind;
            Time = time;
            Authority = authority;
        }

        /// <summary>"tlog" (a Rekor integrated time under a signed entry timestamp) or "rfc3161".</summary>
        public string Kind { get; }
        public DateTimeOffset Time { get; }

        /// <summary>The log's base URL or the timestamp authority's URI, as the trusted root names them.</summary>
        public string? Authority { get; }

        public override string ToString() => $"{Kind} {Time:u} ({Authority})";
    }

    /// <summary>What a successful verification established.</summary>
    public sealed class SigstoreVerificationResult
    {
        internal SigstoreVerificationResult(CertificateIdentity? identity, byte[]? publicKey, string? payloadType, byte[]? payload,
            VerifiedStatement? statement, IReadOnlyList<VerifiedTimestamp> timestamps, int tlogEntries, int scts)
        {
            Identity = identity;
            PublicKey = publicKey;
            PayloadType = payloadType;
            Payload = payload;
            Statement = statement;
            Timestamps = timestamps;
            VerifiedTransparencyLogEntries = tlogEntries;
            VerifiedScts = scts;
        }

        /// <summary>The certificate's identity and Fulcio claims; null for a key-signed bundle.</summary>
        public CertificateIdentity? Identity { get; }

        /// <summary>The policy key (DER SPKI) that verified a key-signed bundle; null for certificates.</summary>
        public byte[]? PublicKey { get; }

        /// <summary>DSSE content: the payload type and the signed payload, verbatim; null for a message signature.</summary>
        public string? PayloadType { get; }
        public byte[]? Payload { get; }

        /// <summary>
        /// The in-toto statement in the same shape <see cref="BundleVerifier"/> returns, when the signing key is one
        /// <see cref="Signing.VerificationKey"/> represents (P-256, Ed25519, RSA >= 3072) and the statement meets its
        /// rules; otherwise null (the subject check against the artifact has been made either way).
        /// </summary>
        public VerifiedStatement? Statement { get; }

        public IReadOnlyList<VerifiedTimestamp> Timestamps { get; }
        public int VerifiedTransparencyLogEntries { get; }
        public int VerifiedScts { get; }
    }
}
