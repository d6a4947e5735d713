using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Provenance.Json;
using Provenance.Sigstore;

namespace Provenance.Cli.Identity
{
    /// <summary>
    /// Who a certificate-signed bundle names as its signer, in the words `verify`, `inspect` and `verify-restore`
    /// print: the subject alternative name, the OIDC issuer and the Fulcio claims people filter on (the same ones as
    /// `gh attestation verify`). Built from a verified <see cref="CertificateIdentity"/>, or read from a certificate
    /// that was not verified (inspect, an unverified package): <see cref="Verified"/> says which.
    /// </summary>
    internal sealed class SignerIdentity
    {
        private SignerIdentity(bool verified, string san, string sanKind, IReadOnlyDictionary<string, string> claims)
        {
            Verified = verified;
            SubjectAlternativeName = san;
            SubjectAlternativeNameKind = sanKind;
            _claims = claims;
        }

        private readonly IReadOnlyDictionary<string, string> _claims;

        public bool Verified { get; }
        public string SubjectAlternativeName { get; }
        public string SubjectAlternativeNameKind { get; }
        public string? Issuer => Claim(CertificateIdentity.IssuerOid) ?? Claim(CertificateIdentity.IssuerLegacyOid);
        public string? SourceRepository => Claim(CertificateIdentity.SourceRepositoryUriOid);
        public string? SourceRef => Claim(CertificateIdentity.SourceRepositoryRefOid);
        public string? SourceDigest => Claim(CertificateIdentity.SourceRepositoryDigestOid);
        public string? SignerWorkflow => Claim(CertificateIdentity.BuildSignerUriOid);
        public string? RunnerEnvironment => Claim(CertificateIdentity.RunnerEnvironmentOid);

        private string? Claim(string oid) => _claims.TryGetValue(oid, out string? value) ? value : null;

        /// <summary>The same facts, marked verified when a verifier checked the certificate they come from.</summary>
        public SignerIdentity WithVerified(bool verified) => new SignerIdentity(verified, SubjectAlternativeName, SubjectAlternativeNameKind, _claims);

        public static SignerIdentity FromVerified(CertificateIdentity identity) =>
            new SignerIdentity(true, identity.SubjectAlternativeName, identity.SubjectAlternativeNameKind, identity.Extensions);

        /// <summary>
        /// The claims of a leaf certificate nobody has verified (its chain, time and signature unchecked): for display only,
        /// and always shown as "claimed". Null when the bytes are not a certificate we can read.
        /// </summary>
        public static SignerIdentity? ReadUnverified(byte[] der)
        {
            try
            {
                X509Certificate leaf = new X509CertificateParser().ReadCertificate(der);
                if (leaf == null) return null;
                string san = "", kind = "";
                Asn1OctetString? sanValue = leaf.GetExtensionValue(X509Extensions.SubjectAlternativeName);
                if (sanValue != null)
                {
                    foreach (GeneralName name in GeneralNames.GetInstance(Asn1Object.FromByteArray(sanValue.GetOctets())).GetNames())
                    {
                        if (name.TagNo == GeneralName.UniformResourceIdentifier) { san = DerIA5String.GetInstance(name.Name).GetString(); kind = "uri"; break; }
                        if (name.TagNo == GeneralName.Rfc822Name) { san = DerIA5String.GetInstance(name.Name).GetString(); kind = "email"; break; }
                    }
                }
                var claims = new SortedDictionary<string, string>(StringComparer.Ordinal);
                X509Extensions? all = leaf.CertificateStructure.TbsCertificate.Extensions;
                if (all != null)
                {
                    foreach (DerObjectIdentifier oid in all.ExtensionOids)
                    {
                        if (!oid.Id.StartsWith(CertificateIdentity.FulcioOidPrefix, StringComparison.Ordinal)) continue;
                        byte[] octets = all.GetExtension(oid).Value.GetOctets();
                        // Fulcio's 1.1-1.6 hold the raw string; 1.8 on a DER UTF8String (as CertificateIdentity reads them).
                        string last = oid.Id.Substring(CertificateIdentity.FulcioOidPrefix.Length);
                        claims[oid.Id] = last.Length == 1 && last[0] >= '1' && last[0] <= '6'
                            ? Encoding.UTF8.GetString(octets)
                            : DerUtf8String.GetInstance(Asn1Object.FromByteArray(octets)).GetString();
                    }
                }
                return new SignerIdentity(false, san, kind, claims);
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidCastException || e is IOException || e is InvalidOperationException
                || e is Org.BouncyCastle.Security.Certificates.CertificateException || e is FormatException)
            {
                return null;
            }
        }

        /// <summary>One "  name: value" line per known fact, aligned; absent claims are left out.</summary>
        public void WriteLines(TextWriter output, string indent)
        {
            foreach (var (label, value) in Facts())
                output.WriteLine($"{indent}{(label + ":").PadRight(20)}{Printable(value)}");
        }

        public IEnumerable<(string Label, string Value)> Facts()
        {
            yield return ("identity", SubjectAlternativeName.Length == 0 ? "(none)" : SubjectAlternativeName);
            if (Issuer != null) yield return ("issuer", Issuer);
            if (SourceRepository != null) yield return ("source repository", SourceRepository);
            if (SourceRef != null) yield return ("source ref", SourceRef);
            if (SourceDigest != null) yield return ("source commit", SourceDigest);
            if (SignerWorkflow != null) yield return ("signer workflow", SignerWorkflow);
            if (RunnerEnvironment != null) yield return ("runner", RunnerEnvironment);
        }

        /// <summary>One line for a table cell: the identity, then the claims that differ from it in brackets.</summary>
        public string OneLine()
        {
            var text = new StringBuilder(SubjectAlternativeName.Length == 0 ? "(no identity)" : SubjectAlternativeName);
            var parts = new List<string>();
            if (Issuer != null) parts.Add("issuer " + Issuer);
            if (SourceRepository != null) parts.Add("repo " + SourceRepository);
            if (SourceRef != null) parts.Add("ref " + SourceRef);
            if (SignerWorkflow != null && SignerWorkflow != SubjectAlternativeName) parts.Add("workflow " + SignerWorkflow);
            if (RunnerEnvironment != null) parts.Add("runner " + RunnerEnvironment);
            if (parts.Count > 0) text.Append(" (").Append(string.Join(", ", parts)).Append(')');
            return Printable(text.ToString());
        }

        public JsonObject ToJson()
        {
            var json = new JsonObject()
                .Add("verified", Verified)
                .Add("subjectAlternativeName", SubjectAlternativeName)
                .Add("subjectAlternativeNameKind", SubjectAlternativeNameKind);
            AddOrNull(json, "issuer", Issuer);
            AddOrNull(json, "sourceRepository", SourceRepository);
            AddOrNull(json, "sourceRef", SourceRef);
            AddOrNull(json, "sourceDigest", SourceDigest);
            AddOrNull(json, "signerWorkflow", SignerWorkflow);
            AddOrNull(json, "runnerEnvironment", RunnerEnvironment);
            return json;
        }

        private static void AddOrNull(JsonObject json, string name, string? value) =>
            json.Add(name, value == null ? (JsonValue)JsonNull.Instance : new JsonString(value));

        /// <summary>A certificate is the signer's to write: its control characters must not reach the terminal.</summary>
        private static string Printable(string value)
        {
            var text = new StringBuilder(value.Length);
            foreach (char c in value) text.Append(char.IsControl(c) ? '?' : c);
            return text.ToString();
        }
    }
}
