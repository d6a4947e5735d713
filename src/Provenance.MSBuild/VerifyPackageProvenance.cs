using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Provenance.Capture;
using Provenance.Packages;

namespace Provenance.MSBuild
{
    /// <summary>
    /// Checks every package this target framework's build restored against the trusted keys and the policy, before
    /// compilation. Tampered is an error whatever the policy; a package the policy requires that is not verified is
    /// an error (or a warning, as the policy says); the rest is one summary message. Unchanged package folders are
    /// not re-hashed (a cache under obj/ keyed by each file's size and time), yet a file changed after restore is.
    /// </summary>
    public sealed class VerifyPackageProvenance : Task
    {
        [Required] public string ProjectPath { get; set; } = "";
        [Required] public string ProjectAssetsFile { get; set; } = "";
        [Required] public string PackageRoot { get; set; } = "";
        [Required] public string CacheFile { get; set; } = "";
        [Required] public string ReportFile { get; set; } = "";
        public string? TargetFramework { get; set; }
        public string? RuntimeIdentifier { get; set; }

        /// <summary>ProvenanceTrustedKey items: SPKI PEM public key files.</summary>
        public ITaskItem[] TrustedKeys { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>ProvenancePolicy items: Include = package id pattern; Require, SourceRepository, Severity, AllowDevelopmentKey, TrustedKeys.</summary>
        public ITaskItem[] Policies { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// The project's own files that may declare ProvenancePolicy items (project file, Directory.Build.props and
        /// .targets): wildcard patterns (Acme.*) that MSBuild dropped as unmatched file globs are read back from them.
        /// </summary>
        public string[] PolicyDeclarationFiles { get; set; } = Array.Empty<string>();

        /// <summary>packages.provenance.lock.json to hold packages to their signer and source; empty when the lock is off.</summary>
        public string? LockFile { get; set; }

        /// <summary>Rewrite the lock file from this build's results (an intended change of signer or source).</summary>
        public bool UpdateLockFile { get; set; }

        /// <summary>Where a clean verification is stamped, so that an unchanged no-op build skips the work (see <see cref="VerificationStamp"/>).</summary>
        public string? StampFile { get; set; }

        private int _warnings;

        private IEnumerable<string> DeclarationFiles =>
            PolicyDeclarationFiles.Where(f => !string.IsNullOrWhiteSpace(f)).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal);

        public override bool Execute()
        {
            try
            {
                Verify();
            }
            catch (ProvenanceException error)
            {
                Log.LogProvenanceError(error, ProjectPath);
            }
            return !Log.HasLoggedErrors;
        }

        private void Verify()
        {
            if (TryReuseStamp()) return;

            IReadOnlyList<TrustedKey> keys = TrustedKey.LoadFiles(TrustedKeys.Select(k => k.GetMetadata("FullPath")));
            ProvenancePolicy policy = ProvenancePolicy.Create(PolicyItems(), keys);
            IReadOnlyList<RestoredPackageFolder> packages = AssetsFileReader
                .ReadPackages(ProjectAssetsFile, TargetFramework ?? "", string.IsNullOrEmpty(RuntimeIdentifier) ? null : RuntimeIdentifier)
                .Select(p => new RestoredPackageFolder(p.Id, p.Version, Path.Combine(PackageRoot, p.Path ?? (p.Id.ToLowerInvariant() + "/" + p.Version.ToLowerInvariant()))))
                .ToList();

            List<string> folders = packages.Select(p => Path.GetFullPath(p.FolderPath)).ToList();
            string? filesBefore = string.IsNullOrEmpty(StampFile) ? null : VerificationStamp.FilesDigest(folders);
            VerificationCache cache = VerificationCache.Load(CacheFile);
            IReadOnlyList<PackageVerificationResult> results = new RestoredPackageVerifier(keys, policy, cache).VerifyAll(packages);
            cache.Retain(folders);
            Save(() => cache.Save(), CacheFile);

            string summary = Report(policy, results);
            byte[] report = VerificationReport.ToUtf8Bytes(results);
            Save(() => AtomicFile.WriteIfChanged(ReportFile, report), ReportFile);
            CheckLockFile(results);
            UpdateStamp(folders, filesBefore, summary);
        }

        /// <summary>The no-op shortcut: the same settings and untouched package folders repeat the last clean summary.</summary>
        private bool TryReuseStamp()
        {
            if (string.IsNullOrEmpty(StampFile) || UpdateLockFile) return false;
            string? summary = VerificationStamp.TryReuse(StampFile!, SettingsDigest());
            if (summary == null) return false;
            Log.LogMessage(null, DiagnosticCodes.VerificationSummary, null, ProjectPath, 0, 0, 0, 0, MessageImportance.Normal, summary);
            return true;
        }

        private void UpdateStamp(IReadOnlyList<string> folders, string? filesBefore, string summary)
        {
            if (string.IsNullOrEmpty(StampFile)) return;
            // Errors and warnings must show again on the next build: only a clean result is stamped.
            if (Log.HasLoggedErrors || _warnings > 0 || UpdateLockFile) Save(() => VerificationStamp.Delete(StampFile!), StampFile!);
            else Save(() => VerificationStamp.Write(StampFile!, SettingsDigest(), folders, filesBefore, summary), StampFile!);
        }

        /// <summary>Everything besides the package files that decides the outcome; files enter by path, size and time.</summary>
        private string SettingsDigest()
        {
            var text = new System.Text.StringBuilder()
                .Append(typeof(VerifyPackageProvenance).Assembly.ManifestModule.ModuleVersionId).Append('\n')
                .Append(TargetFramework).Append('|').Append(RuntimeIdentifier).Append('|').Append(PackageRoot).Append('\n');
            foreach (ITaskItem policy in Policies)
                text.Append("policy ").Append(policy.ItemSpec).Append('|').Append(Metadata(policy, "Require")).Append('|')
                    .Append(Metadata(policy, "SourceRepository")).Append('|').Append(Metadata(policy, "Severity")).Append('|')
                    .Append(Metadata(policy, "AllowDevelopmentKey")).Append('|').Append(Metadata(policy, "TrustedKeys")).Append('\n');
            var files = new List<string> { ProjectAssetsFile, ReportFile };
            files.AddRange(TrustedKeys.Select(k => k.GetMetadata("FullPath")));
            files.AddRange(DeclarationFiles);
            if (!string.IsNullOrEmpty(LockFile)) files.Add(LockFile!);
            return VerificationStamp.SettingsDigest(text.ToString(), files);
        }

        private string Report(ProvenancePolicy policy, IReadOnlyList<PackageVerificationResult> results)
        {
            var summarised = new List<PackageVerificationResult>();
            foreach (PackageVerificationResult result in results)
            {
                PolicyDecision decision = policy.Resolve(result.Id).Decide(result);
                switch (decision.Level)
                {
                    case PolicyDecisionLevel.Error:
                        Log.LogProvenanceError(decision.Code ?? DiagnosticCodes.PackageTampered, decision.Message, ProjectPath);
                        break;
                    case PolicyDecisionLevel.Warning:
                        _warnings++;
                        Log.LogWarning(null, decision.Code, null, DiagnosticCodes.HelpLink(decision.Code ?? ""), ProjectPath, 0, 0, 0, 0, decision.Message);
                        break;
                    case PolicyDecisionLevel.Summary:
                        summarised.Add(result);
                        break;
                }
            }
            int verified = results.Count(r => r.IsVerified);
            string counts = string.Join(", ", summarised.GroupBy(r => VerificationReport.OutcomeName(r.Outcome))
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
            string summary = $"Package provenance: {verified} of {results.Count} packages verified" +
                (counts.Length > 0 ? $"; not required and not verified: {counts}." : ".") + $" Details: {ReportFile}";
            Log.LogMessage(null, DiagnosticCodes.VerificationSummary, null, ProjectPath, 0, 0, 0, 0, MessageImportance.Normal, summary);
            return summary;
        }

        private void CheckLockFile(IReadOnlyList<PackageVerificationResult> results)
        {
            if (string.IsNullOrEmpty(LockFile)) return;
            string path = Path.GetFullPath(LockFile);
            if (UpdateLockFile || !File.Exists(path))
            {
                Save(() => ProvenanceLockFile.Update(path, results), path);
                Log.LogMessage(MessageImportance.High, $"Provenance: wrote the lock file '{path}'.");
                return;
            }
            foreach (string problem in ProvenanceLockFile.Load(path).Check(results))
                Log.LogProvenanceError(DiagnosticCodes.PackageLockMismatch, problem, path);
        }

        /// <summary>The evaluated items plus the wildcard ones MSBuild dropped (and without the files a wildcard matched instead).</summary>
        private IEnumerable<ProvenancePolicyItem> PolicyItems()
        {
            IReadOnlyList<ProvenancePolicyItem> dropped = DeclaredPolicies.WildcardItems(DeclarationFiles);
            string projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectPath))!;
            IEnumerable<ITaskItem> evaluated = dropped.Count == 0
                ? Policies
                : Policies.Where(p => !DeclaredPolicies.IsFileMatchedByWildcard(p.ItemSpec, projectDirectory));
            return evaluated.Select(ToPolicyItem).Concat(dropped);
        }

        private static ProvenancePolicyItem ToPolicyItem(ITaskItem item) => new ProvenancePolicyItem(item.ItemSpec)
        {
            Require = Metadata(item, "Require"),
            SourceRepository = Metadata(item, "SourceRepository"),
            Severity = Metadata(item, "Severity"),
            AllowDevelopmentKey = Metadata(item, "AllowDevelopmentKey"),
            TrustedKeys = Metadata(item, "TrustedKeys"),
        };

        private static string? Metadata(ITaskItem item, string name)
        {
            string value = item.GetMetadata(name);
            return string.IsNullOrEmpty(value) ? null : value;
        }

        private static void Save(Action write, string path)
        {
            try
            {
                write();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"'{path}' cannot be written: {ex.Message}", ex);
            }
        }
    }
}
