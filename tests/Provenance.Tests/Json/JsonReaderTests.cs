using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Json;

namespace Provenance.Tests.Json
{
    [TestClass]
    public sealed class JsonReaderTests
    {
        [TestMethod]
        public void A_document_written_and_read_back_keeps_member_order_and_bytes()
        {
            var obj = new JsonObject().Add("b", "x\n\"y\"\u0001").Add("a", 1).Add("c", new JsonArray().Add(JsonBool.True).Add(JsonNull.Instance));
            byte[] bytes = JsonWriter.ToUtf8Bytes(obj);
            Assert.AreEqual("{\"b\":\"x\\n\\\"y\\\"\\u0001\",\"a\":1,\"c\":[true,null]}", Encoding.UTF8.GetString(bytes));
            CollectionAssert.AreEqual(bytes, JsonWriter.ToUtf8Bytes(JsonReader.Parse(bytes)));
        }

        [TestMethod]
        public void Duplicate_keys_are_rejected_even_when_nested()
        {
            var ex = Assert.ThrowsExactly<JsonFormatException>(() => JsonReader.Parse("{\"a\":{\"k\":1,\"k\":2}}"));
            StringAssert.Contains(ex.Message, "duplicate key \"k\"");
        }

        [TestMethod]
        [DataRow("{\"a\":1} x")]
        [DataRow("{\"a\":01}")]
        [DataRow("[1,]")]
        [DataRow("{'a':1}")]
        [DataRow("\"\t\"")]
        [DataRow("")]
        public void Malformed_documents_are_rejected(string text) =>
            Assert.ThrowsExactly<JsonFormatException>(() => JsonReader.Parse(text));

        [TestMethod]
        public void A_byte_order_mark_and_invalid_utf8_are_rejected()
        {
            Assert.ThrowsExactly<JsonFormatException>(() => JsonReader.Parse(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'1' }));
            Assert.ThrowsExactly<JsonFormatException>(() => JsonReader.Parse(new byte[] { (byte)'"', 0xC3, (byte)'"' }));
        }

        [TestMethod]
        public void Input_over_the_size_limit_or_too_deep_is_rejected()
        {
            Assert.ThrowsExactly<JsonFormatException>(() => JsonReader.Parse(Encoding.UTF8.GetBytes("[1,2,3]"), maxBytes: 4));
            Assert.ThrowsExactly<JsonFormatException>(() => JsonReader.Parse(new string('[', 100) + new string(']', 100)));
        }
    }
}
