using System;
using System.Globalization;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Tests.Dsse
{
    /// <summary>
    /// Test vectors from secure-systems-lab/dsse (testvectors/vectors.json), trimmed to what a verifier needs:
    /// the Ed25519 public keys (the private seeds are left out on purpose), envelopes, expected PAE bytes and verdicts.
    /// </summary>
    internal static class DsseVectors
    {
        public const string Json = """
        {
          "keys": {
            "A": "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "B": "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
          },
          "vectors": [
            { "id": "single-signature",
              "envelope": { "payload": "eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjEifQ==", "payloadType": "application/vnd.in-toto+json",
                "signatures": [ { "sig": "2WAfaHm5jluo0w+0rk8uVkluELJYWjSmU9x7EUzx+AyteDGJ4/nqyJXfmAUVFIAoQafWm7AxBZNw5M9ixNHiCA==", "keyid": "A" } ] },
              "trustedKeys": ["A"], "threshold": 1, "supportedPayloadTypes": ["application/vnd.in-toto+json"],
              "pae": "445353457631203238206170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e203433207b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d",
              "expect": "accept" },
            { "id": "url-safe-base64",
              "envelope": { "payload": "-_-_Pj8=", "payloadType": "application/vnd.in-toto+json",
                "signatures": [ { "sig": "P-_KHICeR7tI6S_YyejJTRtrXhcQyQ2LYPaL8h90KjC9qN8HU_svOQ6TuDOT1HIrsGW886DbWNWcCmX5twLrAw==", "keyid": "A" } ] },
              "trustedKeys": ["A"], "threshold": 1, "supportedPayloadTypes": ["application/vnd.in-toto+json"],
              "pae": "445353457631203238206170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e203520fbffbf3e3f",
              "expect": "accept" },
            { "id": "payload-type-swapped",
              "envelope": { "payload": "eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjEifQ==", "payloadType": "application/vnd.example.other+json",
                "signatures": [ { "sig": "2WAfaHm5jluo0w+0rk8uVkluELJYWjSmU9x7EUzx+AyteDGJ4/nqyJXfmAUVFIAoQafWm7AxBZNw5M9ixNHiCA==", "keyid": "A" } ] },
              "trustedKeys": ["A"], "threshold": 1, "supportedPayloadTypes": ["application/vnd.in-toto+json", "application/vnd.example.other+json"],
              "pae": "445353457631203238206170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e203433207b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d",
              "expect": "reject" },
            { "id": "non-ascii-payload-type",
              "envelope": { "payload": "eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjEifQ==", "payloadType": "application/vnd.exämple+json",
                "signatures": [ { "sig": "xmSk/ug66ysT7ayhkCIjhAq42zgZXSsEWuzUaNL7w2eGAdF/NU6/fRXPtmfN+5DNSAs5/i2lUnHjbbjPsu0tAw==", "keyid": "A" } ] },
              "trustedKeys": ["A"], "threshold": 1, "supportedPayloadTypes": ["application/vnd.exämple+json"],
              "pae": "445353457631203239206170706c69636174696f6e2f766e642e6578c3a46d706c652b6a736f6e203433207b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d",
              "expect": "accept" },
            { "id": "empty-payload",
              "envelope": { "payload": "", "payloadType": "application/vnd.in-toto+json",
                "signatures": [ { "sig": "gSggCAaTLTYyRH6FIDBem6meyIynsYy8RTHVzwx9tnTb7Bg/1jMWnuVgI/gffqmbsC2VX5/jHfkkDqsj7CDbDg==", "keyid": "A" } ] },
              "trustedKeys": ["A"], "threshold": 1, "supportedPayloadTypes": ["application/vnd.in-toto+json"],
              "pae": "445353457631203238206170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e203020",
              "expect": "accept" },
            { "id": "empty-payload-type",
              "envelope": { "payload": "eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjEifQ==", "payloadType": "",
                "signatures": [ { "sig": "iC3q/+3Rm0+lpAJRueDmDh15PnwCfxKmS0NAfKsbv+zgulXQC/WM9trc+j1XEqlwDIg/vf/uNfebeD6sxInrDg==", "keyid": "A" } ] },
              "trustedKeys": ["A"], "threshold": 1, "supportedPayloadTypes": ["application/vnd.in-toto+json"],
              "pae": "445353457631203020203433207b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d",
              "expect": "reject" },
            { "id": "threshold-two-distinct-keys",
              "envelope": { "payload": "eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjEifQ==", "payloadType": "application/vnd.in-toto+json",
                "signatures": [ { "sig": "2WAfaHm5jluo0w+0rk8uVkluELJYWjSmU9x7EUzx+AyteDGJ4/nqyJXfmAUVFIAoQafWm7AxBZNw5M9ixNHiCA==", "keyid": "A" },
                                { "sig": "c1+67/aT0yqEpwx8PsVY3MLHsj9D0CZ014/Fv/QlG59P+9CobUZ7xECJ/V3USG0Ob9CiE5LjReEZUzNF2l7eBw==", "keyid": "B" } ] },
              "trustedKeys": ["A", "B"], "threshold": 2, "supportedPayloadTypes": ["application/vnd.in-toto+json"],
              "pae": "445353457631203238206170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e203433207b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d",
              "expect": "accept" },
            { "id": "threshold-two-one-key-twice",
              "envelope": { "payload": "eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjEifQ==", "payloadType": "application/vnd.in-toto+json",
                "signatures": [ { "sig": "2WAfaHm5jluo0w+0rk8uVkluELJYWjSmU9x7EUzx+AyteDGJ4/nqyJXfmAUVFIAoQafWm7AxBZNw5M9ixNHiCA==", "keyid": "A" },
                                { "sig": "2WAfaHm5jluo0w+0rk8uVkluELJYWjSmU9x7EUzx+AyteDGJ4/nqyJXfmAUVFIAoQafWm7AxBZNw5M9ixNHiCA==", "keyid": "A" } ] },
              "trustedKeys": ["A", "B"], "threshold": 2, "supportedPayloadTypes": ["application/vnd.in-toto+json"],
              "pae": "445353457631203238206170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e203433207b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d",
              "expect": "reject" },
            { "id": "threshold-two-without-keyids",
              "envelope": { "payload": "eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjEifQ==", "payloadType": "application/vnd.in-toto+json",
                "signatures": [ { "sig": "2WAfaHm5jluo0w+0rk8uVkluELJYWjSmU9x7EUzx+AyteDGJ4/nqyJXfmAUVFIAoQafWm7AxBZNw5M9ixNHiCA==" },
                                { "sig": "c1+67/aT0yqEpwx8PsVY3MLHsj9D0CZ014/Fv/QlG59P+9CobUZ7xECJ/V3USG0Ob9CiE5LjReEZUzNF2l7eBw==" } ] },
              "trustedKeys": ["A", "B"], "threshold": 2, "supportedPayloadTypes": ["application/vnd.in-toto+json"],
              "pae": "445353457631203238206170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e203433207b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d",
              "expect": "accept" }
          ]
        }
        """;

        private static readonly Lazy<JsonObject> Root = new Lazy<JsonObject>(() => JsonReader.Parse(Json).AsObject()!);

        public static JsonObject Vector(string id)
        {
            foreach (JsonValue vector in Root.Value.GetArray("vectors")!.Items)
                if (vector.AsObject()!.GetString("id") == id) return vector.AsObject()!;
            throw new ArgumentException("no vector " + id);
        }

        /// <summary>An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte prefix and the 32-byte key.</summary>
        public static VerificationKey Key(string name) =>
            VerificationKey.FromSubjectPublicKeyInfo(Hex("302a300506032b6570032100" + Root.Value.GetObject("keys")!.GetString(name)));

        public static byte[] Hex(string hex)
        {
            var bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = byte.Parse(hex.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return bytes;
        }
    }
}
