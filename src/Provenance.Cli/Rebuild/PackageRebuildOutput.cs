using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Provenance.Json;

namespace Provenance.Cli.Rebuild
{
    /// <summary>`rebuild &lt;file.nupkg&gt;` as text (one table per framework, the package's entries, a summary line) and as JSON.</summary>
    internal static class PackageRebuildOutput
    {
        public static void WriteText(PackageRebuildResult result, TextWriter writer)
        {
            writer.WriteLine($"rebuild of package {Name(result)} ({result.Package}): {result.Frameworks.Count} assembly provenance{(result.Frameworks.Count == 1 ? "" : "s")}");
            writer.WriteLine(result.Verified
                ? $"  package statement verified: every entry listed with its sha256, none added or missing, signed by {result.SignerHint}"
                : "  package statement not verified (no --key): the entries are compared with it as claimed; the bytes are compared all the same");

            foreach (FrameworkRebuild framework in result.Frameworks)
            {
                writer.WriteLine();
                writer.WriteLine($"framework {framework.Framework} ({framework.ProvenanceEntry})");
                if (framework.Result == null)
                {
                    var error = framework.Error!.Value;
                    writer.WriteLine($"  not rebuilt: {(error.Code != null ? error.Code + ": " : "")}{error.Message.Replace('\n', ' ').Replace('\r', ' ')}");
                    continue;
                }
                RebuildResult rebuild = framework.Result;
                RebuildCommand.WriteHeader(rebuild, writer);
                var rows = rebuild.Subjects.Select(s => (Subject: s, Entry: EntryOf(result, framework, s.Name))).ToList();
                int width = Math.Max("subject".Length, rows.Select(r => r.Subject.Name.Length).DefaultIfEmpty(0).Max());
                int entryWidth = Math.Max("package entry".Length, rows.Select(r => (r.Entry?.Name ?? NotInPackage).Length).DefaultIfEmpty(0).Max());
                writer.WriteLine();
                writer.WriteLine($"  {"subject".PadRight(width)}  {"expected",-24}  {"rebuilt",-24}  {"package entry".PadRight(entryWidth)}  match");
                foreach (var (subject, entry) in rows)
                {
                    bool match = subject.Match && (entry == null || !entry.Failed);
                    writer.WriteLine($"  {subject.Name.PadRight(width)}  {Digest(subject.Expected),-24}  {(subject.Rebuilt == null ? "(not rebuilt)" : Digest(subject.Rebuilt)),-24}  {(entry?.Name ?? NotInPackage).PadRight(entryWidth)}  {(match ? "yes" : "NO")}");
                    foreach (string part in subject.AssemblyDifferences ?? Array.Empty<string>()) writer.WriteLine($"  {"".PadRight(width)}    differs: {part}");
                    foreach (string problem in entry?.Problems ?? new List<string>()) writer.WriteLine($"  {"".PadRight(width)}    package entry: {problem}");
                }
                writer.WriteLine();
                RebuildCommand.WriteOutcome(rebuild, writer, "  ");
                if (rebuild.Kept) writer.WriteLine($"  kept: {rebuild.WorkDirectory} (logs/build.log: restore and build)");
            }

            writer.WriteLine();
            writer.WriteLine("package entries:");
            int nameWidth = result.Entries.Select(e => e.Name.Length).DefaultIfEmpty(0).Max();
            foreach (PackageEntryComparison entry in result.Entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                writer.WriteLine($"  {NupkgPrintable(entry.Name).PadRight(nameWidth)}  {Describe(entry)}");
                foreach (string problem in entry.Problems) writer.WriteLine($"  {"".PadRight(nameWidth)}    - {problem}");
            }

            writer.WriteLine();
            writer.WriteLine(SummaryLine(result));
            if (result.Attestation != null) writer.WriteLine($"verdict: {result.Attestation}");
            if (result.Kept) writer.WriteLine($"kept: {result.WorkDirectory} (package/: the extracted provenances and assemblies; rebuild-<n>/: one rebuild per provenance)");
        }

