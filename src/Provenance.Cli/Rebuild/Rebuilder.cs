using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Provenance.Capture;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Diff;
using Provenance.Json;
using Provenance.Packages;

namespace Provenance.Cli.Rebuild
{
    internal sealed class RebuildOptions
    {
        /// <summary>A local clone holding the commit; empty: clone the repository the provenance names.</summary>
        public string SourceDirectory { get; set; } = "";
        public string? WorkDirectory { get; set; }
        public bool Keep { get; set; }

        /// <summary>Feeds besides the repository's own NuGet.config (a folder feed, or the caller's packages folder: hashes are checked anyway).</summary>
        public List<string> PackageSources { get; } = new List<string>();
    }

    /// <summary>
    /// Checks out the recorded commit into a folder of its own, restores into a packages folder of its own and checks
    /// every recorded package's sha512, builds the recorded project as recorded, and compares every subject. The
    /// provenance is only instructions: nothing it says is trusted beyond what to build (the checks are the point).
    /// </summary>
    internal static class Rebuilder
    {
        private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(30);

        /// <summary>One provenance: as <see cref="RunAll"/>, its failure thrown.</summary>
        public static RebuildResult Run(ProvenanceFile provenance, RebuildOptions options)
        {
            Outcome outcome = RunAll(new[] { provenance }, options)[0];
            if (outcome.Error != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(outcome.Error).Throw();
            return outcome.Result!;
        }

        /// <summary>What became of one provenance: its result, or why it could not be rebuilt (a coded exception).</summary>
        internal sealed class Outcome
        {
            public RebuildResult? Result { get; set; }
            public Exception? Error { get; set; }
        }

        /// <summary>
        /// Several provenances (a package's frameworks): those that differ only by target framework (same commit,
        /// project, configuration, runtime, global properties, environment) are rebuilt by one checkout and one
        /// `dotnet build` without -p:TargetFramework, as the original `dotnet pack` built them; each is compared on its own.
        /// </summary>
        public static IReadOnlyList<Outcome> RunAll(IReadOnlyList<ProvenanceFile> provenances, RebuildOptions options)
        {
            var outcomes = provenances.Select(_ => new Outcome()).ToList();
            var members = new List<Member>();
            for (int i = 0; i < provenances.Count; i++)
            {
                try { members.Add(Member.For(provenances[i], outcomes[i])); }
                catch (Exception e) when (e is CommandFailedException || e is ProvenanceException) { outcomes[i].Error = e; }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    outcomes[i].Error = new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildNotPossible, $"{provenances[i].BundlePath}: the files beside it cannot be read: {e.Message}", e);
                }
            }
            List<List<Member>> groups = members.GroupBy(m => m.Plan.GroupKey).Select(g => g.ToList()).ToList();
            string root = Path.GetFullPath(options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "provenance-rebuild", Guid.NewGuid().ToString("N").Substring(0, 12)));
            var alone = new List<Member>();
            for (int g = 0; g < groups.Count; g++)
            {
                string work = groups.Count == 1 ? root : Path.Combine(root, "group-" + (g + 1));
                RunGroup(groups[g], options, work);
                // A shared build that failed, or left a member without its own output (a framework this machine cannot
                // build, or provenances of `-f` builds of a single-framework project): each of those gets a build of its own.
                if (groups[g].Count > 1)
                    alone.AddRange(groups[g].Where(m => m.Outcome.Error is CommandFailedException { Code: DiagnosticCodes.RebuildFailed } || m.WroteNoProvenance));
            }
            for (int a = 0; a < alone.Count; a++)
            {
                alone[a].Outcome.Error = null;
                alone[a].WroteNoProvenance = false;
                RunGroup(new List<Member> { alone[a] }, options, Path.Combine(root, "alone-" + (a + 1)));
                alone[a].Result?.Notes.Add("rebuilt on its own: the build it shared with the other frameworks did not give its output");
            }
            if (!options.Keep) TryDelete(root);
            foreach (Outcome outcome in outcomes.Where(o => o.Error != null)) outcome.Result = null;
            return outcomes;
        }

        private static void RunGroup(List<Member> group, RebuildOptions options, string work)
        {
            foreach (Member member in group) member.Outcome.Result = member.NewResult(work, options.Keep);
            try
            {
                Execute(group, options, work);
            }
            catch (Exception e) when (e is CommandFailedException || e is ProvenanceException)
            {
                foreach (Member member in group.Where(m => m.Outcome.Error == null)) member.Outcome.Error = e;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // A file the rebuild could not read or write (a full disk, a permission): a coded failure, not a crash.
                var failed = new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildFailed, $"the rebuild could not use its files in {work}: {e.Message}", e);
                foreach (Member member in group.Where(m => m.Outcome.Error == null)) member.Outcome.Error = failed;
            }
            finally
            {
                if (!options.Keep) TryDelete(work);
            }
        }

        /// <summary>One provenance with what its rebuild needs: the facts, the plan, where the original's files are.</summary>
        private sealed class Member
        {
            public ProvenanceFile Provenance { get; private set; } = null!;
            public StatementFacts Original { get; private set; } = null!;
            public RebuildPlan Plan { get; private set; } = null!;
            public string ExpectedFolder { get; private set; } = "";
            public string ArtifactName { get; private set; } = "";
            public Outcome Outcome { get; private set; } = null!;

            /// <summary>Set when the build ran but no provenance of this artifact came out of it.</summary>
            public bool WroteNoProvenance { get; set; }
            public RebuildResult Result => Outcome.Result!;

            public static Member For(ProvenanceFile provenance, Outcome outcome)
            {
                StatementFacts original = StatementFacts.From(provenance.Statement);
                string expectedFolder = Path.GetDirectoryName(Path.GetFullPath(provenance.BundlePath))!;
                string fileName = Path.GetFileName(provenance.BundlePath);
                return new Member
                {
                    Provenance = provenance,
                    Original = original,
                    ExpectedFolder = expectedFolder,
                    ArtifactName = fileName.Substring(0, fileName.Length - ".sigstore.json".Length),
                    Plan = RebuildPlan.From(original, OriginalPdbPath(original, expectedFolder, fileName.Substring(0, fileName.Length - ".sigstore.json".Length)),
                        () => OriginalRootFromPdbs(original, expectedFolder)),
                    Outcome = outcome,
                };
            }

            public RebuildResult NewResult(string work, bool keep)
            {
                var result = new RebuildResult
                {
                    Provenance = Provenance.BundlePath,
                    Verified = Provenance.Verified,
                    Project = Plan.Project,
                    Command = Plan.Command,
                    Commit = Plan.Commit,
                    Configuration = Plan.Configuration,
                    TargetFramework = Plan.TargetFramework,
                    RuntimeIdentifier = Plan.RuntimeIdentifier,
                    RecordedSdk = Plan.SdkVersion,
                    RepositoryUrl = Plan.RepositoryUrl,
                    WorkDirectory = work,
                    Kept = keep,
                };
                // What the rebuild passes itself (configuration, framework, signing) goes without saying; the rest is worth a line.
                // One line per reason (a solution build records seven solution properties: one line says it).
                foreach (var reason in Plan.Skipped.Where(s => s.Value != RebuildPlan.SetByRebuild).GroupBy(s => s.Value))
                    result.Notes.Add($"global propert{(reason.Count() == 1 ? "y" : "ies")} {string.Join(", ", reason.Select(s => s.Key))} not passed: {reason.Key}");
                foreach (var added in Plan.Added)
                    result.Notes.Add($"-p:{added.Key}={added.Value} added: the provenance records it for the compilation, though not as a global property (a CI variable may have set it)");
                return result;
            }
        }

        /// <summary>One checkout and one build for a group, then each member's packages and subjects checked on their own.</summary>
        private static void Execute(List<Member> group, RebuildOptions options, string work)
        {
            RebuildPlan plan = group[0].Plan;
            string clone = Path.Combine(work, "src");
            string packages = Path.Combine(work, "packages");
            string logs = Path.Combine(work, "logs");
            Directory.CreateDirectory(work);
            void Timing(string step, Stopwatch watch) { foreach (Member m in group) m.Result.Timings.Add(new KeyValuePair<string, double>(step, watch.Elapsed.TotalSeconds)); }

            var step = Stopwatch.StartNew();
            RebuildCheckout.Checkout(plan, options.SourceDirectory, clone, logs);
            Timing("checkout", step);

            string project = Path.Combine(clone, plan.Project.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(project))
                throw new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.RebuildNotPossible, $"the recorded project '{plan.Project}' does not exist at commit {plan.Commit}");
            string projectFolder = Path.GetDirectoryName(project)!;
            IDictionary<string, string?> environment = Environment(plan, packages);

            plan.GlobalProperties.TryGetValue(RebuildTargets.Property, out string? recordedHook);
            plan.GlobalProperties.TryGetValue(RebuildTargets.CrossTargetingProperty, out string? recordedCrossTargetingHook);
            RebuildTargets.Written targets = RebuildTargets.Write(new RebuildTargets.Parts
            {
                ChainedHook = recordedHook,
                ChainedCrossTargetingHook = recordedCrossTargetingHook,
                CloneRoot = plan.OriginalRoot != null ? clone : null,
                OriginalRoot = plan.OriginalRoot,
                PackagesFolder = packages,
                ProblemsFile = Path.Combine(work, RebuildTargets.PackageProblemsFile),
                Packages = group.SelectMany(m => m.Original.PackageList.Select(p => (p.Key, p.Value.Version, p.Value.Sha512))).Distinct().ToList(),
            });
            string targetsFile = Path.Combine(work, RebuildTargets.FileName);
            File.WriteAllText(targetsFile, targets.Text);
            foreach (Member member in group)
            {
                member.Plan.RenamesSourceRoots = targets.RenamesSourceRoots;
                member.Result.Notes.AddRange(targets.Omissions);
                if (plan.OriginalRoot != null) member.Result.PathMap = clone + "=" + plan.OriginalRoot;
                if (group.Count > 1) member.Result.Notes.Add($"one checkout and one `dotnet {plan.Command}` of every target framework rebuilt {group.Count} provenances ({string.Join(", ", group.Select(m => m.Plan.TargetFramework))})");
            }
            List<string> arguments = plan.BuildArguments(clone, Path.Combine(work, "rebuild-key.pem"), targetsFile);
            // Several frameworks: the project's own outer build dispatches each, as the original `dotnet pack` did.
            if (group.Count > 1) arguments.RemoveAll(a => a.StartsWith("-p:TargetFramework=", StringComparison.Ordinal));
            string publishFolder = Path.Combine(work, "publish") + Path.DirectorySeparatorChar;
            if (plan.IsPublish) arguments.Add("-p:PublishDir=" + RebuildPlan.Escape(publishFolder));

            // The restore's own properties: the build's minus the framework (a restore covers them all), plus the extra
            // feeds, and failed sources ignored (a folder feed of the original machine that the clone lacks must not stop it).
            var restoreProperties = arguments.Where(a => a.StartsWith("-p:", StringComparison.Ordinal) && !a.StartsWith("-p:TargetFramework=", StringComparison.Ordinal)).ToList();
            // A publish restores what it publishes (self-contained runtime packs, ILCompiler): as `dotnet publish` does.
            if (plan.IsPublish) restoreProperties.Add("-p:_IsPublishing=true");
            restoreProperties.Add("-p:RestoreIgnoreFailedSources=true");
            // The packages folder is the rebuild's own even where the repository names another (RestorePackagesPath in
            // its build files outranks NUGET_PACKAGES): the package check looks there, and only there.
            restoreProperties.Add("-p:RestorePackagesPath=" + RebuildPlan.Escape(packages));
            List<string> feeds = options.PackageSources.Where(Directory.Exists).Select(Path.GetFullPath).ToList();
            if (feeds.Count > 0) restoreProperties.Add("-p:RestoreAdditionalProjectSources=" + RebuildPlan.Escape(string.Join(";", feeds)));

            ChildProcess.Result built;
            if (targets.ChecksPackages)
            {
                // One process, as a normal build: the package check runs after Restore in the restore's evaluation.
                // `dotnet msbuild -restore` rather than `dotnet build`: the .NET 10 CLI restores in a call of its own that
                // takes the -p: properties and drops -rp:, so the restore could not be given its own (extra feeds, one
                // framework). The build call is the same as `dotnet build`'s (`dotnet publish` adds _IsPublishing).
                step.Restart();
                var build = new List<string> { "msbuild", project, "-restore", "-t:" + (plan.IsPublish ? "Publish" : "Build"), "-nologo", "-v:m" };
                build.AddRange(arguments);
                if (plan.IsPublish) build.Add("-p:_IsPublishing=true");
                build.AddRange(restoreProperties.Select(p => "-rp:" + p.Substring(3)));
                // The recorded frameworks only: a restore of every framework extracts every framework's packages into the
                // empty packages folder (255 MB for Serilog's net8.0, 1.3-2.2 s more). Not with project references: the
                // restore would pass the frameworks on to projects that may not target them.
                // Nor for a group (the outer build builds every framework of the project, which all need assets), nor with
                // a lock file (a restore of fewer frameworks than it locks fails in locked mode, or re-resolves).
                if (group.Count == 1 && group[0].Original[StatementFacts.ProjectReferences].Count == 0 &&
                    !group[0].Original[StatementFacts.Inputs].Keys.Any(name => name.EndsWith("packages.lock.json", StringComparison.OrdinalIgnoreCase)))
                    build.Add("-rp:TargetFrameworks=" + RebuildPlan.Escape(plan.TargetFramework));
                built = ChildProcess.Run("dotnet", build, clone, environment, BuildTimeout, Path.Combine(logs, "build.log"));
                Timing("build", step); // restore included, as in a normal build
                string problems = Path.Combine(work, RebuildTargets.PackageProblemsFile);
                // The check is a target in a file MSBuild imports: a project that does not import it (no Microsoft.Common,
                // a traversal project) builds unchecked. Fail closed: no mark, no verdict.
                if (built.Succeeded && !File.Exists(Path.Combine(work, RebuildTargets.PackageCheckRanFile)))
                    throw new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.RebuildPackageMismatch,
                        $"the package check did not run in the restore of {plan.Project} (the project does not import {RebuildTargets.Property}), so the packages the build used were not checked before it; the rebuild gives no verdict");
                if (!built.Succeeded && File.Exists(problems))
                {
                    // The restore finished before the check stopped the build: its assets file says which version came, if any.
                    string assets = AssetsFile(projectFolder, clone, project);
                    foreach (Member member in group) member.Outcome.Error = PackagesProblem(member, assets, packages);
                    throw new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.RebuildPackageMismatch,
                        "the restore did not bring the recorded packages, so the rebuild stops before any package's build files run: " + string.Join("; ", File.ReadAllLines(problems).Where(l => l.Length > 0)));
                }
            }
            else
            {
                // A recorded package name the file cannot hold as it is: restore alone, check, then build.
                step.Restart();
                var restore = new List<string> { "restore", project, "-nr:false" };
                restore.AddRange(restoreProperties);
                ChildProcess.Result restored = ChildProcess.Run("dotnet", restore, clone, environment, BuildTimeout, Path.Combine(logs, "restore.log"));
                Timing("restore", step);
                if (!restored.Succeeded)
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildFailed, $"dotnet restore of {plan.Project} failed (exit {restored.ExitCode}):\n{restored.Tail()}");
                string assets = AssetsFile(projectFolder, clone, project);
                foreach (Member member in group) member.Outcome.Error = PackagesProblem(member, assets, packages);
                if (group.Any(m => m.Outcome.Error != null))
                    throw (Exception)group.First(m => m.Outcome.Error != null).Outcome.Error!;
                step.Restart();
                var build = new List<string> { plan.Command, project, "--no-restore" };
                build.AddRange(arguments);
                built = ChildProcess.Run("dotnet", build, clone, environment, BuildTimeout, Path.Combine(logs, "build.log"));
                Timing("build", step);
            }
            if (!built.Succeeded)
            {
                foreach (Member member in group) RecordSdk(member.Result, projectFolder, environment);
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildFailed, $"dotnet {plan.Command} of {plan.Project} at {plan.Commit} failed (exit {built.ExitCode}):\n{built.Tail()}");
            }

            string packagesAssets = AssetsFile(projectFolder, clone, project);
            foreach (Member member in group)
            {
                // Versions, packages the provenance does not name, our own hash of each .nupkg: after the build, but every
                // recorded package was checked before it.
                var checking = Stopwatch.StartNew();
                member.Outcome.Error = PackagesProblem(member, packagesAssets, packages);
                member.Result.Timings.Add(new KeyValuePair<string, double>("packages", checking.Elapsed.TotalSeconds));
                if (member.Outcome.Error != null) continue;
                try { Compare(member, clone, projectFolder, publishFolder, environment); }
                catch (Exception e) when (e is CommandFailedException || e is ProvenanceException) { member.Outcome.Error = e; }
            }
        }

        private static Exception? PackagesProblem(Member member, string assetsFile, string packages)
        {
            try
            {
                CheckPackages(member.Original, assetsFile, member.Plan, packages);
                return null;
            }
            catch (CommandFailedException e) { return e; }
        }

        /// <summary>Every subject against the rebuilt file; on a difference, the rebuild's own provenance says why.</summary>
        private static void Compare(Member member, string clone, string projectFolder, string publishFolder, IDictionary<string, string?> environment)
        {
            RebuildPlan plan = member.Plan;
            RebuildResult result = member.Result;
            StatementFacts original = member.Original;
            var step = Stopwatch.StartNew();
            string? rebuiltBundle = plan.IsPublish
                ? (File.Exists(Path.Combine(publishFolder, member.ArtifactName + ".sigstore.json")) ? Path.Combine(publishFolder, member.ArtifactName + ".sigstore.json") : null)
                : FindRebuiltBundle(clone, member.ArtifactName, plan);
            StatementFacts? rebuilt = rebuiltBundle != null ? StatementFacts.From(ProvenanceFile.Read(rebuiltBundle, Array.Empty<Provenance.Signing.VerificationKey>()).Statement) : null;
            // The SDK that built it, as the rebuild's own provenance records it (no `dotnet --version` process on the way).
            if (rebuilt?.Get(StatementFacts.Toolchain, "sdkVersion") is string rebuildSdk) result.RebuildSdk = rebuildSdk;
            else RecordSdk(result, projectFolder, environment);
            RebuildReason? sdkReason = SdkReason(plan.SdkVersion, result.RebuildSdk);
            if (sdkReason != null) result.Notes.Add(sdkReason.Message);
            string rebuiltFolder = rebuiltBundle != null ? Path.GetDirectoryName(rebuiltBundle)! : plan.IsPublish ? publishFolder : projectFolder;
            foreach (var subject in original[StatementFacts.Subjects])
            {
                // A subject name is a path below the output folder; another (rooted, "..") is compared with nothing.
                if (!IsRelativeName(subject.Key))
                {
                    result.Subjects.Add(new SubjectComparison(subject.Key, Sha256Of(subject.Value), null));
                    result.Notes.Add($"subject '{subject.Key}' is not a path below the output folder: it is not compared");
                    continue;
                }
                string expected = Sha256Of(subject.Value);
                string rebuiltFile = Path.Combine(rebuiltFolder, subject.Key.Replace('/', Path.DirectorySeparatorChar));
                var comparison = new SubjectComparison(subject.Key, expected, File.Exists(rebuiltFile) ? Sha256Hex(rebuiltFile) : null);
                string expectedFile = Path.Combine(member.ExpectedFolder, subject.Key.Replace('/', Path.DirectorySeparatorChar));
                if (!comparison.Match && comparison.Rebuilt != null && File.Exists(expectedFile) && Sha256Hex(expectedFile) == expected)
                    comparison.AssemblyDifferences = AssemblyComparison.Compare(expectedFile, rebuiltFile);
                result.Subjects.Add(comparison);
            }

            if (!result.Reproduced)
            {
                if (sdkReason != null) result.Reasons.Add(sdkReason);
                if (rebuilt == null)
                {
                    member.WroteNoProvenance = true;
                    result.Reasons.Add(new RebuildReason(DiagnosticCodes.RebuildMismatch, $"the rebuild wrote no {member.ArtifactName}.sigstore.json, so what it used cannot be compared with the provenance"));
                }
                else
                {
                    result.Reasons.AddRange(RebuildExplanation.Reasons(original, rebuilt, plan));
                }
                if (result.Reasons.Count == 0)
                    result.Reasons.Add(new RebuildReason(DiagnosticCodes.RebuildMismatch,
                        "nothing the provenance records differs from the rebuild; the difference comes from something it does not record (see the sections that differ)"));
            }
            result.Timings.Add(new KeyValuePair<string, double>("compare", step.Elapsed.TotalSeconds));
        }

        /// <summary>`dotnet --version` in the project folder (its global.json applies): only when no rebuilt provenance says it.</summary>
        private static void RecordSdk(RebuildResult result, string projectFolder, IDictionary<string, string?> environment)
        {
            ChildProcess.Result sdk = ChildProcess.Run("dotnet", new[] { "--version" }, projectFolder, environment, ToolTimeout);
            result.RebuildSdk = sdk.Succeeded ? sdk.Output.Trim() : null;
        }

        /// <summary>
        /// The packages folder is the rebuild's own; the allowlisted variables are as recorded; no MSBuild node outlives
        /// the rebuild. The compiler server is used as a normal build uses it: its output is the same, and a compiler
        /// started cold in a process of its own costs 0.5-1 s more than the budget (normal build + 10 %) allows.
        /// </summary>
        private static IDictionary<string, string?> Environment(RebuildPlan plan, string packages)
        {
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["NUGET_PACKAGES"] = packages,
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            };
            foreach (var variable in plan.Environment) environment[variable.Key] = variable.Value;
            return environment;
        }

        internal static RebuildReason? SdkReason(string? recorded, string? rebuild)
        {
            if (recorded == null || rebuild == null || recorded == rebuild) return null;
            string a = RebuildPlan.FeatureBand(recorded), b = RebuildPlan.FeatureBand(rebuild);
            string detail = a != b
                ? $"another SDK feature band ({b} instead of {a}): it may ship another compiler and other build logic"
                : $"the same feature band ({a}), another patch";
            return new RebuildReason(DiagnosticCodes.RebuildSdkDiffers, $"SDK {rebuild} rebuilt what SDK {recorded} built: {detail} (pin {recorded} in global.json or install it)");
        }

        /// <summary>Every recorded package must be restored with the recorded version and sha512, and nothing else: otherwise the rebuild stops.</summary>
        private static void CheckPackages(StatementFacts original, string assetsFile, RebuildPlan plan, string packagesFolder)
        {
            IReadOnlyList<RestoredPackage> restored;
            try
            {
                restored = AssetsFileReader.ReadPackages(assetsFile, plan.TargetFramework, plan.RuntimeIdentifier);
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildFailed, $"the rebuild's restore cannot be read: {e.Message}", e);
            }
            var problems = new List<string>();
            var byId = restored.GroupBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            foreach (var recorded in original.PackageList)
            {
                if (!byId.TryGetValue(recorded.Key, out RestoredPackage? package))
                {
                    problems.Add($"{recorded.Key} {recorded.Value.Version} was not restored");
                    continue;
                }
                if (!string.Equals(package.Version, recorded.Value.Version, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{recorded.Key}: restored {package.Version}, recorded {recorded.Value.Version}");
                    continue;
                }
                // NuGet's contentHash, and our own hash of the .nupkg it extracted: a feed serving other bytes under the same version shows here.
                string nupkg = Path.Combine(packagesFolder, package.Id.ToLowerInvariant(), package.Version.ToLowerInvariant(), package.Id.ToLowerInvariant() + "." + package.Version.ToLowerInvariant() + ".nupkg");
                // No .nupkg in the rebuild's own folder: the package came from somewhere the rebuild did not fill (a fallback
                // folder, another packages path); the assets file's word for its hash is not taken.
                if (!File.Exists(nupkg))
                {
                    problems.Add($"{recorded.Key} {package.Version} is not in the rebuild's own packages folder (a fallback folder or another packages path served it), so its bytes cannot be checked");
                    continue;
                }
                string actual = PackageContentHash.ComputeHex(nupkg);
                if (!string.Equals(actual, recorded.Value.Sha512, StringComparison.Ordinal) || !string.Equals(package.Sha512Hex, recorded.Value.Sha512, StringComparison.Ordinal))
                    problems.Add($"{recorded.Key} {package.Version}: sha512 {actual.Substring(0, 16)}… restored, {Prefix(recorded.Value.Sha512)}… recorded (same version, other bytes)");
            }
            foreach (RestoredPackage extra in restored.Where(p => !original.PackageList.ContainsKey(p.Id)))
                problems.Add($"{extra.Id} {extra.Version} was restored but is not in the provenance");
            if (problems.Count > 0)
                throw new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.RebuildPackageMismatch,
                    "the restore did not bring the recorded packages, so the rebuild stops: " + string.Join("; ", problems));
        }

        private static string Prefix(string hex) => hex.Length > 16 ? hex.Substring(0, 16) : hex;

        /// <summary>obj/project.assets.json beside the project, else the one whose restore names this project (custom or artifacts layouts).</summary>
        private static string AssetsFile(string projectFolder, string clone, string project)
        {
            string usual = Path.Combine(projectFolder, "obj", "project.assets.json");
            if (File.Exists(usual)) return usual;
            foreach (string candidate in Directory.EnumerateFiles(clone, "project.assets.json", SearchOption.AllDirectories))
            {
                try
                {
                    if (JsonReader.Parse(File.ReadAllBytes(candidate)) is JsonObject json &&
                        string.Equals(json.GetObject("project")?.GetObject("restore")?.GetString("projectPath"), project, StringComparison.Ordinal))
                        return candidate;
                }
                catch (FormatException) { }
            }
            throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildFailed, $"the restore of {project} wrote no project.assets.json that could be found");
        }

        /// <summary>The rebuilt project's own bundle for this artifact: same file name, same project, configuration and framework.</summary>
        private static string? FindRebuiltBundle(string clone, string artifactName, RebuildPlan plan)
        {
            foreach (string candidate in Directory.EnumerateFiles(clone, artifactName + ".sigstore.json", SearchOption.AllDirectories))
            {
                try
                {
                    StatementFacts facts = StatementFacts.From(ProvenanceFile.Read(candidate, Array.Empty<Provenance.Signing.VerificationKey>()).Statement);
                    if (facts.Get(StatementFacts.Parameters, "project") == plan.Project &&
                        facts.Get(StatementFacts.Parameters, "targetFramework") == plan.TargetFramework &&
                        (facts.Get(StatementFacts.Parameters, "configuration") ?? "") == plan.Configuration &&
                        facts.Get(StatementFacts.Parameters, "runtimeIdentifier") == plan.RuntimeIdentifier &&
                        !candidate.Contains(Path.DirectorySeparatorChar + "publish" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        return candidate;
                }
                catch (CommandFailedException) { }
            }
            return null;
        }

        /// <summary>The PDB path in the original assembly (the artifact or a subject beside the bundle), which shows where it was built.</summary>
        /// <summary>
        /// No managed assembly to read (a single-file bundle, an apphost): the original folder from a portable PDB among the
        /// subjects, whose documents are the compiled sources under the folder they were compiled in.
        /// </summary>
        internal static string? OriginalRootFromPdbs(StatementFacts facts, string expectedFolder)
        {
            // The folders of referenced projects, from their recorded outputs (src/Core/bin/Release/net10.0/Core.dll → src/Core):
            // a native (AOT) app publishes no PDB of its own, only those of the projects it references.
            var folders = facts[StatementFacts.ProjectReferences].Keys
                .Select(name => new[] { "/bin/", "/obj/" }.Select(marker => name.IndexOf(marker, StringComparison.Ordinal)).Where(i => i > 0).DefaultIfEmpty(-1).Min() is int at && at > 0 ? name.Substring(0, at) : null)
                .Where(folder => folder != null && IsRelativeName(folder)).Select(folder => folder!).Distinct().ToList();
            if (facts.CompileOrder.Count == 0 && folders.Count == 0) return null;
            foreach (var subject in facts[StatementFacts.Subjects].Where(s => IsRelativeName(s.Key) && s.Key.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)))
            {
                string file = Path.Combine(expectedFolder, subject.Key.Replace('/', Path.DirectorySeparatorChar));
                if (File.Exists(file) && Sha256Hex(file) == Sha256Of(subject.Value) && AssemblyComparison.RootFromPdbDocuments(file, facts.CompileOrder, folders) is string root) return root;
            }
            return null;
        }

        internal static string? OriginalPdbPath(StatementFacts facts, string expectedFolder, string artifactName)
        {
            // The artifact's own PDB path first: a publish folder also holds the dlls of packages (mapped to /_/ by their
            // builders) and of referenced projects (built in their own folders), whose paths say nothing of this project's.
            string? project = facts.Get(StatementFacts.Parameters, "project");
            string projectFolder = project != null && project.LastIndexOf('/') > 0 ? "/" + project.Substring(0, project.LastIndexOf('/')) + "/" : "";
            var candidates = facts[StatementFacts.Subjects]
                .Where(s => IsRelativeName(s.Key) && (s.Key.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || s.Key.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)))
                .OrderBy(s => s.Key == artifactName ? 0 : 1);
            foreach (var subject in candidates)
            {
                string file = Path.Combine(expectedFolder, subject.Key.Replace('/', Path.DirectorySeparatorChar));
                // Only a file with the recorded digest says anything about the original build.
                if (!File.Exists(file) || Sha256Hex(file) != Sha256Of(subject.Value) || AssemblyComparison.PdbPath(file) is not string pdb) continue;
                if (subject.Key == artifactName || (projectFolder.Length > 0 && pdb.Replace('\\', '/').Contains(projectFolder, StringComparison.Ordinal))) return pdb;
            }
            return null;
        }

        /// <summary>A relative '/'-separated path with no "..", "." or empty segment, no drive and no backslash.</summary>
        internal static bool IsRelativeName(string name) =>
            name.Length > 0 && !name.StartsWith("/", StringComparison.Ordinal) && name.IndexOf('\\') < 0 && name.IndexOf(':') < 0 && name.IndexOf('\0') < 0 &&
            name.Split('/').All(part => part.Length > 0 && part != "." && part != "..");

        private static string Sha256Of(string digests)
        {
            foreach (string part in digests.Split(' '))
                if (part.StartsWith("sha256:", StringComparison.Ordinal)) return part.Substring(7);
            return "";
        }

        private static string Sha256Hex(string path)
        {
            using FileStream stream = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        }

        private static void TryDelete(string directory)
        {
            try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
