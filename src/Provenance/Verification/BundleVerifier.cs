using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Signing;

namespace Provenance.Verification
{
    /// <summary>
    /// Bundle + trusted keys -> verified statement, in the order DSSE and sigstore-go prescribe: the signature over
    /// PAE(payloadType, payload) first, then the payload type, and only then is the payload parsed.
    /// </summary>
    public static class BundleVerifier
    {
        /// <summary>The subject limit for artifact statements (sigstore-go's); package statements name every entry and may raise it.</summary>
        public const int DefaultMaxSubjects = StatementParser.MaxSubjects;

        public static VerifiedStatement Verify(SigstoreBundle bundle, IReadOnlyList<VerificationKey> trustedKeys, int maxSubjects = DefaultMaxSubjects)
        {
            if (bundle == null) throw new ArgumentNullException(nameof(bundle));
            if (trustedKeys == null) throw new ArgumentNullException(nameof(trustedKeys));

            DsseEnvelope envelope = bundle.Envelope;
            if (envelope.Signatures.Count != 1)
                throw new VerificationException(VerificationFailureReason.Malformed,
                    $"The DSSE envelope has {envelope.Signatures.Count} signatures; exactly one is required.");
            VerificationKey signer = FindSigner(bundle, envelope, trustedKeys);

            if (envelope.PayloadType != Pae.InTotoPayloadType)
                throw new VerificationException(VerificationFailureReason.Malformed,
                    $"The payload type \"{envelope.PayloadType}\" is not {Pae.InTotoPayloadType}.");
            return StatementParser.Parse(envelope.Payload, signer, maxSubjects);
        }

        private static VerificationKey FindSigner(SigstoreBundle bundle, DsseEnvelope envelope, IReadOnlyList<VerificationKey> trustedKeys)
        {
            byte[] pae = Pae.Encode(envelope.PayloadType, envelope.Payload);
            byte[] signature = envelope.Signatures[0].Signature;
            string? hint = bundle.PublicKeyHint;

            // The hint is unauthenticated: it only decides which key is tried first. Every trusted key is tried.
            IEnumerable<VerificationKey> ordered = trustedKeys.OrderBy(k => k.Hint == hint ? 0 : 1);
            foreach (VerificationKey key in ordered)
                if (key.Verify(pae, signature)) return key;

            if (trustedKeys.Count == 0)
                throw new VerificationException(VerificationFailureReason.UntrustedSigner, "No trusted keys were given, so no signer can be trusted.");
            // The hint names a trusted key whose signature does not verify: the bundle was changed after signing.
            if (hint != null && trustedKeys.Any(k => k.Hint == hint))
                throw new VerificationException(VerificationFailureReason.BadSignature,
                    $"The signature does not verify with the trusted key it names ({hint}): the provenance was modified after signing.");
            throw new VerificationException(VerificationFailureReason.UntrustedSigner,
                $"The provenance is not signed by any of the {trustedKeys.Count} trusted key(s)" +
                (hint != null ? $"; it names the key {hint}." : "."));
        }
    }
}
