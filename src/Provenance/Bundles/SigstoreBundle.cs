using System;
using System.Collections.Generic;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Verification;

namespace Provenance.Bundles
{
    /// <summary>
    /// A Sigstore bundle v0.3 holding one DSSE envelope: the provenance file. The JSON is what sigstore-go
    /// (protojson) and sigstore-js (@sigstore/bundle) read: members in protobuf field order, the public key named by
    /// its hint, tlogEntries (empty without a transparency log), timestampVerificationData only when a TSA
    /// countersigned, a single "certificate" rather than the "x509CertificateChain" that v0.3 forbids.
    /// </summary>
    public sealed class SigstoreBundle
    {
        public const string MediaTypeV03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

        /// <summary>Largest bundle we parse: far above any real provenance file, far below memory trouble.</summary>
        public const int MaxBytes = 16 * 1024 * 1024;

        private SigstoreBundle(DsseEnvelope envelope, string? publicKeyHint, IReadOnlyList<byte[]>? certificateChain)
        {
            Envelope = envelope ?? throw new ArgumentNullException(nameof(envelope));
            PublicKeyHint = publicKeyHint;
            CertificateChain = certificateChain;
        }

        public DsseEnvelope Envelope { get; }

        /// <summary>The signer's key hint; orders the keys a verifier tries, never grants trust. Null for certificates.</summary>
        public string? PublicKeyHint { get; }

        /// <summary>The signing certificate (DER), leaf first; null when the key is named by a hint.</summary>
        public IReadOnlyList<byte[]>? CertificateChain { get; }

        /// <summary>
        /// Transparency-log entries to write, each already in the bundle's protobuf-JSON form (logIndex, logId,
        /// kindVersion, integratedTime, inclusionPromise, inclusionProof, canonicalizedBody). Empty for bundles we
        /// parse: <see cref="Parse"/> accepts but does not keep them (Provenance.Sigstore reads them).
        /// </summary>
        public IReadOnlyList<JsonObject> TlogEntries { get; private set; } = Array.Empty<JsonObject>();

        /// <summary>
        /// RFC 3161 answers to write under timestampVerificationData.rfc3161Timestamps[].signedTimestamp: each the DER
        /// TimeStampResp, as the Sigstore protobuf spec defines it. Empty for bundles we parse.
        /// </summary>
        public IReadOnlyList<byte[]> Rfc3161Timestamps { get; private set; } = Array.Empty<byte[]>();

        /// <summary>
        /// The same bundle with transparency-log entries and RFC 3161 timestamps added (keyless signing, a TSA):
        /// they are countersignatures over the one DSSE signature, so they are attached after signing.
        /// </summary>
        public SigstoreBundle WithTransparency(IReadOnlyList<JsonObject>? tlogEntries, IReadOnlyList<byte[]>? rfc3161Timestamps)
        {
            var entries = new List<JsonObject>(TlogEntries);
            if (tlogEntries != null) entries.AddRange(tlogEntries);
            var tokens = new List<byte[]>(Rfc3161Timestamps);
            if (rfc3161Timestamps != null)
                foreach (byte[] token in rfc3161Timestamps) tokens.Add((byte[])token.Clone());
            return new SigstoreBundle(Envelope, PublicKeyHint, CertificateChain) { TlogEntries = entries, Rfc3161Timestamps = tokens };
        }

        public static SigstoreBundle ForPublicKey(DsseEnvelope envelope, VerificationKey key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            RequireOneSignatureToWrite(envelope);
            return new SigstoreBundle(envelope, key.Hint, null);
        }

        /// <summary>A bundle naming its signer by a DER X.509 certificate (v0.3 allows exactly one).</summary>
        public static SigstoreBundle ForCertificate(DsseEnvelope envelope, byte[] certificateDer)
        {
            if (certificateDer == null || certificateDer.Length == 0) throw new ArgumentException("A certificate is required.", nameof(certificateDer));
            RequireOneSignatureToWrite(envelope);
            return new SigstoreBundle(envelope, null, new[] { (byte[])certificateDer.Clone() });
        }

        /// <summary>Deterministic: 2-space indentation, "\n" line ends and a final "\n", UTF-8 without BOM.</summary>
        public byte[] ToUtf8Bytes()
        {
            var material = new JsonObject();
            if (CertificateChain != null)
                material.Add("certificate", new JsonObject().Add("rawBytes", Convert.ToBase64String(CertificateChain[0])));
            else
                material.Add("publicKey", new JsonObject().Add("hint", PublicKeyHint ?? ""));
            material.Add("tlogEntries", new JsonArray(TlogEntries));
            if (Rfc3161Timestamps.Count > 0)
            {
                var timestamps = new JsonArray();
                foreach (byte[] token in Rfc3161Timestamps)
                    timestamps.Add(new JsonObject().Add("signedTimestamp", Convert.ToBase64String(token)));
                material.Add("timestampVerificationData", new JsonObject().Add("rfc3161Timestamps", timestamps));
            }

            var bundle = new JsonObject()
                .Add("mediaType", MediaTypeV03)
                .Add("verificationMaterial", material)
                .Add("dsseEnvelope", Envelope.ToJson());
            return JsonWriter.ToUtf8Bytes(bundle, indented: true);
        }

