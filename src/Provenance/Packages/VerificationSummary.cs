using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Provenance.Capture;
using Provenance.Generation;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Slsa;

namespace Provenance.Packages
{
    /// <summary>
    /// The verdict of a consumer verification as a document: a SLSA Verification Summary Attestation
    /// (https://slsa.dev/spec/v1.1/verification_summary) in an in-toto Statement v1, signed like provenance (DSSE in a
    /// Sigstore bundle v0.3), so that someone who was not at the build can check what the restore gate decided and
    /// under which policy. Every field is documented in docs/vsa-v1.md. Deterministic: the same request gives the same
    /// statement bytes (timeVerified included when it is fixed, e.g. by SOURCE_DATE_EPOCH).
    /// </summary>
    public static class VerificationSummary
    {
        public const string PredicateType = "https://slsa.dev/verification_summary/v1";

        /// <summary>The SLSA version whose VSA fields (verifier.version) and build levels the summary uses.</summary>
        public const string SlsaVersion = "1.1";

        public const string Passed = "PASSED";
        public const string Failed = "FAILED";
        public const string BuildLevel0 = "SLSA_BUILD_LEVEL_0";
        public const string BuildLevel1 = "SLSA_BUILD_LEVEL_1";

        /// <summary>The page that defines this document; its fragments name our extension field and the default policy.</summary>
        public const string DocumentationUri = "https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/vsa-v1.md";

        /// <summary>
        /// The per-package results. The VSA has no per-dependency outcome; its parsing rules let producers add fields
        /// whose names are URIs, and consumers must ignore fields they do not know.
        /// </summary>
        public const string PackagesField = DocumentationUri + "#packages";

        /// <summary>policy.uri when the caller names none: the consumer's ProvenancePolicy and ProvenanceTrustedKey items.</summary>
        public const string DefaultPolicyUri = DocumentationUri + "#policy";

        /// <summary>verifier.id when the caller names none: the restore gate of Provenance.MSBuild.</summary>
        public const string DefaultVerifierId = "https://github.com/provenance-msbuild/Provenance.MSBuild/verifiers/restore";

        /// <summary>
        /// inputAttestations[].uri of a package's statement: the package's purl with the entry that holds the bundle as
        /// its subpath (purl's "#subpath"), which is where a reader finds it.
        /// </summary>
        public static string StatementUri(VerificationSummaryPackage package) =>
            package.PackageUrl + "#" + PackageAttestation.EmbeddedBundleEntryName;

        /// <summary>The statement as UTF-8 JSON without BOM, indented with two spaces, ending in "\n".</summary>
        /// <exception cref="ArgumentException">A malformed request, or no package with a content hash (a statement needs a subject).</exception>
        public static byte[] CreateStatement(VerificationSummaryRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Validate(request);
            IReadOnlyList<VerificationSummaryPackage> packages = Canonical(request.Packages);
            List<ResourceDescriptor> subjects = Subjects(packages);
            if (subjects.Count == 0)
                throw new ArgumentException("No verified package has a content hash, so the summary has no subject; HasSubjects says when to skip it.", nameof(request));

            bool failed = packages.Any(p => p.Failed);
            var predicate = new JsonObject()
                .Add("verifier", Verifier(request))
                .Add("timeVerified", InTotoStatement.FormatTimestamp(request.TimeVerified ?? TimeVerifiedNow()))
                .Add("resourceUri", request.ResourceUri)
                .Add("policy", new ResourceDescriptor { Uri = request.PolicyUri }
                    .WithDigest("sha256", FileDigests.Sha256Hex(request.CanonicalPolicy)).ToJson())
                .Add("inputAttestations", InputAttestations(packages))
                .Add("verificationResult", failed ? Failed : Passed)
                .Add("verifiedLevels", new JsonArray().Add(new JsonString(failed ? Failed : LowestLevel(packages))))
                .Add("dependencyLevels", DependencyLevels(packages))
                .Add("slsaVersion", SlsaVersion)
                .Add(PackagesField, PackageResults(packages));

            JsonObject statement = InTotoStatement.ToJson(subjects, PredicateType, predicate);
            return JsonWriter.ToUtf8Bytes(statement, indented: true);
        }

