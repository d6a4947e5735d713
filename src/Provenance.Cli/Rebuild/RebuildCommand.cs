using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Diff;
using Provenance.Cli.Verify;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Cli.Rebuild
{
    /// <summary>`rebuild`: does this artifact come from the source its provenance names? Build it again and compare the bytes.</summary>
    internal static class RebuildCommand
    {
        public const int SchemaVersion = 1;

        public const string Usage =
            "Usage: " + Program.ToolName + " rebuild <artifact | bundle | file.nupkg> [--source <git clone>] [--key <public.pem> ...] [--json] [--keep]\n" +
            "                         [--package-source <folder or URL> ...] [--work <folder>]\n" +
            "                         [--attest <out.sigstore.json> [--key-file <private.pem>] [--key-password-variable <NAME>]]\n" +
            "\n" +
            "Rebuilds an assembly from its provenance and compares every subject bit for bit: checks out the recorded commit\n" +
            "on the recorded branch from the local clone --source (else from a clone of the recorded repository) into a\n" +
            "folder of its own, then runs one `dotnet build <project> -c <configuration> -p:TargetFramework=<tfm>\n" +
            "[-p:RuntimeIdentifier=<rid>] <recorded global properties>` (`dotnet publish` for a publish) into a packages folder\n" +
            "of its own: right after the restore every recorded package's content hash is checked (one that differs stops the\n" +
            "rebuild before any package's build files run). It prints one row per subject\n" +
            "(expected, rebuilt, match). On a mismatch it names what differs: the inputs or settings the rebuild's own\n" +
            "provenance records differently, and for assemblies the sections, metadata heaps and method bodies.\n" +
            "\n" +
            "A .nupkg is checked against the statement inside it first (with --key, as `verify <file.nupkg>` does), then every\n" +
            "assembly provenance in it (lib/<tfm>/<Name>.dll.sigstore.json) is rebuilt as above, and every package entry that is\n" +
            "a subject of one must equal its rebuild and the statement; entries no provenance covers (nuspec, readme, icons) are\n" +
            "listed as not built by a compilation. One table per framework, the entries, a summary line; --attest writes one\n" +
            "verdict whose subject is the package (sha512: NuGet's content hash; sha256 of the file).\n" +
            "\n" +
            "Options:\n" +
            "  --source <dir>           a git clone holding the recorded commit (default: git clone the repository the\n" +
            "                           provenance names, https, http or file URLs only, and fetch the commit if needed)\n" +
            "  --key <path>             verify the provenance with this public key first (repeatable); without, it is read as claimed\n" +
            "  --package-source <feed>  an extra package source for the restore (repeatable); the caller's packages folder\n" +
            "                           ($NUGET_PACKAGES or ~/.nuget/packages) is one by default: every package's sha512 is checked\n" +
            "  --work <dir>             where to check out and build (default: a new folder under the temp folder)\n" +
            "  --keep                   keep that folder (clone, packages, logs/build.log)\n" +
            "  --attest <file>          write the verdict as a signed SLSA Verification Summary Attestation (PASSED/FAILED,\n" +
            "                           naming the provenance by digest), for a policy that requires \"independently rebuilt\"\n" +
            "  --key-file <pem>         the private key that signs --attest (default: the per-user development key)\n" +
            "  --key-password-variable <NAME>  the environment variable holding that key's password\n" +
            "  --json                   print {\"schemaVersion\": 1, \"reproduced\": .., \"subjects\": [..], \"reasons\": [..]}; for a .nupkg\n" +
            "                           {\"schemaVersion\": 1, \"reproduced\": .., \"packages\": [{.., \"frameworks\": [..], \"entries\": [..]}]}\n" +
            "\n" +
            "Exit codes: 0 every subject reproduced, 1 not reproduced (a subject differs, a package differs, the provenance is\n" +
            "invalid), 2 usage error, or the rebuild could not run (commit missing, restore or build failed).\n";

        public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            ParsedArguments parsed = ParsedArguments.Parse(args, new[] { "--source", "--key", "--package-source", "--work", "--attest", "--key-file", "--key-password-variable" }, new[] { "--json", "--keep" });
            if (parsed.HelpRequested) throw new HelpRequestedException();
            string target = parsed.ExactlyOnePositional("<artifact | bundle>");
            string? source = parsed.GetSingle("--source");
            if (source != null && !Directory.Exists(source)) throw new UsageException($"--source '{source}' is not a folder");
            IReadOnlyList<VerificationKey> keys = parsed.GetAll("--key").Select(VerifyCommand.ReadKey).ToList();
            // A clone of the repository a statement names, then a build of it, runs that repository's code: only for a
            // provenance verified first. A local --source is the caller's own choice of code.
            if (source == null && keys.Count == 0)
                throw new UsageException("without --source, rebuild clones and builds the repository the provenance names: verify it first with --key <public.pem>, or give a local clone with --source");
            string? workFolder = parsed.GetSingle("--work");
            if (workFolder != null && Directory.Exists(workFolder) && Directory.EnumerateFileSystemEntries(workFolder).Any())
                throw new UsageException($"--work '{workFolder}' is not empty: give a new or empty folder (the rebuild deletes it afterwards unless --keep)");

            var options = new RebuildOptions { SourceDirectory = source != null ? Path.GetFullPath(source) : "", WorkDirectory = parsed.GetSingle("--work"), Keep = parsed.HasFlag("--keep") };
            options.PackageSources.AddRange(parsed.GetAll("--package-source"));
            options.PackageSources.Add(CallerPackagesFolder());

            string? attest = parsed.GetSingle("--attest");
            if (attest == null && (parsed.GetSingle("--key-file") != null || parsed.GetSingle("--key-password-variable") != null))
                throw new UsageException("--key-file and --key-password-variable sign --attest: name the file to write with --attest");
            // The key is loaded before the rebuild: a wrong key or password must not cost a build first.
            Provenance.Keys.ResolvedSigner? signer = attest != null ? RebuildAttestation.Signer(parsed.GetSingle("--key-file"), parsed.GetSingle("--key-password-variable")) : null;

            if (PackageRebuilder.IsPackage(target))
                return RunPackage(target, parsed.GetAll("--key").Select(TrustedKeyFile.Read).ToList(), options, attest, signer, parsed.HasFlag("--json"), stdout, stderr);

            ProvenanceFile provenance = ProvenanceFile.Read(target, keys);
            RebuildResult result = Rebuilder.Run(provenance, options);
            if (attest != null && signer != null)
            {
                RebuildAttestation.Write(attest, RebuildAttestation.CreateStatement(result, result.RepositoryUrl, Provenance.Packages.VerificationSummary.TimeVerifiedNow()), signer.Signer);
                result.Attestation = attest;
                if (signer.IsDevelopmentKey)
                    stderr.WriteLine($"note: the verdict {attest} is signed with the per-user development key (hint {signer.Signer.PublicKey.Hint}), which consumers do not trust; sign with --key-file");
            }

            if (parsed.HasFlag("--json")) stdout.WriteLine(JsonWriter.ToText(ToJson(result), indented: true));
            else WriteText(result, stdout);
            if (!result.Reproduced)
            {
                int differing = result.Subjects.Count(s => !s.Match);
                stderr.WriteLine($"error {DiagnosticCodes.RebuildMismatch}: {differing} of {result.Subjects.Count} subjects of {result.Provenance} were not reproduced from {result.Commit}");
            }
            return result.Reproduced ? ExitCodes.Success : ExitCodes.Invalid;
        }

        /// <summary>
        /// A .nupkg: its statement verified first (with --key), then every assembly provenance inside rebuilt, and the
        /// package's entries compared with the rebuilds and the statement. Exit 0 only when all of it matches; 1 when
        /// something differs (or a rebuild stopped on an invalid input); 2 when a rebuild could not run at all.
        /// </summary>
        private static int RunPackage(string package, IReadOnlyList<TrustedKeyFile> keyFiles, RebuildOptions options, string? attest,
            Provenance.Keys.ResolvedSigner? signer, bool json, TextWriter stdout, TextWriter stderr)
        {
            PackageRebuildResult result = PackageRebuilder.Run(package, keyFiles, options);
            if (attest != null && signer != null && result.Compared)
            {
                RebuildAttestation.Write(attest, PackageRebuildAttestation.CreateStatement(result, Provenance.Packages.VerificationSummary.TimeVerifiedNow()), signer.Signer);
                result.Attestation = attest;
                if (signer.IsDevelopmentKey)
                    stderr.WriteLine($"note: the verdict {attest} is signed with the per-user development key (hint {signer.Signer.PublicKey.Hint}), which consumers do not trust; sign with --key-file");
            }
            else if (attest != null)
                stderr.WriteLine($"note: no verdict written to {attest}: a rebuild stopped before it could compare");

            if (json) stdout.WriteLine(JsonWriter.ToText(PackageRebuildOutput.ToJson(result), indented: true));
            else PackageRebuildOutput.WriteText(result, stdout);

            foreach (FrameworkRebuild framework in result.Frameworks.Where(f => f.Error != null))
                stderr.WriteLine(new CommandFailedException(framework.Error!.Value.ExitCode, framework.Error.Value.Code, $"{framework.ProvenanceEntry}: {framework.Error.Value.Message}").ToOneLine());
            if (result.Reproduced) return ExitCodes.Success;

            int differing = result.Frameworks.Count(f => f.Result != null && !f.Result.Reproduced);
            int failing = result.Entries.Count(e => e.Failed);
            if (differing > 0 || failing > 0)
                stderr.WriteLine($"error {DiagnosticCodes.RebuildMismatch}: {package}: {differing} of {result.Frameworks.Count} rebuilds not reproduced, {failing} package entr{(failing == 1 ? "y" : "ies")} failing");
            // Something was compared and differs, or an input was invalid: 1. Only rebuilds that could not run: 2, as for one artifact.
            bool invalid = differing > 0 || failing > 0 || result.Frameworks.Any(f => f.Error?.ExitCode == ExitCodes.Invalid);
            return invalid ? ExitCodes.Invalid : ExitCodes.UsageOrUnreadable;
        }

        private static string CallerPackagesFolder()
        {
            string? configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (!string.IsNullOrEmpty(configured)) return configured!;
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        private static void WriteText(RebuildResult result, TextWriter writer)
        {
            WriteHeader(result, writer);
            int width = Math.Max("subject".Length, result.Subjects.Select(s => s.Name.Length).DefaultIfEmpty(0).Max());
            writer.WriteLine();
            writer.WriteLine($"  {"subject".PadRight(width)}  {"expected",-24}  {"rebuilt",-24}  match");
            foreach (SubjectComparison subject in result.Subjects)
            {
                writer.WriteLine($"  {subject.Name.PadRight(width)}  {"sha256:" + subject.Expected.Substring(0, Math.Min(16, subject.Expected.Length)),-24}  {(subject.Rebuilt == null ? "(not rebuilt)" : "sha256:" + subject.Rebuilt.Substring(0, 16)),-24}  {(subject.Match ? "yes" : "NO")}");
                foreach (string part in subject.AssemblyDifferences ?? Array.Empty<string>()) writer.WriteLine($"  {"".PadRight(width)}    differs: {part}");
            }
            writer.WriteLine();
            WriteOutcome(result, writer, "");
            if (result.Attestation != null) writer.WriteLine($"verdict: {result.Attestation}");
            if (result.Kept) writer.WriteLine($"kept: {result.WorkDirectory} (logs/build.log: restore and build)");
        }

        /// <summary>What was rebuilt, how, and the notes: the lines before the subject table (a package's frameworks share them).</summary>
        internal static void WriteHeader(RebuildResult result, TextWriter writer)
        {
            writer.WriteLine($"rebuild{(result.Command == "publish" ? " (dotnet publish)" : "")} of {result.Project} ({Describe(result)}) at {result.Commit}");
            if (!result.Verified) writer.WriteLine("  provenance not verified (no --key): its instructions were followed as claimed; the bytes are compared all the same");
            writer.WriteLine($"  sdk: recorded {result.RecordedSdk ?? "(unknown)"}, rebuild {result.RebuildSdk ?? "(unknown)"}");
            if (result.PathMap != null) writer.WriteLine($"  path map: {result.PathMap} (the original build's folder, read from the original assembly's PDB path or its PDB's documents)");
            foreach (string note in result.Notes) writer.WriteLine("  note: " + note);
        }

        /// <summary>The verdict line after the table, with the reasons when a subject differs.</summary>
        internal static void WriteOutcome(RebuildResult result, TextWriter writer, string indent)
        {
            string timings = string.Join(", ", result.Timings.Select(t => $"{t.Key} {t.Value:F1} s"));
            if (result.Reproduced) writer.WriteLine($"{indent}reproduced: {result.Subjects.Count} of {result.Subjects.Count} subjects bit for bit ({timings})");
            else
            {
                writer.WriteLine($"{indent}NOT reproduced: {result.Subjects.Count(s => !s.Match)} of {result.Subjects.Count} subjects differ ({timings})");
                writer.WriteLine(indent + "why:");
                foreach (RebuildReason reason in result.Reasons) writer.WriteLine(indent + "  - " + (reason.Code != null ? reason.Code + ": " : "") + reason.Message);
            }
        }

        private static string Describe(RebuildResult result) =>
            string.Join(", ", new[] { result.Configuration, result.TargetFramework, result.RuntimeIdentifier }.Where(s => !string.IsNullOrEmpty(s)));

        internal static JsonObject ToJson(RebuildResult result)
        {
            var subjects = new JsonArray();
            foreach (SubjectComparison subject in result.Subjects)
            {
                var json = new JsonObject().Add("name", subject.Name).Add("expected", subject.Expected).AddIfNotEmpty("rebuilt", subject.Rebuilt).Add("match", subject.Match);
                if (subject.AssemblyDifferences != null) json.Add("differences", new JsonArray(subject.AssemblyDifferences.Select(d => (JsonValue)new JsonString(d))));
                subjects.Add(json);
            }
            var reasons = new JsonArray();
            foreach (RebuildReason reason in result.Reasons) reasons.Add(new JsonObject().AddIfNotEmpty("code", reason.Code).Add("message", reason.Message));
            var timings = new JsonObject();
            foreach (var timing in result.Timings) timings.Add(timing.Key, new JsonNumber(((long)Math.Round(timing.Value * 1000)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return new JsonObject()
                .Add("schemaVersion", SchemaVersion)
                .Add("provenance", result.Provenance)
                .Add("verified", result.Verified)
                .Add("project", result.Project)
                .Add("command", result.Command)
                .Add("commit", result.Commit)
                .AddIfNotEmpty("configuration", result.Configuration)
                .Add("targetFramework", result.TargetFramework)
                .AddIfNotEmpty("runtimeIdentifier", result.RuntimeIdentifier)
                .AddIfNotEmpty("recordedSdk", result.RecordedSdk)
                .AddIfNotEmpty("rebuildSdk", result.RebuildSdk)
                .AddIfNotEmpty("pathMap", result.PathMap)
                .Add("reproduced", result.Reproduced)
                .Add("subjects", subjects)
                .Add("reasons", reasons)
                .Add("notes", new JsonArray(result.Notes.Select(n => (JsonValue)new JsonString(n))))
                .Add("timingsMs", timings)
                .AddIfNotEmpty("attestation", result.Attestation)
                .AddIfNotEmpty("workDirectory", result.Kept ? result.WorkDirectory : null);
        }
    }
}
