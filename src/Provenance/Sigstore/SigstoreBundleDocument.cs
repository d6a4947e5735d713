using System;
using System.Collections.Generic;
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Verification;

namespace Provenance.Sigstore
{
    /// <summary>messageSignature content: a signature over the artifact's bytes, with the artifact's digest as a hint.</summary>
    public sealed class MessageSignature
    {
        internal MessageSignature(string algorithm, byte[] digest, byte[] signature)
        {
            Algorithm = algorithm;
            Digest = digest;
            Signature = signature;
        }

        /// <summary>"SHA2_256", "SHA2_384" or "SHA2_512" (protobuf-specs HashAlgorithm names).</summary>
        public string Algorithm { get; }

        /// <summary>The artifact's digest as the bundle states it: unauthenticated, checked against the artifact.</summary>
        public byte[] Digest { get; }

        public byte[] Signature { get; }
    }

    /// <summary>An inclusion proof of a log entry (RFC 6962 audit path) with the checkpoint that signs its root.</summary>
    public sealed class InclusionProof
    {
        internal InclusionProof(long logIndex, byte[] rootHash, long treeSize, IReadOnlyList<byte[]> hashes, string? checkpoint)
        {
            LogIndex = logIndex;
            RootHash = rootHash;
            TreeSize = treeSize;
            Hashes = hashes;
            Checkpoint = checkpoint;
        }

        /// <summary>The leaf's index in the tree the proof is for (a Rekor v1 shard's own index, not the global one).</summary>
        public long LogIndex { get; }
        public byte[] RootHash { get; }
        public long TreeSize { get; }
        public IReadOnlyList<byte[]> Hashes { get; }

        /// <summary>
        /// The signed note (c2sp.org/tlog-checkpoint) committing to <see cref="TreeSize"/> and <see cref="RootHash"/>.
        /// Required from v0.2 on; a v0.1 bundle from before Rekor returned checkpoints may lack it (null), and then its
        /// proof leads only to an unsigned root: the signed entry timestamp, which v0.1 requires, is the log's promise.
        /// </summary>
        public string? Checkpoint { get; }
    }

    /// <summary>One transparency-log entry of a bundle (protobuf-specs TransparencyLogEntry).</summary>
    public sealed class TransparencyLogEntry
    {
        internal TransparencyLogEntry(long logIndex, byte[] logId, string kind, string kindVersion, long? integratedTime,
            byte[]? signedEntryTimestamp, InclusionProof? inclusionProof, byte[] canonicalizedBody)
        {
            LogIndex = logIndex;
            LogId = logId;
            Kind = kind;
            KindVersion = kindVersion;
            IntegratedTime = integratedTime;
            SignedEntryTimestamp = signedEntryTimestamp;
            InclusionProof = inclusionProof;
            CanonicalizedBody = canonicalizedBody;
        }

        public long LogIndex { get; }
        public byte[] LogId { get; }

        /// <summary>"hashedrekord", "dsse", "intoto".</summary>
        public string Kind { get; }

        /// <summary>"0.0.1", "0.0.2".</summary>
        public string KindVersion { get; }

        /// <summary>Seconds since the epoch; only evidence when a signed entry timestamp verifies. Null when absent (Rekor v2).</summary>
        public long? IntegratedTime { get; }

        /// <summary>inclusionPromise.signedEntryTimestamp (Rekor v1), or null.</summary>
        public byte[]? SignedEntryTimestamp { get; }

        public InclusionProof? InclusionProof { get; }

        /// <summary>The entry body exactly as the log hashed it.</summary>
        public byte[] CanonicalizedBody { get; }
    }

    /// <summary>
    /// A Sigstore bundle of any released version (v0.1, v0.2, v0.3) and content (messageSignature or dsseEnvelope),
    /// signed by a public key or a certificate, with transparency-log entries and RFC 3161 timestamps: what a verifier
    /// reads. <see cref="SigstoreBundle"/> stays the writer and reader of our own key-signed provenance files; this is
    /// the reader for everything else. Parsing is strict (size, duplicate keys, unknown members, canonical base64,
    /// non-negative integers) and checks the structure each version requires; it verifies nothing cryptographic.
    /// </summary>
    public sealed class SigstoreBundleDocument
    {
        public const string MediaTypeV01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";
        public const string MediaTypeV02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
        public const string MediaTypeV03Legacy = "application/vnd.dev.sigstore.bundle+json;version=0.3";
        public const string MediaTypeV03 = SigstoreBundle.MediaTypeV03;

        public const int MaxBytes = SigstoreBundle.MaxBytes;
        public const int MaxTlogEntries = 32;
        public const int MaxTimestamps = 32;
        public const int MaxCertificates = 10;

