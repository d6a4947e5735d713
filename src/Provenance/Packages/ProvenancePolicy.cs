using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Provenance.Packages
{
    /// <summary>
    /// The consumer's ProvenancePolicy items, checked up front (a conflicting or malformed item is PROV3004 naming it,
    /// never silently ignored) and resolved per package id: an exact id beats the longest matching prefix ("Acme.*"),
    /// which beats "*". Ids compare ignoring case, as NuGet compares them.
    /// </summary>
    public sealed class ProvenancePolicy
    {
        private static readonly Regex PatternShape = new Regex(@"^(\*|[A-Za-z0-9_.\-]+\*?)$", RegexOptions.CultureInvariant);

        private readonly Dictionary<string, PackagePolicy> _exact;
        private readonly List<KeyValuePair<string, PackagePolicy>> _prefixes; // longest first
        private readonly PackagePolicy? _wildcard;

        private readonly PackageTrustedRoot? _trustedRoot;

        private ProvenancePolicy(Dictionary<string, PackagePolicy> exact, List<KeyValuePair<string, PackagePolicy>> prefixes, PackagePolicy? wildcard,
            PackageTrustedRoot? trustedRoot)
        {
            _exact = exact;
            _prefixes = prefixes;
            _wildcard = wildcard;
            _trustedRoot = trustedRoot;
        }

        public static ProvenancePolicy Empty { get; } = Create(Array.Empty<ProvenancePolicyItem>(), Array.Empty<TrustedKey>());

        /// <summary>
        /// The trusted root certificate-signed packages chain to (ProvenanceTrustedRoot); the embedded public-good root
        /// when none was given, read only when first needed.
        /// </summary>
        public PackageTrustedRoot TrustedRoot => _trustedRoot ?? PackageTrustedRoot.PublicGood;

        /// <param name="trustedRoot">ProvenanceTrustedRoot; null for the Sigstore public-good root.</param>
        public static ProvenancePolicy Create(IEnumerable<ProvenancePolicyItem> items, IReadOnlyList<TrustedKey> trustedKeys, PackageTrustedRoot? trustedRoot = null)
        {
            if (items == null) throw new ArgumentNullException(nameof(items));
            if (trustedKeys == null) throw new ArgumentNullException(nameof(trustedKeys));
            var exact = new Dictionary<string, PackagePolicy>(StringComparer.OrdinalIgnoreCase);
            var prefixes = new Dictionary<string, PackagePolicy>(StringComparer.OrdinalIgnoreCase);
            PackagePolicy? wildcard = null;
            foreach (ProvenancePolicyItem item in items)
            {
                string pattern = (item.Include ?? "").Trim();
                if (!PatternShape.IsMatch(pattern))
                    throw Invalid(item, "Include must be a package id, an id prefix ending in '*' (Acme.*) or '*'");
                PackagePolicy rule = Parse(item, pattern, trustedKeys);
                bool added;
                if (pattern == "*") { added = wildcard == null; wildcard ??= rule; }
                else if (pattern.EndsWith("*", StringComparison.Ordinal)) added = TryAdd(prefixes, pattern.Substring(0, pattern.Length - 1), rule);
                else added = TryAdd(exact, pattern, rule);
                if (!added) throw Invalid(item, $"another ProvenancePolicy item already has Include=\"{pattern}\"; merge them into one");
            }
            var ordered = prefixes.OrderByDescending(p => p.Key.Length).ToList();
            return new ProvenancePolicy(exact, ordered, wildcard, trustedRoot);
        }

        /// <summary>The rule for a package id; <see cref="PackagePolicy.NotRequired"/> when no item matches.</summary>
        public PackagePolicy Resolve(string packageId)
        {
            if (packageId == null) throw new ArgumentNullException(nameof(packageId));
            if (_exact.TryGetValue(packageId, out PackagePolicy? rule)) return rule;
            foreach (var prefix in _prefixes)
                if (packageId.StartsWith(prefix.Key, StringComparison.OrdinalIgnoreCase)) return prefix.Value;
            return _wildcard ?? PackagePolicy.NotRequired;
        }

        private static bool TryAdd(Dictionary<string, PackagePolicy> rules, string key, PackagePolicy rule)
        {
            if (rules.ContainsKey(key)) return false;
            rules.Add(key, rule);
            return true;
        }

        private static PackagePolicy Parse(ProvenancePolicyItem item, string pattern, IReadOnlyList<TrustedKey> trustedKeys)
        {
            bool required = ParseBool(item, "Require", item.Require, true);
            bool allowDevelopmentKey = ParseBool(item, "AllowDevelopmentKey", item.AllowDevelopmentKey, false);
            PolicySeverity severity = ParseSeverity(item);
            string? source = null;
            if (!string.IsNullOrWhiteSpace(item.SourceRepository))
            {
                source = SourceRepositoryUrl.Normalize(item.SourceRepository!);
                if (source == null)
                    throw Invalid(item, $"SourceRepository \"{item.SourceRepository}\" names no repository; write https://host/owner/repo, host/owner/repo or git@host:owner/repo");
            }
            return new PackagePolicy(pattern, required, source, severity, allowDevelopmentKey, SelectKeys(item, trustedKeys), ParseIdentity(item));
        }

        /// <summary>
        /// CertificateIdentity or CertificateIdentityRegex, and the claims that only mean something with one of them: a
        /// claim without an identity would be silently unenforceable (keys carry no claims), so it is an error instead.
        /// </summary>
        private static CertificateIdentityRule? ParseIdentity(ProvenancePolicyItem item)
        {
            string? identity = Trimmed(item.CertificateIdentity), regex = Trimmed(item.CertificateIdentityRegex);
            string? issuer = Trimmed(item.CertificateOidcIssuer), refs = Trimmed(item.SourceRef), workflows = Trimmed(item.SignerWorkflow);
            string? selfHosted = Trimmed(item.AllowSelfHostedRunners);
            if (identity == null && regex == null)
            {
                string? orphan = issuer != null ? "CertificateOidcIssuer" : refs != null ? "SourceRef" : workflows != null ? "SignerWorkflow"
                    : selfHosted != null ? "AllowSelfHostedRunners" : null;
                if (orphan != null) throw Invalid(item, $"{orphan} applies to certificate-signed packages; it needs CertificateIdentity or CertificateIdentityRegex");
                return null;
            }
            if (identity != null && regex != null)
                throw Invalid(item, "give CertificateIdentity (the exact identity) or CertificateIdentityRegex (a pattern), not both");
            if (identity != null && identity.Any(char.IsWhiteSpace))
                throw Invalid(item, $"CertificateIdentity \"{identity}\" contains white space; a certificate identity is a URI or an email address");

            if (issuer == null) issuer = CertificateIdentityRule.GitHubActionsIssuer;
            else if (issuer == CertificateIdentityRule.AnyIssuer) issuer = null;
            else if (!Uri.TryCreate(issuer, UriKind.Absolute, out Uri? issuerUri) || (issuerUri.Scheme != "https" && issuerUri.Scheme != "http"))
                throw Invalid(item, $"CertificateOidcIssuer \"{issuer}\" is not an absolute https URL (or '*' for any issuer)");

            List<string> sourceRefs = Patterns(item, "SourceRef", refs);
            List<string> signerWorkflows = Patterns(item, "SignerWorkflow", workflows).Select(CertificateIdentityRule.NormalizeWorkflow).ToList();
            bool allowSelfHosted = ParseBool(item, "AllowSelfHostedRunners", selfHosted, false);
            try
            {
                return new CertificateIdentityRule(identity, regex, issuer, sourceRefs, signerWorkflows, allowSelfHosted);
            }
            catch (ArgumentException e)
            {
                throw Invalid(item, $"CertificateIdentityRegex \"{regex}\" is not a valid regular expression ({e.Message.TrimEnd('.')})");
            }
        }

        private static List<string> Patterns(ProvenancePolicyItem item, string name, string? value)
        {
            var patterns = new List<string>();
            if (value == null) return patterns;
            foreach (string raw in value.Split(';'))
            {
                string pattern = raw.Trim();
                if (pattern.Length == 0) continue;
                if (pattern.Any(char.IsWhiteSpace)) throw Invalid(item, $"{name} \"{pattern}\" contains white space");
                if (!patterns.Contains(pattern)) patterns.Add(pattern);
            }
            if (patterns.Count == 0) throw Invalid(item, $"{name} is set but names no pattern");
            return patterns;
        }

        private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private static bool ParseBool(ProvenancePolicyItem item, string name, string? value, bool defaultValue)
        {
            if (string.IsNullOrWhiteSpace(value)) return defaultValue;
            if (string.Equals(value!.Trim(), "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase)) return false;
            throw Invalid(item, $"{name}=\"{value}\" must be true or false");
        }

        private static PolicySeverity ParseSeverity(ProvenancePolicyItem item)
        {
            string value = (item.Severity ?? "").Trim();
            if (value.Length == 0 || value.Equals("error", StringComparison.OrdinalIgnoreCase)) return PolicySeverity.Error;
            if (value.Equals("warning", StringComparison.OrdinalIgnoreCase)) return PolicySeverity.Warning;
            if (value.Equals("none", StringComparison.OrdinalIgnoreCase)) return PolicySeverity.None;
            throw Invalid(item, $"Severity=\"{item.Severity}\" must be error, warning or none");
        }

        /// <summary>Each value names a ProvenanceTrustedKey by its file or by its key hint; one that names none is an error.</summary>
        private static IReadOnlyList<TrustedKey>? SelectKeys(ProvenancePolicyItem item, IReadOnlyList<TrustedKey> trustedKeys)
        {
            if (string.IsNullOrWhiteSpace(item.TrustedKeys)) return null;
            var selected = new List<TrustedKey>();
            foreach (string raw in item.TrustedKeys!.Split(';'))
            {
                string value = raw.Trim();
                if (value.Length == 0) continue;
                TrustedKey? key = trustedKeys.FirstOrDefault(k => k.Key.Hint == value || SamePath(k.Path, value));
                if (key == null) throw Invalid(item, $"TrustedKeys names \"{value}\", which is neither the file nor the hint of a ProvenanceTrustedKey item");
                if (!selected.Contains(key)) selected.Add(key);
            }
            if (selected.Count == 0) throw Invalid(item, "TrustedKeys is set but names no key");
            return selected;
        }

        private static bool SamePath(string? keyPath, string value)
        {
            if (keyPath == null) return false;
            try { return string.Equals(System.IO.Path.GetFullPath(value), keyPath, System.IO.Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal); }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is System.IO.PathTooLongException) { return false; }
        }

        private static ProvenanceException Invalid(ProvenancePolicyItem item, string why) =>
            new ProvenanceException(DiagnosticCodes.PolicyInvalid, $"ProvenancePolicy item '{item.Include}': {why}.");
    }
}
