using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Cli.CommandLine;
using Provenance.Gate;
using Provenance.Json;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// `verify-restore`: the outcome for every package of a project's restore graph, under the trusted keys and
    /// policy its gate applies (asked of the gate through MSBuild), plus any given on the command line. A thin adapter:
    /// the inventory is RestoreInventory's and the verdict RestoreVerification's, as in the MSBuild gate.
    /// </summary>
    internal static class VerifyRestoreCommand
    {
        public const string Usage =
            "Usage: " + Program.ToolName + " verify-restore <project-or-folder> [--json] [--key <public.pem> ...] [--policy <policy> ...]\n" +
            "       " + Program.ToolName + " verify-restore --assets <project.assets.json> [--packages <folder>] [--json] [--key ...] [--policy ...]\n" +
            "\n" +
            "Verifies everything the restore brought in (every package of every target framework and runtime identifier of\n" +
            "the assets file, PackageDownload, and for a project the MSBuild project SDKs of global.json and the local tools\n" +
            "of .config/dotnet-tools.json) the way the consumer gate does, and prints one row per package: package, version,\n" +
            "outcome (verified, notAttested, untrustedSigner, tampered, policyViolation, developmentKey), policy\n" +
            "(error, warning, ok, or - when not required), code and reason; then a summary line.\n" +
            "The project's trusted keys and policy come from its gate: 'dotnet msbuild -t:" + MSBuildQuery.PolicyTarget + "'\n" +
            "(the project must import Sdk.targets of the Provenance.MSBuild SDK; otherwise PROV3009 unless --key or --policy\n" +
            "is given, and then only those apply). Restore the project first.\n" +
            "\n" +
            "Options:\n" +
            "  --key <path>        also trust this public key (SPKI PEM); repeat for several\n" +
            "  --policy <policy>   a ProvenancePolicy item: \"<pattern>[;require=true|false][;source=<url>]\n" +
            "                      [;severity=error|warning|none][;allowDevelopmentKey=true][;trustedKeys=<file-or-hint>,...]\".\n" +
            "                      It replaces the project's item with the same pattern; repeat for several\n" +
            "  --assets <path>     read this project.assets.json instead of asking MSBuild (no project items, SDKs or tools)\n" +
            "  --packages <path>   the packages root (default: the assets file's packageFolders, as the gate)\n" +
            "  --json              print a machine-readable object (\"schemaVersion\": 1) instead of the table\n" +
            "\n" +
            "Exit codes: 0 the policy passes (warnings allowed), 1 the policy fails (a tampered package, or a required\n" +
            "one not verified at severity error), 2 usage error or unreadable input (no assets file: run dotnet restore first;\n" +
            "PROV3009: the project has no gate).\n";

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
            List<string> commandLineKeys = parsed.GetAll("--key").Select(Path.GetFullPath).ToList();

            ProjectConfiguration project;
            if (assets != null)
            {
                project = new ProjectConfiguration(null, assets, null, Array.Empty<string>(), Array.Empty<ProvenancePolicyItem>(), gateImported: false);
            }
            else
            {
                string projectPath = MSBuildQuery.ResolveProject(parsed.Positionals[0]);
                project = MSBuildQuery.Query(projectPath, commandLinePolicyGiven: commandLineKeys.Count > 0 || commandLinePolicies.Count > 0);
                if (project.AssetsFile == null)
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.AssetsFileInvalid,
                        $"'{projectPath}' defines no ProjectAssetsFile: it does not use PackageReference restore");
            }

            IReadOnlyList<TrustedKey> keys = LoadKeys(project.TrustedKeyPaths.Concat(commandLineKeys));
            string? projectDirectory = project.ProjectPath != null ? Path.GetDirectoryName(project.ProjectPath)! : null;
            ProvenancePolicy policy = CreatePolicy(project.Policies, projectDirectory ?? Directory.GetCurrentDirectory(), commandLinePolicies, Directory.GetCurrentDirectory(), keys);

            string assetsFile = Path.GetFullPath(project.AssetsFile!);
            if (!File.Exists(assetsFile))
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.AssetsFileInvalid,
                    $"there is no assets file '{assetsFile}': run dotnet restore first");
            // The gate's own inventory and verification: what is listed, where it is looked for and how it is judged
            // cannot drift between the build and this command. With --assets there is no project to find global.json from.
            RestoreInventory inventory = RestoreInventory.Read(assetsFile, packages ?? project.PackagesRoot, projectDirectory);
            RestoreVerdict verdict = RestoreVerification.Verify(inventory, keys, policy, cache: null);

            if (parsed.HasFlag("--json"))
                stdout.Write(JsonWriter.ToText(RestoreJson.ToJson(project, inventory, keys, verdict), indented: true));
            else
                RestoreTable.Write(verdict, inventory.Targets.Count, stdout);
            return verdict.Failed ? ExitCodes.Invalid : ExitCodes.Success;
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

    /// <summary>How the table and the JSON name a policy decision.</summary>
    internal static class DecisionNames
    {
        /// <summary>"error", "warning", "ok" (verified) or "-" (not verified, not required).</summary>
        public static string PolicyColumn(PolicyDecision decision) => decision.Level switch
        {
            PolicyDecisionLevel.Error => "error",
            PolicyDecisionLevel.Warning => "warning",
            PolicyDecisionLevel.Verified => "ok",
            _ => "-",
        };

        /// <summary>The decision level as the JSON names it: verified, summary, warning, error.</summary>
        public static string Level(PolicyDecision decision) => decision.Level.ToString().ToLowerInvariant();

        /// <summary>Outcome name → count, in the order of the outcome enumeration (verified first).</summary>
        public static IReadOnlyList<KeyValuePair<string, int>> ByOutcome(RestoreVerdict verdict) =>
            verdict.Packages.GroupBy(p => VerificationReport.OutcomeName(p.Result.Outcome))
                .OrderBy(g => (int)g.First().Result.Outcome)
                .Select(g => new KeyValuePair<string, int>(g.Key, g.Count())).ToList();

        public static string SummaryLine(RestoreVerdict verdict, int targets)
        {
            int packages = verdict.Packages.Count, errors = verdict.Errors, warnings = verdict.Warnings;
            IReadOnlyList<KeyValuePair<string, int>> byOutcome = ByOutcome(verdict);
            string counts = byOutcome.Count == 0 ? "nothing to verify" : string.Join(", ", byOutcome.Select(p => $"{p.Value} {p.Key}"));
            string result = verdict.Failed
                ? $"policy FAILED: {errors} error{(errors == 1 ? "" : "s")}" + (warnings > 0 ? $", {warnings} warning{(warnings == 1 ? "" : "s")}" : "")
                : "policy passed" + (warnings > 0 ? $" with {warnings} warning{(warnings == 1 ? "" : "s")}" : "");
            return $"{packages} package{(packages == 1 ? "" : "s")} in {targets} target{(targets == 1 ? "" : "s")}: {counts}; {result}";
        }
    }
}
