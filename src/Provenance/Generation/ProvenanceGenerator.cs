using System;
using System.Collections.Generic;
using System.IO;
using Provenance.Bundles;
using Provenance.Capture;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Slsa;

namespace Provenance.Generation
{
    /// <summary>
    /// Turns a <see cref="ProvenanceRequest"/> into the in-toto statement (the DSSE payload) and signs it into a
    /// Sigstore bundle. The statement is deterministic: the same request gives the same bytes, because every
    /// list is sorted ordinally and de-duplicated and every object's members are written in a fixed order.
    /// </summary>
    public static class ProvenanceGenerator
    {
        /// <summary>
        /// The predicate's buildType; every field it implies is documented on that page. v2 renamed v1's
        /// internalParameters.source to "checkout" (SLSA v1: a name SHOULD NOT appear in both parameter maps) and
        /// records the repository in one canonical form; readers accept both (<see cref="BuildTypeV1"/>).
        /// </summary>
        public const string BuildType = "https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/buildtype-v2.md";

        /// <summary>What statements written before v2 carry; docs/buildtype-v1.md describes them.</summary>
        public const string BuildTypeV1 = "https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/buildtype-v1.md";

        /// <summary>The statement as UTF-8 JSON without BOM, indented with two spaces, ending in "\n".</summary>
        public static byte[] CreateStatement(ProvenanceRequest request, FileDigestCache digests)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (digests == null) throw new ArgumentNullException(nameof(digests));
            Validate(request);

            // Subjects first: a missing output is the error to report even when an input is unreadable too.
            return CreateStatement(request, digests, Subjects(request, digests));
        }

        /// <summary>
        /// A statement for subjects the caller already digested (the entries of a package), with the predicate built
        /// from the request exactly as for files. The request's own Subjects are ignored.
        /// </summary>
        public static byte[] CreateStatement(ProvenanceRequest request, FileDigestCache digests, IReadOnlyList<ResourceDescriptor> subjects)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (digests == null) throw new ArgumentNullException(nameof(digests));
            if (subjects == null || subjects.Count == 0)
                throw new ProvenanceException(DiagnosticCodes.SubjectMissing, $"There is nothing to attest for '{request.ProjectPath}': the request has no subject.");
            ValidateFacts(request);
            subjects = Canonical(subjects);
            var names = new RecordedPathNames(request.RepositoryRoot, request.Packages);
            // Dependencies first (hashing the inputs is most of the work): the repository's dirty check, which the
            // parameters record, may still be running in the background meanwhile (GitSourceInfo.DirtyWhenDone).
            JsonArray dependencies = ToJson(ResolvedDependencies.Collect(request, names, digests));
            var predicate = new JsonObject()
                .Add("buildDefinition", new JsonObject()
                    .Add("buildType", BuildType)
                    .Add("externalParameters", BuildParameters.External(request, names))
                    .Add("internalParameters", BuildParameters.Internal(request))
                    .Add("resolvedDependencies", dependencies))
                .Add("runDetails", RunDetails(request, digests));

