using Provenance.Json;
using Provenance.Slsa;

namespace Provenance.Cli.Inspect
{
    /// <summary>
    /// The `inspect --json` object. Every member is always present (null when the bundle lacks it) so scripts
    /// can rely on the shape; a change of shape bumps "schemaVersion".
    /// </summary>
    internal static class SummaryJson
    {
        public static JsonObject ToJson(BundleSummary s, string note)
        {
            var subjects = new JsonArray();
            foreach (ResourceDescriptor subject in s.Subjects)
            {
                var digest = new JsonObject();
                foreach (var pair in subject.Digest) digest.Add(pair.Key, pair.Value);
                subjects.Add(new JsonObject().Add("name", OrNull(subject.Name)).Add("digest", digest));
            }
            JsonObject key = new JsonObject()
                .Add("hint", OrNull(s.KeyHint))
                .Add("certificates", s.CertificateCount);
            return new JsonObject()
                .Add("schemaVersion", BundleSummary.SchemaVersion)
                .Add("verified", false)
                .Add("note", note)
                .Add("bundle", s.BundlePath)
                .Add("payloadType", s.PayloadType)
                .Add("statementType", OrNull(s.StatementType))
                .Add("predicateType", OrNull(s.PredicateType))
                .Add("buildType", OrNull(s.BuildType))
                .Add("subjects", subjects)
                .Add("source", new JsonObject().Add("uri", OrNull(s.SourceUri)).Add("commit", OrNull(s.SourceCommit)))
                .Add("builderId", OrNull(s.BuilderId))
                .Add("key", key)
                // Added within schemaVersion 1 (members are only ever added): what the signing certificate claims, unverified.
                .Add("signer", s.SignerIdentity != null ? s.SignerIdentity.ToJson() : (JsonValue)JsonNull.Instance)
                .Add("signatureAlgorithm", new JsonObject().Add("name", s.SignatureAlgorithm).Add("basis", "signature shape"))
                .Add("dependencies", s.Dependencies.ToJson())
                .Add("startedOn", OrNull(s.StartedOn))
                .Add("finishedOn", OrNull(s.FinishedOn))
                .Add("invocationId", OrNull(s.InvocationId));
        }

        private static JsonValue OrNull(string? value) => value == null ? (JsonValue)JsonNull.Instance : new JsonString(value);
    }
}
