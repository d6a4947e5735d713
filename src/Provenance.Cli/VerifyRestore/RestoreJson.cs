using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Cli.Identity;
using Provenance.Gate;
using Provenance.Json;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// The --json output, "schemaVersion": 1. Each package carries exactly the fields of the build's verification
    /// report (VerificationReport: id, version, outcome, code, reason, contentHash, statement, signer,
    /// sourceRepository; taken from the report the core writes, so the two cannot drift apart), plus "decision"
    /// (verified, summary, warning, error: what the policy makes of it), the "targets" that restore it and its
    /// "sources": those targets and anything else that brought it in ("PackageDownload (net10.0)",
    /// "MSBuild project SDK (&lt;global.json&gt;)", "local tool (&lt;dotnet-tools.json&gt;)").
    /// </summary>
    internal static class RestoreJson
    {
        public static JsonObject ToJson(ProjectConfiguration project, RestoreInventory inventory, IReadOnlyList<TrustedKey> keys, RestoreVerdict verdict)
        {
            var byKey = verdict.Packages.ToDictionary(p => Key(p.Result.Id, p.Result.Version), StringComparer.OrdinalIgnoreCase);
            var targets = new HashSet<string>(inventory.Targets, StringComparer.Ordinal);
            var report = (JsonObject)JsonReader.Parse(VerificationReport.ToUtf8Bytes(verdict.Results));
            IReadOnlyDictionary<PackageVerdict, SignerIdentity> signers = PackageSigners.Read(verdict);
            var packages = new JsonArray();
            foreach (JsonValue value in report.GetArray("packages")!.Items)
            {
                var reported = (JsonObject)value;
                PackageVerdict verdictOf = byKey[Key(reported.GetString("id")!, reported.GetString("version")!)];
                var package = new JsonObject();
                foreach (var member in reported.Members) package.Add(member.Key, member.Value);
                package.Add("decision", DecisionNames.Level(verdictOf.Decision));
                if (verdictOf.Decision.Code != null && verdictOf.Decision.Code != verdictOf.Result.Code) package.Add("decisionCode", verdictOf.Decision.Code);
                // "signerCertificate": the certificate identity and Fulcio claims, "verified" when the gate verified the package; null for keys.
                package.Add("signerCertificate", signers.TryGetValue(verdictOf, out SignerIdentity? signer) ? signer.ToJson() : (JsonValue)JsonNull.Instance);
                package.Add("targets", Strings(verdictOf.Package.Sources.Where(targets.Contains)));
                package.Add("sources", Strings(verdictOf.Package.Sources));
                packages.Add(package);
            }

            var outcomes = new JsonObject();
            foreach (var pair in DecisionNames.ByOutcome(verdict)) outcomes.Add(pair.Key, pair.Value);
            var root = new JsonObject().Add("schemaVersion", VerifyRestoreCommand.SchemaVersion);
            root.AddIfNotEmpty("project", project.ProjectPath);
            root.Add("assetsFile", System.IO.Path.GetFullPath(project.AssetsFile!));
            root.Add("targets", Strings(inventory.Targets));
            root.Add("trustedKeys", new JsonArray(keys.Select(k =>
            {
                var key = new JsonObject().Add("hint", k.Key.Hint);
                return (JsonValue)key.AddIfNotEmpty("path", k.Path);
            })));
            root.Add("packages", packages);
            root.Add("summary", new JsonObject()
                .Add("packages", verdict.Packages.Count)
                .Add("outcomes", outcomes)
                .Add("errors", verdict.Errors)
                .Add("warnings", verdict.Warnings)
                .Add("policyPassed", !verdict.Failed));
            return root;
        }

        private static JsonArray Strings(IEnumerable<string> values) => new JsonArray(values.Select(v => (JsonValue)new JsonString(v)));

        private static string Key(string id, string version) => id + "/" + version;
    }
}
