using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Provenance.Sigstore;

namespace Provenance.Packages
{
    /// <summary>
    /// Whom a ProvenancePolicy item accepts as the signer of a certificate-signed package (keyless Fulcio certificates or a
    /// company CA's): the identity and issuer, which the Sigstore verifier checks (a mismatch is PROV2002), and the Fulcio
    /// claims that `gh attestation verify` filters on, checked here after the files (a mismatch is PROV2004 naming the claim).
    /// </summary>
    public sealed class CertificateIdentityRule
    {
        /// <summary>The default issuer: this vocabulary is GitHub's, and an unpinned issuer would let another OIDC provider vouch for the same SAN.</summary>
        public const string GitHubActionsIssuer = "https://token.actions.githubusercontent.com";

        /// <summary>CertificateOidcIssuer="*": any issuer or none (a company CA's certificates carry no issuer claim).</summary>
        public const string AnyIssuer = "*";

        public const string GitHubHostedRunner = "github-hosted";

        private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
        private readonly List<Regex> _sourceRefs;
        private readonly List<Regex> _signerWorkflows;

        internal CertificateIdentityRule(string? identity, string? identityRegex, string? issuer, IReadOnlyList<string> sourceRefs,
            IReadOnlyList<string> signerWorkflows, bool allowSelfHostedRunners)
        {
            Identity = identity;
            IdentityRegex = identityRegex;
            Issuer = issuer;
            SourceRefs = sourceRefs;
            SignerWorkflows = signerWorkflows;
            AllowSelfHostedRunners = allowSelfHostedRunners;
            // Compiled now so that a bad pattern is PROV3004 at policy time, not a verdict on the first package.
            SigstorePolicy = SigstorePolicy.ForIdentity(new CertificateIdentityPolicy(identity, identityRegex, issuer));
            _sourceRefs = sourceRefs.Select(Glob).ToList();
            _signerWorkflows = signerWorkflows.Select(Glob).ToList();
        }

        /// <summary>The exact SAN, or null when <see cref="IdentityRegex"/> is given.</summary>
        public string? Identity { get; }
        public string? IdentityRegex { get; }

        /// <summary>The exact OIDC issuer; null accepts any (CertificateOidcIssuer="*").</summary>
        public string? Issuer { get; }

        /// <summary>Patterns ('*' = any text, whole value) for the source ref claim; empty: any.</summary>
        public IReadOnlyList<string> SourceRefs { get; }

        /// <summary>Patterns for the build signer URI claim, normalized to https://...@ref form; empty: any.</summary>
        public IReadOnlyList<string> SignerWorkflows { get; }

        public bool AllowSelfHostedRunners { get; }

        /// <summary>What the Sigstore verifier enforces: the SAN and the issuer.</summary>
        internal SigstorePolicy SigstorePolicy { get; }

        /// <summary>"https://github.com/acme/lib/... (issuer https://token.actions...)" for messages.</summary>
        public string Describe() =>
            (Identity != null ? "'" + Identity + "'" : "an identity matching /" + IdentityRegex + "/") +
            (Issuer != null ? " issued by " + Issuer : " from any issuer");

        /// <summary>A stable text of every rule, for the verification cache key.</summary>
        internal string Fingerprint() =>
            string.Join("\u001f", "identity=" + (Identity ?? ""), "regex=" + (IdentityRegex ?? ""), "issuer=" + (Issuer ?? "*"),
                "refs=" + string.Join(";", SourceRefs), "workflows=" + string.Join(";", SignerWorkflows),
                AllowSelfHostedRunners ? "self-hosted-allowed" : "github-hosted-only");

        /// <summary>Null when the (verified) certificate's claims satisfy the rule; otherwise a reason that names the claim.</summary>
        internal string? ClaimViolation(CertificateIdentity identity)
        {
            if (_sourceRefs.Count > 0)
            {
                string? value = identity.SourceRepositoryRef;
                if (value == null)
                    return $"its certificate records no source ref (claim {CertificateIdentity.SourceRepositoryRefOid}), but the policy requires {Patterns(SourceRefs)}";
                if (!_sourceRefs.Any(p => Matches(p, value)))
                    return $"it was built from the ref '{value}' (certificate claim {CertificateIdentity.SourceRepositoryRefOid}), but the policy requires {Patterns(SourceRefs)}";
            }
            if (_signerWorkflows.Count > 0)
            {
                string? value = identity.BuildSignerUri;
                if (value == null)
                    return $"its certificate records no signer workflow (claim {CertificateIdentity.BuildSignerUriOid}), but the policy requires {Patterns(SignerWorkflows)}";
                if (!_signerWorkflows.Any(p => Matches(p, value)))
                    return $"it was signed by the workflow '{value}' (certificate claim {CertificateIdentity.BuildSignerUriOid}), but the policy requires {Patterns(SignerWorkflows)}";
            }
            // Only Fulcio's GitHub Actions certificates carry the claim; where it is absent there is nothing to deny.
            string? runner = identity.RunnerEnvironment;
            if (!AllowSelfHostedRunners && runner != null && runner != GitHubHostedRunner)
                return $"it was built on a '{runner}' runner (certificate claim {CertificateIdentity.RunnerEnvironmentOid}), " +
                    "but the policy requires a GitHub-hosted one; set AllowSelfHostedRunners=\"true\" to accept it";
            return null;
        }

        /// <summary>
        /// A workflow pattern as gh attestation verify's --signer-workflow takes it: "github.com/acme/lib/.github/workflows/release.yml"
        /// means https:// and any ref; a value with '@' pins the ref (or a ref pattern).
        /// </summary>
        internal static string NormalizeWorkflow(string pattern)
        {
            string value = pattern.Trim();
            if (value.IndexOf("://", StringComparison.Ordinal) < 0) value = "https://" + value;
            int path = value.IndexOf('/', value.IndexOf("://", StringComparison.Ordinal) + 3);
            if (path < 0 || value.IndexOf('@', path) < 0) value += "@*";
            return value;
        }

        private static string Patterns(IReadOnlyList<string> patterns) =>
            patterns.Count == 1 ? "'" + patterns[0] + "'" : "one of " + string.Join(", ", patterns.Select(p => "'" + p + "'"));

        /// <summary>'*' matches any text (also '/'); everything else literally, case-sensitive, the whole value.</summary>
        private static Regex Glob(string pattern) =>
            new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*") + "\\z", RegexOptions.CultureInvariant | RegexOptions.Singleline, MatchTimeout);

        /// <summary>Fail closed: a match that runs too long is no match.</summary>
        private static bool Matches(Regex regex, string value)
        {
            try { return regex.IsMatch(value); }
            catch (RegexMatchTimeoutException) { return false; }
        }
    }
}