            JsonObject statement = InTotoStatement.ToJson(subjects, InTotoStatement.SlsaProvenanceV1, predicate);
            return JsonWriter.ToUtf8Bytes(statement, indented: true);
        }

        /// <summary>
        /// Signs the statement bytes verbatim (DSSE, payloadType application/vnd.in-toto+json) and wraps the
        /// envelope in a Sigstore bundle v0.3 naming the public key by its hint.
        /// </summary>
        public static byte[] CreateBundle(byte[] statement, ISigner signer)
        {
            if (statement == null || statement.Length == 0) throw new ArgumentException("A statement is required.", nameof(statement));
            if (signer == null) throw new ArgumentNullException(nameof(signer));
            DsseEnvelope envelope = DsseEnvelope.Sign(Pae.InTotoPayloadType, statement, signer);
            return SigstoreBundle.ForPublicKey(envelope, signer.PublicKey).ToUtf8Bytes();
        }

        private static void Validate(ProvenanceRequest request)
        {
            ValidateFacts(request);
            if (request.Subjects.Count == 0)
                throw new ProvenanceException(DiagnosticCodes.SubjectMissing, $"There is nothing to attest for '{request.ProjectPath}': the request has no subject.");
        }

        /// <summary>Given subjects in the same canonical form as file subjects: named, lowercase hex, sorted, one per name.</summary>
        private static IReadOnlyList<ResourceDescriptor> Canonical(IReadOnlyList<ResourceDescriptor> subjects)
        {
            var byName = new SortedDictionary<string, ResourceDescriptor>(StringComparer.Ordinal);
            foreach (ResourceDescriptor subject in subjects)
            {
                if (string.IsNullOrEmpty(subject.Name) || subject.Digest.Count == 0)
                    throw new ArgumentException("Every subject needs a name and a digest.", nameof(subjects));
                foreach (var digest in subject.Digest)
                    if (!HexEncoding.IsLowerHex(digest.Value, digest.Value.Length) || digest.Value.Length == 0)
                        throw new ArgumentException($"Subject '{subject.Name}': the {digest.Key} digest is not lowercase hex.", nameof(subjects));
                if (byName.ContainsKey(subject.Name!))
                    throw new ArgumentException($"Subject '{subject.Name}' is given twice.", nameof(subjects));
                byName.Add(subject.Name!, subject);
            }
            return new List<ResourceDescriptor>(byName.Values);
        }

        private static void ValidateFacts(ProvenanceRequest request)
        {
            Require(request.RepositoryRoot, nameof(request.RepositoryRoot));
            Require(request.ProjectPath, nameof(request.ProjectPath));
            Require(request.SubjectBaseDirectory, nameof(request.SubjectBaseDirectory));
            Require(request.BuilderId, nameof(request.BuilderId));
        }

        private static void Require(string value, string name)
        {
            if (string.IsNullOrEmpty(value)) throw new ArgumentException($"ProvenanceRequest.{name} is required.", name);
        }

        /// <summary>Names relative to SubjectBaseDirectory; sha256 always, sha512 too for packages (NuGet's content hash).</summary>
        private static List<ResourceDescriptor> Subjects(ProvenanceRequest request, FileDigestCache digests)
        {
            var subjects = new SortedDictionary<string, ResourceDescriptor>(StringComparer.Ordinal);
            foreach (string path in request.Subjects)
            {
                if (!File.Exists(path))
                    throw new ProvenanceException(DiagnosticCodes.SubjectMissing, $"The file to attest '{path}' does not exist.");
                var subject = new ResourceDescriptor { Name = SubjectName(request.SubjectBaseDirectory, path) };
                subject.WithDigest("sha256", digests.Sha256Hex(path));
                if (IsPackage(path)) subject.WithDigest("sha512", digests.Sha512Hex(path));
                subjects[subject.Name] = subject;
            }
            return new List<ResourceDescriptor>(subjects.Values);
        }

        private static string SubjectName(string baseDirectory, string path) =>
            RecordedPathNames.RelativeTo(baseDirectory, path) ?? Path.GetFileName(path);

        private static bool IsPackage(string path) =>
            path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".snupkg", StringComparison.OrdinalIgnoreCase);

        private static JsonObject RunDetails(ProvenanceRequest request, FileDigestCache digests)
        {
            var version = new JsonObject()
                .AddIfNotEmpty("Provenance.MSBuild", request.ToolVersion)
                .AddIfNotEmpty("dotnetSdk", request.SdkVersion);
            var builder = new JsonObject().Add("id", request.BuilderId).AddIfNotEmpty("version", version);
            var metadata = new JsonObject()
                .AddIfNotEmpty("invocationId", request.InvocationId)
                .Add("startedOn", InTotoStatement.FormatTimestamp(request.StartedOn))
                .Add("finishedOn", InTotoStatement.FormatTimestamp(request.FinishedOn));
            return new JsonObject()
                .Add("builder", builder)
                .Add("metadata", metadata)
                .AddIfNotEmpty("byproducts", ToJson(Byproducts(request, digests)));
        }

        private static List<ResourceDescriptor> Byproducts(ProvenanceRequest request, FileDigestCache digests)
        {
            var byproducts = new SortedDictionary<string, ResourceDescriptor>(StringComparer.Ordinal);
            foreach (string path in request.Byproducts)
            {
                if (!File.Exists(path)) continue; // a byproduct is informative; its absence must not fail the build
                string name = SubjectName(request.SubjectBaseDirectory, path);
                byproducts[name] = new ResourceDescriptor { Name = name }.WithDigest("sha256", digests.Sha256Hex(path));
            }
            return new List<ResourceDescriptor>(byproducts.Values);
        }

        private static JsonArray ToJson(IEnumerable<ResourceDescriptor> descriptors)
        {
            var array = new JsonArray();
            foreach (ResourceDescriptor descriptor in descriptors) array.Add(descriptor.ToJson());
            return array;
        }
    }
}
