using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Bundles;
using Provenance.Json;
using Provenance.Slsa;

namespace Provenance.Cli.Inspect
{
    /// <summary>
    /// What a bundle claims, read without verifying anything: for people and scripts that want to look before
    /// (or instead of) checking. Every consumer of this must be told it is unverified.
    /// </summary>
    internal sealed class BundleSummary
    {
        public const int SchemaVersion = 1;

        public string BundlePath { get; private set; } = "";
        public string PayloadType { get; private set; } = "";
        public string? StatementType { get; private set; }
        public string? PredicateType { get; private set; }
        public string? BuildType { get; private set; }
        public IReadOnlyList<ResourceDescriptor> Subjects { get; private set; } = Array.Empty<ResourceDescriptor>();
        public string? SourceUri { get; private set; }
        public string? SourceCommit { get; private set; }
        public string? BuilderId { get; private set; }
        public string? KeyHint { get; private set; }
        public int CertificateCount { get; private set; }
        public string SignatureAlgorithm { get; private set; } = "unknown";
        public DependencyCounts Dependencies { get; private set; } = new DependencyCounts();
        public string? StartedOn { get; private set; }
        public string? FinishedOn { get; private set; }
        public string? InvocationId { get; private set; }

        /// <summary>Throws JsonFormatException when the payload is not an in-toto statement we can read.</summary>
        public static BundleSummary From(string bundlePath, SigstoreBundle bundle)
        {
            var summary = new BundleSummary
            {
                BundlePath = bundlePath,
                PayloadType = bundle.Envelope.PayloadType,
                KeyHint = bundle.PublicKeyHint,
                CertificateCount = bundle.CertificateChain?.Count ?? 0,
                SignatureAlgorithm = SignatureShape.Guess(bundle.Envelope.Signatures.Count > 0 ? bundle.Envelope.Signatures[0].Signature : null),
            };
            if (!(JsonReader.Parse(bundle.Envelope.Payload) is JsonObject statement))
                throw new JsonFormatException("the DSSE payload is not a JSON object");

            summary.StatementType = statement.GetString("_type");
            summary.PredicateType = statement.GetString("predicateType");
            summary.Subjects = (statement.GetArray("subject")?.Items ?? Array.Empty<JsonValue>())
                .OfType<JsonObject>().Select(ResourceDescriptor.FromJson).ToList();

            JsonObject? predicate = statement.GetObject("predicate");
            JsonObject? definition = predicate?.GetObject("buildDefinition");
            JsonObject? runDetails = predicate?.GetObject("runDetails");
            summary.BuildType = definition?.GetString("buildType");
            JsonArray? dependencies = definition?.GetArray("resolvedDependencies");
            summary.Dependencies = DependencyCounts.From(dependencies);
            summary.ReadSource(dependencies, definition?.GetObject("externalParameters"));
            summary.BuilderId = runDetails?.GetObject("builder")?.GetString("id");
            JsonObject? metadata = runDetails?.GetObject("metadata");
            summary.StartedOn = metadata?.GetString("startedOn");
            summary.FinishedOn = metadata?.GetString("finishedOn");
            summary.InvocationId = metadata?.GetString("invocationId");
            return summary;
        }

        /// <summary>The source is the git dependency (uri + gitCommit digest); externalParameters.source is the fallback.</summary>
        private void ReadSource(JsonArray? dependencies, JsonObject? externalParameters)
        {
            foreach (JsonObject dependency in dependencies?.Items.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
            {
                string? commit = dependency.GetObject("digest")?.GetString("gitCommit");
                if (commit != null)
                {
                    SourceUri = dependency.GetString("uri");
                    SourceCommit = commit;
                    return;
                }
            }
            JsonValue? source = externalParameters?["source"];
            if (source is JsonString text) SourceUri = text.Value;
            else if (source is JsonObject descriptor)
            {
                SourceUri = descriptor.GetString("uri");
                SourceCommit = descriptor.GetObject("digest")?.GetString("gitCommit");
            }
            SourceCommit ??= externalParameters?.GetString("gitCommit");
        }
    }
}