        public static string SummaryLine(PackageRebuildResult result)
        {
            int frameworks = result.Frameworks.Count, reproducedFrameworks = result.Frameworks.Count(f => f.Reproduced);
            var built = result.BuiltEntries.ToList();
            int notBuilt = result.Entries.Count(e => e.Status == PackageEntryStatus.NotBuiltByCompilation);
            int failing = result.Entries.Count(e => e.Failed);
            string counts = $"{reproducedFrameworks} of {frameworks} framework{(frameworks == 1 ? "" : "s")} reproduced, " +
                $"{built.Count(e => e.Status == PackageEntryStatus.Reproduced)} of {built.Count} package entr{(built.Count == 1 ? "y" : "ies")} built by a compilation equal to their rebuild and the statement, " +
                $"{notBuilt} not built by a compilation" + (failing > 0 ? $", {failing} entr{(failing == 1 ? "y" : "ies")} failing" : "") +
                $" ({result.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s)";
            return (result.Reproduced ? "reproduced: package " : "NOT reproduced: package ") + Name(result) + ": " + counts;
        }

        public static JsonObject ToJson(PackageRebuildResult result)
        {
            var frameworks = new JsonArray();
            foreach (FrameworkRebuild framework in result.Frameworks)
            {
                JsonObject json = framework.Result != null
                    ? WithoutSchemaVersion(RebuildCommand.ToJson(framework.Result))
                    : new JsonObject().Add("targetFramework", framework.Framework).Add("reproduced", false);
                json.Add("provenanceEntry", framework.ProvenanceEntry).Add("folder", framework.Folder);
                if (framework.Error is { } error)
                    json.Add("error", new JsonObject().AddIfNotEmpty("code", error.Code).Add("message", error.Message));
                frameworks.Add(json);
            }
            var entries = new JsonArray();
            foreach (PackageEntryComparison entry in result.Entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var json = new JsonObject()
                    .Add("name", entry.Name)
                    .Add("status", entry.Status)
                    .AddIfNotEmpty("sha256", entry.Sha256)
                    .AddIfNotEmpty("statement", entry.StatementSha256)
                    .AddIfNotEmpty("rebuilt", entry.Rebuilt);
                if (entry.CoveredBy.Count > 0) json.Add("provenance", Strings(entry.CoveredBy));
                if (entry.Problems.Count > 0) json.Add("problems", Strings(entry.Problems));
                entries.Add(json);
            }
            var built = result.BuiltEntries.ToList();
            var summary = new JsonObject()
                .Add("frameworks", result.Frameworks.Count)
                .Add("frameworksReproduced", result.Frameworks.Count(f => f.Reproduced))
                .Add("entries", result.Entries.Count)
                .Add("entriesBuilt", built.Count)
                .Add("entriesReproduced", built.Count(e => e.Status == PackageEntryStatus.Reproduced))
                .Add("entriesNotBuiltByCompilation", result.Entries.Count(e => e.Status == PackageEntryStatus.NotBuiltByCompilation))
                .Add("entriesFailing", result.Entries.Count(e => e.Failed));
            var package = new JsonObject()
                .Add("package", result.Package)
                .AddIfNotEmpty("id", result.Id)
                .AddIfNotEmpty("version", result.Version)
                .Add("verified", result.Verified)
                .AddIfNotEmpty("signer", result.SignerHint)
                .Add("reproduced", result.Reproduced)
                .Add("frameworks", frameworks)
                .Add("entries", entries)
                .Add("summary", summary)
                .Add("timingsMs", new JsonObject().Add("total", (long)Math.Round(result.Seconds * 1000)))
                .AddIfNotEmpty("workDirectory", result.Kept ? result.WorkDirectory : null);
            return new JsonObject()
                .Add("schemaVersion", RebuildCommand.SchemaVersion)
                .Add("reproduced", result.Reproduced)
                .Add("packages", new JsonArray().Add(package))
                .AddIfNotEmpty("attestation", result.Attestation);
        }