        /// <summary>Whether <see cref="CreateStatement"/> has a subject to name: at least one package with a content hash.</summary>
        public static bool HasSubjects(VerificationSummaryRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            return request.Packages.Any(p => p.Result.ContentHashSha512 != null);
        }

        /// <summary>Signs the statement bytes verbatim into a Sigstore bundle v0.3, exactly as provenance is signed.</summary>
        public static byte[] CreateBundle(byte[] statement, ISigner signer) => ProvenanceGenerator.CreateBundle(statement, signer);

        /// <summary>
        /// Writes the signed summary to <paramref name="path"/> through a temporary file and a rename (never half-written;
        /// left untouched when the bytes are the same). Returns false, and deletes a summary left by an earlier restore,
        /// when there is no package to name: a stale verdict about other packages must not survive.
        /// </summary>
        /// <exception cref="ProvenanceException">PROV1012 when the file cannot be written or the old one removed; signing errors as the signer raises them.</exception>
        public static bool Write(string path, VerificationSummaryRequest request, ISigner signer)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("A path is required.", nameof(path));
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (signer == null) throw new ArgumentNullException(nameof(signer));
            if (!HasSubjects(request))
            {
                try { if (File.Exists(path)) File.Delete(path); }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"The old verification summary '{path}' cannot be deleted: {e.Message}", e);
                }
                return false;
            }

            byte[] bundle = CreateBundle(CreateStatement(request), signer);
            try { AtomicFile.WriteIfChanged(path, bundle); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"The verification summary '{path}' cannot be written: {e.Message}", e);
            }
            return true;
        }

        /// <summary>
        /// timeVerified as the generator dates provenance: SOURCE_DATE_EPOCH when set (reproducible builds give identical
        /// summaries), else <paramref name="now"/>; UTC, whole seconds.
        /// </summary>
        /// <exception cref="ProvenanceException">PROV3007 when SOURCE_DATE_EPOCH is not a whole number of seconds.</exception>
        public static DateTimeOffset TimeVerifiedFor(string? sourceDateEpoch, DateTimeOffset now)
        {
            if (!string.IsNullOrEmpty(sourceDateEpoch))
            {
                if (!long.TryParse(sourceDateEpoch, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) || seconds > 253402300799)
                    throw new ProvenanceException(DiagnosticCodes.SourceDateEpochInvalid, $"SOURCE_DATE_EPOCH '{sourceDateEpoch}' is not a whole number of seconds since 1970-01-01.");
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
            return DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        }

        /// <summary><see cref="TimeVerifiedFor"/> with this process's SOURCE_DATE_EPOCH and clock.</summary>
        public static DateTimeOffset TimeVerifiedNow() =>
            TimeVerifiedFor(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), DateTimeOffset.UtcNow);

        /// <summary>
        /// resourceUri of a consumer project (docs/vsa-v1.md#resourceuri): "git+&lt;repository url&gt;[@&lt;commit&gt;]#&lt;project path&gt;"
        /// when the repository has a remote URL, else the project path alone as a relative URI reference. The path is
        /// relative to the repository root with '/' separators, each segment percent-encoded; the URL loses user-info,
        /// query and fragment. A remote that is a local path is left out: it names a machine, not a repository.
        /// </summary>
        public static string ProjectResourceUri(string projectPath, string? repositoryUrl = null, string? commit = null)
        {
            if (string.IsNullOrEmpty(projectPath)) throw new ArgumentException("The project path is required.", nameof(projectPath));
            string[] segments = projectPath.Replace('\\', '/').Split('/');
            if (projectPath.StartsWith("/", StringComparison.Ordinal) || projectPath.StartsWith("\\", StringComparison.Ordinal)
                || (projectPath.Length >= 2 && projectPath[1] == ':')
                || segments.Any(s => s.Length == 0 || s == "." || s == ".."))
                throw new ArgumentException($"'{projectPath}' is not a path relative to the repository root.", nameof(projectPath));
            string path = string.Join("/", segments.Select(Uri.EscapeDataString));

            string? url = string.IsNullOrWhiteSpace(repositoryUrl) ? null : UrlSanitizer.RemoveUserInfo(repositoryUrl!);
            if (url == null || url.IndexOf("://", StringComparison.Ordinal) < 0 || url.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
                return path;
            string at = "";
            if (!string.IsNullOrEmpty(commit))
            {
                if (!HexEncoding.IsObjectId(commit!.Trim())) throw new ArgumentException($"'{commit}' is not a full commit id.", nameof(commit));
                at = "@" + commit.Trim().ToLowerInvariant();
            }
            return "git+" + url + at + "#" + path;
        }

        private static void Validate(VerificationSummaryRequest request)
        {
            if (!Uri.TryCreate(request.VerifierId, UriKind.Absolute, out _))
                throw new ArgumentException($"verifier.id '{request.VerifierId}' is not an absolute URI.", nameof(request));
            if (string.IsNullOrEmpty(request.PolicyUri) || !Uri.TryCreate(request.PolicyUri, UriKind.RelativeOrAbsolute, out _))
                throw new ArgumentException($"policy.uri '{request.PolicyUri}' is not a URI.", nameof(request));
            // The summary is shared; a machine path in resourceUri would leak a user name or an agent's work folder.
            string resource = request.ResourceUri;
            if (resource.Length == 0 || resource.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\')
                || resource.StartsWith("/", StringComparison.Ordinal) || (resource.Length >= 2 && resource[1] == ':')
                || resource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
                || !Uri.TryCreate(resource, UriKind.RelativeOrAbsolute, out _))
                throw new ArgumentException($"resourceUri '{resource}' is not a URI without machine paths (see ProjectResourceUri).", nameof(request));
            foreach (var component in request.VerifierVersion)
                if (string.IsNullOrEmpty(component.Key) || string.IsNullOrEmpty(component.Value))
                    throw new ArgumentException("verifier.version needs a name and a version for every component.", nameof(request));
        }

        /// <summary>One entry per package (NuGet ids ignore case), sorted by purl; the same package given twice must agree.</summary>
        private static IReadOnlyList<VerificationSummaryPackage> Canonical(IReadOnlyList<VerificationSummaryPackage> packages)
        {
            var byUrl = new Dictionary<string, VerificationSummaryPackage>(StringComparer.OrdinalIgnoreCase);
            foreach (VerificationSummaryPackage package in packages)
            {
                if (package == null) throw new ArgumentException("A package entry is null.", nameof(packages));
                PackageVerificationResult result = package.Result;
                if (string.IsNullOrEmpty(result.Id) || string.IsNullOrEmpty(result.Version))
                    throw new ArgumentException("Every package needs an id and a version.", nameof(packages));
                if (result.ContentHashSha512 != null && !HexEncoding.IsLowerHex(result.ContentHashSha512, 128))
                    throw new ArgumentException($"{package.PackageUrl}: the content hash is not 128 lowercase hex digits.", nameof(packages));
                if (result.StatementSha256 != null && !HexEncoding.IsLowerHex(result.StatementSha256, 64))
                    throw new ArgumentException($"{package.PackageUrl}: the statement digest is not 64 lowercase hex digits.", nameof(packages));
                if (byUrl.TryGetValue(package.PackageUrl, out VerificationSummaryPackage? seen))
                {
                    if (!Same(seen, package))
                        throw new ArgumentException($"{package.PackageUrl} is given twice with different results.", nameof(packages));
                    continue;
                }
                byUrl.Add(package.PackageUrl, package);
            }
            return byUrl.Values.OrderBy(p => p.PackageUrl, StringComparer.Ordinal).ToList();
        }

        private static bool Same(VerificationSummaryPackage a, VerificationSummaryPackage b) =>
            a.Result.Outcome == b.Result.Outcome && a.Decision.Level == b.Decision.Level && a.Required == b.Required
            && a.Result.ContentHashSha512 == b.Result.ContentHashSha512 && a.Result.StatementSha256 == b.Result.StatementSha256
            && a.Result.SignerHint == b.Result.SignerHint && a.Result.SourceRepository == b.Result.SourceRepository;

        /// <summary>Every package whose content hash is known, named by purl, digest sha512 = NuGet's content hash.</summary>
        private static List<ResourceDescriptor> Subjects(IEnumerable<VerificationSummaryPackage> packages) =>
            packages.Where(p => p.Result.ContentHashSha512 != null)
                .Select(p => new ResourceDescriptor { Name = p.PackageUrl }.WithDigest("sha512", p.Result.ContentHashSha512!))
                .ToList();

        private static JsonObject Verifier(VerificationSummaryRequest request)
        {
            var version = new JsonObject();
            foreach (var component in request.VerifierVersion.OrderBy(c => c.Key, StringComparer.Ordinal))
                version.Add(component.Key, component.Value);
            return new JsonObject().Add("id", request.VerifierId).AddIfNotEmpty("version", version);
        }

        /// <summary>Every package statement whose signature was checked (a statement digest is only known then).</summary>
        private static JsonArray InputAttestations(IEnumerable<VerificationSummaryPackage> packages)
        {
            var array = new JsonArray();
            foreach (VerificationSummaryPackage package in packages.Where(p => p.Result.StatementSha256 != null))
                array.Add(new ResourceDescriptor { Uri = StatementUri(package) }.WithDigest("sha256", package.Result.StatementSha256!).ToJson());
            return array;
        }

        /// <summary>
        /// The level one package was verified at. Level 1 only: a signature by a trusted key shows the provenance is the
        /// producer's, but not that the key was out of reach of the build (level 2 asks for a hosted build platform).
        /// </summary>
        private static string LevelOf(VerificationSummaryPackage package) =>
            package.Failed ? Failed : package.Result.IsVerified ? BuildLevel1 : BuildLevel0;

        /// <summary>What every package meets: level 1 when all are verified, else level 0 (the policy let some through unverified).</summary>
        private static string LowestLevel(IEnumerable<VerificationSummaryPackage> packages) =>
            packages.All(p => p.Result.IsVerified) ? BuildLevel1 : BuildLevel0;

        private static JsonObject DependencyLevels(IReadOnlyList<VerificationSummaryPackage> packages)
        {
            var levels = new JsonObject();
            foreach (string level in new[] { BuildLevel1, BuildLevel0, Failed })
            {
                int count = packages.Count(p => LevelOf(p) == level);
                if (count > 0) levels.Add(level, count);
            }
            return levels;
        }

        private static JsonArray PackageResults(IEnumerable<VerificationSummaryPackage> packages)
        {
            var array = new JsonArray();
            foreach (VerificationSummaryPackage package in packages)
            {
                PackageVerificationResult result = package.Result;
                var json = new JsonObject().Add("uri", package.PackageUrl);
                if (result.ContentHashSha512 != null) json.Add("digest", new JsonObject().Add("sha512", result.ContentHashSha512));
                json.Add("outcome", VerificationReport.OutcomeName(result.Outcome))
                    .AddIfNotEmpty("code", result.Code)
                    .Add("required", package.Required)
                    .Add("decision", DecisionName(package.Decision.Level));
                if (result.StatementSha256 != null) json.Add("statement", new JsonObject().Add("sha256", result.StatementSha256));
                json.AddIfNotEmpty("signer", result.SignerHint).AddIfNotEmpty("sourceRepository", result.SourceRepository);
                array.Add(json);
            }
            return array;
        }

        private static string DecisionName(PolicyDecisionLevel level)
        {
            string name = level.ToString();
            return char.ToLowerInvariant(name[0]) + name.Substring(1);
        }
    }
}