        /// <summary>A Merkle path longer than 64 hashes would prove a tree of more than 2^64 leaves.</summary>
        public const int MaxProofHashes = 64;

        private const int MaxCheckpointChars = 64 * 1024;
        private static readonly StrictFields F = new StrictFields(VerificationFailureReason.Malformed, "Sigstore bundle");

        private SigstoreBundleDocument(string mediaType, int minorVersion, string? publicKeyHint, bool hasPublicKey,
            IReadOnlyList<byte[]> certificates, IReadOnlyList<TransparencyLogEntry> tlogEntries, IReadOnlyList<byte[]> timestamps,
            MessageSignature? messageSignature, DsseEnvelope? envelope)
        {
            MediaType = mediaType;
            MinorVersion = minorVersion;
            PublicKeyHint = publicKeyHint;
            HasPublicKey = hasPublicKey;
            Certificates = certificates;
            TlogEntries = tlogEntries;
            Rfc3161Timestamps = timestamps;
            MessageSignature = messageSignature;
            DsseEnvelope = envelope;
        }

        public string MediaType { get; }

        /// <summary>1, 2 or 3: the bundle format v0.1, v0.2, v0.3.</summary>
        public int MinorVersion { get; }

        /// <summary>verificationMaterial.publicKey: the signer is a key the verifier must already trust.</summary>
        public bool HasPublicKey { get; }

        /// <summary>The public key hint, unauthenticated; null when absent or for certificates.</summary>
        public string? PublicKeyHint { get; }

        /// <summary>DER certificates, the signing (leaf) certificate first; empty for a public key.</summary>
        public IReadOnlyList<byte[]> Certificates { get; }

        public IReadOnlyList<TransparencyLogEntry> TlogEntries { get; }

        /// <summary>timestampVerificationData.rfc3161Timestamps[].signedTimestamp (DER).</summary>
        public IReadOnlyList<byte[]> Rfc3161Timestamps { get; }

        public MessageSignature? MessageSignature { get; }

        public DsseEnvelope? DsseEnvelope { get; }

        /// <summary>The signature the bundle is about: what timestamps stamp and logs record.</summary>
        public byte[] Signature => MessageSignature?.Signature ?? DsseEnvelope!.Signatures[0].Signature;

