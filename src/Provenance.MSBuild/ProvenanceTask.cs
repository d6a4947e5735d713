using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Provenance.Capture;
using Provenance.Generation;
using Provenance.Keyless;
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
        /// <summary>
        /// The build facts as one item, computed once by the _ProvenanceInitialize target for build, publish and pack
        /// alike: its identity is the project, each metadata sets the property of the same name below (a property
        /// given directly wins). One parameter object instead of ~25 repeated attributes, so the calls cannot drift.
        /// </summary>
        public ITaskItem? Facts { get; set; }

        /// <summary>The project file; required, directly or as the identity of <see cref="Facts"/>.</summary>
        public string ProjectPath { get; set; } = "";
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

        /// <summary>ProvenanceSigningMode: key (default), keyless or auto.</summary>
        public string? SigningMode { get; set; }
        /// <summary>ProvenanceSigningCertificateFile: a PEM chain, leaf first, for the configured key.</summary>
        public string? SigningCertificateFile { get; set; }
        /// <summary>The NAME of the variable holding the OIDC token; the task reads the token itself, so it never is a property.</summary>
        public string? OidcTokenVariable { get; set; }
        public string? FulcioUrl { get; set; }
        public string? RekorUrl { get; set; }
        public string? TimestampUrl { get; set; }

        /// <summary>When the project's build started (UTC, yyyy-MM-ddTHH:mm:ssZ); SOURCE_DATE_EPOCH overrides it.</summary>
        public string? StartedOn { get; set; }

        public sealed override bool Execute()
        {
            ApplyFacts();
            if (string.IsNullOrEmpty(ProjectPath))
            {
                Log.LogError("ProjectPath (or a Facts item naming the project) is required.");
                return false;
            }
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

        private void ApplyFacts()
        {
            if (Facts == null) return;
            if (string.IsNullOrEmpty(ProjectPath)) ProjectPath = Facts.ItemSpec;
            Configuration = Fact(Configuration, nameof(Configuration));
            TargetFramework = Fact(TargetFramework, nameof(TargetFramework));
            RuntimeIdentifier = Fact(RuntimeIdentifier, nameof(RuntimeIdentifier));
            RepositoryRoot = Fact(RepositoryRoot, nameof(RepositoryRoot));
            RepositoryUrl = Fact(RepositoryUrl, nameof(RepositoryUrl));
            SourceRevisionId = Fact(SourceRevisionId, nameof(SourceRevisionId));
            SourceBranchName = Fact(SourceBranchName, nameof(SourceBranchName));
            SdkVersion = Fact(SdkVersion, nameof(SdkVersion));
            MSBuildVersion = Fact(MSBuildVersion, nameof(MSBuildVersion));
            CompilerName = Fact(CompilerName, nameof(CompilerName));
            CompilerDirectory = Fact(CompilerDirectory, nameof(CompilerDirectory));
            BuilderId = Fact(BuilderId, nameof(BuilderId));
            EnvironmentVariables = Fact(EnvironmentVariables, nameof(EnvironmentVariables));
            SigningKeyFile = Fact(SigningKeyFile, nameof(SigningKeyFile));
            SigningKeyVariable = Fact(SigningKeyVariable, nameof(SigningKeyVariable));
            SigningKeyPasswordVariable = Fact(SigningKeyPasswordVariable, nameof(SigningKeyPasswordVariable));
            SigningCommand = Fact(SigningCommand, nameof(SigningCommand));
            SigningPublicKeyFile = Fact(SigningPublicKeyFile, nameof(SigningPublicKeyFile));
            DevelopmentKeyFile = Fact(DevelopmentKeyFile, nameof(DevelopmentKeyFile));
            SigningMode = Fact(SigningMode, nameof(SigningMode));
            SigningCertificateFile = Fact(SigningCertificateFile, nameof(SigningCertificateFile));
            OidcTokenVariable = Fact(OidcTokenVariable, nameof(OidcTokenVariable));
            FulcioUrl = Fact(FulcioUrl, nameof(FulcioUrl));
            RekorUrl = Fact(RekorUrl, nameof(RekorUrl));
            TimestampUrl = Fact(TimestampUrl, nameof(TimestampUrl));
            StartedOn = Fact(StartedOn, nameof(StartedOn));
            ApplyFacts(name => Fact(null, name));
        }

        /// <summary>For a task's own properties that the <see cref="Facts"/> item also carries.</summary>
        protected virtual void ApplyFacts(Func<string, string?> fact) { }

        private string? Fact(string? direct, string name)
        {
            if (!string.IsNullOrEmpty(direct) || Facts == null) return direct;
            string value = Facts.GetMetadata(name);
            return string.IsNullOrEmpty(value) ? direct : value;
        }

        /// <summary>The provenance files this task writes: on failure they are deleted rather than left stale.</summary>
        protected abstract IEnumerable<string> FilesToRemoveOnFailure();

        protected FileDigestCache Digests => BuildCache.GetOrAdd(BuildEngine, "digests", () => new FileDigestCache());

        /// <summary>
        /// The key is loaded once per build and node (decrypting a key takes ~0.3 s), keyed by its settings and file
        /// time. When more than one key source is set, <see cref="KeyPrecedence"/> chooses (command line first).
        /// </summary>
        protected ResolvedSigner ResolveSigner()
        {
            KeySettings configured = ConfiguredKeys();
            KeyPrecedence.Choice choice = KeyPrecedence.Choose(configured, GlobalPropertyNames());
            KeySettings settings = choice.Settings;
            if (choice.Explanation != null && BuildCache.FirstTime(BuildEngine, "key-precedence:" + configured.CacheKey))
                Log.LogMessage(MessageImportance.Normal, "Provenance: " + choice.Explanation);
            string fileStamp = string.IsNullOrEmpty(settings.KeyFile) || !File.Exists(settings.KeyFile)
                ? "" : File.GetLastWriteTimeUtc(settings.KeyFile).Ticks.ToString(CultureInfo.InvariantCulture);
            ResolvedSigner signer = BuildCache.GetOrAdd(BuildEngine, "signer:" + settings.CacheKey + "|" + fileStamp, () => SignerResolver.Resolve(settings));
            if (signer.IsDevelopmentKey && DevelopmentKeyNotice.FirstInThisBuild(BuildEngine, signer.DevelopmentKeyPath))
            {
                string text = $"Provenance is signed with the per-user development key '{signer.DevelopmentKeyPath}' (public key hint {signer.Signer.PublicKey.Hint}). " +
                    "Consumers do not trust development keys; set ProvenanceSigningKeyFile or ProvenanceSigningKeyVariable for release builds.";
                // The terminal logger (the default in a terminal) shows no message of any importance, only warnings;
                // elsewhere (CI logs, -tl:off) a high-importance message is seen and cannot fail a -warnaserror build.
                if (DevelopmentKeyNotice.AsWarning())
                    Log.LogWarning(null, DiagnosticCodes.DevelopmentKeyUsed, null, DiagnosticCodes.HelpLink(DiagnosticCodes.DevelopmentKeyUsed), ProjectPath, 0, 0, 0, 0, text);
                else
                    Log.LogMessage(null, DiagnosticCodes.DevelopmentKeyUsed, null, null, 0, 0, 0, 0, MessageImportance.High, text);
            }
            return signer;
        }

        private KeySettings ConfiguredKeys() => new KeySettings
        {
            KeyFile = SigningKeyFile,
            KeyVariable = SigningKeyVariable,
            PasswordVariable = SigningKeyPasswordVariable,
            SigningCommand = SigningCommand,
            SigningPublicKeyFile = SigningPublicKeyFile,
            DevelopmentKeyFile = DevelopmentKeyFile,
        };

        private SigstoreSigningSettings SigstoreSettings() => new SigstoreSigningSettings
        {
            FulcioUrl = Blank(FulcioUrl),
            RekorUrl = Blank(RekorUrl),
            TimestampUrl = Blank(TimestampUrl),
            OidcTokenVariable = Blank(OidcTokenVariable),
        };

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        /// <summary>
        /// How this task's bundles are signed (ProvenanceSigningMode, README "Properties"): with a key (and its certificate
        /// when ProvenanceSigningCertificateFile is set; an RFC 3161 timestamp and a Rekor entry when their URLs are set),
        /// or keyless, with the one <see cref="KeylessSession"/> this build shares in this node. Conflicting settings fail
        /// here, before anything is signed (PROV3013).
        /// </summary>
        internal BundleSigning ResolveBundleSigning()
        {
            SigstoreSigningSettings sigstore = SigstoreSettings();
            SigningModeChoice choice = Keys.SigningMode.Choose(SigningMode, ConfiguredKeys(), SigningCertificateFile, sigstore, GlobalPropertyNames());
            if (choice.Explanation != null && BuildCache.FirstTime(BuildEngine, "signing-mode:" + choice.Explanation))
                Log.LogMessage(MessageImportance.Normal, "Provenance: " + choice.Explanation);

            if (choice.Kind == SigningKind.Keyless)
            {
                // One session per build and node, keyed by the services and the token's source (KeylessSession.CacheKey);
                // created lazily: a no-op build, which signs nothing, asks no service.
                KeylessBuildSession shared = BuildCache.GetOrAdd(BuildEngine, KeylessSession.CacheKey(sigstore),
                    () => new KeylessBuildSession(new KeylessSession(sigstore)));
                return new BundleSigning(BundleSigning.KeylessSource, isKeyless: true,
                    statement => shared.CreateBundle(statement, LogNewCertificate),
                    () => $"keyless as '{shared.Session.Identity}'; {shared.Session.Calls} in this build so far (this MSBuild node)");
            }

            ResolvedSigner key = ResolveSigner();
            string extras = Extras(sigstore);
            if (choice.Kind == SigningKind.Certificate)
            {
                // Read per task: a few kilobytes, and PROV1026/1027 (expired, wrong key) must name this project's settings.
                CertificateSigner certificate = CertificateSigner.FromFile(SigningCertificateFile!, key.Signer);
                SigstoreBundleSigner bundles = SharedBundleSigner(sigstore);
                return new BundleSigning(BundleSigning.CertificateSource, isKeyless: false,
                    statement => bundles.CreateBundle(statement, certificate),
                    () => $"certificate '{certificate.Identity}' for the {key.Source} key {key.Signer.PublicKey.Hint}{extras}");
            }
            if (sigstore.TimestampUrl == null && sigstore.RekorUrl == null)
            {
                // Today's bundles, byte for byte: no service is involved.
                return new BundleSigning(key.Source, isKeyless: false,
                    statement => ProvenanceGenerator.CreateBundle(statement, key.Signer),
                    () => $"{key.Source} key {key.Signer.PublicKey.Hint}");
            }
            SigstoreBundleSigner withServices = SharedBundleSigner(sigstore);
            return new BundleSigning(key.Source, isKeyless: false,
                statement => withServices.CreateBundle(statement, key.Signer),
                () => $"{key.Source} key {key.Signer.PublicKey.Hint}{extras}");
        }

        /// <summary>One signer (and its HTTP connections) per build and node for the configured TSA/Rekor.</summary>
        private SigstoreBundleSigner SharedBundleSigner(SigstoreSigningSettings sigstore) =>
            BuildCache.GetOrAdd(BuildEngine, "sigstore-bundle-signer:" + sigstore.RekorUrl + "|" + sigstore.TimestampUrl, () => new SigstoreBundleSigner(sigstore));

        private static string Extras(SigstoreSigningSettings sigstore) =>
            (sigstore.RekorUrl != null ? ", with a Rekor entry" : "") + (sigstore.TimestampUrl != null ? ", with an RFC 3161 timestamp" : "");

        /// <summary>Once per certificate (once per build for any build shorter than its life): who signs, and what it cost.</summary>
        private void LogNewCertificate(KeylessSession session) =>
            Log.LogMessage(MessageImportance.Normal,
                $"Provenance: signing keyless as '{session.Identity}' with a certificate from Fulcio at {session.FulcioUrl} " +
                $"(certificate {session.CertificatesIssued} of this build); {session.Calls} so far.");

        /// <summary>Names of the build's global properties (the command line's -p: values, passed on to referenced projects).</summary>
        private ICollection<string> GlobalPropertyNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (BuildEngine is IBuildEngine6 engine6)
            {
                foreach (KeyValuePair<string, string> pair in engine6.GetGlobalProperties())
                    if (!string.IsNullOrEmpty(pair.Value)) names.Add(pair.Key);
            }
            return names;
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

        protected void DeleteQuietly(string path)
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
