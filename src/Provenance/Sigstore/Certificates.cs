using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Provenance.Sigstore
{
    /// <summary>
    /// X.509 for Sigstore: strict DER parsing, path building from a leaf to a trusted root chain at a given time, and
    /// embedded SCTs (RFC 6962 §3.3). The trusted root's chain is a short, ordered list, so the path is found by name
    /// and signature within it rather than by a general path builder.
    /// </summary>
    internal static class Certificates
    {
        public static readonly DerObjectIdentifier SctListOid = new DerObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");
        private static readonly DerObjectIdentifier CodeSigning = KeyPurposeID.id_kp_codeSigning;
        private static readonly DerObjectIdentifier AnyExtendedKeyUsage = KeyPurposeID.AnyExtendedKeyUsage;
        private const int MaxChainLength = 10;

        /// <summary>One DER certificate and nothing after it; null for anything else.</summary>
        public static X509Certificate? TryParse(byte[] der)
        {
            try
            {
                var structure = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(der));
                var certificate = new X509Certificate(structure);
                // Touch what later code reads so that a lazily failing field fails here, inside the filter.
                _ = certificate.GetPublicKey();
                _ = certificate.NotBefore;
                _ = certificate.NotAfter;
                return certificate;
            }
            catch (Exception ex) when (Crypto.IsParseFailure(ex))
            {
                return null;
            }
        }

        public static DateTimeOffset NotBefore(X509Certificate c) => new DateTimeOffset(DateTime.SpecifyKind(c.NotBefore, DateTimeKind.Utc));

        public static DateTimeOffset NotAfter(X509Certificate c) => new DateTimeOffset(DateTime.SpecifyKind(c.NotAfter, DateTimeKind.Utc));

        public static bool ValidAt(X509Certificate c, DateTimeOffset time) => time >= NotBefore(c) && time <= NotAfter(c);

        public static bool IsSelfSigned(X509Certificate c) => c.SubjectDN.Equivalent(c.IssuerDN) && SignedBy(c, c);

        public static bool SignedBy(X509Certificate certificate, X509Certificate issuer)
        {
            try
            {
                return certificate.IssuerDN.Equivalent(issuer.SubjectDN) && certificate.IsSignatureValid(issuer.GetPublicKey());
            }
            catch (Exception ex) when (Crypto.IsParseFailure(ex))
            {
                return false;
            }
        }

        /// <summary>
        /// The path from <paramref name="certificate"/> through <paramref name="trusted"/> to a self-signed root in it, every
        /// certificate valid at <paramref name="time"/> and every issuer a CA. Returns the certificate's issuer, or null with
        /// the reason.
        /// </summary>
        public static X509Certificate? BuildPath(X509Certificate certificate, IReadOnlyList<X509Certificate> trusted, DateTimeOffset time,
            bool requireCodeSigning, out string why)
        {
            X509Certificate current = certificate;
            X509Certificate? firstIssuer = null;
            for (int depth = 0; depth < MaxChainLength; depth++)
            {
                if (!ValidAt(current, time))
                {
                    why = $"certificate \"{current.SubjectDN}\" is valid {NotBefore(current):u} to {NotAfter(current):u}, not at {time:u}";
                    return null;
                }
                if (depth > 0 && IsSelfSigned(current))
                {
                    why = "";
                    return firstIssuer;
                }
                X509Certificate? issuer = trusted.FirstOrDefault(t => !ReferenceEquals(t, current) && SignedBy(current, t));
                if (issuer == null)
                {
                    why = depth == 0
                        ? $"it is not issued by a trusted certificate authority (issuer \"{current.IssuerDN}\")"
                        : $"the chain ends at \"{current.SubjectDN}\" without a trusted root";
                    return null;
                }
                if (issuer.GetBasicConstraints() < 0 || (issuer.GetKeyUsage() is bool[] ku && ku.Length > 5 && !ku[5]))
                {
                    why = $"\"{issuer.SubjectDN}\" is not a certificate authority";
                    return null;
                }
                if (requireCodeSigning && !AllowsCodeSigning(issuer, leaf: false))
                {
                    why = $"\"{issuer.SubjectDN}\" does not allow code signing";
                    return null;
                }
                firstIssuer ??= issuer;
                current = issuer;
            }
            why = "the certificate chain is too long";
            return null;
        }

        /// <summary>Go's x509 rule (which sigstore-go relies on): a leaf needs codeSigning; a CA with an EKU must allow it.</summary>
        public static bool AllowsCodeSigning(X509Certificate certificate, bool leaf)
        {
            IList<DerObjectIdentifier>? usages;
            try { usages = certificate.GetExtendedKeyUsage(); }
            catch (Exception ex) when (Crypto.IsParseFailure(ex)) { return false; }
            if (usages == null) return !leaf;
            return usages.Any(u => u.Equals(CodeSigning) || u.Equals(AnyExtendedKeyUsage));
        }

        /// <summary>
        /// Verifies the SCTs embedded in <paramref name="leaf"/> (issued by <paramref name="issuer"/>) against the trusted
        /// CT logs; returns how many verified. Unknown logs and bad signatures are counted as failures in <paramref name="failures"/>.
        /// </summary>
        public static int VerifyEmbeddedScts(X509Certificate leaf, X509Certificate issuer, TrustedRoot root, List<string> failures)
        {
            byte[]? list = SctListBytes(leaf);
            if (list == null) return 0;
            byte[] tbs;
            byte[] issuerKeyHash;
            try
            {
                tbs = TbsWithoutScts(leaf);
                issuerKeyHash = Crypto.Sha256(issuer.CertificateStructure.SubjectPublicKeyInfo.GetDerEncoded());
            }
            catch (Exception ex) when (Crypto.IsParseFailure(ex))
            {
                failures.Add("the certificate cannot be re-encoded as a precertificate");
                return 0;
            }

            var reader = new TlsReader(list);
            if (!reader.TryReadVector(2, out byte[] scts) || !reader.AtEnd) { failures.Add("the SCT list is malformed"); return 0; }
            var items = new TlsReader(scts);
            int verified = 0;
            while (!items.AtEnd)
            {
                if (!items.TryReadVector(2, out byte[] sct)) { failures.Add("an SCT is malformed"); return verified; }
                if (VerifySct(sct, tbs, issuerKeyHash, root, failures)) verified++;
            }
            return verified;
        }

        private static bool VerifySct(byte[] sct, byte[] tbs, byte[] issuerKeyHash, TrustedRoot root, List<string> failures)
        {
            var r = new TlsReader(sct);
            if (!r.TryReadBytes(1, out byte[] version) || version[0] != 0 ||
                !r.TryReadBytes(32, out byte[] logId) || !r.TryReadBytes(8, out byte[] timestamp) ||
                !r.TryReadVector(2, out byte[] extensions) || !r.TryReadBytes(2, out byte[] algorithms) ||
                !r.TryReadVector(2, out byte[] signature) || !r.AtEnd)
            {
                failures.Add("an SCT is malformed");
                return false;
            }
            TransparencyLogInstance? log = root.FindCtLog(logId);
            if (log == null)
            {
                failures.Add($"an SCT is from CT log {Convert.ToBase64String(logId)}, which the trusted root does not name");
                return false;
            }
            ulong millis = 0;
            foreach (byte b in timestamp) millis = millis << 8 | b;
            if (millis > 253402300799999UL) { failures.Add("an SCT's timestamp is out of range"); return false; }
            DateTimeOffset time = DateTimeOffset.FromUnixTimeMilliseconds((long)millis);
            if (!TimeRange.Includes(log.ValidFor, time))
            {
                failures.Add($"an SCT was issued at {time:u}, outside the CT log key's validity ({log.ValidFor})");
                return false;
            }
            if (algorithms[0] != 4) { failures.Add("an SCT is not signed with SHA-256"); return false; }

            // RFC 6962 §3.2, precert_entry: what the log signed over the certificate without its SCT list.
            using (var signed = new MemoryStream())
            {
                signed.WriteByte(0);            // version v1
                signed.WriteByte(0);            // signature_type certificate_timestamp
                signed.Write(timestamp, 0, 8);
                signed.WriteByte(0); signed.WriteByte(1);   // entry_type precert_entry
                signed.Write(issuerKeyHash, 0, 32);
                signed.WriteByte((byte)(tbs.Length >> 16)); signed.WriteByte((byte)(tbs.Length >> 8)); signed.WriteByte((byte)tbs.Length);
                signed.Write(tbs, 0, tbs.Length);
                signed.WriteByte((byte)(extensions.Length >> 8)); signed.WriteByte((byte)extensions.Length);
                signed.Write(extensions, 0, extensions.Length);
                if (log.Key.Verify(signed.ToArray(), signature)) return true;
            }
            failures.Add($"the SCT from CT log {Convert.ToBase64String(logId)} does not verify with its key");
            return false;
        }

        private static byte[]? SctListBytes(X509Certificate leaf)
        {
            Asn1OctetString? value = leaf.GetExtensionValue(SctListOid);
            if (value == null) return null;
            try { return Asn1OctetString.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).GetOctets(); }
            catch (Exception ex) when (Crypto.IsParseFailure(ex)) { return Array.Empty<byte>(); }
        }

        /// <summary>The leaf's TBSCertificate, DER, with the SCT-list extension removed (what the precertificate carried).</summary>
        private static byte[] TbsWithoutScts(X509Certificate leaf)
        {
            var tbs = (Asn1Sequence)leaf.CertificateStructure.TbsCertificate.ToAsn1Object();
            var rebuilt = new Asn1EncodableVector();
            foreach (Asn1Encodable element in tbs)
            {
                if (element is Asn1TaggedObject tagged && tagged.TagNo == 3)
                {
                    var extensions = Asn1Sequence.GetInstance(tagged.GetExplicitBaseObject());
                    var kept = new Asn1EncodableVector();
                    foreach (Asn1Encodable extension in extensions)
                        if (!Asn1Sequence.GetInstance(extension)[0].Equals(SctListOid)) kept.Add(extension);
                    if (kept.Count > 0) rebuilt.Add(new DerTaggedObject(true, 3, new DerSequence(kept)));
                }
                else
                {
                    rebuilt.Add(element);
                }
            }
            return new DerSequence(rebuilt).GetDerEncoded();
        }

        /// <summary>Big-endian TLS presentation-language reads (RFC 8446 §3) over a byte array, bounds-checked.</summary>
        private sealed class TlsReader
        {
            private readonly byte[] _data;
            private int _position;

            public TlsReader(byte[] data) => _data = data;

            public bool AtEnd => _position == _data.Length;

            public bool TryReadBytes(int count, out byte[] bytes)
            {
                bytes = Array.Empty<byte>();
                if (count < 0 || _data.Length - _position < count) return false;
                bytes = new byte[count];
                Buffer.BlockCopy(_data, _position, bytes, 0, count);
                _position += count;
                return true;
            }

            public bool TryReadVector(int lengthBytes, out byte[] bytes)
            {
                bytes = Array.Empty<byte>();
                if (!TryReadBytes(lengthBytes, out byte[] prefix)) return false;
                int length = 0;
                foreach (byte b in prefix) length = length << 8 | b;
                return TryReadBytes(length, out bytes);
            }
        }
    }
}