        /// <summary>Parses untrusted bytes; <see cref="VerificationException"/> (Malformed) for anything not a well-formed bundle.</summary>
        public static SigstoreBundleDocument Parse(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            if (bytes.Length > MaxBytes) throw F.Fail($"it is {bytes.Length} bytes, over the limit of {MaxBytes}");
            JsonValue root;
            try { root = JsonReader.Parse(bytes, MaxBytes); }
            catch (JsonFormatException ex) { throw F.Fail("it is not valid JSON: " + ex.Message); }
            if (!(root is JsonObject json)) throw F.Fail("it is not a JSON object");

            F.RejectUnknown(json, "bundle", "mediaType", "verificationMaterial", "messageSignature", "dsseEnvelope");
            string mediaType = F.String(json, "mediaType", "bundle");
            int minor = mediaType switch
            {
                MediaTypeV01 => 1,
                MediaTypeV02 => 2,
                MediaTypeV03Legacy => 3,
                MediaTypeV03 => 3,
                _ => throw F.Fail($"mediaType \"{StrictFields.Shorten(mediaType)}\" is not a supported Sigstore bundle version (0.1 to 0.3)"),
            };

            bool hasMessage = json.ContainsKey("messageSignature"), hasDsse = json.ContainsKey("dsseEnvelope");
            if (hasMessage == hasDsse) throw F.Fail("it must hold exactly one of messageSignature and dsseEnvelope");
            MessageSignature? message = hasMessage ? ParseMessageSignature(F.Object(json, "messageSignature", "bundle")) : null;
            DsseEnvelope? envelope = null;
            if (hasDsse)
            {
                envelope = DsseEnvelope.FromJson(F.Object(json, "dsseEnvelope", "bundle"));
                if (envelope.Signatures.Count != 1)
                    throw F.Fail($"the DSSE envelope has {envelope.Signatures.Count} signatures; a Sigstore bundle holds exactly one");
            }

            JsonObject material = F.Object(json, "verificationMaterial", "bundle");
            const string vm = "verificationMaterial";
            F.RejectUnknown(material, vm, "publicKey", "x509CertificateChain", "certificate", "tlogEntries", "timestampVerificationData");
            int kinds = (material.ContainsKey("publicKey") ? 1 : 0) + (material.ContainsKey("x509CertificateChain") ? 1 : 0) + (material.ContainsKey("certificate") ? 1 : 0);
            if (kinds != 1) throw F.Fail("verificationMaterial must hold exactly one of publicKey, x509CertificateChain and certificate");

            string? hint = null;
            bool hasKey = false;
            var certificates = new List<byte[]>();
            if (material.ContainsKey("publicKey"))
            {
                JsonObject publicKey = F.Object(material, "publicKey", vm);
                F.RejectUnknown(publicKey, vm + ".publicKey", "hint");
                hint = F.OptionalString(publicKey, "hint", vm + ".publicKey");
                if (hint == "") hint = null;
                hasKey = true;
            }
            else if (material.ContainsKey("x509CertificateChain"))
            {
                if (minor >= 3) throw F.Fail("verificationMaterial.x509CertificateChain is not allowed in a v0.3 bundle (use certificate)");
                JsonObject chain = F.Object(material, "x509CertificateChain", vm);
                F.RejectUnknown(chain, vm + ".x509CertificateChain", "certificates");
                JsonArray array = F.OptionalArray(chain, "certificates", vm + ".x509CertificateChain");
                if (array.Count == 0) throw F.Fail("verificationMaterial.x509CertificateChain holds no certificate");
                if (array.Count > MaxCertificates) throw F.Fail($"verificationMaterial.x509CertificateChain holds more than {MaxCertificates} certificates");
                for (int i = 0; i < array.Count; i++)
                {
                    string at = $"{vm}.x509CertificateChain.certificates[{i}]";
                    JsonObject certificate = F.Item(array, i, vm + ".x509CertificateChain.certificates");
                    F.RejectUnknown(certificate, at, "rawBytes");
                    certificates.Add(F.NonEmptyBytes(certificate, "rawBytes", at));
                }
            }
            else
            {
                JsonObject certificate = F.Object(material, "certificate", vm);
                F.RejectUnknown(certificate, vm + ".certificate", "rawBytes");
                certificates.Add(F.NonEmptyBytes(certificate, "rawBytes", vm + ".certificate"));
            }

            JsonArray tlog = F.OptionalArray(material, "tlogEntries", vm);
            if (tlog.Count > MaxTlogEntries) throw F.Fail($"verificationMaterial.tlogEntries has more than {MaxTlogEntries} entries");
            var entries = new List<TransparencyLogEntry>();
            for (int i = 0; i < tlog.Count; i++)
                entries.Add(ParseTlogEntry(F.Item(tlog, i, vm + ".tlogEntries"), $"{vm}.tlogEntries[{i}]", minor));

            var timestamps = new List<byte[]>();
            JsonObject? tsData = F.OptionalObject(material, "timestampVerificationData", vm);
            if (tsData != null)
            {
                string at = vm + ".timestampVerificationData";
                F.RejectUnknown(tsData, at, "rfc3161Timestamps");
                JsonArray array = F.OptionalArray(tsData, "rfc3161Timestamps", at);
                if (array.Count > MaxTimestamps) throw F.Fail($"{at}.rfc3161Timestamps has more than {MaxTimestamps} timestamps");
                for (int i = 0; i < array.Count; i++)
                {
                    JsonObject ts = F.Item(array, i, at + ".rfc3161Timestamps");
                    F.RejectUnknown(ts, $"{at}.rfc3161Timestamps[{i}]", "signedTimestamp");
                    timestamps.Add(F.NonEmptyBytes(ts, "signedTimestamp", $"{at}.rfc3161Timestamps[{i}]"));
                }
            }

            return new SigstoreBundleDocument(mediaType, minor, hint, hasKey, certificates, entries, timestamps, message, envelope);
        }

        private static MessageSignature ParseMessageSignature(JsonObject json)
        {
            const string at = "messageSignature";
            F.RejectUnknown(json, at, "messageDigest", "signature");
            JsonObject digest = F.Object(json, "messageDigest", at);
            F.RejectUnknown(digest, at + ".messageDigest", "algorithm", "digest");
            string algorithm = F.String(digest, "algorithm", at + ".messageDigest");
            byte[] value = F.Bytes(digest, "digest", at + ".messageDigest");
            int expected = algorithm switch
            {
                "SHA2_256" => 32,
                "SHA2_384" => 48,
                "SHA2_512" => 64,
                _ => throw F.Fail($"{at}.messageDigest.algorithm \"{StrictFields.Shorten(algorithm)}\" is not SHA2_256, SHA2_384 or SHA2_512"),
            };
            if (value.Length != expected) throw F.Fail($"{at}.messageDigest.digest is {value.Length} bytes, not the {expected} of {algorithm}");
            byte[] signature = F.NonEmptyBytes(json, "signature", at);
            return new MessageSignature(algorithm, value, signature);
        }

