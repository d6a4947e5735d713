using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Provenance.Capture;
using Provenance.Keys;

namespace Provenance.MSBuild
{
    /// <summary>
    /// What every signing task shares: the project's build facts, the key settings, and failing closed — a
    /// <see cref="ProvenanceException"/> becomes a coded error and every file the task was writing is removed, so a
    /// stale or half-made provenance file never sits beside new bytes.
    /// </summary>
    public abstract class ProvenanceTask : Task
    {
        [Required] public string ProjectPath { get; set; } = "";
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

        public sealed override bool Execute()
        {
            try
            {
                Run();
            }
            catch (ProvenanceException error)
            {
                Log.LogProvenanceError(error, ProjectPath);
                foreach (string file in FilesToRemoveOnFailure()) DeleteQuietly(file);
            }
            catch (Exception)
            {
                // A bug of ours: MSBuild reports it with its stack trace (MSB4018); what we were writing goes first.
                foreach (string file in FilesToRemoveOnFailure()) DeleteQuietly(file);
                throw;
            }
            return !Log.HasLoggedErrors;
        }

        protected abstract void Run();

        /// <summary>The provenance files this task writes: on failure they are deleted rather than left stale.</summary>
        protected abstract IEnumerable<string> FilesToRemoveOnFailure();

        protected FileDigestCache Digests => BuildCache.GetOrAdd(BuildEngine, "digests", () => new FileDigestCache());

        /// <summary>The key is loaded once per build and node (decrypting a key takes ~0.3 s), keyed by its settings and file time.</summary>
        protected ResolvedSigner ResolveSigner()
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
                ? "" : File.GetLastWriteTimeUtc(SigningKeyFile).Ticks.ToString(CultureInfo.InvariantCulture);
            ResolvedSigner signer = BuildCache.GetOrAdd(BuildEngine, "signer:" + settings.CacheKey + "|" + fileStamp, () => SignerResolver.Resolve(settings));
            if (signer.IsDevelopmentKey && BuildCache.FirstTime(BuildEngine, "development-key-notice"))
            {
                Log.LogMessage(null, DiagnosticCodes.DevelopmentKeyUsed, null, null, 0, 0, 0, 0, MessageImportance.High,
                    $"Provenance is signed with the per-user development key '{signer.DevelopmentKeyPath}' (public key hint {signer.Signer.PublicKey.Hint}). " +
                    "Consumers do not trust development keys; set ProvenanceSigningKeyFile or ProvenanceSigningKeyVariable for release builds.");
            }
            return signer;
        }

        protected void WriteOrFail(string path, byte[] content)
        {
            try
            {
                AtomicFile.Write(path, content);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"The provenance file '{path}' cannot be written: {ex.Message}", ex);
            }
        }

        private void DeleteQuietly(string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogProvenanceError(DiagnosticCodes.OutputNotWritable, $"The stale provenance file '{path}' could not be deleted: {ex.Message}", path);
            }
        }
    }
}