        /// <summary>
        /// Strict parse of attacker-supplied bytes: at most <see cref="MaxBytes"/>, duplicate keys and unknown members
        /// rejected, media type v0.3 only, exactly one DSSE signature. Throws <see cref="VerificationException"/>
        /// (Malformed, PROV2003). Transparency-log entries and timestamps are allowed but not used.
        /// </summary>
        public static SigstoreBundle Parse(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            if (bytes.Length > MaxBytes) throw Malformed($"it is {bytes.Length} bytes, over the limit of {MaxBytes}");
            JsonValue root;
            try { root = JsonReader.Parse(bytes, MaxBytes); }
            catch (JsonFormatException ex) { throw Malformed("it is not valid JSON: " + ex.Message); }
            if (!(root is JsonObject json)) throw Malformed("it is not a JSON object");

            if (json.ContainsKey("messageSignature")) throw Malformed("it holds a message signature; a DSSE envelope is required");
            DsseEnvelope.RejectUnknownMembers(json, "bundle", "mediaType", "verificationMaterial", "dsseEnvelope");
            string mediaType = DsseEnvelope.RequiredString(json, "mediaType", "bundle");
            if (mediaType != MediaTypeV03) throw Malformed($"mediaType \"{mediaType}\" is not {MediaTypeV03}");

            if (!(json["verificationMaterial"] is JsonObject material)) throw Malformed("verificationMaterial must be an object");
            if (!(json["dsseEnvelope"] is JsonObject envelopeJson)) throw Malformed("dsseEnvelope must be an object");

            DsseEnvelope envelope = DsseEnvelope.FromJson(envelopeJson);
            RequireOneSignature(envelope);
            if (envelope.Payload.Length == 0) throw Malformed("dsseEnvelope.payload is empty");

            var (hint, chain) = ParseVerificationMaterial(material);
            return new SigstoreBundle(envelope, hint, chain);
        }

        private static (string? Hint, IReadOnlyList<byte[]>? Chain) ParseVerificationMaterial(JsonObject material)
        {
            const string where = "verificationMaterial";
            if (material.ContainsKey("x509CertificateChain"))
                throw Malformed("verificationMaterial.x509CertificateChain is not allowed in a v0.3 bundle (use certificate)");
            DsseEnvelope.RejectUnknownMembers(material, where, "publicKey", "certificate", "tlogEntries", "timestampVerificationData");
            if (material["tlogEntries"] is JsonValue tlog && !(tlog is JsonArray)) throw Malformed("verificationMaterial.tlogEntries must be an array");
            if (material["timestampVerificationData"] is JsonValue tsa && !(tsa is JsonObject))
                throw Malformed("verificationMaterial.timestampVerificationData must be an object");

            bool hasKey = material.ContainsKey("publicKey"), hasCertificate = material.ContainsKey("certificate");
            if (hasKey == hasCertificate) throw Malformed("verificationMaterial must hold exactly one of publicKey and certificate");
            if (hasKey)
            {
                if (!(material["publicKey"] is JsonObject publicKey)) throw Malformed("verificationMaterial.publicKey must be an object");
                DsseEnvelope.RejectUnknownMembers(publicKey, where + ".publicKey", "hint");
                // protojson omits an empty hint; an absent hint only means the verifier tries every trusted key.
                string? hint = publicKey.ContainsKey("hint") ? DsseEnvelope.RequiredString(publicKey, "hint", where + ".publicKey") : null;
                return (string.IsNullOrEmpty(hint) ? null : hint, null);
            }
            if (!(material["certificate"] is JsonObject certificate)) throw Malformed("verificationMaterial.certificate must be an object");
            DsseEnvelope.RejectUnknownMembers(certificate, where + ".certificate", "rawBytes");
            byte[] der = DsseEnvelope.RequiredBase64(certificate, "rawBytes", where + ".certificate");
            if (der.Length == 0) throw Malformed("verificationMaterial.certificate.rawBytes is empty");
            return (null, new[] { der });
        }

        private static void RequireOneSignatureToWrite(DsseEnvelope envelope)
        {
            if (envelope == null) throw new ArgumentNullException(nameof(envelope));
            if (envelope.Signatures.Count != 1)
                throw new ArgumentException("A Sigstore bundle holds exactly one DSSE signature.", nameof(envelope));
        }

        private static void RequireOneSignature(DsseEnvelope envelope)
        {
            if (envelope.Signatures.Count != 1)
                throw Malformed($"the DSSE envelope has {envelope.Signatures.Count} signatures; exactly one is required");
        }

        private static VerificationException Malformed(string what) =>
            new VerificationException(VerificationFailureReason.Malformed, $"Malformed Sigstore bundle: {what}.");
    }
}
