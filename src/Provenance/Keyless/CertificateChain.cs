using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Provenance.Signing;

namespace Provenance.Keyless
{
    /// <summary>X.509 helpers shared by the Fulcio client and <see cref="CertificateSigner"/> (BouncyCastle on both runtimes).</summary>
    internal static class CertificateChain
    {
        /// <summary>Every CERTIFICATE block of a PEM text; <see cref="FormatException"/> for a malformed one.</summary>
        public static IReadOnlyList<X509Certificate> ReadPem(string pem)
        {
            var certificates = new List<X509Certificate>();
            foreach (PemBlock block in PemBlock.ReadAll(pem))
            {
                if (block.Label != "CERTIFICATE") continue;
                try
                {
                    certificates.Add(new X509Certificate(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(block.Der))));
                }
                catch (Exception ex) when (ex is ArgumentException || ex is InvalidCastException || ex is System.IO.IOException || ex is InvalidOperationException)
                {
                    throw new FormatException("a CERTIFICATE block is not a DER X.509 certificate");
                }
            }
            return certificates;
        }

        /// <summary>Whether the certificate certifies exactly this public key (compared as normalized SPKI DER).</summary>
        public static bool HoldsKey(X509Certificate certificate, VerificationKey key)
        {
            VerificationKey certified;
            try { certified = VerificationKey.FromSubjectPublicKeyInfo(certificate.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded()); }
            catch (ProvenanceException) { return false; }
            return certified.SubjectPublicKeyInfo.SequenceEqual(key.SubjectPublicKeyInfo);
        }

        /// <summary>The first URI or email SAN: the identity Sigstore policies match.</summary>
        public static string? SubjectAlternativeName(X509Certificate certificate)
        {
            var names = certificate.GetSubjectAlternativeNames();
            if (names == null) return null;
            foreach (var entry in names)
            {
                if (entry.Count < 2) continue;
                int tag = Convert.ToInt32(entry[0]);
                if (tag == GeneralName.UniformResourceIdentifier || tag == GeneralName.Rfc822Name) return entry[1]?.ToString();
            }
            return null;
        }

        /// <summary>True when the extended key usage names code signing (what sigstore-go requires of a leaf).</summary>
        public static bool AllowsCodeSigning(X509Certificate certificate)
        {
            IList<DerObjectIdentifier>? usages = certificate.GetExtendedKeyUsage();
            return usages != null && usages.Any(u => u.Equals(KeyPurposeID.id_kp_codeSigning));
        }
    }
}
