using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Capture;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Diff;
using Provenance.Generation;

namespace Provenance.Cli.Rebuild
{
    /// <summary>
    /// What a statement tells a rebuild to do, decided without running anything (so it is unit-tested): which commit,
    /// which project with which configuration, framework, runtime identifier and global properties, which environment
    /// variables, and the PathMap that makes a build in another folder write the paths the original wrote.
    /// </summary>
    internal sealed class RebuildPlan
    {
        /// <summary>
        /// Global properties that say where or how the original was built, not what: the solution that dispatched the
        /// build (absolute paths; building the project alone gives the same output), what `dotnet` itself adds, and
        /// the signing settings (the rebuild signs its own provenance with a throw-away key).
        /// </summary>
        public const string SetByRebuild = "set by the rebuild itself";
        public const string NotAPropertyName = "not an MSBuild property name";
        public const string SolutionOnly = "describes the solution that dispatched the build (machine paths); the project is built alone";

        private static readonly HashSet<string> Solution = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "SolutionDir", "SolutionPath", "SolutionFileName", "SolutionName", "SolutionExt", "CurrentSolutionConfigurationContents", "BuildingSolutionFile",
        };

        private static readonly HashSet<string> NotReplayed = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Configuration", "TargetFramework", "RuntimeIdentifier",
            "SolutionDir", "SolutionPath", "SolutionFileName", "SolutionName", "SolutionExt", "CurrentSolutionConfigurationContents",
            "BuildingSolutionFile", "NuGetInteractive", "MSBuildRestoreSessionId", "ExcludeRestorePackageImports", "_RestoreIsolatedNuGetPackages",
            "RestoreAdditionalProjectSources", "PathMap", "PublishDir", "_IsPublishing",
            "ProvenanceSigningKeyFile", "ProvenanceSigningKeyVariable", "ProvenanceSigningKeyPasswordVariable", "ProvenanceSigningCommand",
            "ProvenanceSigningPublicKeyFile", "ProvenanceDevelopmentKeyFile", "ProvenanceSigningCertificateFile",
        };

        public string Project { get; private set; } = "";
        public string Configuration { get; private set; } = "";
        public string TargetFramework { get; private set; } = "";
        public string? RuntimeIdentifier { get; private set; }
        public string Commit { get; private set; } = "";
        public string? RepositoryUrl { get; private set; }

        /// <summary>
        /// The remote the clone gets: the URL as the original build saw it (checkout.repositoryUrl: SourceLink writes that
        /// spelling, ".git" and all, into the assembly), else the canonical one; null without a usable remote.
        /// </summary>
        public string? RemoteUrl { get; private set; }

        /// <summary>The branch HEAD was on (refs/heads/X → X), so the clone is on it too: version tools read the branch
        /// (Nerdbank.GitVersioning makes public releases from main); null for a detached HEAD.</summary>
        public string? Branch { get; private set; }

        /// <summary>The tag the source ref names (refs/tags/v1 → v1): the clone gets it at the commit (MinVer reads tags).</summary>
        public string? Tag { get; private set; }
        public string? SdkVersion { get; private set; }

        /// <summary>Recorded global properties passed on as -p: (sorted).</summary>
        public SortedDictionary<string, string> GlobalProperties { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Recorded global properties not passed on, with why (solution, signing, redacted).</summary>
        public SortedDictionary<string, string> Skipped { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// Properties the rebuild adds because the statement says what they were though no global property set them:
        /// a CI build maps source paths (ContinuousIntegrationBuild, often set from a CI variable by a package such as
        /// DotNet.ReproducibleBuilds, which the rebuild's environment lacks), so its bytes hold /_/ instead of a folder.
        /// </summary>
        public SortedDictionary<string, string> Added { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The allowlisted variables as recorded: set when recorded, removed when not (a variable the rebuilder happens to have must not change the build).</summary>
        public SortedDictionary<string, string?> Environment { get; } = new SortedDictionary<string, string?>(StringComparer.Ordinal);

        /// <summary>
        /// The repository root the original build ran in, when the assembly names it (its CodeView entry holds the PDB
        /// path unless the build mapped source paths, e.g. ContinuousIntegrationBuild=true, which writes /_/).
        /// </summary>
        public string? OriginalRoot { get; private set; }

        public IReadOnlyList<string> Subjects { get; private set; } = Array.Empty<string>();

        /// <summary>
        /// The provenance of a `dotnet publish` (the CLI sets _IsPublishing): the rebuild publishes too, into a folder of
        /// its own (the recorded PublishDir is a path of the original machine), and compares the published files.
        /// </summary>
        public bool IsPublish { get; private set; }

        /// <summary>
        /// Plans that one checkout and one build can serve: all but the target framework alike. A publish is never
        /// shared (it needs its framework), nor a plan that renames nothing but differs in anything else.
        /// </summary>
        public string GroupKey => string.Join("\n", new[]
        {
            Commit, Project, Configuration, RuntimeIdentifier ?? "", Command, IsPublish ? TargetFramework : "", Branch ?? "", Tag ?? "", RemoteUrl ?? "", OriginalRoot ?? "",
            string.Join(";", GlobalProperties.Where(p => p.Key != "TargetFramework").Select(p => p.Key + "=" + p.Value)),
            string.Join(";", Added.Select(p => p.Key + "=" + p.Value)),
            string.Join(";", Environment.Select(p => p.Key + "=" + p.Value)),
        });

        /// <summary>`build` or `publish`.</summary>
        public string Command => IsPublish ? "publish" : "build";

        /// <summary>Set by the rebuild when its <see cref="RebuildTargets"/> file renames the source roots: the rebuilt
        /// statement's source roots then differ on purpose.</summary>
        public bool RenamesSourceRoots { get; set; }

        public static RebuildPlan From(StatementFacts facts, string? originalPdbPath, Func<string?>? originalRootFromDocuments = null)
        {
            string? buildType = facts.Get(StatementFacts.Parameters, "buildType");
            if (buildType != ProvenanceGenerator.BuildType && buildType != ProvenanceGenerator.BuildTypeV1)
                throw Unusable($"its buildType is '{buildType ?? "(none)"}', not one of Provenance.MSBuild's");
            var plan = new RebuildPlan
            {
                Project = facts.Get(StatementFacts.Parameters, "project") ?? throw Unusable("it names no project"),
                Configuration = facts.Get(StatementFacts.Parameters, "configuration") ?? "",
                TargetFramework = facts.Get(StatementFacts.Parameters, "targetFramework") ?? throw Unusable("it names no target framework (the provenance of a pack: rebuild an assembly's provenance instead)"),
                RuntimeIdentifier = facts.Get(StatementFacts.Parameters, "runtimeIdentifier"),
                Commit = facts.Get(StatementFacts.Source, "commit") is string commit && IsCommitId(commit) ? commit : throw Unusable("it names no git commit (40 or 64 lowercase hex digits)"),
                RepositoryUrl = RepositoryUrlOf(facts.Get(StatementFacts.Source, "uri")),
                SdkVersion = facts.Get(StatementFacts.Toolchain, "sdkVersion"),
                Subjects = facts[StatementFacts.Subjects].Keys.ToList(),
            };
            plan.IsPublish = string.Equals(facts.Get(StatementFacts.GlobalProperties, "_IsPublishing"), "true", StringComparison.OrdinalIgnoreCase);
            plan.RemoteUrl = RemoteUrlOf(facts.Get(StatementFacts.Checkout, "repositoryUrl"), plan.RepositoryUrl);
            string? sourceRef = RefOf(facts.Get(StatementFacts.Source, "uri"));
            plan.Branch = RefName(sourceRef, "refs/heads/");
            plan.Tag = RefName(sourceRef, "refs/tags/");
            if (!Rebuilder.IsRelativeName(plan.Project))
                throw Unusable($"its project '{plan.Project}' is not a path inside the repository");

            plan.OriginalRoot = OriginalRootFrom(originalPdbPath, plan.Project) ?? (originalPdbPath == null ? originalRootFromDocuments?.Invoke() : null);
            foreach (var property in facts[StatementFacts.GlobalProperties])
            {
                // A name that is not an MSBuild property name would, on the command line, be another switch or property.
                if (!IsPropertyName(property.Key)) plan.Skipped[property.Key] = NotAPropertyName;
                else if (Solution.Contains(property.Key)) plan.Skipped[property.Key] = SolutionOnly;
                else if (property.Key == "PathMap" && plan.OriginalRoot == null) plan.GlobalProperties[property.Key] = property.Value;
                else if (NotReplayed.Contains(property.Key)) plan.Skipped[property.Key] = SetByRebuild;
                else if (property.Value == SecretNames.RedactedValue) plan.Skipped[property.Key] = "redacted in the provenance";
                else plan.GlobalProperties[property.Key] = property.Value;
            }
            if (facts.Get(StatementFacts.Compiler, "option continuousIntegrationBuild") == "true" && !plan.GlobalProperties.ContainsKey("ContinuousIntegrationBuild"))
                plan.Added["ContinuousIntegrationBuild"] = "true";
            // ContinuousIntegrationBuild=true sets DeterministicSourcePaths in the SDK: passed or added, it says it already.
            bool ciBuild = string.Equals(plan.GlobalProperties.GetValueOrDefault("ContinuousIntegrationBuild") ?? plan.Added.GetValueOrDefault("ContinuousIntegrationBuild"), "true", StringComparison.OrdinalIgnoreCase);
            if (facts.Get(StatementFacts.Compilation, "deterministicSourcePaths") == "true" && !plan.GlobalProperties.ContainsKey("DeterministicSourcePaths") && !ciBuild)
                plan.Added["DeterministicSourcePaths"] = "true";
            foreach (string name in EnvironmentCapture.DefaultAllowlist)
            {
                string? value = facts.Get(StatementFacts.Environment, name);
                plan.Environment[name] = value == SecretNames.RedactedValue ? null : value;
            }
            return plan;
        }

        /// <summary>
        /// The repository root in the PDB path the assembly records: the part before "/&lt;project folder&gt;/"
        /// (the intermediate folder lies in the project folder by default), else before "/obj/" or "/artifacts/obj/".
        /// Null for a mapped path ("/_/...") or one that shows neither: no PathMap is needed, or none can be derived.
        /// </summary>
        internal static string? OriginalRootFrom(string? pdbPath, string project)
        {
            if (string.IsNullOrEmpty(pdbPath)) return null;
            string path = pdbPath!.Replace('\\', '/');
            if (path.StartsWith("/_", StringComparison.Ordinal)) return null;
            int slash = project.LastIndexOf('/');
            string projectFolder = slash > 0 ? project.Substring(0, slash) : "";
            if (projectFolder.Length > 0)
            {
                int at = path.LastIndexOf("/" + projectFolder + "/", StringComparison.Ordinal);
                if (at > 0) return pdbPath!.Substring(0, at);
            }
            foreach (string marker in new[] { "/artifacts/obj/", "/obj/" })
            {
                int at = path.LastIndexOf(marker, StringComparison.Ordinal);
                if (at > 0) return pdbPath!.Substring(0, at);
            }
            return null;
        }

        /// <summary>git+https://host/o/r@refs/heads/main → https://host/o/r (the canonical URL the statement records).</summary>
        internal static string? RepositoryUrlOf(string? sourceUri)
        {
            if (string.IsNullOrEmpty(sourceUri)) return null;
            string uri = sourceUri!.StartsWith("git+", StringComparison.Ordinal) ? sourceUri.Substring(4) : sourceUri;
            int at = uri.IndexOf('@', uri.IndexOf("://", StringComparison.Ordinal) + 3);
            return at > 0 ? uri.Substring(0, at) : uri;
        }

        /// <summary>A full commit id: anything else (a branch name, an option such as --upload-pack=...) would reach git.</summary>
        internal static bool IsCommitId(string value) =>
            ListMath.IsLowerHex(value, 40, 64);

        /// <summary>An MSBuild property name: a letter or '_', then letters, digits, '_', '-' or '.'.</summary>
        internal static bool IsPropertyName(string name) =>
            name.Length > 0 && name.Length <= 256 && (char.IsAsciiLetter(name[0]) || name[0] == '_') &&
            name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-' || c == '.');

        /// <summary>The ref after the last '@' of git+https://host/o/r@refs/heads/main; null when there is none.</summary>
        internal static string? RefOf(string? sourceUri)
        {
            if (string.IsNullOrEmpty(sourceUri)) return null;
            int scheme = sourceUri!.IndexOf("://", StringComparison.Ordinal);
            int at = sourceUri.IndexOf('@', scheme < 0 ? 0 : scheme + 3);
            return at > 0 && at < sourceUri.Length - 1 ? sourceUri.Substring(at + 1) : null;
        }

        /// <summary>
        /// The branch or tag name after <paramref name="prefix"/>, when git would take it as one (check-ref-format's
        /// rules, in short): the statement is untrusted, and the name goes to `git checkout -B` and `git tag`.
        /// </summary>
        internal static string? RefName(string? sourceRef, string prefix)
        {
            if (sourceRef == null || !sourceRef.StartsWith(prefix, StringComparison.Ordinal)) return null;
            string name = sourceRef.Substring(prefix.Length);
            bool valid = name.Length > 0 && name.Length <= 250 && !name.StartsWith("-", StringComparison.Ordinal) && !name.StartsWith("/", StringComparison.Ordinal) &&
                         !name.EndsWith("/", StringComparison.Ordinal) && !name.EndsWith(".lock", StringComparison.Ordinal) && !name.EndsWith(".", StringComparison.Ordinal) &&
                         !name.Contains("..") && !name.Contains("//") && !name.Contains("@{") && !name.Split('/').Any(part => part.StartsWith(".", StringComparison.Ordinal)) &&
                         name.All(c => c > ' ' && c != 0x7f && c != '~' && c != '^' && c != ':' && c != '?' && c != '*' && c != '[' && c != '\\');
            return valid ? name : null;
        }

        /// <summary>The recorded spelling when it is a URL or scp-like address git would take as a remote, else the canonical URL.</summary>
        internal static string? RemoteUrlOf(string? recorded, string? canonical)
        {
            bool usable = !string.IsNullOrEmpty(recorded) && recorded != SecretNames.RedactedValue && !recorded!.StartsWith("-", StringComparison.Ordinal) &&
                          recorded.All(c => c > ' ' && c != 0x7f) &&
                          (recorded.StartsWith("https://", StringComparison.Ordinal) || recorded.StartsWith("http://", StringComparison.Ordinal) ||
                           recorded.StartsWith("ssh://", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(recorded, @"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^:]"));
            if (!usable && !string.IsNullOrEmpty(recorded) && IsLocalRemote(recorded!)) return recorded;
            string? url = usable ? recorded : canonical;
            return url == null || url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("/", StringComparison.Ordinal) ? null : url;
        }

        /// <summary>
        /// A mirror on the build machine (/srv/git/r.git): the clone gets it as its remote too, so the rebuilt statement
        /// names the same source (nothing is fetched through it; SourceLink maps no local remote).
        /// </summary>
        private static bool IsLocalRemote(string recorded) =>
            recorded.StartsWith("/", StringComparison.Ordinal) && recorded.All(c => c > ' ' && c != 0x7f);

        /// <summary>The arguments of `dotnet build` (or restore) after the project path.</summary>
        /// <param name="rebuildTargets">The <see cref="RebuildTargets"/> file, passed as CustomAfterMicrosoftCommonTargets
        /// in place of a recorded one (which it imports).</param>
        public List<string> BuildArguments(string cloneRoot, string developmentKeyFile, string? rebuildTargets = null)
        {
            var arguments = new List<string> { "-nr:false" };
            if (Configuration.Length > 0) arguments.Add("-p:Configuration=" + Escape(Configuration));
            arguments.Add("-p:TargetFramework=" + Escape(TargetFramework));
            if (!string.IsNullOrEmpty(RuntimeIdentifier)) arguments.Add("-p:RuntimeIdentifier=" + Escape(RuntimeIdentifier!));
            foreach (var property in GlobalProperties)
                if (rebuildTargets == null || (property.Key != RebuildTargets.Property && property.Key != RebuildTargets.CrossTargetingProperty))
                    arguments.Add("-p:" + property.Key + "=" + Escape(property.Value));
            if (rebuildTargets != null)
            {
                arguments.Add("-p:" + RebuildTargets.Property + "=" + Escape(rebuildTargets));
                arguments.Add("-p:" + RebuildTargets.CrossTargetingProperty + "=" + Escape(rebuildTargets));
            }
            foreach (var property in Added) arguments.Add("-p:" + property.Key + "=" + Escape(property.Value));
            // The clone's root is written as the original's, so PDB paths, CallerFilePath and the CodeView entry match.
            if (OriginalRoot != null) arguments.Add("-p:PathMap=" + Escape(cloneRoot.TrimEnd('/') + "=" + OriginalRoot.TrimEnd('/')));
            // The rebuild attests its own output too (that statement is what tells why it differs), with a throw-away key.
            arguments.Add("-p:ProvenanceSigningKeyFile=");
            arguments.Add("-p:ProvenanceDevelopmentKeyFile=" + Escape(developmentKeyFile));
            return arguments;
        }

        /// <summary>MSBuild's escaping for a -p: value: ';' and ',' would split it into two properties (the second one of the
        /// statement's choosing), '"' would be dropped, '%' starts an escape.</summary>
        internal static string Escape(string value) => value.Replace("%", "%25").Replace(";", "%3B").Replace(",", "%2C").Replace("\"", "%22");

        /// <summary>The .NET SDK feature band: 10.0.401 → 10.0.4xx. Builds of one band share the compiler; another band may not.</summary>
        internal static string FeatureBand(string version)
        {
            string[] parts = version.Split('-')[0].Split('.');
            if (parts.Length < 3 || parts[2].Length == 0) return version;
            return parts[0] + "." + parts[1] + "." + parts[2][0] + "xx";
        }

        private static CommandFailedException Unusable(string why) =>
            new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildNotPossible, "the provenance cannot drive a rebuild: " + why);
    }
}
