using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Verification;

namespace Provenance.Sigstore
{
    /// <summary>Who signed, as the log entry must record it: the leaf certificate (DER) or the public key.</summary>
    internal sealed class SignerMaterial
    {
        public SignerMaterial(byte[]? certificate, SigstoreKey key)
        {
            Certificate = certificate;
            Key = key;
        }

        public byte[]? Certificate { get; }
        public SigstoreKey Key { get; }
    }

    /// <summary>
    /// Verifies one Rekor entry of a bundle: that the log is trusted, that its body records exactly this bundle's
    /// signature, content and signer (hashedrekord 0.0.1/0.0.2, dsse 0.0.1/0.0.2, intoto 0.0.2), its signed entry
    /// timestamp (Rekor v1) and its inclusion proof up to a checkpoint signed by the log (v1 and v2).
    /// </summary>
    internal static class TransparencyLogVerifier
    {
        /// <summary>Returns the integrated time when a signed entry timestamp vouches for it, else null.</summary>
        public static DateTimeOffset? Verify(TransparencyLogEntry entry, SigstoreBundleDocument bundle, SignerMaterial signer, TrustedRoot root,
            out TransparencyLogInstance log)
        {
            log = root.FindTransparencyLog(entry.LogId)
                ?? throw Invalid($"its log {Convert.ToBase64String(entry.LogId)} is not a transparency log of the trusted root");

            CheckBody(entry, bundle, signer);

            DateTimeOffset? integrated = null;
            if (entry.SignedEntryTimestamp != null)
            {
                long seconds = entry.IntegratedTime ?? throw Invalid("it has a signed entry timestamp without an integrated time");
                if (seconds > 253402300799L) throw Invalid("its integrated time is out of range");
                string payload = "{\"body\":\"" + Convert.ToBase64String(entry.CanonicalizedBody) +
                    "\",\"integratedTime\":" + seconds.ToString(CultureInfo.InvariantCulture) +
                    ",\"logID\":\"" + Crypto.Hex(entry.LogId) +
                    "\",\"logIndex\":" + entry.LogIndex.ToString(CultureInfo.InvariantCulture) + "}";
                if (!log.Key.Verify(Encoding.UTF8.GetBytes(payload), entry.SignedEntryTimestamp))
                    throw Invalid("its signed entry timestamp does not verify with the log's key");
                integrated = DateTimeOffset.FromUnixTimeSeconds(seconds);
                if (!TimeRange.Includes(log.ValidFor, integrated.Value))
                    throw Invalid($"it was integrated at {integrated.Value:u}, outside the log key's validity ({log.ValidFor})");
            }

            if (entry.InclusionProof is InclusionProof proof)
            {
                if (!MerkleTree.VerifyInclusion(proof.LogIndex, proof.TreeSize, MerkleTree.LeafHash(entry.CanonicalizedBody), proof.Hashes, proof.RootHash))
                    throw Invalid("its inclusion proof does not lead to the root hash");
                if (proof.Checkpoint != null)
                {
                    Checkpoint checkpoint = Checkpoint.TryParse(proof.Checkpoint, out string why) ?? throw Invalid("its checkpoint is malformed: " + why);
                    if (checkpoint.Size != proof.TreeSize || !Crypto.Equal(checkpoint.RootHash, proof.RootHash))
                        throw Invalid("its checkpoint is for another tree than the inclusion proof");
                    if (!checkpoint.IsSignedBy(log))
                        throw Invalid("its checkpoint is not signed by the log that holds the entry");
                }
                else if (entry.SignedEntryTimestamp == null)
                {
                    throw Invalid("its inclusion proof has no checkpoint and it has no signed entry timestamp: nothing the log signed vouches for it");
                }
            }
            else if (entry.SignedEntryTimestamp == null)
            {
                throw Invalid("it has neither a signed entry timestamp nor an inclusion proof");
            }
            return integrated;
        }

        private static void CheckBody(TransparencyLogEntry entry, SigstoreBundleDocument bundle, SignerMaterial signer)
        {
            JsonObject body;
            try { body = JsonReader.Parse(entry.CanonicalizedBody, entry.CanonicalizedBody.Length) as JsonObject ?? throw Invalid("its body is not a JSON object"); }
            catch (JsonFormatException ex) { throw Invalid("its body is not valid JSON: " + ex.Message); }
            string? kind = body.GetString("kind"), apiVersion = body.GetString("apiVersion");
            if (kind != entry.Kind || apiVersion != entry.KindVersion)
                throw Invalid($"its body is {kind}/{apiVersion} but the entry says {entry.Kind}/{entry.KindVersion}");
            JsonObject spec = body.GetObject("spec") ?? throw Invalid("its body has no spec");

            switch (kind + "/" + apiVersion)
            {
                case "hashedrekord/0.0.1": HashedRekordV001(spec, bundle, signer); break;
                case "hashedrekord/0.0.2": HashedRekordV002(spec, bundle, signer); break;
                case "dsse/0.0.1": DsseV001(spec, bundle, signer); break;
                case "dsse/0.0.2": DsseV002(spec, bundle, signer); break;
                case "intoto/0.0.2": IntotoV002(spec, bundle, signer); break;
                default: throw Invalid($"its kind {StrictFields.Shorten(kind + "/" + apiVersion)} is not one this verifier can match to a bundle");
            }
        }

