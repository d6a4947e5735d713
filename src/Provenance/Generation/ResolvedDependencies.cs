using System;
using System.Collections.Generic;
using System.IO;
using Provenance.Capture;
using Provenance.Json;
using Provenance.Slsa;

namespace Provenance.Generation
{
    /// <summary>
    /// resolvedDependencies in a fixed group order (source commit, input files, packages, analyzers, project
    /// references), each group sorted ordinally by name (or uri) and de-duplicated.
    /// </summary>
    internal static class ResolvedDependencies
    {
        public const string AnalyzerKind = "analyzer";
        public const string ProjectReferenceKind = "project-reference";

        public static List<ResourceDescriptor> Collect(ProvenanceRequest request, RecordedPathNames names, FileDigestCache digests)
        {
            var dependencies = new List<ResourceDescriptor>();
            if (request.Source != null && SourceReference.ToDescriptor(request.Source) is ResourceDescriptor source) dependencies.Add(source);
            dependencies.AddRange(Files(request.Inputs, names, digests, defaultKind: "input"));
            dependencies.AddRange(Packages(request.Packages));
            dependencies.AddRange(Files(request.Analyzers, names, digests, defaultKind: AnalyzerKind));
            dependencies.AddRange(ProjectReferences(request.ProjectReferences, names, digests));
            return dependencies;
        }

        /// <summary>
        /// One entry per recorded name and digest. A file listed with several kinds (a source that is also an
        /// additional file) keeps the kind that sorts first, so the result does not depend on item order.
        /// </summary>
        private static IEnumerable<ResourceDescriptor> Files(IEnumerable<InputFile> files, RecordedPathNames names, FileDigestCache digests, string defaultKind)
        {
            var byKey = new SortedDictionary<string, (string Name, string Sha256, string Kind, string? PackageId)>(StringComparer.Ordinal);
            foreach (InputFile file in files)
            {
                if (string.IsNullOrEmpty(file.Path)) continue;
                string name = names.Name(file.Path, file.PackageId);
                string sha256 = digests.Sha256Hex(file.Path);
                string kind = string.IsNullOrEmpty(file.Kind) ? defaultKind : file.Kind;
                string key = name + "\n" + sha256;
                if (byKey.TryGetValue(key, out var existing) && string.CompareOrdinal(existing.Kind, kind) <= 0) continue;
                byKey[key] = (name, sha256, kind, file.PackageId);
            }
            foreach (var entry in byKey.Values)
            {
                var annotations = new JsonObject().Add("kind", entry.Kind).AddIfNotEmpty("package", entry.PackageId);
                yield return new ResourceDescriptor { Name = entry.Name, Annotations = annotations }.WithDigest("sha256", entry.Sha256);
            }
        }

        /// <summary>pkg:nuget/&lt;id&gt;@&lt;version&gt; with NuGet's own sha512 content hash (never re-hashed here).</summary>
        private static IEnumerable<ResourceDescriptor> Packages(IEnumerable<RestoredPackage> packages)
        {
            var byUri = new SortedDictionary<string, RestoredPackage>(StringComparer.Ordinal);
            foreach (RestoredPackage package in packages)
            {
                if (!HexEncoding.IsLowerHex(package.Sha512Hex, 128))
                    throw new ArgumentException($"Package {package.Id} {package.Version}: Sha512Hex is not 128 lowercase hex digits.", nameof(packages));
                byUri[package.PackageUrl] = package;
            }
            foreach (var pair in byUri)
                yield return new ResourceDescriptor { Uri = pair.Key, Annotations = VerifiedProvenance(pair.Value) }.WithDigest("sha512", pair.Value.Sha512Hex);
        }

        /// <summary>
        /// The consumer half of the chain: when this build verified the package's own provenance, the digest of the
        /// statement it verified and the signer, so one can walk from this output to the package's sources.
        /// </summary>
        private static JsonObject? VerifiedProvenance(RestoredPackage package)
        {
            if (package.VerifiedStatementSha256 == null) return null;
            return new JsonObject()
                .Add("provenanceStatementSha256", package.VerifiedStatementSha256)
                .AddIfNotEmpty("provenanceSigner", package.VerifiedSigner);
        }

        /// <summary>
        /// The chain: each referenced project's output with its digest, and the name and digest of the provenance
        /// file written beside it, so a verifier can walk from this statement to the one that attests the reference.
        /// </summary>
        private static IEnumerable<ResourceDescriptor> ProjectReferences(IEnumerable<ProjectReferenceOutput> references, RecordedPathNames names, FileDigestCache digests)
        {
            var byName = new SortedDictionary<string, ResourceDescriptor>(StringComparer.Ordinal);
            foreach (ProjectReferenceOutput reference in references)
            {
                if (string.IsNullOrEmpty(reference.OutputPath)) continue;
                var annotations = new JsonObject()
                    .Add("kind", ProjectReferenceKind)
                    .AddIfNotEmpty("project", string.IsNullOrEmpty(reference.ProjectPath) ? null : names.Name(reference.ProjectPath));
                if (!string.IsNullOrEmpty(reference.ProvenancePath))
                {
                    annotations.Add("provenanceFile", Path.GetFileName(reference.ProvenancePath!));
                    annotations.Add("provenanceSha256", digests.Sha256Hex(reference.ProvenancePath!));
                }
                string name = names.Name(reference.OutputPath);
                byName[name] = new ResourceDescriptor { Name = name, Annotations = annotations }.WithDigest("sha256", digests.Sha256Hex(reference.OutputPath));
            }
            return byName.Values;
        }
    }
}
