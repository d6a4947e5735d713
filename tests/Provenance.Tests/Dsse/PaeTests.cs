using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Dsse;
using Provenance.Json;

namespace Provenance.Tests.Dsse
{
    [TestClass]
    public sealed class PaeTests
    {
        [TestMethod]
        public void The_protocol_md_example_encodes_to_the_documented_bytes()
        {
            byte[] pae = Pae.Encode("http://example.com/HelloWorld", Encoding.UTF8.GetBytes("hello world"));
            Assert.AreEqual("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.ASCII.GetString(pae));
        }

        [TestMethod]
        [DataRow("single-signature")]
        [DataRow("url-safe-base64")]
        [DataRow("non-ascii-payload-type")]
        [DataRow("empty-payload")]
        [DataRow("empty-payload-type")]
        public void Each_test_vector_encodes_to_its_expected_pae_bytes(string id)
        {
            JsonObject vector = DsseVectors.Vector(id);
            DsseEnvelope envelope = DsseEnvelope.FromJson(vector.GetObject("envelope")!);
            CollectionAssert.AreEqual(DsseVectors.Hex(vector.GetString("pae")!), Pae.Encode(envelope.PayloadType, envelope.Payload));
        }

        [TestMethod]
        public void Lengths_count_utf8_bytes_not_characters()
        {
            byte[] pae = Pae.Encode("ä", Encoding.UTF8.GetBytes("ü"));
            CollectionAssert.AreEqual(Encoding.UTF8.GetBytes("DSSEv1 2 ä 2 ü"), pae);
        }
    }
}
