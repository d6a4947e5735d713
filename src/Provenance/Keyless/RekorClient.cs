using System;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using Provenance.Capture;
using Provenance.Dsse;
using Provenance.Json;

namespace Provenance.Keyless
{
    /// <summary>
    /// Rekor v1: POST /api/v1/log/entries with a dsse v0.0.1 entry (the envelope and the certificate or key that
    /// verifies it). The answer, {uuid: {body, integratedTime, logID, logIndex, verification}}, becomes one bundle
    /// tlogEntries[] member in protobuf-JSON form. The logged body must name our signature and payload: a log that
    /// recorded something else would give verifiers a proof of the wrong thing, so that is an error here.
    /// </summary>
    internal sealed class RekorClient
    {
        internal const string ServiceName = "Rekor (the transparency log)";
        private readonly Uri _baseUrl;
        private readonly SigstoreHttp _http;

        public RekorClient(Uri baseUrl, SigstoreHttp http)
        {
            _baseUrl = baseUrl;
            _http = http;
        }

        /// <param name="verifierPem">The leaf certificate PEM, or the SPKI public key PEM for a key-signed bundle.</param>
        public JsonObject Upload(DsseEnvelope envelope, string verifierPem)
        {
            Uri uri = ServiceUrl.Endpoint(_baseUrl, "api/v1/log/entries");
            var proposed = new JsonObject()
                .Add("apiVersion", "0.0.1")
                .Add("kind", "dsse")
                .Add("spec", new JsonObject().Add("proposedContent", new JsonObject()
                    .Add("envelope", JsonWriter.ToText(envelope.ToJson()))
                    .Add("verifiers", new JsonArray().Add(new JsonString(Convert.ToBase64String(Encoding.UTF8.GetBytes(verifierPem)))))));
            HttpAnswer answer = _http.Send(SigstoreService.Rekor, DiagnosticCodes.RekorFailed, ServiceName, HttpMethod.Post, uri,
                JsonWriter.ToUtf8Bytes(proposed), "application/json", "application/json");
            // The same key and payload give the same signature (RFC 6979), hence the same entry: Rekor answers 409 and
            // where the existing entry is, which proves the same thing.
            if (answer.Status == 409 && answer.Location != null)
            {
                uri = answer.Location;
                answer = _http.Send(SigstoreService.Rekor, DiagnosticCodes.RekorFailed, ServiceName, HttpMethod.Get, uri, null, null, "application/json");
            }
            if (!answer.IsSuccess)
                throw Fail(uri, $"refused the entry (HTTP {answer.Status}: {SigstoreHttp.Excerpt(answer.Body)})");
            return ToBundleEntry(uri, answer.Body, envelope);
        }

