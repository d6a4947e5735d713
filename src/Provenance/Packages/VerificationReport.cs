using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Json;

namespace Provenance.Packages
{
    /// <summary>
    /// The machine-readable result of a consumer verification (the caller writes it under obj/). Versioned; one
    /// entry per package, sorted by id and version; outcome names in camelCase.
    /// </summary>
    public static class VerificationReport
    {
        public const int FormatVersion = 1;

        public static byte[] ToUtf8Bytes(IEnumerable<PackageVerificationResult> results)
        {
            if (results == null) throw new ArgumentNullException(nameof(results));
            var packages = new JsonArray();
            foreach (PackageVerificationResult result in results
                .OrderBy(r => r.Id, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Version, StringComparer.OrdinalIgnoreCase))
                packages.Add(ToJson(result));
            var root = new JsonObject().Add("version", FormatVersion).Add("packages", packages);
            return JsonWriter.ToUtf8Bytes(root, indented: true);
        }

        /// <summary>Parses a report written by <see cref="ToUtf8Bytes"/> (tests, the CLI).</summary>
        public static IReadOnlyList<PackageVerificationResult> Parse(byte[] utf8)
        {
            if (!(JsonReader.Parse(utf8) is JsonObject root) || !(root["version"] is JsonNumber version) || version.RawText != "1")
                throw new JsonFormatException("not a version 1 verification report");
            var results = new List<PackageVerificationResult>();
            foreach (JsonValue value in root.GetArray("packages")?.Items ?? Array.Empty<JsonValue>())
                results.Add((value is JsonObject json ? FromJson(json) : null) ?? throw new JsonFormatException("a package entry is malformed"));
            return results;
        }

        internal static JsonObject ToJson(PackageVerificationResult result)
        {
            var json = new JsonObject()
                .Add("id", result.Id)
                .Add("version", result.Version)
                .Add("outcome", OutcomeName(result.Outcome))
                .AddIfNotEmpty("code", result.Code)
                .Add("reason", result.Reason);
            if (result.ContentHashSha512 != null) json.Add("contentHash", new JsonObject().Add("sha512", result.ContentHashSha512));
            if (result.StatementSha256 != null) json.Add("statement", new JsonObject().Add("sha256", result.StatementSha256));
            json.AddIfNotEmpty("signer", result.SignerHint);
            // A certificate's identity is the signer that matters (its key is ephemeral); the issuer says who vouched for it.
            if (result.SignerIdentity != null)
                json.Add("signerIdentity", new JsonObject().Add("san", result.SignerIdentity).AddIfNotEmpty("issuer", result.SignerIssuer));
            return json.AddIfNotEmpty("sourceRepository", result.SourceRepository);
        }

        internal static PackageVerificationResult? FromJson(JsonObject json)
        {
            string? id = json.GetString("id"), version = json.GetString("version"), reason = json.GetString("reason");
            PackageVerificationOutcome? outcome = ParseOutcome(json.GetString("outcome"));
            if (id == null || version == null || reason == null || outcome == null) return null;
            return new PackageVerificationResult(id, version, outcome.Value, reason)
            {
                ContentHashSha512 = json.GetObject("contentHash")?.GetString("sha512"),
                StatementSha256 = json.GetObject("statement")?.GetString("sha256"),
                SignerHint = json.GetString("signer"),
                SignerIdentity = json.GetObject("signerIdentity")?.GetString("san"),
                SignerIssuer = json.GetObject("signerIdentity")?.GetString("issuer"),
                SourceRepository = json.GetString("sourceRepository"),
            };
        }

        public static string OutcomeName(PackageVerificationOutcome outcome)
        {
            string name = outcome.ToString();
            return char.ToLowerInvariant(name[0]) + name.Substring(1);
        }

        public static PackageVerificationOutcome? ParseOutcome(string? name)
        {
            foreach (PackageVerificationOutcome outcome in Enum.GetValues(typeof(PackageVerificationOutcome)))
                if (OutcomeName(outcome) == name) return outcome;
            return null;
        }
    }
}
