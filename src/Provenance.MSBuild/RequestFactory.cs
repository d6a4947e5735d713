using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.Build.Framework;
using Provenance.Capture;
using Provenance.Generation;
using Provenance.Packages;

namespace Provenance.MSBuild
{
    /// <summary>
    /// Turns a task's properties, the environment and the repository into a <see cref="ProvenanceRequest"/>; the
    /// static helpers map the item lists that only some tasks have.
    /// </summary>
    internal sealed class RequestFactory
    {
        private const string LocalBuilderId = "https://github.com/provenance-msbuild/Provenance.MSBuild/builders/local";
        private readonly ProvenanceTask _task;
        private readonly IBuildEngine _engine;

        public RequestFactory(ProvenanceTask task, IBuildEngine engine)
        {
            _task = task;
            _engine = engine;
        }

        public ProvenanceRequest Create(string keySource)
        {
            IReadOnlyDictionary<string, string> environment = ReadEnvironment();
            CiInfo? ci = CiDetector.Detect(environment);
            GitSourceInfo? source = Source();
            var (startedOn, finishedOn) = Timestamps(environment);

            string repositoryRoot = RepositoryRoot(source);
            var request = new ProvenanceRequest
            {
                RepositoryRoot = repositoryRoot,
                ProjectPath = Path.GetFullPath(_task.ProjectPath),
                Configuration = _task.Configuration ?? "",
                TargetFramework = _task.TargetFramework ?? "",
                RuntimeIdentifier = NullIfEmpty(_task.RuntimeIdentifier),
                GlobalProperties = GlobalProperties(),
                Source = source,
                SdkVersion = _task.SdkVersion ?? "",
                MSBuildVersion = _task.MSBuildVersion ?? "",
                DotnetRuntime = RuntimeInformation.FrameworkDescription,
                OperatingSystem = RuntimeInformation.OSDescription.Trim(),
                Architecture = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
                CompilerName = _task.CompilerName ?? "",
                CompilerVersion = CompilerVersion(),
                CompilerOptions = CompilerOptions(),
                Ci = ci,
                Environment = EnvironmentCapture.Capture(environment, SplitList(_task.EnvironmentVariables)),
                Inputs = RepositoryConfigurationFiles(repositoryRoot, _task.ProjectPath).ToList(),
                BuilderId = BuilderId(ci),
                ToolVersion = ToolVersion.Value,
                KeySource = keySource,
                InvocationId = ci?.RunUrl ?? ci?.RunId,
                StartedOn = startedOn,
                FinishedOn = finishedOn,
            };
            return request;
        }

        private static IReadOnlyDictionary<string, string> ReadEnvironment()
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
                result[(string)entry.Key] = entry.Value as string ?? "";
            return result;
        }

        /// <summary>The SDK's source control facts (commit, branch, URL) where it computed them; our own reader fills the rest.</summary>
        private GitSourceInfo? Source()
        {
            string start = !string.IsNullOrEmpty(_task.RepositoryRoot) ? _task.RepositoryRoot! : Path.GetDirectoryName(Path.GetFullPath(_task.ProjectPath))!;
            GitSourceInfo? git = GitRepositoryReader.Locate(start, checkDirty: false);
            // SourceRevisionId may also be set by hand to something that is not a commit id; then our own reading stands.
            string? sdkCommit = IsCommitId(_task.SourceRevisionId) ? _task.SourceRevisionId!.ToLowerInvariant() : null;
            if (git == null && sdkCommit == null) return null;
            git ??= new GitSourceInfo { RepositoryRoot = start };
            if (sdkCommit != null) git.Commit = sdkCommit;
            if (!string.IsNullOrEmpty(_task.SourceBranchName)) git.Ref = _task.SourceBranchName;
            if (!string.IsNullOrEmpty(_task.RepositoryUrl)) git.RepositoryUrl = _task.RepositoryUrl;
            if (git.RepositoryUrl != null) git.RepositoryUrl = UrlSanitizer.RemoveUserInfo(git.RepositoryUrl);
            string root = git.RepositoryRoot;
            // Started in the background and awaited when the statement records it, after the inputs are hashed. One
            // check per repository, build and node: every project of the build shares it.
            git.DirtyWhenDone(BuildCache.GetOrAdd(_engine, "dirty:" + root, () => new DirtyCheck(Task.Run(() => GitRepositoryReader.IsDirty(root)))).Result);
            return git;
        }