        private static void HashedRekordV001(JsonObject spec, SigstoreBundleDocument bundle, SignerMaterial signer)
        {
            MessageSignature message = bundle.MessageSignature ?? throw Invalid("a hashedrekord 0.0.1 entry cannot record a DSSE envelope");
            JsonObject hash = Path(spec, "data", "hash");
            if (RekorV1Algorithm(hash.GetString("algorithm")) != message.Algorithm ||
                !Crypto.Equal(Crypto.FromHex(hash.GetString("value") ?? ""), message.Digest))
                throw Invalid("it records another artifact digest than the bundle's");
            JsonObject signature = Path(spec, "signature");
            RequireSameSignature(Base64(signature.GetString("content")), bundle.Signature);
            RequireSigner(Base64(Path(signature, "publicKey").GetString("content")), signer);
        }

        private static void HashedRekordV002(JsonObject spec, SigstoreBundleDocument bundle, SignerMaterial signer)
        {
            JsonObject v002 = Path(spec, "hashedRekordV002");
            JsonObject data = Path(v002, "data");
            string? algorithm = data.GetString("algorithm");
            byte[]? digest = Base64(data.GetString("digest"));
            byte[] expected;
            if (bundle.MessageSignature is MessageSignature message)
            {
                if (algorithm != message.Algorithm) throw Invalid("it records another digest algorithm than the bundle's");
                expected = message.Digest;
            }
            else
            {
                // Rekor v2 logs a DSSE envelope as a hashedrekord over its PAE (rekor-v2 spec): the digest of what was signed.
                DsseEnvelope envelope = bundle.DsseEnvelope!;
                expected = Crypto.Hash(HashName(algorithm) ?? throw Invalid("it records an unsupported digest algorithm"), Pae(envelope));
            }
            if (!Crypto.Equal(digest, expected)) throw Invalid("it records another digest than the bundle's content");
            JsonObject signature = Path(v002, "signature");
            RequireSameSignature(Base64(signature.GetString("content")), bundle.Signature);
            RequireVerifierV002(Path(signature, "verifier"), signer);
        }

        private static void DsseV001(JsonObject spec, SigstoreBundleDocument bundle, SignerMaterial signer)
        {
            DsseEnvelope envelope = bundle.DsseEnvelope ?? throw Invalid("a dsse entry cannot record a message signature");
            JsonObject payloadHash = Path(spec, "payloadHash");
            if (payloadHash.GetString("algorithm") != "sha256" ||
                !Crypto.Equal(Crypto.FromHex(payloadHash.GetString("value") ?? ""), Crypto.Sha256(envelope.Payload)))
                throw Invalid("it records another DSSE payload than the bundle's");
            JsonArray signatures = spec.GetArray("signatures") ?? throw Invalid("its body has no signatures");
            if (signatures.Count != envelope.Signatures.Count) throw Invalid("it records another number of DSSE signatures than the bundle's");
            JsonObject recorded = signatures[0] as JsonObject ?? throw Invalid("its body's signature is not an object");
            RequireSameSignature(Base64(recorded.GetString("signature")), bundle.Signature);
            RequireSigner(Base64(recorded.GetString("verifier")), signer);
        }

        private static void DsseV002(JsonObject spec, SigstoreBundleDocument bundle, SignerMaterial signer)
        {
            DsseEnvelope envelope = bundle.DsseEnvelope ?? throw Invalid("a dsse entry cannot record a message signature");
            JsonObject v002 = Path(spec, "dsseV002");
            JsonObject payloadHash = Path(v002, "payloadHash");
            string hashName = HashName(payloadHash.GetString("algorithm")) ?? throw Invalid("it records an unsupported digest algorithm");
            if (!Crypto.Equal(Base64(payloadHash.GetString("digest")), Crypto.Hash(hashName, envelope.Payload)))
                throw Invalid("it records another DSSE payload than the bundle's");
            JsonArray signatures = v002.GetArray("signatures") ?? throw Invalid("its body has no signatures");
            if (signatures.Count != envelope.Signatures.Count) throw Invalid("it records another number of DSSE signatures than the bundle's");
            JsonObject recorded = signatures[0] as JsonObject ?? throw Invalid("its body's signature is not an object");
            RequireSameSignature(Base64(recorded.GetString("content")), bundle.Signature);
            RequireVerifierV002(Path(recorded, "verifier"), signer);
        }

