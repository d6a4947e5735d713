using Provenance.Json;

namespace Provenance.Packages
{
    /// <summary>What the consumer policy reads from a verified SLSA provenance predicate.</summary>
    internal static class StatementFacts
    {
        public const string DevelopmentKeySource = "development";

        /// <summary>externalParameters.source (a descriptor or a URI string), else a git+ resolved dependency; normalized.</summary>
        public static string? SourceRepository(JsonObject? predicate)
        {
            JsonObject? definition = predicate?.GetObject("buildDefinition");
            JsonValue? source = definition?.GetObject("externalParameters")?["source"];
            string? uri = source is JsonObject descriptor ? descriptor.GetString("uri") : source?.AsString();
            if (uri == null && definition?.GetArray("resolvedDependencies") is JsonArray dependencies)
            {
                foreach (JsonValue dependency in dependencies.Items)
                {
                    string? candidate = (dependency as JsonObject)?.GetString("uri");
                    if (candidate != null && candidate.StartsWith("git+", System.StringComparison.Ordinal)) { uri = candidate; break; }
                }
            }
            return uri == null ? null : SourceRepositoryUrl.Normalize(uri);
        }

        /// <summary>internalParameters.signingKeySource (or signing.keySource) says the development key signed.</summary>
        public static bool SignedWithDevelopmentKey(JsonObject? predicate)
        {
            JsonObject? parameters = predicate?.GetObject("buildDefinition")?.GetObject("internalParameters");
            if (parameters == null) return false;
            return parameters.GetString("signingKeySource") == DevelopmentKeySource ||
                   parameters.GetObject("signing")?.GetString("keySource") == DevelopmentKeySource;
        }
    }
}
