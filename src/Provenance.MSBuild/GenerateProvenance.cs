using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Build.Framework;
using Provenance.Generation;
using Provenance.Keys;

namespace Provenance.MSBuild
{
    /// <summary>
    /// Writes OutputFile (a Sigstore bundle) attesting SubjectFiles: the build output folder, or the publish folder.
    /// Gathering the facts is <see cref="RequestFactory"/>'s job and the statement is <see cref="ProvenanceGenerator"/>'s.
    /// </summary>
    public sealed class GenerateProvenance : ProvenanceTask
    {
        /// <summary>The bundle to write: the attested artifact's path plus ".sigstore.json". The artifact must exist.</summary>
        [Required] public string OutputFile { get; set; } = "";
        [Required] public ITaskItem[] SubjectFiles { get; set; } = Array.Empty<ITaskItem>();
        [Required] public string SubjectBaseDirectory { get; set; } = "";

        public ITaskItem[] InputFiles { get; set; } = Array.Empty<ITaskItem>();
        public ITaskItem[] Analyzers { get; set; } = Array.Empty<ITaskItem>();
        public ITaskItem[] ProjectReferences { get; set; } = Array.Empty<ITaskItem>();
        public string? ProjectAssetsFile { get; set; }

        /// <summary>The consumer verification report of this build (obj/), when packages were verified: the chain.</summary>
        public string? PackageVerificationReport { get; set; }

        /// <summary>Where to record what was attested (path, size, time, sha256) for the end-of-build check; optional.</summary>
        public string? SubjectsRecordFile { get; set; }

        /// <summary>For a rebuild (internalParameters.compilation and packs): @(Compile) in item order, @(SourceRoot), resolved packs.</summary>
        public ITaskItem[] CompileSources { get; set; } = Array.Empty<ITaskItem>();
        public ITaskItem[] SourceRoots { get; set; } = Array.Empty<ITaskItem>();
        public ITaskItem[] ResolvedPacks { get; set; } = Array.Empty<ITaskItem>();
        public string? DeterministicSourcePaths { get; set; }
        /// <summary>The compiler's arguments, one a line, as the last compilation wrote them (absent: not recorded).</summary>
        public string? CompilerCommandLineFile { get; set; }
        public string? NuGetPackageRoot { get; set; }
        public string? NetCoreRoot { get; set; }

        protected override void ApplyFacts(Func<string, string?> fact)
        {
            if (string.IsNullOrEmpty(ProjectAssetsFile)) ProjectAssetsFile = fact(nameof(ProjectAssetsFile));
            if (string.IsNullOrEmpty(PackageVerificationReport)) PackageVerificationReport = fact(nameof(PackageVerificationReport));
            if (string.IsNullOrEmpty(DeterministicSourcePaths)) DeterministicSourcePaths = fact(nameof(DeterministicSourcePaths));
            if (string.IsNullOrEmpty(CompilerCommandLineFile)) CompilerCommandLineFile = fact(nameof(CompilerCommandLineFile));
            if (string.IsNullOrEmpty(NuGetPackageRoot)) NuGetPackageRoot = fact(nameof(NuGetPackageRoot));
            if (string.IsNullOrEmpty(NetCoreRoot)) NetCoreRoot = fact(nameof(NetCoreRoot));
        }

        protected override void Run()
        {
            string artifact = ArtifactPath();
            if (!File.Exists(artifact))
                throw new ProvenanceException(DiagnosticCodes.SubjectMissing, $"The output '{artifact}' to attest does not exist.");

            BundleSigning signing = ResolveBundleSigning();
            ProvenanceRequest request = new RequestFactory(this, BuildEngine).Create(signing.Source);
            request.Inputs = RequestFactory.InputFiles(InputFiles, request.RepositoryRoot, ProjectPath);
            request.Packages = RequestFactory.Packages(ProjectAssetsFile, TargetFramework, RuntimeIdentifier);
            RequestFactory.AddVerifiedProvenance(request.Packages, PackageVerificationReport);
            // The gate's signed verdict sits beside its report: naming it links this provenance to what was verified.
            string? summary = RequestFactory.VerificationSummaryBeside(PackageVerificationReport);
            if (summary != null) request.Inputs.Add(new InputFile(summary, "verificationSummary"));
            request.Analyzers = RequestFactory.AnalyzerFiles(Analyzers);
            request.ProjectReferences = RequestFactory.ProjectReferenceOutputs(ProjectReferences);
            request.Subjects = RequestFactory.ExistingFiles(SubjectFiles);
            request.SubjectBaseDirectory = Path.GetFullPath(SubjectBaseDirectory);
            request.Compilation = CompilationRecordFactory.Create(this);

            byte[] statement = ProvenanceGenerator.CreateStatement(request, Digests);
            // Signed in memory first (a keyless bundle waits for Fulcio, Rekor, the TSA): any failure leaves no file.
            WriteOrFail(OutputFile, signing.CreateBundle(statement));
            if (!string.IsNullOrEmpty(SubjectsRecordFile))
                WriteOrFail(SubjectsRecordFile!, SubjectsRecord.Create(request.Subjects, Digests));
            // Keyless bundles at normal importance: in a CI log, who signed each file is the point.
            Log.LogMessage(signing.IsKeyless ? MessageImportance.Normal : MessageImportance.Low,
                $"Provenance: wrote '{OutputFile}' ({request.Subjects.Count} subjects, {signing.Describe()}).");
        }

        protected override IEnumerable<string> FilesToRemoveOnFailure() =>
            string.IsNullOrEmpty(SubjectsRecordFile) ? new[] { OutputFile } : new[] { OutputFile, SubjectsRecordFile! };

        private string ArtifactPath()
        {
            const string suffix = ".sigstore.json";
            return OutputFile.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                ? OutputFile.Substring(0, OutputFile.Length - suffix.Length)
                : OutputFile;
        }
    }
}
