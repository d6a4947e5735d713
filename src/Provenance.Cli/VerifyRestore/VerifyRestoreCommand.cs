using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Cli.CommandLine;
using Provenance.Json;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// `verify-restore`: the outcome for every package of a project's restore graph, under the trusted keys and
    /// policy its build would apply (asked of MSBuild), plus any given on the command line.
    /// </summary>
    internal static class VerifyRestoreCommand
    {
        public const string Usage =
            "Usage: " + Program.ToolName + " verify-restore <project-or-folder> [--json] [--key <public.pem> ...] [--policy <policy> ...]\n" +
            "       " + Program.ToolName + " verify-restore --assets <project.assets.json> [--packages <folder>] [--json] [--key ...] [--policy ...]\n" +
            "\n" +
            "Verifies every package of the restore graph (all target frameworks and runtime identifiers of the assets\n" +
            "file) the way the build does before compilation, and prints one row per package: package, version,\n" +
            "outcome (verified, notAttested, untrustedSigner, tampered, policyViolation, developmentKey), policy\n" +
            "(error, warning, ok, or - when not required), code and reason; then a summary line.\n" +
            "The project's ProvenanceTrustedKey and ProvenancePolicy items, ProjectAssetsFile and NuGetPackageRoot come\n" +
            "from 'dotnet msbuild -getProperty/-getItem' (MSBuild 17.8+); restore the project first.\n" +
            "\n" +
            "Options:\n" +
            "  --key <path>        also trust this public key (SPKI PEM); repeat for several\n" +
            "  --policy <policy>   a ProvenancePolicy item: \"<pattern>[;require=true|false][;source=<url>]\n" +
            "                      [;severity=error|warning|none][;allowDevelopmentKey=true][;trustedKeys=<file-or-hint>,...]\".\n" +
            "                      It replaces the project's item with the same pattern; repeat for several\n" +
            "  --assets <path>     read this project.assets.json instead of asking MSBuild (no project items are read)\n" +
            "  --packages <path>   the packages root (default: NuGetPackageRoot, else the assets file's first packageFolder)\n" +
            "  --json              print a machine-readable object (\"schemaVersion\": 1) instead of the table\n" +
            "\n" +
            "Exit codes: 0 the policy passes (warnings allowed), 1 the policy fails (a tampered package, or a required\n" +
            "one not verified at severity error), 2 usage error or unreadable input (no assets file: run dotnet restore first).\n";

        public const int SchemaVersion = 1;

        public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            ParsedArguments parsed = ParsedArguments.Parse(args, new[] { "--key", "--policy", "--assets", "--packages" }, new[] { "--json" });
            if (parsed.HelpRequested) throw new HelpRequestedException();
            string? assets = parsed.GetSingle("--assets");
            string? packages = parsed.GetSingle("--packages");
            if (parsed.Positionals.Count > 1) throw new UsageException($"unexpected argument '{parsed.Positionals[1]}'");
            if (assets != null && parsed.Positionals.Count > 0)
                throw new UsageException("give either <project-or-folder> or --assets, not both (--assets does not ask MSBuild)");
            if (assets == null && parsed.Positionals.Count == 0) throw new UsageException("missing <project-or-folder>");
            List<ProvenancePolicyItem> commandLinePolicies = parsed.GetAll("--policy").Select(PolicyOption.Parse).ToList();

            ProjectConfiguration project;
            if (assets != null)
            {
                project = new ProjectConfiguration(null, assets, null, Array.Empty<string>(), Array.Empty<ProvenancePolicyItem>());
            }
            else
            {
                string projectPath = MSBuildQuery.ResolveProject(parsed.Positionals[0]);
                project = MSBuildQuery.Query(projectPath);
                if (project.AssetsFile == null)
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.AssetsFileInvalid,
                        $"'{projectPath}' defines no ProjectAssetsFile: it does not use PackageReference restore");
            }

            IReadOnlyList<TrustedKey> keys = LoadKeys(project.TrustedKeyPaths.Concat(parsed.GetAll("--key").Select(Path.GetFullPath)));
            string projectDirectory = project.ProjectPath != null ? Path.GetDirectoryName(project.ProjectPath)! : Directory.GetCurrentDirectory();
            ProvenancePolicy policy = CreatePolicy(project.Policies, projectDirectory, commandLinePolicies, Directory.GetCurrentDirectory(), keys);

            RestoreGraph graph = RestoreGraph.Read(project.AssetsFile!, packages ?? project.PackagesRoot);
            IReadOnlyList<PackageVerificationResult> results = new RestoredPackageVerifier(keys, policy)
                .VerifyAll(graph.Packages.Select(p => p.Folder).ToList());
            var rows = new List<RestoreRow>(results.Count);
            for (int i = 0; i < results.Count; i++)
                rows.Add(new RestoreRow(results[i], policy.Resolve(results[i].Id).Decide(results[i]), graph.Packages[i].Targets));

            var summary = new RestoreSummary(rows);
            if (parsed.HasFlag("--json"))
                stdout.Write(JsonWriter.ToText(RestoreJson.ToJson(project, graph, keys, rows, summary), indented: true));
            else
                RestoreTable.Write(rows, summary, graph.Targets.Count, stdout);
            return summary.PolicyFailed ? ExitCodes.Invalid : ExitCodes.Success;
        }

        private static IReadOnlyList<TrustedKey> LoadKeys(IEnumerable<string> paths)
        {
            List<string> distinct = paths.Distinct(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal).ToList();
            try
            {
                return TrustedKey.LoadFiles(distinct);
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, e.Code, e.Message, e);
            }
        }

        /// <summary>
        /// The project's items, each replaced by a command-line item with the same pattern, then the other
        /// command-line items. A TrustedKeys value that is a relative file name is taken relative to where the item
        /// was declared (the project's folder, or the current folder for --policy).
        /// </summary>
        private static ProvenancePolicy CreatePolicy(IReadOnlyList<ProvenancePolicyItem> projectItems, string projectDirectory,
            IReadOnlyList<ProvenancePolicyItem> commandLineItems, string currentDirectory, IReadOnlyList<TrustedKey> keys)
        {
            var overridden = new HashSet<string>(commandLineItems.Select(PolicyOption.Key), StringComparer.Ordinal);
            var items = new List<ProvenancePolicyItem>();
            items.AddRange(projectItems.Where(i => !overridden.Contains(PolicyOption.Key(i))).Select(i => WithKeyPaths(i, projectDirectory, keys)));
            items.AddRange(commandLineItems.Select(i => WithKeyPaths(i, currentDirectory, keys)));
            try
            {
                return ProvenancePolicy.Create(items, keys);
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, e.Code, e.Message, e);
            }
        }

        private static ProvenancePolicyItem WithKeyPaths(ProvenancePolicyItem item, string baseDirectory, IReadOnlyList<TrustedKey> keys)
        {
            if (string.IsNullOrWhiteSpace(item.TrustedKeys)) return item;
            IEnumerable<string> values = item.TrustedKeys!.Split(';').Select(v => v.Trim()).Where(v => v.Length > 0).Select(v =>
                keys.Any(k => k.Key.Hint == v) || Path.IsPathRooted(v) ? v : Path.GetFullPath(Path.Combine(baseDirectory, v)));
            return new ProvenancePolicyItem(item.Include)
            {
                Require = item.Require,
                SourceRepository = item.SourceRepository,
                Severity = item.Severity,
                AllowDevelopmentKey = item.AllowDevelopmentKey,
                TrustedKeys = string.Join(";", values),
            };
        }
    }

    /// <summary>One package of the graph: its result, what the policy makes of it, and the targets that restore it.</summary>
    internal sealed class RestoreRow
    {
        public RestoreRow(PackageVerificationResult result, PolicyDecision decision, IReadOnlyList<string> targets)
        {
            Result = result;
            Decision = decision;
            Targets = targets;
        }

        public PackageVerificationResult Result { get; }
        public PolicyDecision Decision { get; }
        public IReadOnlyList<string> Targets { get; }

        /// <summary>"error", "warning", "ok" (verified) or "-" (not verified, not required).</summary>
        public string PolicyColumn => Decision.Level switch
        {
            PolicyDecisionLevel.Error => "error",
            PolicyDecisionLevel.Warning => "warning",
            PolicyDecisionLevel.Verified => "ok",
            _ => "-",
        };

        /// <summary>The decision level as the JSON names it: verified, summary, warning, error.</summary>
        public string LevelName => Decision.Level.ToString().ToLowerInvariant();
    }

    internal sealed class RestoreSummary
    {
        public RestoreSummary(IReadOnlyList<RestoreRow> rows)
        {
            Packages = rows.Count;
            Errors = rows.Count(r => r.Decision.Level == PolicyDecisionLevel.Error);
            Warnings = rows.Count(r => r.Decision.Level == PolicyDecisionLevel.Warning);
            ByOutcome = rows.GroupBy(r => VerificationReport.OutcomeName(r.Result.Outcome))
                .OrderBy(g => (int)g.First().Result.Outcome)
                .Select(g => new KeyValuePair<string, int>(g.Key, g.Count())).ToList();
        }

        public int Packages { get; }
        public int Errors { get; }
        public int Warnings { get; }

        /// <summary>Outcome name → count, in the order of the outcome enumeration (verified first).</summary>
        public IReadOnlyList<KeyValuePair<string, int>> ByOutcome { get; }

        public bool PolicyFailed => Errors > 0;

        public string ToLine(int targets)
        {
            string counts = ByOutcome.Count == 0 ? "nothing to verify" : string.Join(", ", ByOutcome.Select(p => $"{p.Value} {p.Key}"));
            string verdict = PolicyFailed
                ? $"policy FAILED: {Errors} error{(Errors == 1 ? "" : "s")}" + (Warnings > 0 ? $", {Warnings} warning{(Warnings == 1 ? "" : "s")}" : "")
                : "policy passed" + (Warnings > 0 ? $" with {Warnings} warning{(Warnings == 1 ? "" : "s")}" : "");
            return $"{Packages} package{(Packages == 1 ? "" : "s")} in {targets} target{(targets == 1 ? "" : "s")}: {counts}; {verdict}";
        }
    }
}
