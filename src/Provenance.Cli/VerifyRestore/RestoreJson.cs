using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Json;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// The --json output, "schemaVersion": 1. Each package carries exactly the fields of the build's verification
    /// report (VerificationReport: id, version, outcome, code, reason, contentHash, statement, signer,
    /// sourceRepository; taken from the report the core writes, so the two cannot drift apart), plus "decision"
    /// (verified, summary, warning, error: what the policy makes of it) and the "targets" that restore it.
    /// </summary>
    internal static class RestoreJson
    {
        public static JsonObject ToJson(ProjectConfiguration project, RestoreGraph graph, IReadOnlyList<TrustedKey> keys,
            IReadOnlyList<RestoreRow> rows, RestoreSummary summary)
        {
            var byKey = rows.ToDictionary(r => Key(r.Result.Id, r.Result.Version), StringComparer.OrdinalIgnoreCase);
            var report = (JsonObject)JsonReader.Parse(VerificationReport.ToUtf8Bytes(rows.Select(r => r.Result)));
            var packages = new JsonArray();
            foreach (JsonValue value in report.GetArray("packages")!.Items)
            {
                var reported = (JsonObject)value;
                RestoreRow row = byKey[Key(reported.GetString("id")!, reported.GetString("version")!)];
                var package = new JsonObject();
                foreach (var member in reported.Members) package.Add(member.Key, member.Value);
                package.Add("decision", row.LevelName);
                if (row.Decision.Code != null && row.Decision.Code != row.Result.Code) package.Add("decisionCode", row.Decision.Code);
                package.Add("targets", new JsonArray(row.Targets.Select(t => (JsonValue)new JsonString(t))));
                packages.Add(package);
            }

            var outcomes = new JsonObject();
            foreach (var pair in summary.ByOutcome) outcomes.Add(pair.Key, pair.Value);
            var root = new JsonObject().Add("schemaVersion", VerifyRestoreCommand.SchemaVersion);
            root.AddIfNotEmpty("project", project.ProjectPath);
            root.Add("assetsFile", System.IO.Path.GetFullPath(project.AssetsFile!));
            root.Add("targets", new JsonArray(graph.Targets.Select(t => (JsonValue)new JsonString(t))));
            root.Add("trustedKeys", new JsonArray(keys.Select(k =>
            {
                var key = new JsonObject().Add("hint", k.Key.Hint);
                return (JsonValue)key.AddIfNotEmpty("path", k.Path);
            })));
            root.Add("packages", packages);
            root.Add("summary", new JsonObject()
                .Add("packages", summary.Packages)
                .Add("outcomes", outcomes)
                .Add("errors", summary.Errors)
                .Add("warnings", summary.Warnings)
                .Add("policyPassed", !summary.PolicyFailed));
            return root;
        }

        private static string Key(string id, string version) => id + "/" + version;
    }
}
