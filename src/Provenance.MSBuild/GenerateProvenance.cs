using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Provenance.Capture;
using Provenance.Generation;
using Provenance.Keys;

namespace Provenance.MSBuild
{
    /// <summary>
    /// Writes OutputFile (a Sigstore bundle) attesting SubjectFiles. Gathering the facts is
    /// <see cref="RequestFactory"/>'s job and the statement is <see cref="ProvenanceGenerator"/>'s: this task only
    /// wires them to MSBuild, signs, and fails closed (a coded error and no bundle left behind).
    /// </summary>
    public sealed class GenerateProvenance : Task
    {
        /// <summary>The bundle to write: the attested artifact's path plus ".sigstore.json". The artifact must exist.</summary>
        [Required] public string OutputFile { get; set; } = "";
        [Required] public ITaskItem[] SubjectFiles { get; set; } = Array.Empty<ITaskItem>();
        [Required] public string SubjectBaseDirectory { get; set; } = "";
        [Required] public string ProjectPath { get; set; } = "";

        public ITaskItem[] InputFiles { get; set; } = Array.Empty<ITaskItem>();
        public ITaskItem[] Analyzers { get; set; } = Array.Empty<ITaskItem>();
        public ITaskItem[] ProjectReferences { get; set; } = Array.Empty<ITaskItem>();
        public string? ProjectAssetsFile { get; set; }
        public string? Configuration { get; set; }
        public string? TargetFramework { get; set; }
        public string? RuntimeIdentifier { get; set; }

        public string? RepositoryRoot { get; set; }
        public string? RepositoryUrl { get; set; }
        public string? SourceRevisionId { get; set; }
        public string? SourceBranchName { get; set; }

        public string? SdkVersion { get; set; }
        public string? MSBuildVersion { get; set; }
        public string? CompilerName { get; set; }
        public string? CompilerDirectory { get; set; }
        public ITaskItem[] CompilerOptions { get; set; } = Array.Empty<ITaskItem>();

        public string? BuilderId { get; set; }
        public string? EnvironmentVariables { get; set; }

        public string? SigningKeyFile { get; set; }
        public string? SigningKeyVariable { get; set; }
        public string? SigningKeyPasswordVariable { get; set; }
        public string? SigningCommand { get; set; }
        public string? SigningPublicKeyFile { get; set; }
        public string? DevelopmentKeyFile { get; set; }

        /// <summary>When the project's build started (UTC, yyyy-MM-ddTHH:mm:ssZ); SOURCE_DATE_EPOCH overrides it.</summary>
        public string? StartedOn { get; set; }

        public override bool Execute()
        {
            try
            {
                Generate();
            }
            catch (ProvenanceException error)
            {
                Log.LogProvenanceError(error, ProjectPath);
                DeleteStaleBundle();
            }
            return !Log.HasLoggedErrors;
        }

        private void Generate()
        {
            string artifact = ArtifactPath();
            if (!File.Exists(artifact))
                throw new ProvenanceException(DiagnosticCodes.SubjectMissing, $"The output '{artifact}' to attest does not exist.");

            ResolvedSigner signer = ResolveSigner();
            var digests = BuildCache.GetOrAdd(BuildEngine, "digests", () => new FileDigestCache());
            var factory = new RequestFactory(this, BuildEngine);
            ProvenanceRequest request = factory.Create(signer.Source);

            byte[] statement = ProvenanceGenerator.CreateStatement(request, digests);
            byte[] bundle = ProvenanceGenerator.CreateBundle(statement, signer.Signer);
            try
            {
                AtomicFile.Write(OutputFile, bundle);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"The provenance file '{OutputFile}' cannot be written: {ex.Message}", ex);
            }

            Log.LogMessage(MessageImportance.Low, $"Provenance: wrote '{OutputFile}' ({request.Subjects.Count} subjects, signed with {signer.Source} key {signer.Signer.PublicKey.Hint}).");
            if (signer.IsDevelopmentKey && BuildCache.FirstTime(BuildEngine, "development-key-notice"))
            {
                Log.LogMessage(null, DiagnosticCodes.DevelopmentKeyUsed, null, null, 0, 0, 0, 0, MessageImportance.High,
                    $"Provenance is signed with the per-user development key '{signer.DevelopmentKeyPath}' " +
                    $"(public key hint {signer.Signer.PublicKey.Hint}). Consumers do not trust development keys; set ProvenanceSigningKeyFile or ProvenanceSigningKeyVariable for release builds.");
            }
        }

        /// <summary>The key is loaded once per build and node (decrypting a key can take a while), keyed by its settings and file time.</summary>
        private ResolvedSigner ResolveSigner()
        {
            var settings = new KeySettings
            {
                KeyFile = SigningKeyFile,
                KeyVariable = SigningKeyVariable,
                PasswordVariable = SigningKeyPasswordVariable,
                SigningCommand = SigningCommand,
                SigningPublicKeyFile = SigningPublicKeyFile,
                DevelopmentKeyFile = DevelopmentKeyFile,
            };
            SignerResolver.Validate(settings);
            string fileStamp = string.IsNullOrEmpty(SigningKeyFile) || !File.Exists(SigningKeyFile)
                ? "" : File.GetLastWriteTimeUtc(SigningKeyFile).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return BuildCache.GetOrAdd(BuildEngine, "signer:" + settings.CacheKey + "|" + fileStamp, () => SignerResolver.Resolve(settings));
        }

        private string ArtifactPath()
        {
            const string suffix = ".sigstore.json";
            return OutputFile.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                ? OutputFile.Substring(0, OutputFile.Length - suffix.Length)
                : OutputFile;
        }

        /// <summary>A bundle from an earlier build would now describe the wrong bytes: fail closed by removing it.</summary>
        private void DeleteStaleBundle()
        {
            try
            {
                if (File.Exists(OutputFile)) File.Delete(OutputFile);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogProvenanceError(DiagnosticCodes.OutputNotWritable, $"The stale provenance file '{OutputFile}' could not be deleted: {ex.Message}", OutputFile);
            }
        }
    }
}
