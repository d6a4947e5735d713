using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Verification;

namespace Provenance.Dsse
{
    /// <summary>
    /// A DSSE envelope (https://github.com/secure-systems-lab/dsse/blob/master/envelope.md) in the JSON form of
    /// sigstore's protobuf-specs Envelope: {"payload", "payloadType", "signatures": [{"sig", "keyid"}]}.
    /// </summary>
    public sealed class DsseEnvelope
    {
        public DsseEnvelope(string payloadType, byte[] payload, IReadOnlyList<DsseSignature> signatures)
        {
            PayloadType = payloadType ?? throw new ArgumentNullException(nameof(payloadType));
            Payload = payload ?? throw new ArgumentNullException(nameof(payload));
            Signatures = (signatures ?? throw new ArgumentNullException(nameof(signatures))).ToArray();
        }

        public string PayloadType { get; }

        /// <summary>The signed bytes, verbatim: verifiers parse exactly these, after checking the signature.</summary>
        public byte[] Payload { get; }

        public IReadOnlyList<DsseSignature> Signatures { get; }

        /// <summary>
        /// Signs PAE(payloadType, payload) with an empty keyid. The signature is checked against the signer's own
        /// public key before it is returned: an external signer (KMS, HSM command) that answers with the wrong key or
        /// garbage fails here, with PROV1007, instead of in every consumer's build.
        /// </summary>
        public static DsseEnvelope Sign(string payloadType, byte[] payload, ISigner signer)
        {
            if (signer == null) throw new ArgumentNullException(nameof(signer));
            byte[] pae = Pae.Encode(payloadType, payload);
            byte[] signature = signer.Sign(pae) ?? Array.Empty<byte>();
            if (!signer.PublicKey.Verify(pae, signature))
                throw new ProvenanceException(DiagnosticCodes.SigningCommandFailed,
                    $"The signer returned a signature that does not verify with its public key ({signer.PublicKey.Hint}).");
            return new DsseEnvelope(payloadType, payload, new[] { new DsseSignature(signature) });
        }

        /// <summary>Standard padded base64, members in protobuf field order, keyid always written (cosign does too).</summary>
        public JsonObject ToJson()
        {
            var signatures = new JsonArray();
            foreach (DsseSignature signature in Signatures)
                signatures.Add(new JsonObject()
                    .Add("sig", Convert.ToBase64String(signature.Signature))
                    .Add("keyid", signature.KeyId));
            return new JsonObject()
                .Add("payload", Convert.ToBase64String(Payload))
                .Add("payloadType", PayloadType)
                .Add("signatures", signatures);
        }

        /// <summary>
        /// Strict: payload, payloadType and at least one signature are required with the right JSON types; base64 must be
        /// canonical; unknown members are rejected. <see cref="VerificationException"/> (Malformed, PROV2003) otherwise.
        /// </summary>
        public static DsseEnvelope FromJson(JsonObject json)
        {
            if (json == null) throw new ArgumentNullException(nameof(json));
            RejectUnknownMembers(json, "dsseEnvelope", "payload", "payloadType", "signatures");
            byte[] payload = RequiredBase64(json, "payload", "dsseEnvelope");
            string payloadType = RequiredString(json, "payloadType", "dsseEnvelope");
            if (!(json["signatures"] is JsonArray array) || array.Count == 0)
                throw Malformed("dsseEnvelope.signatures must be a non-empty array");

            var signatures = new List<DsseSignature>();
            for (int i = 0; i < array.Count; i++)
            {
                string where = $"dsseEnvelope.signatures[{i}]";
                if (!(array[i] is JsonObject entry)) throw Malformed(where + " is not an object");
                RejectUnknownMembers(entry, where, "sig", "keyid");
                byte[] sig = RequiredBase64(entry, "sig", where);
                if (sig.Length == 0) throw Malformed(where + ".sig is empty");
                // protobuf's JSON mapping omits an empty keyid, so a missing one means "".
                string keyId = entry.ContainsKey("keyid") ? RequiredString(entry, "keyid", where) : "";
                signatures.Add(new DsseSignature(sig, keyId));
            }
            return new DsseEnvelope(payloadType, payload, signatures);
        }

        internal static void RejectUnknownMembers(JsonObject json, string where, params string[] known)
        {
            foreach (var member in json.Members)
                if (Array.IndexOf(known, member.Key) < 0)
                    throw Malformed($"{where} has an unexpected member \"{member.Key}\"");
        }

        internal static string RequiredString(JsonObject json, string key, string where) =>
            json[key] is JsonString s ? s.Value : throw Malformed($"{where}.{key} must be a string");

        internal static byte[] RequiredBase64(JsonObject json, string key, string where)
        {
            string text = RequiredString(json, key, where);
            if (!StrictBase64.TryDecode(text, out byte[] bytes)) throw Malformed($"{where}.{key} is not canonical base64");
            return bytes;
        }

        private static VerificationException Malformed(string what) =>
            new VerificationException(VerificationFailureReason.Malformed, $"Malformed DSSE envelope: {what}.");
    }
}
