using System;
using System.IO;
using System.Linq;
using Provenance.Cli.CommandLine;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Slsa;

namespace Provenance.Cli.Rebuild
{
    /// <summary>
    /// `rebuild &lt;file.nupkg&gt; --attest`: one verdict for the whole package, an SLSA Verification Summary signed like
    /// the single-artifact one (<see cref="RebuildAttestation"/>). Its one subject is the package file as the producer's
    /// &lt;package&gt;.nupkg.sigstore.json names it: sha512 = NuGet's content hash (what restore records and the restore
    /// gate compares, unchanged by a repository signature) and sha256 of the file, so `verify &lt;file.nupkg&gt; --bundle
    /// &lt;verdict&gt;` checks a package against the verdict. inputAttestations name the package statement and every
    /// assembly provenance by the sha256 of its bundle entry (the digest the package statement lists for it).
    /// </summary>
    internal static class PackageRebuildAttestation
    {
        public const string PolicyUri = "https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/rebuild.md#rebuilding-a-package";
        public const string PackageField = PolicyUri;

        public static byte[] CreateStatement(PackageRebuildResult result, DateTimeOffset timeVerified)
        {
            string sha512, sha256;
            try
            {
                sha512 = PackageContentHash.ComputeHex(result.Package);
                sha256 = Sha256Hex(result.Package);
            }
            catch (Exception e) when (e is ProvenanceException || e is IOException || e is UnauthorizedAccessException)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.PackageUnreadable, $"--attest: the package '{result.Package}' cannot be hashed: {e.Message}", e);
            }
            result.ContentHashSha512 = sha512;
            result.FileSha256 = sha256;
            var subject = new ResourceDescriptor { Name = Path.GetFileName(result.Package) }.WithDigest("sha256", sha256).WithDigest("sha512", sha512);

            string purl = PackageUrl(result);
            var inputs = new JsonArray().Add(new ResourceDescriptor { Uri = purl + "#" + PackageAttestation.EmbeddedBundleEntryName }
                .WithDigest("sha256", result.StatementBundleSha256).ToJson());
            foreach (var provenance in result.ProvenanceSha256)
                inputs.Add(new ResourceDescriptor { Uri = purl + "#" + provenance.Key }.WithDigest("sha256", provenance.Value).ToJson());

            RebuildResult[] rebuilt = result.Frameworks.Where(f => f.Result != null).Select(f => f.Result!).ToArray();
            var sources = rebuilt.Select(r => (r.Project, r.Commit, r.RepositoryUrl)).Distinct().ToArray();
            string resourceUri = sources.Length == 1 ? VerificationSummary.ProjectResourceUri(sources[0].Project, sources[0].RepositoryUrl, sources[0].Commit) : purl;
            var verifierVersion = new JsonObject()
                .Add("dotnet-provenance", typeof(PackageRebuildAttestation).Assembly.GetName().Version?.ToString(3) ?? "unknown")
                .AddIfNotEmpty("dotnetSdk", rebuilt.Select(r => r.RebuildSdk).FirstOrDefault(s => s != null));

            string level = !result.Reproduced ? VerificationSummary.Failed : result.Verified ? VerificationSummary.BuildLevel1 : VerificationSummary.BuildLevel0;
            var predicate = new JsonObject()
                .Add("verifier", new JsonObject().Add("id", RebuildAttestation.VerifierId).Add("version", verifierVersion))
                .Add("timeVerified", InTotoStatement.FormatTimestamp(timeVerified))
                .Add("resourceUri", resourceUri)
                .Add("policy", new JsonObject().Add("uri", PolicyUri))
                .Add("inputAttestations", inputs)
                .Add("verificationResult", result.Reproduced ? VerificationSummary.Passed : VerificationSummary.Failed)
                .Add("verifiedLevels", new JsonArray().Add(new JsonString(level)))
                .Add("slsaVersion", VerificationSummary.SlsaVersion)
                .Add(PackageField, PackageRebuildOutput.Summary(result));
            return JsonWriter.ToUtf8Bytes(InTotoStatement.ToJson(new[] { subject }, VerificationSummary.PredicateType, predicate), indented: true);
        }

        private static string Sha256Hex(string path)
        {
            using (FileStream stream = File.OpenRead(path))
                return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream)).ToLowerInvariant();
        }

        /// <summary>pkg:nuget/&lt;id&gt;@&lt;version&gt; from the nuspec, else the file name (a package without a readable nuspec).</summary>
        internal static string PackageUrl(PackageRebuildResult result) =>
            result.Id != null && result.Version != null
                ? "pkg:nuget/" + Uri.EscapeDataString(result.Id) + "@" + Uri.EscapeDataString(result.Version)
                : Uri.EscapeDataString(Path.GetFileName(result.Package));
    }
}
