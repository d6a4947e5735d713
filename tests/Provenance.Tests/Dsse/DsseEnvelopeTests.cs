using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Tests.Signing;
using Provenance.Verification;

namespace Provenance.Tests.Dsse
{
    [TestClass]
    public sealed class DsseEnvelopeTests
    {
        private static readonly byte[] Payload = Encoding.UTF8.GetBytes("{\"_type\":\"https://in-toto.io/Statement/v1\"}");

        [TestMethod]
        [DataRow("single-signature")]
        [DataRow("url-safe-base64")]
        [DataRow("payload-type-swapped")]
        [DataRow("non-ascii-payload-type")]
        [DataRow("empty-payload")]
        [DataRow("empty-payload-type")]
        [DataRow("threshold-two-distinct-keys")]
        [DataRow("threshold-two-one-key-twice")]
        [DataRow("threshold-two-without-keyids")]
        public void Each_test_vector_gets_the_expected_verdict(string id)
        {
            JsonObject vector = DsseVectors.Vector(id);
            DsseEnvelope envelope = DsseEnvelope.FromJson(vector.GetObject("envelope")!);
            List<VerificationKey> trusted = vector.GetArray("trustedKeys")!.Items.Select(k => DsseVectors.Key(k.AsString()!)).ToList();
            var supported = vector.GetArray("supportedPayloadTypes")!.Items.Select(t => t.AsString()).ToList();
            ((JsonNumber)vector["threshold"]!).TryGetInt64(out long threshold);

            // protocol.md, multi-signature verification: count unique trusted keys over PAE, then check the type.
            byte[] pae = Pae.Encode(envelope.PayloadType, envelope.Payload);
            var accepted = new HashSet<string>();
            foreach (DsseSignature signature in envelope.Signatures)
                foreach (VerificationKey key in trusted.Where(k => k.Verify(pae, signature.Signature)))
                    accepted.Add(key.Hint);
            bool accept = accepted.Count >= threshold && supported.Contains(envelope.PayloadType);

            Assert.AreEqual(vector.GetString("expect") == "accept", accept);
        }

        [TestMethod]
        public void Sign_covers_the_pae_with_one_signature_and_an_empty_keyid()
        {
            SigningKey key = TestKeys.Get(KeyAlgorithm.Ed25519);
            DsseEnvelope envelope = DsseEnvelope.Sign(Pae.InTotoPayloadType, Payload, key);

            Assert.AreEqual(1, envelope.Signatures.Count);
            Assert.AreEqual("", envelope.Signatures[0].KeyId);
            Assert.IsTrue(key.PublicKey.Verify(Pae.Encode(Pae.InTotoPayloadType, Payload), envelope.Signatures[0].Signature));
            Assert.IsFalse(key.PublicKey.Verify(Payload, envelope.Signatures[0].Signature));
        }

        [TestMethod]
        public void ToJson_writes_payload_payloadType_signatures_sig_keyid_in_that_order_with_padded_base64()
        {
            var envelope = new DsseEnvelope("t", new byte[] { 1, 2, 3, 4 }, new[] { new DsseSignature(new byte[] { 0xFF, 0xFE }) });
            Assert.AreEqual("{\"payload\":\"AQIDBA==\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"//4=\",\"keyid\":\"\"}]}",
                JsonWriter.ToText(envelope.ToJson()));
        }

        [TestMethod]
        public void FromJson_reads_back_what_ToJson_wrote()
        {
            DsseEnvelope envelope = DsseEnvelope.Sign(Pae.InTotoPayloadType, Payload, TestKeys.Get(KeyAlgorithm.EcdsaP256Sha256));
            DsseEnvelope read = DsseEnvelope.FromJson(JsonReader.Parse(JsonWriter.ToText(envelope.ToJson())).AsObject()!);

            Assert.AreEqual(envelope.PayloadType, read.PayloadType);
            CollectionAssert.AreEqual(envelope.Payload, read.Payload);
            CollectionAssert.AreEqual(envelope.Signatures[0].Signature, read.Signatures[0].Signature);
        }

        [TestMethod]
        [DataRow("{\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}")]
        [DataRow("{\"payload\":\"AQ==\",\"signatures\":[{\"sig\":\"AQ==\"}]}")]
        [DataRow("{\"payload\":\"AQ==\",\"payloadType\":\"t\"}")]
        [DataRow("{\"payload\":\"AQ==\",\"payloadType\":\"t\",\"signatures\":[]}")]
        [DataRow("{\"payload\":1,\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}")]
        [DataRow("{\"payload\":\"AQ==\",\"payloadType\":null,\"signatures\":[{\"sig\":\"AQ==\"}]}")]
        [DataRow("{\"payload\":\"AQ==\",\"payloadType\":\"t\",\"signatures\":{\"sig\":\"AQ==\"}}")]
        [DataRow("{\"payload\":\"AQ==\",\"payloadType\":\"t\",\"signatures\":[\"AQ==\"]}")]
        [DataRow("{\"payload\":\"AQ==\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"\"}]}")]
        [DataRow("{\"payload\":\"AQ==\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\",\"keyid\":7}]}")]
        [DataRow("{\"payload\":\"AQ==\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\",\"extra\":\"\"}]}")]
        [DataRow("{\"payload\":\"AQ==\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}],\"extra\":1}")]
        public void FromJson_rejects_missing_mistyped_or_unknown_members_as_malformed(string json) => AssertMalformed(json);

        [TestMethod]
        [DataRow("AQ")]          // unpadded
        [DataRow("AQ==\n")]      // whitespace
        [DataRow(" AQ==")]
        [DataRow("AQ=A")]        // padding inside
        [DataRow("AR==")]        // non-zero unused bits: a second spelling of the same byte
        [DataRow("AQ===")]
        [DataRow("+_8=")]        // both alphabets at once
        [DataRow("AQ*=")]
        public void FromJson_rejects_non_canonical_base64(string payload) =>
            AssertMalformed($"{{\"payload\":\"{payload.Replace("\n", "\\n")}\",\"payloadType\":\"t\",\"signatures\":[{{\"sig\":\"AQ==\"}}]}}");

        [TestMethod]
        public void Sign_fails_closed_with_PROV1007_when_a_signer_returns_a_signature_its_key_does_not_verify()
        {
            var lying = new LyingSigner(TestKeys.Get(KeyAlgorithm.Ed25519).PublicKey, TestKeys.Get(KeyAlgorithm.EcdsaP256Sha256));
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => DsseEnvelope.Sign(Pae.InTotoPayloadType, Payload, lying));
            Assert.AreEqual(DiagnosticCodes.SigningCommandFailed, ex.Code);
        }

        private static void AssertMalformed(string json)
        {
            JsonObject parsed = JsonReader.Parse(json).AsObject()!;
            var ex = Assert.ThrowsExactly<VerificationException>(() => DsseEnvelope.FromJson(parsed));
            Assert.AreEqual(VerificationFailureReason.Malformed, ex.Reason);
            Assert.AreEqual(DiagnosticCodes.PackageTampered, ex.Code);
        }

        /// <summary>An external signer that claims one key and signs with another.</summary>
        private sealed class LyingSigner : ISigner
        {
            private readonly ISigner _actual;
            public LyingSigner(VerificationKey claimed, ISigner actual) { PublicKey = claimed; _actual = actual; }
            public VerificationKey PublicKey { get; }
            public byte[] Sign(byte[] data) => _actual.Sign(data);
        }
    }
}