        internal static JsonObject ToBundleEntry(Uri uri, byte[] answer, DsseEnvelope envelope)
        {
            JsonObject? map;
            try { map = JsonReader.ParseLenient(answer) as JsonObject; }
            catch (FormatException ex) { throw Fail(uri, "answered with invalid JSON: " + ex.Message); }
            if (map == null || map.Count != 1 || !(map.Members[0].Value is JsonObject entry))
                throw Fail(uri, "answered with something other than one log entry");

            string bodyBase64 = RequiredString(uri, entry, "body");
            if (!StrictBase64.TryDecode(bodyBase64, out byte[] body)) throw Fail(uri, "answered with a body that is not base64");
            long integratedTime = RequiredLong(uri, entry, "integratedTime");
            long logIndex = RequiredLong(uri, entry, "logIndex");
            byte[] logId = Hex(uri, RequiredString(uri, entry, "logID"), "logID");
            JsonObject verification = entry.GetObject("verification") ?? throw Fail(uri, "answered without 'verification'");
            string set = RequiredString(uri, verification, "signedEntryTimestamp");
            if (!StrictBase64.TryDecode(set, out _)) throw Fail(uri, "answered with a signedEntryTimestamp that is not base64");
            // Bundles v0.2 and later require the inclusion proof; a log too old to send one cannot serve them.
            JsonObject proof = verification.GetObject("inclusionProof") ?? throw Fail(uri, "answered without an inclusion proof");
            var hashes = new JsonArray();
            foreach (JsonValue hash in proof.GetArray("hashes")?.Items ?? Array.Empty<JsonValue>())
                hashes.Add(new JsonString(Convert.ToBase64String(Hex(uri, hash.AsString() ?? "", "inclusionProof.hashes"))));
            string checkpoint = RequiredString(uri, proof, "checkpoint");

            CheckBody(uri, body, envelope);

            return new JsonObject()
                .Add("logIndex", logIndex.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Add("logId", new JsonObject().Add("keyId", Convert.ToBase64String(logId)))
                .Add("kindVersion", new JsonObject().Add("kind", "dsse").Add("version", "0.0.1"))
                .Add("integratedTime", integratedTime.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Add("inclusionPromise", new JsonObject().Add("signedEntryTimestamp", set))
                .Add("inclusionProof", new JsonObject()
                    .Add("logIndex", RequiredLong(uri, proof, "logIndex").ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Add("rootHash", Convert.ToBase64String(Hex(uri, RequiredString(uri, proof, "rootHash"), "inclusionProof.rootHash")))
                    .Add("treeSize", RequiredLong(uri, proof, "treeSize").ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Add("hashes", hashes)
                    .Add("checkpoint", new JsonObject().Add("envelope", checkpoint)))
                .Add("canonicalizedBody", bodyBase64);
        }

        /// <summary>The logged dsse body names exactly our one signature and the SHA-256 of our payload.</summary>
        private static void CheckBody(Uri uri, byte[] body, DsseEnvelope envelope)
        {
            JsonObject? json;
            try { json = JsonReader.ParseLenient(body) as JsonObject; }
            catch (FormatException) { json = null; }
            JsonObject? spec = json?.GetObject("spec");
            if (json?.GetString("kind") != "dsse" || json.GetString("apiVersion") != "0.0.1" || spec == null)
                throw Fail(uri, "logged an entry that is not a dsse v0.0.1 entry");
            JsonArray? signatures = spec.GetArray("signatures");
            string ours = Convert.ToBase64String(envelope.Signatures[0].Signature);
            if (signatures == null || signatures.Count != 1 || (signatures[0] as JsonObject)?.GetString("signature") != ours)
                throw Fail(uri, "logged an entry whose signature is not the one submitted");
            string? payloadHash = spec.GetObject("payloadHash")?.GetString("value");
            using var sha = SHA256.Create();
            if (!string.Equals(payloadHash, HexEncoding.ToLowerHex(sha.ComputeHash(envelope.Payload)), StringComparison.OrdinalIgnoreCase))
                throw Fail(uri, "logged an entry whose payload hash is not the submitted payload's");
        }

        private static string RequiredString(Uri uri, JsonObject json, string name) =>
            json.GetString(name) is string value && value.Length > 0 ? value : throw Fail(uri, $"answered without '{name}'");

        private static long RequiredLong(Uri uri, JsonObject json, string name) =>
            json[name] is JsonNumber number && number.TryGetInt64(out long value) && value >= 0 ? value : throw Fail(uri, $"answered without a whole number '{name}'");

        private static byte[] Hex(Uri uri, string hex, string name)
        {
            if (hex.Length == 0 || hex.Length % 2 != 0 || !hex.All(Uri.IsHexDigit)) throw Fail(uri, $"answered with a {name} that is not hex");
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = Convert.ToByte(hex.Substring(2 * i, 2), 16);
            return bytes;
        }

        private static ProvenanceException Fail(Uri uri, string what) => SigstoreHttp.Failure(DiagnosticCodes.RekorFailed, ServiceName, uri, what);
    }
}
