using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Bundles;
using Provenance.Cli.Identity;
using Provenance.Dsse;
using Provenance.Sigstore;
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

        /// <summary>What the signing certificate claims (unverified); null for a key or an unreadable certificate.</summary>
        public SignerIdentity? SignerIdentity { get; private set; }
        public string SignatureAlgorithm { get; private set; } = "unknown";
        public DependencyCounts Dependencies { get; private set; } = new DependencyCounts();
        public string? StartedOn { get; private set; }
        public string? FinishedOn { get; private set; }
        public string? InvocationId { get; private set; }

        /// <summary>Throws JsonFormatException when the payload is not an in-toto statement we can read.</summary>
        public static BundleSummary From(string bundlePath, SigstoreBundle bundle) =>
            From(bundlePath, bundle.Envelope, bundle.PublicKeyHint, bundle.CertificateChain ?? Array.Empty<byte[]>());

        /// <summary>
        /// Any Sigstore bundle (v0.1-v0.3) from elsewhere: a DSSE statement is summarised as ours are; a message
        /// signature (hashedrekord) signs only a digest, which becomes the one unnamed subject.
        /// </summary>
        public static BundleSummary From(string bundlePath, SigstoreBundleDocument bundle)
        {
            if (bundle.DsseEnvelope != null) return From(bundlePath, bundle.DsseEnvelope, bundle.PublicKeyHint, bundle.Certificates);
            MessageSignature message = bundle.MessageSignature!;
            var subject = new ResourceDescriptor();
            subject.Digest[message.Algorithm switch { "SHA2_384" => "sha384", "SHA2_512" => "sha512", _ => "sha256" }] =
                Convert.ToHexString(message.Digest).ToLowerInvariant();
            return new BundleSummary
            {
                BundlePath = bundlePath,
                PayloadType = "(message signature)",
                KeyHint = bundle.PublicKeyHint,
                CertificateCount = bundle.Certificates.Count,
                SignerIdentity = bundle.Certificates.Count > 0 ? SignerIdentity.ReadUnverified(bundle.Certificates[0]) : null,
                SignatureAlgorithm = SignatureShape.Guess(message.Signature),
                Subjects = new[] { subject },
            };
        }

        private static BundleSummary From(string bundlePath, DsseEnvelope envelope, string? hint, IReadOnlyList<byte[]> certificates)
        {
            var summary = new BundleSummary
            {
                BundlePath = bundlePath,
                PayloadType = envelope.PayloadType,
                KeyHint = hint,
                CertificateCount = certificates.Count,
                SignerIdentity = certificates.Count > 0 ? SignerIdentity.ReadUnverified(certificates[0]) : null,
                SignatureAlgorithm = SignatureShape.Guess(envelope.Signatures.Count > 0 ? envelope.Signatures[0].Signature : null),
            };
            if (!(JsonReader.Parse(envelope.Payload) is JsonObject statement))
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
