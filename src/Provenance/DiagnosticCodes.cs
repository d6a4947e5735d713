namespace Provenance
{
    /// <summary>
    /// Every PROV#### code. 1xxx generation and signing, 2xxx consumer verification, 3xxx configuration.
    /// Each has a page docs/diagnostics/PROV####.md; a test checks that every constant here has one.
    /// </summary>
    public static class DiagnosticCodes
    {
        // 1xxx: generation and signing
        public const string SigningKeyUnreadable = "PROV1001";        // key file missing or unreadable
        public const string SigningKeyInvalid = "PROV1002";           // not a PKCS#8 private key PEM we understand (public key, corrupt, other type)
        public const string SigningKeyNeedsPassword = "PROV1003";     // encrypted key, no password variable or variable empty
        public const string SigningKeyWrongPassword = "PROV1004";     // decryption failed
        public const string SigningKeyUnsupported = "PROV1005";       // algorithm or size not allowed (RSA < 3072, curve other than P-256)
        public const string SigningKeyVariableMissing = "PROV1006";   // ProvenanceSigningKeyVariable names an unset or empty variable
        public const string SigningCommandFailed = "PROV1007";        // external signer failed or returned an invalid signature
        public const string DevelopmentKeyFailed = "PROV1008";        // per-user development key could not be created or read
        public const string AssetsFileInvalid = "PROV1010";           // project.assets.json unreadable or malformed
        public const string InputFileUnreadable = "PROV1011";         // an input or subject could not be hashed
        public const string OutputNotWritable = "PROV1012";           // the provenance file could not be written
        public const string SubjectMissing = "PROV1013";              // the output assembly to attest does not exist
        public const string PackageUnreadable = "PROV1014";           // a .nupkg to attest could not be read
        public const string PackageLeftUnattested = "PROV1016";        // warning: a package NuGet wrote cannot be attested; left without provenance
        public const string SubjectChangedAfterAttestation = "PROV1017"; // an attested output was rewritten (or deleted) later in the build
        public const string DevelopmentKeyUsed = "PROV1020";          // message: signed with the development key
        public const string OidcTokenUnavailable = "PROV1021";        // keyless signing without an OIDC token (CI offers none, variable unset, token endpoint failed)
        public const string OidcTokenInvalid = "PROV1022";            // the OIDC token is not a JWT, lacks iss/sub, has expired, or Fulcio refused it
        public const string FulcioFailed = "PROV1023";                // Fulcio unreachable, refused the certificate, or answered something unusable
        public const string RekorFailed = "PROV1024";                 // the transparency log (Rekor) unreachable, refused the entry, or answered something unusable
        public const string TimestampFailed = "PROV1025";             // the timestamp authority (RFC 3161) unreachable, refused, or answered something unusable
        public const string SigningCertificateInvalid = "PROV1026";   // ProvenanceSigningCertificateFile unreadable, not a PEM chain, expired or not for code signing
        public const string SigningCertificateKeyMismatch = "PROV1027"; // the signing key is not the key of the certificate's leaf
        public const string SigstoreServiceUrlInvalid = "PROV1028";   // a Fulcio/Rekor/TSA URL is not absolute https (http only on loopback), or keyless has neither log nor TSA

        // 2xxx: consumer verification
        public const string PackageNotAttested = "PROV2001";
        public const string PackageUntrustedSigner = "PROV2002";
        public const string PackageTampered = "PROV2003";
        public const string PackagePolicyViolation = "PROV2004";
        public const string PackageDevelopmentKey = "PROV2005";
        public const string PackageLockMismatch = "PROV2006";
        public const string VerificationSummary = "PROV2010";
        public const string RestoreRejected = "PROV2011";             // the build of a project whose restore the gate rejected
        public const string RebuildSourceUnavailable = "PROV2020";    // rebuild: the recorded commit cannot be checked out of --source
        public const string RebuildPackageMismatch = "PROV2021";      // rebuild: a restored package is not the recorded one (sha512 or version); the rebuild stops
        public const string RebuildSdkDiffers = "PROV2022";           // rebuild: `dotnet --version` in the checkout is not the recorded SDK (another feature band is named as the reason)
        public const string RebuildFailed = "PROV2023";               // rebuild: restore or build of the recorded project failed
        public const string RebuildMismatch = "PROV2024";             // rebuild: a subject's rebuilt bytes differ from the recorded digest (or it was not rebuilt)
        public const string RebuildNotPossible = "PROV2025";          // rebuild: the statement lacks what a rebuild needs (project, framework, commit; not our buildType)
        public const string GateNotImported = "PROV3009";              // consumer items in a project that does not import the gate SDK
        public const string GateEvaluationNotPackageFree = "PROV3010"; // the gate was run where packages' build files are imported (-t:Restore;Build)

        // 3xxx: configuration
        public const string ConflictingKeySources = "PROV3001";       // more than one of key file / key variable / signing command
        public const string KeyMaterialInProperty = "PROV3002";       // a property holds a PEM or an invalid variable name
        public const string TrustedKeyInvalid = "PROV3003";           // ProvenanceTrustedKey item unreadable or not a public key
        public const string PolicyInvalid = "PROV3004";               // ProvenancePolicy item malformed
        public const string BuilderIdInvalid = "PROV3005";            // ProvenanceBuilderId is not an absolute URI
        public const string SourceDateEpochInvalid = "PROV3007";      // SOURCE_DATE_EPOCH is not a whole number of seconds
        public const string LockFileInvalid = "PROV3008";             // packages.provenance.lock.json unreadable or malformed
        public const string TrustedRootInvalid = "PROV3011";          // a Sigstore trusted root (--trusted-root) unreadable or malformed
        public const string CommandLineInvalid = "PROV3012";          // dotnet-provenance: a usage error (unknown option, missing argument, wrong input kind)
        public const string SigningModeConflict = "PROV3013";         // ProvenanceSigningMode unknown, or contradicted by key/certificate settings

        public static string HelpLink(string code) =>
            "https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/diagnostics/" + code + ".md";
    }
}
