using System;
using System.Collections.Generic;
using System.Linq;

namespace Provenance.Packages
{
    /// <summary>The rule that applies to one package: the most specific ProvenancePolicy item matching its id, or none.</summary>
    public sealed class PackagePolicy
    {
        /// <summary>No item matches: the package is verified and summarised, never an error unless tampered.</summary>
        public static readonly PackagePolicy NotRequired = new PackagePolicy(null, false, null, PolicySeverity.Error, false, null);

        internal PackagePolicy(string? pattern, bool required, string? sourceRepository, PolicySeverity severity,
            bool allowDevelopmentKey, IReadOnlyList<TrustedKey>? trustedKeys, CertificateIdentityRule? identity = null)
        {
            Identity = identity;
            Pattern = pattern;
            Required = required;
            SourceRepository = sourceRepository;
            Severity = severity;
            AllowDevelopmentKey = allowDevelopmentKey;
            TrustedKeys = trustedKeys;
        }

        /// <summary>The Include of the item this rule came from; null for <see cref="NotRequired"/>.</summary>
        public string? Pattern { get; }
        public bool Required { get; }

        /// <summary>Normalized (see <see cref="SourceRepositoryUrl"/>); null when any source is accepted.</summary>
        public string? SourceRepository { get; }
        public PolicySeverity Severity { get; }
        public bool AllowDevelopmentKey { get; }

        /// <summary>The subset of trusted keys this rule accepts; null for all of them.</summary>
        public IReadOnlyList<TrustedKey>? TrustedKeys { get; }

        /// <summary>Whom a certificate-signed package must be signed by; null: no certificate is accepted.</summary>
        public CertificateIdentityRule? Identity { get; }

        /// <summary>
        /// The keys a key-signed package may be signed with. A rule that names an identity accepts keys only through its
        /// own TrustedKeys: otherwise any key the project trusts for other packages would bypass "built by this workflow".
        /// </summary>
        public IReadOnlyList<TrustedKey> KeysFrom(IReadOnlyList<TrustedKey> allTrusted) =>
            TrustedKeys ?? (Identity != null ? Array.Empty<TrustedKey>() : allTrusted);

        /// <summary>A stable text of everything that decides an outcome; part of the verification cache key.</summary>
        public string Fingerprint(IReadOnlyList<TrustedKey> allTrusted) =>
            string.Join("|", new[]
            {
                Pattern ?? "", Required ? "required" : "optional", SourceRepository ?? "", Severity.ToString(),
                AllowDevelopmentKey ? "dev-allowed" : "dev-refused",
                string.Join(",", KeysFrom(allTrusted).Select(k => k.Key.Hint).OrderBy(h => h, StringComparer.Ordinal)),
                Identity?.Fingerprint() ?? "no-identity",
            });

        /// <summary>What the build reports for a verification result under this rule: tampered is always an error, whatever the rule says.</summary>
        public PolicyDecision Decide(PackageVerificationResult result)
        {
            if (result == null) throw new ArgumentNullException(nameof(result));
            if (result.Outcome == PackageVerificationOutcome.Tampered)
                return new PolicyDecision(PolicyDecisionLevel.Error, result.Code, result.Reason);
            if (result.Outcome == PackageVerificationOutcome.Verified)
                return new PolicyDecision(PolicyDecisionLevel.Verified, null, result.Reason);
            if (!Required)
                return new PolicyDecision(PolicyDecisionLevel.Summary, DiagnosticCodes.VerificationSummary, result.Reason);
            switch (Severity)
            {
                case PolicySeverity.Error: return new PolicyDecision(PolicyDecisionLevel.Error, result.Code, result.Reason);
                case PolicySeverity.Warning: return new PolicyDecision(PolicyDecisionLevel.Warning, result.Code, result.Reason);
                default: return new PolicyDecision(PolicyDecisionLevel.Summary, DiagnosticCodes.VerificationSummary, result.Reason);
            }
        }
    }
}
