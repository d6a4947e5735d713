using System;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Signing;
using Provenance.Tests.Signing;
using Provenance.Tests.Verification;
using Provenance.Verification;

namespace Provenance.Tests.Bundles
{
    [TestClass]
    public sealed class SigstoreBundleTests
    {
        [TestMethod]
        public void A_public_key_bundle_is_written_exactly_as_sigstore_reads_it()
        {
            SigningKey key = TestKeys.Get(KeyAlgorithm.Ed25519);
            SigstoreBundle bundle = Statements.Sign("{}", key);
            string sig = Convert.ToBase64String(bundle.Envelope.Signatures[0].Signature);

            string expected =
                "{\n" +
                "  \"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\",\n" +
                "  \"verificationMaterial\": {\n" +
                "    \"publicKey\": {\n" +
                $"      \"hint\": \"{key.PublicKey.Hint}\"\n" +
                "    },\n" +
                "    \"tlogEntries\": []\n" +
                "  },\n" +
                "  \"dsseEnvelope\": {\n" +
                "    \"payload\": \"e30=\",\n" +
                "    \"payloadType\": \"application/vnd.in-toto+json\",\n" +
                "    \"signatures\": [\n" +
                "      {\n" +
                $"        \"sig\": \"{sig}\",\n" +
                "        \"keyid\": \"\"\n" +
                "      }\n" +
                "    ]\n" +
                "  }\n" +
                "}\n";
            byte[] bytes = bundle.ToUtf8Bytes();

            Assert.AreEqual(expected, Encoding.UTF8.GetString(bytes));
            Assert.AreNotEqual(0xEF, bytes[0]);
        }

        [TestMethod]
        public void The_same_statement_and_key_give_the_same_bytes()
        {
            SigningKey key = TestKeys.Get(KeyAlgorithm.EcdsaP256Sha256);
            CollectionAssert.AreEqual(Statements.Sign(Statements.Simple(), key).ToUtf8Bytes(), Statements.Sign(Statements.Simple(), key).ToUtf8Bytes());
        }

        [TestMethod]
        public void Parse_reads_back_what_was_written()
        {
            SigningKey key = TestKeys.Get(KeyAlgorithm.RsaPkcs1Sha256);
            SigstoreBundle bundle = Statements.Sign(Statements.Simple(), key);
            SigstoreBundle read = SigstoreBundle.Parse(bundle.ToUtf8Bytes());

            Assert.AreEqual(key.PublicKey.Hint, read.PublicKeyHint);
            Assert.IsNull(read.CertificateChain);
            CollectionAssert.AreEqual(bundle.Envelope.Payload, read.Envelope.Payload);
            CollectionAssert.AreEqual(bundle.ToUtf8Bytes(), read.ToUtf8Bytes());
        }

        [TestMethod]
        public void A_bundle_as_protojson_writes_it_without_keyid_or_tlogEntries_parses()
        {
            string json = "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{\"hint\":\"h\"}}," +
                          "\"dsseEnvelope\":{\"payload\":\"e30=\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\"AQ==\"}]}}";
            SigstoreBundle read = SigstoreBundle.Parse(Encoding.UTF8.GetBytes(json));
            Assert.AreEqual("h", read.PublicKeyHint);
            Assert.AreEqual("", read.Envelope.Signatures[0].KeyId);
        }

        [TestMethod]
        public void A_certificate_bundle_writes_a_single_certificate_and_reads_back()
        {
            var envelope = DsseEnvelope.Sign(Pae.InTotoPayloadType, Encoding.UTF8.GetBytes("{}"), TestKeys.Get(KeyAlgorithm.Ed25519));
            SigstoreBundle bundle = SigstoreBundle.ForCertificate(envelope, new byte[] { 0x30, 0x00 });
            string text = Encoding.UTF8.GetString(bundle.ToUtf8Bytes());

            StringAssert.Contains(text, "\"certificate\": {\n      \"rawBytes\": \"MAA=\"\n    }");
            Assert.IsFalse(text.Contains("x509CertificateChain", StringComparison.Ordinal));
            CollectionAssert.AreEqual(new byte[] { 0x30, 0x00 }, SigstoreBundle.Parse(bundle.ToUtf8Bytes()).CertificateChain![0]);
        }

        [TestMethod]
        public void A_duplicate_key_is_malformed()
        {
            string json = Encoding.UTF8.GetString(Statements.Sign("{}", TestKeys.Get(KeyAlgorithm.Ed25519)).ToUtf8Bytes());
            string duplicated = json.Replace("\"payloadType\":", "\"payloadType\": \"application/vnd.in-toto+json\",\n    \"payloadType\":");
            AssertMalformed(duplicated, "duplicate key");
        }

