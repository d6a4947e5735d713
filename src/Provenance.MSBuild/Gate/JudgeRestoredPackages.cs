using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Provenance.Gate;
using Provenance.MSBuild.Policy;
using Provenance.Packages;

namespace Provenance.MSBuild.Gate
{
    /// <summary>
    /// The restore gate. Runs after NuGet's Restore, in an evaluation that imports no restored package's build files
    /// (restore's own, or ExcludeRestorePackageImports=true), so nothing a package ships can weaken it. Judges
    /// everything the restore brought in (see <see cref="RestoreInventory"/>) under the project's trusted keys and
    /// policy. A pass leaves a <see cref="GateState"/> for the build; a failure quarantines the restore
    /// (<see cref="RestoreQuarantine"/>) so that no build can use it, and deletes the state.
    /// </summary>
    public sealed class JudgeRestoredPackages : Task
    {
        [Required] public string ProjectPath { get; set; } = "";
        [Required] public string ProjectAssetsFile { get; set; } = "";
        [Required] public string StateFile { get; set; } = "";
        [Required] public string CacheFile { get; set; } = "";
        [Required] public string ReportFile { get; set; } = "";
        public string? PackageRoot { get; set; }

        /// <summary>'false' turns the gate off for this project (read from the user's files only: this evaluation imports no package).</summary>
        public string? Enabled { get; set; }

        /// <summary>Where the declared policy is cached (see <see cref="DeclaredPolicyReader"/>).</summary>
        [Required] public string PolicyCacheFile { get; set; } = "";

        /// <summary>
        /// The user's own files a build checks for changes besides those declaring the policy (project file,
        /// Directory.Build.props/.targets): a change to any of them makes the next build judge again.
        /// </summary>
        public string[] WatchedFiles { get; set; } = Array.Empty<string>();

        /// <summary>Where the signed verdict (an SLSA VSA) is written; empty: none.</summary>
        public string? SummaryFile { get; set; }

        /// <summary>The project's signing settings, as for its own provenance: they sign the verdict.</summary>
        public string? SigningKeyFile { get; set; }
        public string? SigningKeyVariable { get; set; }
        public string? SigningKeyPasswordVariable { get; set; }
        public string? SigningCommand { get; set; }
        public string? SigningPublicKeyFile { get; set; }
        public string? DevelopmentKeyFile { get; set; }

        public string? LockFile { get; set; }
        public bool UpdateLockFile { get; set; }

        /// <summary>ProvenanceTrustedRoot: a Sigstore trusted_root.json for certificate-signed packages; empty: the public-good root.</summary>
        public string? TrustedRoot { get; set; }

        /// <summary>NuGet's obj/&lt;project&gt;.nuget.g.props and .targets and project.nuget.cache: quarantined on failure.</summary>
        public string? NuGetPropsFile { get; set; }
        public string? NuGetTargetsFile { get; set; }
        public string? NuGetCacheFile { get; set; }

        public override bool Execute()
        {
            try
            {
                Judge();
            }
            catch (ProvenanceException error)
            {
                Log.LogProvenanceError(error, ProjectPath);
            }
            if (Log.HasLoggedErrors) Quarantine();
            return !Log.HasLoggedErrors;
        }

