using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Org.BouncyCastle.X509;
using Provenance.Signing;

namespace Provenance.Keyless
{
    /// <summary>
    /// A signer with an X.509 identity: a key (file, variable, external command; or Fulcio's ephemeral key) and the
    /// certificate chain that names it, leaf first. Bundles it signs carry the leaf in
    /// verificationMaterial.certificate, so consumers trust a CA and an identity instead of pinning a key.
    /// </summary>
    public sealed class CertificateSigner : ISigner
    {
        private readonly ISigner _key;

        private CertificateSigner(ISigner key, IReadOnlyList<byte[]> chain, DateTimeOffset notAfter, string identity)
        {
            _key = key;
            Chain = chain;
            NotAfter = notAfter;
            Identity = identity;
        }

        public VerificationKey PublicKey => _key.PublicKey;

        /// <summary>DER certificates, leaf first.</summary>
        public IReadOnlyList<byte[]> Chain { get; }
        public byte[] Leaf => Chain[0];
        public DateTimeOffset NotAfter { get; }

        /// <summary>The leaf's SAN, or its subject DN when it has none.</summary>
        public string Identity { get; }

        public byte[] Sign(byte[] data) => _key.Sign(data);

        /// <summary>
        /// Reads ProvenanceSigningCertificateFile and pairs it with <paramref name="key"/>. PROV1026 when the file is
        /// unreadable, holds no certificate, or the leaf is expired, not yet valid or not for code signing; PROV1027
        /// when the key is not the leaf's: both are found before anything is signed, not by a consumer later.
        /// </summary>
        public static CertificateSigner FromFile(string path, ISigner key)
        {
            string full = Path.GetFullPath(path);
            string pem;
            try { pem = File.ReadAllText(full); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw new ProvenanceException(DiagnosticCodes.SigningCertificateInvalid,
                    $"The signing certificate file '{full}' (ProvenanceSigningCertificateFile) cannot be read: {ex.Message}", ex);
            }
            return FromPem(pem, key, $"ProvenanceSigningCertificateFile '{full}'", DateTimeOffset.UtcNow);
        }

        public static CertificateSigner FromPem(string pem, ISigner key, string sourceDescription, DateTimeOffset now)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            IReadOnlyList<X509Certificate> chain;
            try { chain = CertificateChain.ReadPem(pem ?? ""); }
            catch (FormatException ex) { throw Invalid(sourceDescription, "is not a valid PEM certificate chain: " + ex.Message); }
            if (chain.Count == 0) throw Invalid(sourceDescription, "holds no CERTIFICATE block (a PEM chain, leaf first, is expected)");
            return FromCertificates(chain, key, sourceDescription, now);
        }

        internal static CertificateSigner FromCertificates(IReadOnlyList<X509Certificate> chain, ISigner key, string sourceDescription, DateTimeOffset now)
        {
            X509Certificate leaf = chain[0];
            var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero);
            var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            if (!CertificateChain.HoldsKey(leaf, key.PublicKey))
                throw new ProvenanceException(DiagnosticCodes.SigningCertificateKeyMismatch,
                    $"The leaf certificate of {sourceDescription} ({leaf.SubjectDN}) does not certify the signing key ({key.PublicKey.Hint}); " +
                    "the first certificate of the file must be the one issued for the configured key.");
            if (now < notBefore) throw Invalid(sourceDescription, $"has a leaf that is not valid before {notBefore.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
            if (now > notAfter) throw Invalid(sourceDescription, $"has a leaf that expired at {notAfter.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
            bool[]? usage = leaf.GetKeyUsage();
            if (usage != null && !usage[0]) throw Invalid(sourceDescription, "has a leaf whose key usage does not allow digital signatures");
            // sigstore-go (cosign, gh attestation verify) refuses a leaf without the code-signing EKU: say so now.
            if (!CertificateChain.AllowsCodeSigning(leaf))
                throw Invalid(sourceDescription, "has a leaf without the code signing extended key usage (1.3.6.1.5.5.7.3.3), which Sigstore verifiers require");
            string identity = CertificateChain.SubjectAlternativeName(leaf) ?? leaf.SubjectDN.ToString();
            return new CertificateSigner(key, chain.Select(c => c.GetEncoded()).ToList(), notAfter, identity);
        }

        private static ProvenanceException Invalid(string source, string what) =>
            new ProvenanceException(DiagnosticCodes.SigningCertificateInvalid, $"{source} {what}.");

        public override string ToString() => $"certificate signer '{Identity}' ({PublicKey.Hint})";
    }
}
