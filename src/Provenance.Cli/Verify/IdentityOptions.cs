using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Provenance.Cli.CommandLine;
using Provenance.Sigstore;

namespace Provenance.Cli.Verify
{
    /// <summary>
    /// The certificate-identity options of `verify` (cosign's names) and the Fulcio-claim filters of
    /// `gh attestation verify`, turned into a <see cref="CertificateIdentityPolicy"/>. Every pattern must match the
    /// whole value: stricter than cosign's unanchored --certificate-identity-regexp, where "acme/lib" also accepts
    /// "https://github.com/evil/acme/lib-fork/...".
    /// </summary>
    internal static class IdentityOptions
    {
        public const string Identity = "--certificate-identity";
        public const string IdentityRegex = "--certificate-identity-regex";
        public const string Issuer = "--certificate-oidc-issuer";
        public const string IssuerRegex = "--certificate-oidc-issuer-regex";
        public const string SourceRepository = "--source-repository";
        public const string SourceRef = "--source-ref";
        public const string SignerWorkflow = "--signer-workflow";
        public const string DenySelfHostedRunners = "--deny-self-hosted-runners";

        // cosign spells the pattern options "-regexp"; both are accepted so a cosign command line works as written.
        private static readonly Dictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--certificate-identity-regexp"] = IdentityRegex,
            ["--certificate-oidc-issuer-regexp"] = IssuerRegex,
        };

        public static readonly string[] ValueOptions =
        {
            Identity, IdentityRegex, Issuer, IssuerRegex, SourceRepository, SourceRef, SignerWorkflow,
            "--certificate-identity-regexp", "--certificate-oidc-issuer-regexp",
        };

        private static readonly string[] Filters = { Issuer, IssuerRegex, SourceRepository, SourceRef, SignerWorkflow };

        /// <summary>Null when no identity option is given; a usage error for filters without an identity.</summary>
        public static CertificateIdentityPolicy? From(ParsedArguments parsed)
        {
            string? san = Single(parsed, Identity);
            string? sanPattern = Single(parsed, IdentityRegex);
            string? issuer = Single(parsed, Issuer);
            string? issuerPattern = Single(parsed, IssuerRegex);
            if (san == null && sanPattern == null)
            {
                foreach (string filter in Filters)
                    if (Single(parsed, filter) != null)
                        throw new UsageException($"{filter} filters a certificate identity: give {Identity} or {IdentityRegex} too");
                if (parsed.HasFlag(DenySelfHostedRunners))
                    throw new UsageException($"{DenySelfHostedRunners} filters a certificate identity: give {Identity} or {IdentityRegex} too");
                return null;
            }
            if (san != null && sanPattern != null) throw new UsageException($"give {Identity} or {IdentityRegex}, not both");
            if (issuer != null && issuerPattern != null) throw new UsageException($"give {Issuer} or {IssuerRegex}, not both");
            CheckPattern(IdentityRegex, sanPattern);
            CheckPattern(IssuerRegex, issuerPattern);

            var policy = new CertificateIdentityPolicy(san, sanPattern, issuer, issuerPattern);
            if (Single(parsed, SourceRepository) is string repository)
                policy.RequireClaim(CertificateIdentity.SourceRepositoryUriOid, repository);
            if (Single(parsed, SourceRef) is string sourceRef)
                policy.RequireClaimPattern(CertificateIdentity.SourceRepositoryRefOid, ExactOrPattern(SourceRef, sourceRef, anyRefSuffix: false));
            if (Single(parsed, SignerWorkflow) is string workflow)
                policy.RequireClaimPattern(CertificateIdentity.BuildSignerUriOid, ExactOrPattern(SignerWorkflow, workflow, anyRefSuffix: !workflow.Contains('@')));
            // Fulcio's runner claim is "github-hosted" or "self-hosted"; a certificate without it is denied too (fail closed).
            if (parsed.HasFlag(DenySelfHostedRunners))
                policy.RequireClaim(CertificateIdentity.RunnerEnvironmentOid, "github-hosted");
            return policy;
        }

        /// <summary>True when any identity or filter option is on the command line (for messages about --key).</summary>
        public static bool AnyGiven(ParsedArguments parsed)
        {
            foreach (string name in ValueOptions) if (parsed.GetAll(name).Count > 0) return true;
            return parsed.HasFlag(DenySelfHostedRunners);
        }

        /// <summary>
        /// A value given literally matches itself, even when it holds regex characters ("refs/tags/v1.0.0"); as a
        /// pattern it must match the whole claim. A workflow without "@ref" matches that workflow at any ref.
        /// </summary>
        private static string ExactOrPattern(string option, string value, bool anyRefSuffix)
        {
            CheckPattern(option, value);
            string literal = Regex.Escape(value) + (anyRefSuffix ? "(?:@.+)?" : "");
            return "(?:" + literal + ")|(?:" + value + ")";
        }

        private static void CheckPattern(string option, string? pattern)
        {
            if (pattern == null) return;
            try { _ = new Regex(pattern, RegexOptions.CultureInvariant); }
            catch (ArgumentException e) { throw new UsageException($"{option} is not a valid .NET regular expression: {e.Message}"); }
        }

        private static string? Single(ParsedArguments parsed, string name)
        {
            string? value = parsed.GetSingle(name);
            foreach (var alias in Aliases)
            {
                if (alias.Value != name) continue;
                string? aliased = parsed.GetSingle(alias.Key);
                if (aliased == null) continue;
                if (value != null) throw new UsageException($"option '{name}' given more than once (also as {alias.Key})");
                value = aliased;
            }
            return value;
        }
    }
}
