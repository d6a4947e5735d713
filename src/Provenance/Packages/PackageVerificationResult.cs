using System;

namespace Provenance.Packages
{
    /// <summary>The outcome for one package, with the one-line reason that names the package (and the file at fault).</summary>
    public sealed class PackageVerificationResult
    {
        public PackageVerificationResult(string id, string version, PackageVerificationOutcome outcome, string reason)
        {
            Id = id;
            Version = version;
            Outcome = outcome;
            Reason = reason;
        }

        public string Id { get; }
        public string Version { get; }
        public PackageVerificationOutcome Outcome { get; }
        public string Reason { get; }

        /// <summary>Lowercase hex of the contentHash NuGet recorded in .nupkg.metadata (SHA-512); null when unknown.</summary>
        public string? ContentHashSha512 { get; set; }

        /// <summary>Lowercase hex SHA-256 of the signed statement (the DSSE payload) that was verified; null when none was.</summary>
        public string? StatementSha256 { get; set; }

        /// <summary>
        /// Who signed the provenance: the hint of the key (the verified key, or the one the bundle names), or for a
        /// certificate-signed bundle its identity (<see cref="SignerIdentity"/>): a keyless certificate's key is new for
        /// every build, so only the identity says whether the signer changed.
        /// </summary>
        public string? SignerHint { get; set; }

        /// <summary>The signing certificate's identity (its URI or email SAN); null for a key-signed bundle.</summary>
        public string? SignerIdentity { get; set; }

        /// <summary>The signing certificate's OIDC issuer (Fulcio claim); null for keys and for certificates without one.</summary>
        public string? SignerIssuer { get; set; }

        /// <summary>The source repository the statement records, normalized; null when none.</summary>
        public string? SourceRepository { get; set; }

        public bool IsVerified => Outcome == PackageVerificationOutcome.Verified;

        /// <summary>The PROV2xxx code of the outcome; null when verified.</summary>
        public string? Code => CodeOf(Outcome);

        public static string? CodeOf(PackageVerificationOutcome outcome)
        {
            switch (outcome)
            {
                case PackageVerificationOutcome.Verified: return null;
                case PackageVerificationOutcome.NotAttested: return DiagnosticCodes.PackageNotAttested;
                case PackageVerificationOutcome.UntrustedSigner: return DiagnosticCodes.PackageUntrustedSigner;
                case PackageVerificationOutcome.Tampered: return DiagnosticCodes.PackageTampered;
                case PackageVerificationOutcome.PolicyViolation: return DiagnosticCodes.PackagePolicyViolation;
                case PackageVerificationOutcome.DevelopmentKey: return DiagnosticCodes.PackageDevelopmentKey;
                default: throw new ArgumentOutOfRangeException(nameof(outcome));
            }
        }
    }
}