        private void Judge()
        {
            if (!File.Exists(ProjectAssetsFile))
            {
                // Nothing was restored (the restore failed, or the project does not use PackageReference): nothing to judge or hand on.
                GateState.Delete(StateFile);
                return;
            }
            // Read from the project's own files only, exactly as MSBuild evaluates them, wildcards kept as package patterns.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            DeclaredPolicy declared = DeclaredPolicyReader.Read(ProjectPath, GlobalProperties(), PolicyCacheFile);
            Log.LogMessage(MessageImportance.Low, $"Provenance gate: policy read in {clock.ElapsedMilliseconds} ms.");
            IReadOnlyList<string> trustedKeyFiles = declared.TrustedKeyFiles;
            IReadOnlyList<ProvenancePolicyItem> policyItems = declared.Policies;
            var inputs = new List<string> { ProjectAssetsFile };
            inputs.AddRange(WatchedFiles.Where(f => !string.IsNullOrWhiteSpace(f)));
            inputs.AddRange(declared.DeclaringFiles);
            inputs.AddRange(trustedKeyFiles);
            if (!string.IsNullOrEmpty(LockFile)) inputs.Add(LockFile!);
            string? trustedRoot = string.IsNullOrWhiteSpace(TrustedRoot) ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ProjectPath))!, TrustedRoot!.Trim());
            if (trustedRoot != null) inputs.Add(trustedRoot); // a replaced root re-judges, like a replaced key
            inputs.AddRange(RestoreInventory.SideFilesFor(Path.GetDirectoryName(Path.GetFullPath(ProjectPath))!));
            inputs = inputs.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
            string inputsBefore = GateState.DigestInputs(inputs);

            // A consumer's switches and paths come from this evaluation's properties: they count only where no package could
            // have set them (a project without a policy has nothing to protect, and must not fail for it).
            bool consumer = policyItems.Count > 0 || trustedKeyFiles.Count > 0;
            if (consumer && !PackageFreeEvaluation.Holds(BuildEngine))
                throw new ProvenanceException(DiagnosticCodes.GateEvaluationNotPackageFree,
                    "The provenance gate ran in an evaluation that imports restored packages' build files (for example 'msbuild -t:Restore;Build'), where a package could weaken it. Restore with 'dotnet restore', 'dotnet build' or 'msbuild -restore'.");

            string settings = Settings(declared);
            clock.Restart();
            string? unchanged = UpdateLockFile ? null : GateState.TryReuse(StateFile, settings, inputs, remember: true);
            Log.LogMessage(MessageImportance.Low, $"Provenance gate: state checked in {clock.ElapsedMilliseconds} ms ({(unchanged != null ? "unchanged" : "changed")}).");
            if (unchanged != null)
            {
                // A no-op restore: same policy, same inputs, every package file as the last pass left it.
                Log.LogMessage(null, DiagnosticCodes.VerificationSummary, null, ProjectPath, 0, 0, 0, 0, MessageImportance.Normal, unchanged);
                return;
            }

            if (!consumer || string.Equals(Enabled, "false", StringComparison.OrdinalIgnoreCase))
            {
                // Nothing to enforce; the state still records which files would change that.
                GateState.WritePass(StateFile, inputs, inputsBefore, Array.Empty<string>(), VerificationStamp.FilesDigest(Array.Empty<string>()),
                    consumer ? "Package provenance: verification is off (ProvenanceVerifyPackages=false)." : "Package provenance: no ProvenancePolicy or ProvenanceTrustedKey, nothing to verify.", settings);
                return;
            }

            IReadOnlyList<TrustedKey> keys = TrustedKey.LoadFiles(trustedKeyFiles);
            ProvenancePolicy policy = ProvenancePolicy.Create(policyItems, keys, trustedRoot == null ? null : PackageTrustedRoot.Load(trustedRoot));
            RestoreInventory inventory = RestoreInventory.Read(ProjectAssetsFile, PackageRoot, Path.GetDirectoryName(Path.GetFullPath(ProjectPath)));

            List<string> folders = inventory.Packages.Select(p => Path.GetFullPath(p.Folder.FolderPath)).ToList();
            string? filesBefore = VerificationStamp.FilesDigest(folders);
            VerificationCache cache = VerificationCache.Load(CacheFile);
            RestoreVerdict verdict = RestoreVerification.Verify(inventory, keys, policy, cache);
            cache.Retain(folders);
            Save(() => cache.Save(), CacheFile);

            foreach (PackageVerdict package in verdict.Packages) Report(package);
            string summary = verdict.Summary() + " Details: " + ReportFile;
            Log.LogMessage(null, DiagnosticCodes.VerificationSummary, null, ProjectPath, 0, 0, 0, 0, MessageImportance.Normal, summary);
            Save(() => AtomicFile.WriteIfChanged(ReportFile, VerificationReport.ToUtf8Bytes(verdict.Results)), ReportFile);
            CheckLockFile(verdict.Results);
            if (!string.IsNullOrEmpty(SummaryFile))
                VerdictDocument.Write(SummaryFile!, ProjectPath, keys, policyItems, policy, verdict, new Keys.KeySettings
                {
                    KeyFile = SigningKeyFile,
                    KeyVariable = SigningKeyVariable,
                    PasswordVariable = SigningKeyPasswordVariable,
                    SigningCommand = SigningCommand,
                    SigningPublicKeyFile = SigningPublicKeyFile,
                    DevelopmentKeyFile = DevelopmentKeyFile,
                });

            if (Log.HasLoggedErrors || verdict.Warnings > 0 || UpdateLockFile) GateState.Delete(StateFile); // warnings show again on the next build
            else Save(() => GateState.WritePass(StateFile, inputs, inputsBefore, folders, filesBefore, summary, settings, remember: true), StateFile);
        }

        private void Report(PackageVerdict package)
        {
            PolicyDecision decision = package.Decision;
            string where = package.Package.Sources.Any(s => !s.Contains("(")) ? "" : " [" + string.Join("; ", package.Package.Sources) + "]";
            if (decision.Level == PolicyDecisionLevel.Error)
                Log.LogProvenanceError(decision.Code ?? DiagnosticCodes.PackageTampered, decision.Message + where, ProjectPath);
            else if (decision.Level == PolicyDecisionLevel.Warning)
                Log.LogWarning(null, decision.Code, null, DiagnosticCodes.HelpLink(decision.Code ?? ""), ProjectPath, 0, 0, 0, 0, decision.Message + where);
        }

        /// <summary>What besides files decides the verdict: the gate's own build, the switch, the policy as declared, the signing settings.</summary>
        private string Settings(DeclaredPolicy declared) =>
            Provenance.Packages.FileDigests.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(string.Join("\n",
                typeof(JudgeRestoredPackages).Assembly.ManifestModule.ModuleVersionId.ToString(), Enabled ?? "", PackageRoot ?? "", SummaryFile ?? "",
                SigningKeyFile ?? "", SigningKeyVariable ?? "", SigningCommand ?? "", DevelopmentKeyFile ?? "", TrustedRoot ?? "",
                Provenance.Json.JsonWriter.ToText(DeclaredPolicyJson.ToJson(declared.TrustedKeyFiles, declared.Policies)))));

        /// <summary>The evaluation's global properties, less the restore session id (new per restore, it changes nothing declared).</summary>
        private IReadOnlyDictionary<string, string> GlobalProperties()
        {
            var global = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in (BuildEngine as IBuildEngine6)?.GetGlobalProperties() ?? new Dictionary<string, string>())
                if (!string.Equals(property.Key, "MSBuildRestoreSessionId", StringComparison.OrdinalIgnoreCase)) global[property.Key] = property.Value;
            return global;
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

        private void Quarantine()
        {
            try
            {
                GateState.Delete(StateFile);
                RestoreQuarantine.Apply(NuGetPropsFile, NuGetTargetsFile, NuGetCacheFile, ReportFile);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogProvenanceError(DiagnosticCodes.OutputNotWritable, $"The rejected restore could not be quarantined ('{NuGetPropsFile}'): {e.Message}", ProjectPath);
            }
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
