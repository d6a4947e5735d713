using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Provenance.Signing;

namespace Provenance.Sigstore
{
    /// <summary>
    /// Whom a certificate must name. Values are compared exactly; patterns must match the whole value (they are
    /// anchored, unlike cosign's --certificate-identity-regexp, so "https://github.com/acme/" cannot be satisfied by
    /// "https://github.com/acme-evil/..." or by a URI that merely contains it). Claims are Fulcio extensions by OID.
    /// </summary>
    public sealed class CertificateIdentityPolicy
    {
        private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
        private readonly List<(string Oid, string? Exact, Regex? Pattern)> _claims = new List<(string, string?, Regex?)>();
        private readonly Regex? _sanPattern;
        private readonly Regex? _issuerPattern;

        /// <param name="subjectAlternativeName">the exact SAN (URI or email), or null when <paramref name="subjectAlternativeNamePattern"/> is given</param>
        /// <param name="subjectAlternativeNamePattern">a .NET regular expression the whole SAN must match</param>
        /// <param name="issuer">the exact OIDC issuer, or null for <paramref name="issuerPattern"/> or any issuer</param>
        /// <param name="issuerPattern">a regular expression the whole issuer must match</param>
        public CertificateIdentityPolicy(string? subjectAlternativeName, string? subjectAlternativeNamePattern = null, string? issuer = null, string? issuerPattern = null)
        {
            if ((subjectAlternativeName == null) == (subjectAlternativeNamePattern == null))
                throw new ArgumentException("Give exactly one of the certificate identity and the certificate identity pattern.");
            if (issuer != null && issuerPattern != null)
                throw new ArgumentException("Give at most one of the issuer and the issuer pattern.");
            SubjectAlternativeName = subjectAlternativeName;
            SubjectAlternativeNamePattern = subjectAlternativeNamePattern;
            Issuer = issuer;
            IssuerPattern = issuerPattern;
            _sanPattern = subjectAlternativeNamePattern == null ? null : Anchored(subjectAlternativeNamePattern);
            _issuerPattern = issuerPattern == null ? null : Anchored(issuerPattern);
        }

        public string? SubjectAlternativeName { get; }
        public string? SubjectAlternativeNamePattern { get; }
        public string? Issuer { get; }
        public string? IssuerPattern { get; }

        /// <summary>Requires Fulcio extension <paramref name="oid"/> (see <see cref="CertificateIdentity"/>'s constants) to equal <paramref name="value"/>.</summary>
        public CertificateIdentityPolicy RequireClaim(string oid, string value)
        {
            _claims.Add((oid ?? throw new ArgumentNullException(nameof(oid)), value ?? throw new ArgumentNullException(nameof(value)), null));
            return this;
        }

        /// <summary>Requires Fulcio extension <paramref name="oid"/> to match <paramref name="pattern"/> as a whole.</summary>
        public CertificateIdentityPolicy RequireClaimPattern(string oid, string pattern)
        {
            _claims.Add((oid ?? throw new ArgumentNullException(nameof(oid)), null, Anchored(pattern ?? throw new ArgumentNullException(nameof(pattern)))));
            return this;
        }

        /// <summary>Null when <paramref name="identity"/> satisfies the policy, else why not.</summary>
        public string? Mismatch(CertificateIdentity identity)
        {
            if (identity.SubjectAlternativeName.Length == 0) return "the certificate names no identity (no URI or email subject alternative name)";
            if (SubjectAlternativeName != null ? identity.SubjectAlternativeName != SubjectAlternativeName : !Matches(_sanPattern!, identity.SubjectAlternativeName))
                return $"the certificate identity is \"{identity.SubjectAlternativeName}\", not {(SubjectAlternativeName != null ? $"\"{SubjectAlternativeName}\"" : $"one matching /{SubjectAlternativeNamePattern}/")}";
            string? issuer = identity.Issuer;
            if (Issuer != null && issuer != Issuer) return $"the certificate's OIDC issuer is \"{issuer ?? "(none)"}\", not \"{Issuer}\"";
            if (_issuerPattern != null && (issuer == null || !Matches(_issuerPattern, issuer)))
                return $"the certificate's OIDC issuer \"{issuer ?? "(none)"}\" does not match /{IssuerPattern}/";
            foreach (var (oid, exact, pattern) in _claims)
            {
                string? value = identity.Get(oid);
                bool ok = value != null && (exact != null ? value == exact : Matches(pattern!, value));
                if (!ok) return $"the certificate's claim {oid} is \"{value ?? "(absent)"}\", not {(exact != null ? $"\"{exact}\"" : $"one matching /{pattern}/")}";
            }
            return null;
        }

        private static Regex Anchored(string pattern) =>
            new Regex("^(?:" + pattern + ")\\z", RegexOptions.CultureInvariant, MatchTimeout);

        /// <summary>A pattern that runs too long on hostile input counts as no match: fail closed.</summary>
        private static bool Matches(Regex regex, string value)
        {
            try { return regex.IsMatch(value); }
            catch (RegexMatchTimeoutException) { return false; }
        }
    }

    /// <summary>
    /// What the verifier must see besides valid cryptography: the signer is one of these public keys, or a certificate
    /// naming this identity. A bundle of the other kind is rejected (a key-signed bundle never satisfies an identity).
    /// </summary>
    public sealed class SigstorePolicy
    {
        private SigstorePolicy(IReadOnlyList<byte[]> keys, CertificateIdentityPolicy? identity)
        {
            PublicKeys = keys;
            Identity = identity;
        }

        /// <summary>Trusted public keys (DER SPKI) for bundles signed with a key.</summary>
        public IReadOnlyList<byte[]> PublicKeys { get; }

        public CertificateIdentityPolicy? Identity { get; }

        public static SigstorePolicy ForIdentity(CertificateIdentityPolicy identity) =>
            new SigstorePolicy(Array.Empty<byte[]>(), identity ?? throw new ArgumentNullException(nameof(identity)));

        public static SigstorePolicy ForKeys(IEnumerable<VerificationKey> keys) =>
            ForKeys((keys ?? throw new ArgumentNullException(nameof(keys))).Select(k => k.SubjectPublicKeyInfo));

        /// <summary>Keys as DER SubjectPublicKeyInfo: any key Sigstore uses (ECDSA P-256/384/521, Ed25519, RSA >= 2048).</summary>
        public static SigstorePolicy ForKeys(IEnumerable<byte[]> subjectPublicKeyInfos)
        {
            List<byte[]> keys = (subjectPublicKeyInfos ?? throw new ArgumentNullException(nameof(subjectPublicKeyInfos))).Select(k => (byte[])k.Clone()).ToList();
            if (keys.Count == 0) throw new ArgumentException("At least one public key is required.", nameof(subjectPublicKeyInfos));
            return new SigstorePolicy(keys, null);
        }
    }
}