        private string RepositoryRoot(GitSourceInfo? source)
        {
            if (!string.IsNullOrEmpty(_task.RepositoryRoot)) return Path.GetFullPath(_task.RepositoryRoot);
            if (source != null && !string.IsNullOrEmpty(source.RepositoryRoot)) return Path.GetFullPath(source.RepositoryRoot);
            return Path.GetDirectoryName(Path.GetFullPath(_task.ProjectPath))!;
        }

        private IDictionary<string, string> GlobalProperties()
        {
            var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (_engine is IBuildEngine6 engine6)
            {
                foreach (var pair in engine6.GetGlobalProperties())
                    result[pair.Key] = pair.Value;
            }
            return result;
        }

        private IDictionary<string, string> CompilerOptions()
        {
            var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (ITaskItem option in _task.CompilerOptions)
            {
                string value = option.GetMetadata("Value");
                if (!string.IsNullOrEmpty(value)) result[option.ItemSpec] = value;
            }
            return result;
        }

        /// <summary>The compiler's own version (Roslyn's for csc and vbc, the F# compiler's for fsc), cached per build.</summary>
        private string CompilerVersion()
        {
            string? location = _task.CompilerDirectory;
            if (string.IsNullOrEmpty(location)) return "";
            return BuildCache.GetOrAdd(_engine, "compiler:" + _task.CompilerName + "|" + location, () => CompilerVersions.Read(_task.CompilerName, location));
        }

        /// <summary>
        /// The compilation's inputs plus the repository's configuration files. Imported .props/.targets count when they
        /// are the repository's own, or a hook that reaches every build (ProvenanceAnywhere: CustomAfterMicrosoftCommonTargets
        /// and the like, the user's ImportAfter folders): the SDK's and packages' imports are pinned by the SDK version and
        /// package hashes, hooks by nothing.
        /// </summary>
        public static IList<InputFile> InputFiles(ITaskItem[] items, string repositoryRoot, string projectPath)
        {
            var inputs = items
                .Where(i => !string.IsNullOrEmpty(i.ItemSpec))
                .Where(i => i.GetMetadata("ProvenanceKind") != "build" || i.GetMetadata("ProvenanceAnywhere") == "true" || IsUnder(i.GetMetadata("FullPath"), repositoryRoot))
                .Select(i => new InputFile(i.GetMetadata("FullPath"), NullIfEmpty(i.GetMetadata("ProvenanceKind")) ?? "build"))
                .Where(i => File.Exists(i.Path))
                .ToList();
            inputs.AddRange(RepositoryConfigurationFiles(repositoryRoot, projectPath));
            return inputs;
        }

