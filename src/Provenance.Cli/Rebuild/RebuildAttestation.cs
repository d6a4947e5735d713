using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Provenance.Cli.CommandLine;
using Provenance.Json;
using Provenance.Keys;
using Provenance.Packages;
using Provenance.Signing;
using Provenance.Slsa;

namespace Provenance.Cli.Rebuild
{
    /// <summary>
    /// `rebuild --attest`: the verdict as an SLSA Verification Summary Attestation, signed like provenance (DSSE in a
    /// Sigstore bundle v0.3), so that a consumer who did not rebuild can require "independently rebuilt". Its subjects
    /// are the artifact's files with the digests the provenance records; inputAttestations names that provenance by the
    /// sha256 of its bundle file; the rebuild's own facts sit in one extension field whose name is a URI (docs/rebuild.md).
    /// </summary>
    internal static class RebuildAttestation
    {
        public const string VerifierId = "https://github.com/provenance-msbuild/Provenance.MSBuild/verifiers/rebuild";
        public const string PolicyUri = "https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/rebuild.md#the-signed-verdict---attest";
        public const string RebuildField = "https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/rebuild.md#rebuild";

        public static byte[] CreateStatement(RebuildResult result, string? repositoryUrl, DateTimeOffset timeVerified)
        {
            var subjects = result.Subjects.Select(s => new ResourceDescriptor { Name = s.Name }.WithDigest("sha256", s.Expected)).ToList();
            var verifierVersion = new JsonObject()
                .Add("dotnet-provenance", typeof(RebuildAttestation).Assembly.GetName().Version?.ToString(3) ?? "unknown")
                .AddIfNotEmpty("dotnetSdk", result.RebuildSdk);
            var rebuild = new JsonObject()
                .Add("commit", result.Commit)
                .Add("project", result.Project)
                .AddIfNotEmpty("configuration", result.Configuration)
                .Add("targetFramework", result.TargetFramework)
                .AddIfNotEmpty("runtimeIdentifier", result.RuntimeIdentifier)
                .AddIfNotEmpty("recordedSdk", result.RecordedSdk)
                .AddIfNotEmpty("rebuildSdk", result.RebuildSdk)
                .Add("provenanceVerified", result.Verified)
                .Add("subjects", new JsonArray(result.Subjects.Select(s => (JsonValue)new JsonObject()
                    .Add("name", s.Name).Add("expected", s.Expected).AddIfNotEmpty("rebuilt", s.Rebuilt).Add("match", s.Match))))
                .Add("reasons", new JsonArray(result.Reasons.Select(r => (JsonValue)new JsonString((r.Code != null ? r.Code + ": " : "") + r.Message))));
            // A rebuild that matched shows the provenance true to its source; it adds no build-platform guarantee, so
            // the level is the one any provenance has (L1), and L0 when the provenance's signature was not checked.
            string level = !result.Reproduced ? VerificationSummary.Failed : result.Verified ? VerificationSummary.BuildLevel1 : VerificationSummary.BuildLevel0;
            var predicate = new JsonObject()
                .Add("verifier", new JsonObject().Add("id", VerifierId).Add("version", verifierVersion))
                .Add("timeVerified", InTotoStatement.FormatTimestamp(timeVerified))
                .Add("resourceUri", VerificationSummary.ProjectResourceUri(result.Project, repositoryUrl, result.Commit))
                .Add("policy", new JsonObject().Add("uri", PolicyUri))
                .Add("inputAttestations", new JsonArray().Add(new ResourceDescriptor { Uri = Path.GetFileName(result.Provenance) }
                    .WithDigest("sha256", Sha256Hex(File.ReadAllBytes(result.Provenance))).ToJson()))
                .Add("verificationResult", result.Reproduced ? VerificationSummary.Passed : VerificationSummary.Failed)
                .Add("verifiedLevels", new JsonArray().Add(new JsonString(level)))
                .Add("slsaVersion", VerificationSummary.SlsaVersion)
                .Add(RebuildField, rebuild);
            return JsonWriter.ToUtf8Bytes(InTotoStatement.ToJson(subjects, VerificationSummary.PredicateType, predicate), indented: true);
        }

        /// <summary>Signs with --key-file, else the per-user development key (which consumers do not trust; said on stderr).</summary>
        public static ResolvedSigner Signer(string? keyFile, string? passwordVariable)
        {
            var settings = new KeySettings { KeyFile = keyFile, PasswordVariable = passwordVariable };
            try
            {
                return SignerResolver.Resolve(settings);
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, e.Code, "--attest: " + e.Message, e);
            }
        }

        public static void Write(string path, byte[] statement, ISigner signer)
        {
            byte[] bundle = VerificationSummary.CreateBundle(statement, signer);
            try
            {
                string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
                if (folder != null) Directory.CreateDirectory(folder);
                AtomicFile.Write(path, bundle);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.OutputNotWritable, $"--attest '{path}' cannot be written: {e.Message}", e);
            }
        }

        private static string Sha256Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
    }
}
