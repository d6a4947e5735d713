using System;
using System.Collections.Generic;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Provenance.Sigstore
{
    /// <summary>
    /// Who a Fulcio-style certificate names: the subject alternative name (URI, email or Fulcio's username other-name),
    /// the OIDC issuer, and the Fulcio claims (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md) that
    /// policies filter on, as facts read from a certificate whose chain has been verified.
    /// </summary>
    public sealed class CertificateIdentity
    {
        public const string FulcioOidPrefix = "1.3.6.1.4.1.57264.1.";
        public const string IssuerLegacyOid = "1.3.6.1.4.1.57264.1.1";
        public const string IssuerOid = "1.3.6.1.4.1.57264.1.8";
        public const string BuildSignerUriOid = "1.3.6.1.4.1.57264.1.9";
        public const string BuildSignerDigestOid = "1.3.6.1.4.1.57264.1.10";
        public const string RunnerEnvironmentOid = "1.3.6.1.4.1.57264.1.11";
        public const string SourceRepositoryUriOid = "1.3.6.1.4.1.57264.1.12";
        public const string SourceRepositoryDigestOid = "1.3.6.1.4.1.57264.1.13";
        public const string SourceRepositoryRefOid = "1.3.6.1.4.1.57264.1.14";
        public const string SourceRepositoryIdentifierOid = "1.3.6.1.4.1.57264.1.15";
        public const string SourceRepositoryOwnerUriOid = "1.3.6.1.4.1.57264.1.16";
        public const string SourceRepositoryOwnerIdentifierOid = "1.3.6.1.4.1.57264.1.17";
        public const string BuildConfigUriOid = "1.3.6.1.4.1.57264.1.18";
        public const string BuildConfigDigestOid = "1.3.6.1.4.1.57264.1.19";
        public const string BuildTriggerOid = "1.3.6.1.4.1.57264.1.20";
        public const string RunInvocationUriOid = "1.3.6.1.4.1.57264.1.21";
        public const string SourceRepositoryVisibilityOid = "1.3.6.1.4.1.57264.1.22";
        private const string UsernameOtherNameOid = "1.3.6.1.4.1.57264.1.7";

        /// <summary>
        /// Extensions 1.1 to 1.6 predate Fulcio's switch to DER: their value is the raw UTF-8 string. From 1.8 on the value
        /// is a DER UTF8String (1.7 is the username other-name, not an extension).
        /// </summary>
        private static bool IsLegacyRawString(string oid) =>
            oid.Length == FulcioOidPrefix.Length + 1 && oid[oid.Length - 1] >= '1' && oid[oid.Length - 1] <= '6';

        private CertificateIdentity(string subjectAlternativeName, string subjectAlternativeNameKind, IReadOnlyDictionary<string, string> extensions,
            byte[] certificate, DateTimeOffset notBefore, DateTimeOffset notAfter)
        {
            SubjectAlternativeName = subjectAlternativeName;
            SubjectAlternativeNameKind = subjectAlternativeNameKind;
            Extensions = extensions;
            Certificate = certificate;
            NotBefore = notBefore;
            NotAfter = notAfter;
        }

        /// <summary>The first URI, email or username SAN (Fulcio issues exactly one); "" when there is none.</summary>
        public string SubjectAlternativeName { get; }

        /// <summary>"uri", "email", "username" or "" (none).</summary>
        public string SubjectAlternativeNameKind { get; }

        /// <summary>The OIDC issuer: extension 1.8, else the legacy 1.1; null when neither is present.</summary>
        public string? Issuer => Get(IssuerOid) ?? Get(IssuerLegacyOid);

        /// <summary>Every Fulcio extension (OID 1.3.6.1.4.1.57264.1.*) by dotted OID, decoded as a string.</summary>
        public IReadOnlyDictionary<string, string> Extensions { get; }

        public string? BuildSignerUri => Get(BuildSignerUriOid);
        public string? BuildSignerDigest => Get(BuildSignerDigestOid);
        public string? RunnerEnvironment => Get(RunnerEnvironmentOid);
        public string? SourceRepositoryUri => Get(SourceRepositoryUriOid);
        public string? SourceRepositoryDigest => Get(SourceRepositoryDigestOid);
        public string? SourceRepositoryRef => Get(SourceRepositoryRefOid);
        public string? SourceRepositoryIdentifier => Get(SourceRepositoryIdentifierOid);
        public string? SourceRepositoryOwnerUri => Get(SourceRepositoryOwnerUriOid);
        public string? SourceRepositoryOwnerIdentifier => Get(SourceRepositoryOwnerIdentifierOid);
        public string? BuildConfigUri => Get(BuildConfigUriOid);
        public string? BuildConfigDigest => Get(BuildConfigDigestOid);
        public string? BuildTrigger => Get(BuildTriggerOid);
        public string? RunInvocationUri => Get(RunInvocationUriOid);
        public string? SourceRepositoryVisibilityAtSigning => Get(SourceRepositoryVisibilityOid);

        /// <summary>The leaf certificate (DER).</summary>
        public byte[] Certificate { get; }
        public DateTimeOffset NotBefore { get; }
        public DateTimeOffset NotAfter { get; }

        public string? Get(string oid) => Extensions.TryGetValue(oid, out string? value) ? value : null;

        public override string ToString() => $"{SubjectAlternativeName} (issuer {Issuer ?? "none"})";

        /// <summary>Reads the facts; a malformed SAN or Fulcio extension yields null (the caller rejects the bundle).</summary>
        internal static CertificateIdentity? TryRead(X509Certificate leaf, byte[] der, out string why)
        {
            why = "";
            try
            {
                string san = "", kind = "";
                Asn1OctetString? sanValue = leaf.GetExtensionValue(X509Extensions.SubjectAlternativeName);
                if (sanValue != null)
                {
                    GeneralNames names = GeneralNames.GetInstance(Asn1Object.FromByteArray(sanValue.GetOctets()));
                    foreach (GeneralName name in names.GetNames())
                    {
                        if (name.TagNo == GeneralName.UniformResourceIdentifier) { san = DerIA5String.GetInstance(name.Name).GetString(); kind = "uri"; break; }
                        if (name.TagNo == GeneralName.Rfc822Name) { san = DerIA5String.GetInstance(name.Name).GetString(); kind = "email"; break; }
                        if (name.TagNo == GeneralName.OtherName)
                        {
                            var other = OtherName.GetInstance(name.Name);
                            if (other.TypeID.Id == UsernameOtherNameOid)
                            {
                                san = DerUtf8String.GetInstance(other.Value).GetString();
                                kind = "username";
                                break;
                            }
                        }
                    }
                }

                var extensions = new SortedDictionary<string, string>(StringComparer.Ordinal);
                X509Extensions? all = leaf.CertificateStructure.TbsCertificate.Extensions;
                if (all != null)
                {
                    foreach (DerObjectIdentifier oid in all.ExtensionOids)
                    {
                        if (!oid.Id.StartsWith(FulcioOidPrefix, StringComparison.Ordinal)) continue;
                        byte[] octets = all.GetExtension(oid).Value.GetOctets();
                        string value = IsLegacyRawString(oid.Id)
                            ? new UTF8Encoding(false, true).GetString(octets)
                            : DerUtf8String.GetInstance(Asn1Object.FromByteArray(octets)).GetString();
                        extensions[oid.Id] = value;
                    }
                }
                return new CertificateIdentity(san, kind, extensions, (byte[])der.Clone(), Certificates.NotBefore(leaf), Certificates.NotAfter(leaf));
            }
            catch (Exception ex) when (Crypto.IsParseFailure(ex))
            {
                why = "its subject alternative name or Fulcio extensions are malformed";
                return null;
            }
        }
    }
}