        /// <summary>global.json and NuGet.config between the project and the repository root: they choose the SDK and the package sources.</summary>
        private static IEnumerable<InputFile> RepositoryConfigurationFiles(string repositoryRoot, string projectPath)
        {
            var directory = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(projectPath))!);
            while (directory != null)
            {
                foreach (string name in new[] { "global.json", "NuGet.config", "nuget.config", "NuGet.Config" })
                {
                    string path = Path.Combine(directory.FullName, name);
                    if (File.Exists(path)) yield return new InputFile(path, name == "global.json" ? "sdk" : "restore");
                }
                if (IsSameDirectory(directory.FullName, repositoryRoot) || !IsUnder(directory.FullName, repositoryRoot)) yield break;
                directory = directory.Parent;
            }
        }

        public static IList<RestoredPackage> Packages(string? assetsFile, string? targetFramework, string? runtimeIdentifier)
        {
            // No assets file property: a project without PackageReference restore. A named but missing file is an error:
            // recording "no packages" would be a false claim.
            if (string.IsNullOrEmpty(assetsFile)) return new List<RestoredPackage>();
            if (!File.Exists(assetsFile))
                throw new ProvenanceException(DiagnosticCodes.AssetsFileInvalid, $"The assets file '{assetsFile}' (ProjectAssetsFile) does not exist; run a restore first.");
            return AssetsFileReader.ReadPackages(assetsFile!, targetFramework ?? "", NullIfEmpty(runtimeIdentifier)).ToList();
        }

        /// <summary>Marks the packages this build verified with the digest of the statement that was verified.</summary>
        public static void AddVerifiedProvenance(IList<RestoredPackage> packages, string? reportFile)
        {
            if (string.IsNullOrEmpty(reportFile) || !File.Exists(reportFile)) return;
            IReadOnlyList<PackageVerificationResult> results;
            try { results = VerificationReport.Parse(File.ReadAllBytes(reportFile)); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is Json.JsonFormatException)
            {
                throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"The package verification report '{reportFile}' cannot be read: {ex.Message}", ex);
            }
            var verified = results.Where(r => r.IsVerified && r.StatementSha256 != null)
                .GroupBy(r => r.Id + "/" + r.Version, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            foreach (RestoredPackage package in packages)
            {
                if (!verified.TryGetValue(package.Id + "/" + package.Version, out PackageVerificationResult? result)) continue;
                package.VerifiedStatementSha256 = result.StatementSha256;
                package.VerifiedSigner = result.SignerHint;
            }
        }

        /// <summary>obj/&lt;project&gt;.provenance.vsa.sigstore.json beside obj/&lt;project&gt;.provenance.packages.json, when the gate wrote one.</summary>
        public static string? VerificationSummaryBeside(string? reportFile)
        {
            const string reportSuffix = ".provenance.packages.json";
            if (string.IsNullOrEmpty(reportFile) || !reportFile!.EndsWith(reportSuffix, StringComparison.Ordinal)) return null;
            string summary = reportFile.Substring(0, reportFile.Length - reportSuffix.Length) + ".provenance.vsa.sigstore.json";
            return File.Exists(summary) ? summary : null;
        }

        public static IList<InputFile> AnalyzerFiles(ITaskItem[] items) =>
            items.Select(a => new InputFile(a.GetMetadata("FullPath"), "analyzer", NullIfEmpty(a.GetMetadata("NuGetPackageId")))).ToList();

        /// <summary>Referenced projects' outputs and, when present, their own provenance file: the chain.</summary>
        public static IList<ProjectReferenceOutput> ProjectReferenceOutputs(ITaskItem[] items) =>
            items.Select(r =>
            {
                string output = r.GetMetadata("FullPath");
                string bundle = output + ".sigstore.json";
                string project = r.GetMetadata("MSBuildSourceProjectFile");
                return new ProjectReferenceOutput(string.IsNullOrEmpty(project) ? output : project, output, File.Exists(bundle) ? bundle : null);
            }).ToList();

        public static IList<string> ExistingFiles(ITaskItem[] items) =>
            items.Select(s => s.GetMetadata("FullPath")).Where(File.Exists).Distinct(StringComparer.Ordinal).ToList();

        private string BuilderId(CiInfo? ci)
        {
            string? configured = _task.BuilderId;
            if (!string.IsNullOrEmpty(configured))
            {
                if (!Uri.TryCreate(configured, UriKind.Absolute, out _))
                    throw new ProvenanceException(DiagnosticCodes.BuilderIdInvalid, $"ProvenanceBuilderId '{configured}' is not an absolute URI.");
                return configured!;
            }
            return ci?.BuilderId ?? LocalBuilderId;
        }

        /// <summary>Both timestamps are SOURCE_DATE_EPOCH when it is set, so that reproducible builds produce identical statements.</summary>
        private (DateTimeOffset, DateTimeOffset) Timestamps(IReadOnlyDictionary<string, string> environment)
        {
            if (environment.TryGetValue("SOURCE_DATE_EPOCH", out string? epochText) && !string.IsNullOrEmpty(epochText))
            {
                if (!long.TryParse(epochText, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) || seconds > 253402300799)
                    throw new ProvenanceException(DiagnosticCodes.SourceDateEpochInvalid, $"SOURCE_DATE_EPOCH '{epochText}' is not a whole number of seconds since 1970-01-01.");
                var epoch = DateTimeOffset.FromUnixTimeSeconds(seconds);
                return (epoch, epoch);
            }
            DateTimeOffset finished = Truncate(DateTimeOffset.UtcNow);
            DateTimeOffset started = DateTimeOffset.TryParseExact(_task.StartedOn, "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed) && parsed <= finished ? parsed : finished;
            return (started, finished);
        }

        private static DateTimeOffset Truncate(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());

        private static IEnumerable<string> SplitList(string? list) =>
            (list ?? "").Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.Length > 0);

        private static bool IsCommitId(string? value) =>
            value != null && (value.Length == 40 || value.Length == 64) && value.All(Uri.IsHexDigit);

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        private static StringComparison PathComparison =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        private static bool IsSameDirectory(string a, string b) =>
            string.Equals(a.TrimEnd('/', '\\'), b.TrimEnd('/', '\\'), PathComparison);

        private static bool IsUnder(string path, string directory) =>
            path.StartsWith(directory.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, PathComparison);

        /// <summary>The dirty check of one repository, running or done; "unknown" (null) is a result too.</summary>
        private sealed class DirtyCheck
        {
            public DirtyCheck(Task<bool?> result) => Result = result;
            public Task<bool?> Result { get; }
        }
    }
}