        /// <summary>The verdict's own record of the rebuild: per framework what was built and compared, per entry its status.</summary>
        public static JsonObject Summary(PackageRebuildResult result)
        {
            var frameworks = new JsonArray();
            foreach (FrameworkRebuild framework in result.Frameworks)
            {
                var json = new JsonObject().Add("provenance", framework.ProvenanceEntry).Add("reproduced", framework.Reproduced);
                if (framework.Result is RebuildResult r)
                {
                    json.Add("commit", r.Commit).Add("project", r.Project).AddIfNotEmpty("configuration", r.Configuration)
                        .Add("targetFramework", r.TargetFramework).AddIfNotEmpty("runtimeIdentifier", r.RuntimeIdentifier)
                        .AddIfNotEmpty("recordedSdk", r.RecordedSdk).AddIfNotEmpty("rebuildSdk", r.RebuildSdk)
                        .Add("subjects", new JsonArray(r.Subjects.Select(s => (JsonValue)new JsonObject()
                            .Add("name", s.Name).Add("expected", s.Expected).AddIfNotEmpty("rebuilt", s.Rebuilt).Add("match", s.Match))))
                        .Add("reasons", Strings(r.Reasons.Select(x => (x.Code != null ? x.Code + ": " : "") + x.Message)));
                }
                if (framework.Error is { } error) json.Add("error", (error.Code != null ? error.Code + ": " : "") + error.Message);
                frameworks.Add(json);
            }
            return new JsonObject()
                .Add("package", Path.GetFileName(result.Package))
                .AddIfNotEmpty("id", result.Id)
                .AddIfNotEmpty("version", result.Version)
                .Add("provenanceVerified", result.Verified)
                .Add("frameworks", frameworks)
                .Add("entries", new JsonArray(result.Entries.OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => (JsonValue)new JsonObject()
                    .Add("name", e.Name).Add("status", e.Status).AddIfNotEmpty("sha256", e.Sha256).AddIfNotEmpty("rebuilt", e.Rebuilt))));
        }

        /// <summary>A framework's object is the single-artifact document; the version is said once, at the top.</summary>
        private static JsonObject WithoutSchemaVersion(JsonObject json)
        {
            var copy = new JsonObject();
            foreach (var member in json.Members.Where(m => m.Key != "schemaVersion")) copy.Add(member.Key, member.Value);
            return copy;
        }

        private const string NotInPackage = "(not in the package)";

        private static PackageEntryComparison? EntryOf(PackageRebuildResult result, FrameworkRebuild framework, string subject) =>
            result.Entries.FirstOrDefault(e => e.CoveredBy.Contains(framework.ProvenanceEntry) &&
                Provenance.Packages.PackageEntryNames.ExtractedName(e.Name) == (framework.Folder.Length == 0 ? subject : framework.Folder + "/" + subject));

        private static string Describe(PackageEntryComparison entry) => entry.Status switch
        {
            PackageEntryStatus.Reproduced => $"reproduced: {Digest(entry.Sha256!)} = rebuilt = listed",
            PackageEntryStatus.Differs => $"DIFFERS: {Digest(entry.Sha256 ?? "")}, rebuilt {(entry.Rebuilt != null ? Digest(entry.Rebuilt) : "(none)")}, listed {(entry.StatementSha256 != null ? Digest(entry.StatementSha256) : "(not listed)")}",
            PackageEntryStatus.NotRebuilt => "not rebuilt (its provenance's rebuild stopped)",
            PackageEntryStatus.Provenance => "provenance of " + entry.Name.Substring(0, entry.Name.Length - ".sigstore.json".Length) + (entry.Failed ? "" : ", as listed"),
            PackageEntryStatus.Missing => "MISSING: the statement lists it",
            _ => "not built by a compilation" + (entry.Failed ? "" : entry.StatementSha256 != null ? ", as listed" : " (NuGet's signature, not attested)"),
        };

        private static string Name(PackageRebuildResult result) =>
            result.Id != null ? result.Id + " " + result.Version : Path.GetFileName(result.Package);

        private static string Digest(string hex) => "sha256:" + hex.Substring(0, Math.Min(16, hex.Length));

        private static string NupkgPrintable(string name) => Provenance.Cli.Verify.NupkgEntries.Printable(name);

        private static JsonArray Strings(IEnumerable<string> values) => new JsonArray(values.Select(v => (JsonValue)new JsonString(v)));
    }
}