        private static TransparencyLogEntry ParseTlogEntry(JsonObject json, string at, int minor)
        {
            F.RejectUnknown(json, at, "logIndex", "logId", "kindVersion", "integratedTime", "inclusionPromise", "inclusionProof", "canonicalizedBody");
            long logIndex = F.OptionalNonNegativeInt64(json, "logIndex", at) ?? 0;
            JsonObject logId = F.Object(json, "logId", at);
            F.RejectUnknown(logId, at + ".logId", "keyId");
            byte[] keyId = F.NonEmptyBytes(logId, "keyId", at + ".logId");
            JsonObject kindVersion = F.Object(json, "kindVersion", at);
            F.RejectUnknown(kindVersion, at + ".kindVersion", "kind", "version");
            string kind = F.String(kindVersion, "kind", at + ".kindVersion");
            string version = F.String(kindVersion, "version", at + ".kindVersion");
            long? integratedTime = F.OptionalNonNegativeInt64(json, "integratedTime", at);
            if (integratedTime == 0) integratedTime = null;   // protojson's zero: "not set" (Rekor v2)

            byte[]? set = null;
            JsonObject? promise = F.OptionalObject(json, "inclusionPromise", at);
            if (promise != null)
            {
                F.RejectUnknown(promise, at + ".inclusionPromise", "signedEntryTimestamp");
                set = F.NonEmptyBytes(promise, "signedEntryTimestamp", at + ".inclusionPromise");
            }

            InclusionProof? proof = null;
            JsonObject? proofJson = F.OptionalObject(json, "inclusionProof", at);
            if (proofJson != null) proof = ParseInclusionProof(proofJson, at + ".inclusionProof", minor);

            // What each version requires (protobuf-specs bundle.proto): v0.1 a signed entry timestamp, v0.2 on an inclusion proof.
            if (minor == 1 && set == null) throw F.Fail($"{at} has no inclusionPromise, which a v0.1 bundle requires");
            if (minor >= 2 && proof == null) throw F.Fail($"{at} has no inclusionProof, which a v0.{minor} bundle requires");
            if (set != null && integratedTime == null) throw F.Fail($"{at} has a signed entry timestamp but no integratedTime");

            if (!json.ContainsKey("canonicalizedBody")) throw F.Fail($"{at}.canonicalizedBody is required to verify the entry");
            byte[] body = F.NonEmptyBytes(json, "canonicalizedBody", at);
            return new TransparencyLogEntry(logIndex, keyId, kind, version, integratedTime, set, proof, body);
        }

        private static InclusionProof ParseInclusionProof(JsonObject json, string at, int minor)
        {
            F.RejectUnknown(json, at, "logIndex", "rootHash", "treeSize", "hashes", "checkpoint");
            long logIndex = F.OptionalNonNegativeInt64(json, "logIndex", at) ?? 0;
            long treeSize = F.NonNegativeInt64(json, "treeSize", at);
            if (logIndex >= treeSize) throw F.Fail($"{at}.logIndex {logIndex} is not inside a tree of size {treeSize}");
            byte[] rootHash = F.Bytes(json, "rootHash", at);
            if (rootHash.Length != 32) throw F.Fail($"{at}.rootHash is not a SHA-256 hash");
            JsonArray array = F.OptionalArray(json, "hashes", at);
            if (array.Count > MaxProofHashes) throw F.Fail($"{at}.hashes has more than {MaxProofHashes} hashes");
            var hashes = new List<byte[]>();
            for (int i = 0; i < array.Count; i++)
            {
                if (!(array[i] is JsonString s) || !StrictBase64.TryDecode(s.Value, out byte[] hash) || hash.Length != 32)
                    throw F.Fail($"{at}.hashes[{i}] is not a base64 SHA-256 hash");
                hashes.Add(hash);
            }
            if (minor == 1 && F.OptionalObject(json, "checkpoint", at) == null) return new InclusionProof(logIndex, rootHash, treeSize, hashes, null);
            JsonObject checkpoint = F.Object(json, "checkpoint", at);
            F.RejectUnknown(checkpoint, at + ".checkpoint", "envelope");
            string envelope = F.String(checkpoint, "envelope", at + ".checkpoint");
            if (envelope.Length == 0 || envelope.Length > MaxCheckpointChars) throw F.Fail($"{at}.checkpoint.envelope is empty or too long");
            return new InclusionProof(logIndex, rootHash, treeSize, hashes, envelope);
        }
    }
}