        [TestMethod]
        public void Two_signatures_are_malformed()
        {
            string json = Encoding.UTF8.GetString(Statements.Sign("{}", TestKeys.Get(KeyAlgorithm.Ed25519)).ToUtf8Bytes());
            int start = json.IndexOf("      {", StringComparison.Ordinal), end = json.IndexOf("      }", StringComparison.Ordinal) + 7;
            string signature = json.Substring(start, end - start);
            AssertMalformed(json.Replace(signature, signature + ",\n" + signature), "2 signatures");
        }

        [TestMethod]
        public void A_bundle_over_16_MiB_is_malformed_before_it_is_parsed()
        {
            byte[] huge = new byte[SigstoreBundle.MaxBytes + 1];
            Array.Fill(huge, (byte)' ');
            var ex = Assert.ThrowsExactly<VerificationException>(() => SigstoreBundle.Parse(huge));
            Assert.AreEqual(VerificationFailureReason.Malformed, ex.Reason);
            StringAssert.Contains(ex.Message, "over the limit");
        }

        [TestMethod]
        public void Bad_base64_in_the_signature_is_malformed()
        {
            string json = Encoding.UTF8.GetString(Statements.Sign("{}", TestKeys.Get(KeyAlgorithm.Ed25519)).ToUtf8Bytes());
            AssertMalformed(json.Replace("\"sig\": \"", "\"sig\": \"%"), "base64");
            AssertMalformed(json.Replace("\"payload\": \"e30=\"", "\"payload\": \"e30\""), "base64");
        }

        [TestMethod]
        [DataRow("application/vnd.dev.sigstore.bundle.v0.2+json")]
        [DataRow("application/vnd.dev.sigstore.bundle+json;version=0.1")]
        [DataRow("application/vnd.dev.sigstore.bundle.v0.4+json")]
        [DataRow("APPLICATION/VND.DEV.SIGSTORE.BUNDLE.V0.3+JSON")]
        public void An_unknown_media_type_is_malformed(string mediaType)
        {
            string json = Encoding.UTF8.GetString(Statements.Sign("{}", TestKeys.Get(KeyAlgorithm.Ed25519)).ToUtf8Bytes());
            AssertMalformed(json.Replace(SigstoreBundle.MediaTypeV03, mediaType), "mediaType");
        }

        [TestMethod]
        [DataRow("{}", "mediaType")]
        [DataRow("[]", "not a JSON object")]
        [DataRow("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{}},\"messageSignature\":{}}", "message signature")]
        [DataRow("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{}}}", "dsseEnvelope")]
        [DataRow("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{},\"dsseEnvelope\":" + Envelope + "}", "exactly one of publicKey and certificate")]
        [DataRow("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"x509CertificateChain\":{\"certificates\":[]}},\"dsseEnvelope\":" + Envelope + "}", "x509CertificateChain")]
        [DataRow("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{\"hint\":\"h\"},\"extra\":1},\"dsseEnvelope\":" + Envelope + "}", "extra")]
        [DataRow("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{\"hint\":\"h\"},\"tlogEntries\":{}},\"dsseEnvelope\":" + Envelope + "}", "tlogEntries")]
        [DataRow("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":{\"publicKey\":{\"hint\":\"h\"}},\"dsseEnvelope\":{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}}", "payload is empty")]
        public void Structurally_wrong_bundles_are_malformed(string json, string expectedInMessage) => AssertMalformed(json, expectedInMessage);

        private const string Envelope = "{\"payload\":\"e30=\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\"AQ==\"}]}";

        [TestMethod]
        public void A_byte_order_mark_is_malformed()
        {
            byte[] bytes = Statements.Sign("{}", TestKeys.Get(KeyAlgorithm.Ed25519)).ToUtf8Bytes();
            byte[] withBom = new byte[bytes.Length + 3];
            new byte[] { 0xEF, 0xBB, 0xBF }.CopyTo(withBom, 0);
            bytes.CopyTo(withBom, 3);
            Assert.AreEqual(DiagnosticCodes.PackageTampered, Assert.ThrowsExactly<VerificationException>(() => SigstoreBundle.Parse(withBom)).Code);
        }

        private static void AssertMalformed(string json, string expectedInMessage)
        {
            var ex = Assert.ThrowsExactly<VerificationException>(() => SigstoreBundle.Parse(Encoding.UTF8.GetBytes(json)));
            Assert.AreEqual(VerificationFailureReason.Malformed, ex.Reason);
            Assert.AreEqual(DiagnosticCodes.PackageTampered, ex.Code);
            StringAssert.Contains(ex.Message, expectedInMessage);
        }
    }
}
