using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;
using Provenance.Verification;

namespace Provenance.Sigstore
{
    /// <summary>
    /// RFC 3161 timestamps of a bundle: each must be a granted response (or a bare token) whose message imprint is the
    /// digest of the bundle's signature bytes, signed by a timestamp authority of the trusted root — the authority's own
    /// signing certificate, or a certificate embedded in the token that chains to the authority's root — with the
    /// generation time inside the authority's validFor and every certificate of the path valid then.
    /// </summary>
    internal static class TimestampVerifier
    {
        public static DateTimeOffset Verify(byte[] signedTimestamp, byte[] signature, TrustedRoot root, out CertificateAuthority authority)
        {
            TimeStampToken token = Parse(signedTimestamp);
            TimeStampTokenInfo info;
            DateTimeOffset genTime;
            byte[] imprint;
            string? hashName;
            try
            {
                info = token.TimeStampInfo;
                genTime = new DateTimeOffset(DateTime.SpecifyKind(info.GenTime, DateTimeKind.Utc));
                imprint = info.GetMessageImprintDigest();
                hashName = info.MessageImprintAlgOid switch
                {
                    "2.16.840.1.101.3.4.2.1" => "SHA-256",
                    "2.16.840.1.101.3.4.2.2" => "SHA-384",
                    "2.16.840.1.101.3.4.2.3" => "SHA-512",
                    _ => null,
                };
            }
            catch (Exception ex) when (Crypto.IsParseFailure(ex))
            {
                throw Invalid("its TSTInfo is malformed");
            }
            if (hashName == null) throw Invalid($"its message imprint uses an unsupported digest ({info.MessageImprintAlgOid})");
            if (!Crypto.Equal(imprint, Crypto.Hash(hashName, signature))) throw Invalid("it stamps other bytes than the bundle's signature");

            List<X509Certificate> embedded = Embedded(token);
            var reasons = new List<string>();
            foreach (CertificateAuthority tsa in root.TimestampAuthorities)
            {
                if (!TimeRange.Includes(tsa.ValidFor, genTime))
                {
                    reasons.Add($"{tsa.Uri ?? "a timestamp authority"} is trusted {tsa.ValidFor}, not at {genTime:u}");
                    continue;
                }
                foreach (X509Certificate candidate in new[] { tsa.Chain[0] }.Concat(embedded))
                {
                    if (!SignedToken(token, candidate, out string notSigned))
                    {
                        if (notSigned.Length > 0) reasons.Add(notSigned);
                        continue;
                    }
                    if (ChainsTo(candidate, tsa.Chain, genTime, out string why))
                    {
                        authority = tsa;
                        return genTime;
                    }
                    reasons.Add(why);
                }
            }
            throw Invalid(reasons.Count == 0
                ? "it is not signed by a timestamp authority of the trusted root"
                : "it is not signed by a timestamp authority of the trusted root valid at its time: " + string.Join("; ", reasons.Distinct()));
        }

        private static TimeStampToken Parse(byte[] bytes)
        {
            try
            {
                // The bundle holds a TimeStampResp (sigstore's TSA returns one); a bare token (ContentInfo) is accepted too.
                TimeStampToken? token = null;
                try
                {
                    var response = new TimeStampResponse(bytes);
                    if (response.Status != 0 && response.Status != 1) throw Invalid($"its response status is {response.Status}, not granted");
                    token = response.TimeStampToken;
                }
                catch (Exception ex) when (Crypto.IsParseFailure(ex))
                {
                    token = new TimeStampToken(new CmsSignedData(bytes));
                }
                return token ?? throw Invalid("its response holds no token");
            }
            catch (Exception ex) when (Crypto.IsParseFailure(ex))
            {
                throw Invalid("it is not an RFC 3161 timestamp response or token");
            }
        }

        private static List<X509Certificate> Embedded(TimeStampToken token)
        {
            try { return token.GetCertificates().EnumerateMatches(null).Take(10).ToList(); }
            catch (Exception ex) when (Crypto.IsParseFailure(ex)) { return new List<X509Certificate>(); }
        }

        /// <summary>BouncyCastle's check: the certificate's ESSCertID, timeStamping EKU, validity at genTime and the signature.</summary>
        /// <param name="why">Empty when the certificate is simply not the token's signer; otherwise why the signer's check failed.</param>
        private static bool SignedToken(TimeStampToken token, X509Certificate certificate, out string why)
        {
            why = "";
            try
            {
                if (!token.SignerID.Match(certificate)) return false;
                token.Validate(certificate);
                return true;
            }
            catch (Exception ex) when (Crypto.IsParseFailure(ex))
            {
                why = $"its signer \"{Subject(certificate)}\" does not validate it ({ex.Message.TrimEnd('.')})";
                return false;
            }
        }

        private static string Subject(X509Certificate certificate)
        {
            try { return certificate.SubjectDN.ToString(); }
            catch (Exception ex) when (Crypto.IsParseFailure(ex)) { return "?"; }
        }

        private static bool ChainsTo(X509Certificate signer, IReadOnlyList<X509Certificate> chain, DateTimeOffset time, out string why)
        {
            X509Certificate? same = chain.FirstOrDefault(c => c.Equals(signer));
            if (same != null && Certificates.IsSelfSigned(same))
            {
                why = Certificates.ValidAt(same, time) ? "" : $"the authority's certificate is not valid at {time:u}";
                return why.Length == 0;
            }
            if (Certificates.BuildPath(signer, chain, time, requireCodeSigning: false, out why) != null) return true;
            why = "the timestamp's signing certificate does not chain to the authority: " + why;
            return false;
        }

        private static VerificationException Invalid(string what) =>
            new VerificationException(VerificationFailureReason.TimestampInvalid, $"An RFC 3161 timestamp of the bundle is invalid: {what}.");
    }
}
