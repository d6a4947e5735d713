using System;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Keyless;
using Provenance.Signing;

namespace Provenance.Tests.Keyless
{
    /// <summary>Rekor's answer becomes a bundle tlogEntries member exactly as the Sigstore bundle protobuf JSON spells it.</summary>
    [TestClass]
    public sealed class RekorEntryTests
    {
        private static readonly Uri Uri = new Uri("https://rekor.test/api/v1/log/entries");

        private static (DsseEnvelope Envelope, string Answer) Answer(string? signatureOverride = null)
        {
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            DsseEnvelope envelope = DsseEnvelope.Sign(Pae.InTotoPayloadType, Encoding.UTF8.GetBytes("{}"), key);
            string sig = signatureOverride ?? Convert.ToBase64String(envelope.Signatures[0].Signature);
            string payloadHash = Convert.ToHexString(SHA256.HashData(envelope.Payload)).ToLowerInvariant();
            string body = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                "{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"envelopeHash\":{\"algorithm\":\"sha256\",\"value\":\"00\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"" + payloadHash +
                "\"},\"signatures\":[{\"signature\":\"" + sig + "\",\"verifier\":\"eA==\"}]}}"));
            string answer = "{\"24296fb24b8ad77a\":{\"body\":\"" + body + "\",\"integratedTime\":1700000000,\"logID\":\"c0d23d6a\",\"logIndex\":123456," +
                "\"verification\":{\"inclusionProof\":{\"checkpoint\":\"rekor.test - 1\\n10\\nAA==\\n\",\"hashes\":[\"0a0b\",\"ff\"],\"logIndex\":1234,\"rootHash\":\"0102\",\"treeSize\":10}," +
                "\"signedEntryTimestamp\":\"TUVVQ0lRQz0=\"}}}";
            return (envelope, answer);
        }

        [TestMethod]
        public void The_answer_is_converted_to_the_bundle_form()
        {
            var (envelope, answer) = Answer();
            JsonObject entry = RekorClient.ToBundleEntry(Uri, Encoding.UTF8.GetBytes(answer), envelope);
            string json = JsonWriter.ToText(entry);
            string body = ((JsonObject)JsonReader.Parse(Encoding.UTF8.GetBytes(answer))).Members[0].Value.AsObject()!.GetString("body")!;
            Assert.AreEqual(
                "{\"logIndex\":\"123456\",\"logId\":{\"keyId\":\"wNI9ag==\"},\"kindVersion\":{\"kind\":\"dsse\",\"version\":\"0.0.1\"},\"integratedTime\":\"1700000000\"," +
                "\"inclusionPromise\":{\"signedEntryTimestamp\":\"TUVVQ0lRQz0=\"},\"inclusionProof\":{\"logIndex\":\"1234\",\"rootHash\":\"AQI=\",\"treeSize\":\"10\",\"hashes\":[\"Cgs=\",\"/w==\"]," +
                "\"checkpoint\":{\"envelope\":\"rekor.test - 1\\n10\\nAA==\\n\"}},\"canonicalizedBody\":\"" + body + "\"}",
                json);
        }

        [TestMethod]
        public void An_entry_for_another_signature_is_refused()
        {
            var (envelope, answer) = Answer(Convert.ToBase64String(new byte[] { 1, 2, 3 }));
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => RekorClient.ToBundleEntry(Uri, Encoding.UTF8.GetBytes(answer), envelope));
            Assert.AreEqual(DiagnosticCodes.RekorFailed, ex.Code);
            StringAssert.Contains(ex.Message, "signature is not the one submitted");
        }

        [TestMethod]
        public void An_answer_without_an_inclusion_proof_is_refused()
        {
            var (envelope, answer) = Answer();
            int start = answer.IndexOf("\"inclusionProof\"", StringComparison.Ordinal);
            int end = answer.IndexOf("\"signedEntryTimestamp\"", StringComparison.Ordinal);
            answer = answer.Remove(start, end - start);
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => RekorClient.ToBundleEntry(Uri, Encoding.UTF8.GetBytes(answer), envelope));
            StringAssert.Contains(ex.Message, "without an inclusion proof");
        }
    }
}