        private static void IntotoV002(JsonObject spec, SigstoreBundleDocument bundle, SignerMaterial signer)
        {
            DsseEnvelope envelope = bundle.DsseEnvelope ?? throw Invalid("an intoto entry cannot record a message signature");
            JsonObject content = Path(spec, "content");
            JsonObject payloadHash = Path(content, "payloadHash");
            if (payloadHash.GetString("algorithm") != "sha256" ||
                !Crypto.Equal(Crypto.FromHex(payloadHash.GetString("value") ?? ""), Crypto.Sha256(envelope.Payload)))
                throw Invalid("it records another DSSE payload than the bundle's");
            JsonObject recordedEnvelope = Path(content, "envelope");
            if (recordedEnvelope.GetString("payloadType") != envelope.PayloadType) throw Invalid("it records another payload type than the bundle's");
            JsonArray signatures = recordedEnvelope.GetArray("signatures") ?? throw Invalid("its body has no signatures");
            if (signatures.Count != envelope.Signatures.Count) throw Invalid("it records another number of DSSE signatures than the bundle's");
            JsonObject recorded = signatures[0] as JsonObject ?? throw Invalid("its body's signature is not an object");
            // intoto 0.0.2 stores the envelope's base64 signature base64-encoded once more.
            byte[]? inner = Base64(recorded.GetString("sig"));
            byte[]? sig = null;
            if (inner != null)
            {
                try { sig = Base64(new UTF8Encoding(false, true).GetString(inner)); }
                catch (ArgumentException) { sig = null; }
            }
            RequireSameSignature(sig, bundle.Signature);
            RequireSigner(Base64(recorded.GetString("publicKey")), signer);
        }

        private static byte[] Pae(DsseEnvelope envelope)
        {
            try { return Dsse.Pae.Encode(envelope.PayloadType, envelope.Payload); }
            catch (ArgumentException) { throw Invalid("the DSSE payload type cannot be encoded"); }
        }

        private static void RequireSameSignature(byte[]? recorded, byte[] signature)
        {
            if (!Crypto.Equal(recorded, signature)) throw Invalid("it records another signature than the bundle's");
        }

        /// <summary>Rekor v1 records the signer as base64 of a PEM certificate or PEM public key.</summary>
        private static void RequireSigner(byte[]? pem, SignerMaterial signer)
        {
            if (pem == null) throw Invalid("it records no signer");
            IReadOnlyList<PemBlock> blocks;
            try { blocks = PemBlock.ReadAll(new UTF8Encoding(false, true).GetString(pem)); }
            catch (Exception ex) when (ex is FormatException || ex is ArgumentException) { throw Invalid("its signer is not PEM"); }
            if (blocks.Count != 1) throw Invalid("it records not exactly one signer");
            RequireSignerDer(blocks[0].Label == "CERTIFICATE", blocks[0].Label == "PUBLIC KEY", blocks[0].Der, signer);
        }

        private static void RequireVerifierV002(JsonObject verifier, SignerMaterial signer)
        {
            if (verifier.GetObject("x509Certificate") is JsonObject certificate)
                RequireSignerDer(true, false, Base64(certificate.GetString("rawBytes")), signer);
            else if (verifier.GetObject("publicKey") is JsonObject key)
                RequireSignerDer(false, true, Base64(key.GetString("rawBytes")), signer);
            else
                throw Invalid("it records no signer");
        }

        private static void RequireSignerDer(bool isCertificate, bool isKey, byte[]? der, SignerMaterial signer)
        {
            if (der == null) throw Invalid("it records no signer");
            if (isCertificate && signer.Certificate != null && Crypto.Equal(der, signer.Certificate)) return;
            if (isKey && signer.Certificate == null && SigstoreKey.TryFromSubjectPublicKeyInfo(der) is SigstoreKey key && key.SameKeyAs(signer.Key)) return;
            throw Invalid("it records another signer than the bundle's");
        }

        private static JsonObject Path(JsonObject json, params string[] keys)
        {
            JsonObject current = json;
            foreach (string key in keys)
                current = current.GetObject(key) ?? throw Invalid($"its body has no {key}");
            return current;
        }

        private static byte[]? Base64(string? text) => text != null && StrictBase64.TryDecode(text, out byte[] bytes) ? bytes : null;

        private static string? RekorV1Algorithm(string? name) => name switch
        {
            "sha256" => "SHA2_256",
            "sha384" => "SHA2_384",
            "sha512" => "SHA2_512",
            _ => null,
        };

        internal static string? HashName(string? protobufName) => protobufName switch
        {
            "SHA2_256" => "SHA-256",
            "SHA2_384" => "SHA-384",
            "SHA2_512" => "SHA-512",
            _ => null,
        };

        private static VerificationException Invalid(string what) =>
            new VerificationException(VerificationFailureReason.TransparencyLogInvalid, $"A transparency-log entry of the bundle is invalid: {what}.");
    }
}
