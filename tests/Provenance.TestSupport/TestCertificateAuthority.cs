using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using Provenance.Signing;

namespace Provenance.TestSupport
{
    /// <summary>
    /// A test PKI made with BouncyCastle: a root CA (what a company with its own CA, or a Fulcio-like test double,
    /// issues from), code-signing leaves for given keys, and a TSA certificate (timeStamping EKU, critical) under the
    /// root with an RFC 3161 responder; and the Sigstore trusted root naming them. Nothing is written to disk but what a
    /// test asks for.
    /// </summary>
    public sealed class TestCertificateAuthority
    {
        private static readonly SecureRandom Random = new SecureRandom();
        private long _serial = 1;

        public TestCertificateAuthority(string name = "Provenance Test CA", string tsaName = "Provenance Test TSA")
        {
            Name = name;
            TsaName = tsaName;
            CaKey = NewKeyPair();
            CaCertificate = Issue(new X509Name("CN=" + name + ", O=provenance.test"), CaKey.Public, null, ca: true,
                DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddYears(1), gen =>
                    gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign)));
            TsaKey = NewKeyPair();
            TsaCertificate = IssueCertificate(new X509Name("CN=" + tsaName + ", O=provenance.test"), TsaKey.Public,
                DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddYears(1), gen =>
                {
                    gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
                    gen.AddExtension(X509Extensions.ExtendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeID.id_kp_timeStamping));
                });
        }

        /// <summary>The root's common name, also its subject in the trusted root.</summary>
        public string Name { get; }
        public string TsaName { get; }
        public AsymmetricCipherKeyPair CaKey { get; }
        public X509Certificate CaCertificate { get; }
        public AsymmetricCipherKeyPair TsaKey { get; }
        public X509Certificate TsaCertificate { get; }
        public int TimestampsIssued { get; private set; }

        public static AsymmetricCipherKeyPair NewKeyPair()
        {
            var generator = new ECKeyPairGenerator("EC");
            generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, Random));
            return generator.GenerateKeyPair();
        }

        /// <summary>A leaf for <paramref name="key"/>: digitalSignature, code signing EKU (unless told otherwise), a URI SAN.</summary>
        public X509Certificate IssueLeaf(VerificationKey key, string san = "https://provenance.test/builder", bool codeSigning = true,
            DateTime? notBefore = null, DateTime? notAfter = null) =>
            IssueCertificate(new X509Name("CN=build signer, O=provenance.test"), PublicKeyFactory.CreateKey(key.SubjectPublicKeyInfo),
                notBefore ?? DateTime.UtcNow.AddMinutes(-5), notAfter ?? DateTime.UtcNow.AddDays(1), gen =>
                {
                    gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
                    gen.AddExtension(X509Extensions.ExtendedKeyUsage, false,
                        new ExtendedKeyUsage(codeSigning ? KeyPurposeID.id_kp_codeSigning : KeyPurposeID.id_kp_emailProtection));
                    gen.AddExtension(X509Extensions.SubjectAlternativeName, true, new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, san)));
                });

        /// <summary>
        /// A certificate the root issues (not a CA: basicConstraints, key identifiers) with the extensions
        /// <paramref name="extensions"/> adds, for leaves of another shape than <see cref="IssueLeaf"/>'s.
        /// </summary>
        public X509Certificate IssueCertificate(X509Name subject, AsymmetricKeyParameter publicKey, DateTime notBefore, DateTime notAfter,
            Action<X509V3CertificateGenerator> extensions) =>
            Issue(subject, publicKey, CaCertificate, ca: false, notBefore, notAfter, extensions);

        public static string Pem(params X509Certificate[] certificates)
        {
            var sb = new StringBuilder();
            foreach (X509Certificate c in certificates)
            {
                string b64 = Convert.ToBase64String(c.GetEncoded());
                sb.Append("-----BEGIN CERTIFICATE-----\n");
                for (int i = 0; i < b64.Length; i += 64) sb.Append(b64, i, Math.Min(64, b64.Length - i)).Append('\n');
                sb.Append("-----END CERTIFICATE-----\n");
            }
            return sb.ToString();
        }

        /// <summary>An RFC 3161 TimeStampResp (DER) for a DER TimeStampReq, signed by the TSA certificate.</summary>
        public byte[] Timestamp(byte[] requestDer)
        {
            var request = new TimeStampRequest(requestDer);
            var tokens = new TimeStampTokenGenerator(TsaKey.Private, TsaCertificate, TspAlgorithms.Sha256, "1.3.6.1.4.1.57264.2");
            tokens.SetCertificates(CollectionUtilities.CreateStore(new List<X509Certificate> { TsaCertificate }));
            var responses = new TimeStampResponseGenerator(tokens, TspAlgorithms.Allowed);
            TimestampsIssued++;
            return responses.Generate(request, BigInteger.ValueOf(_serial++), DateTime.UtcNow).GetEncoded();
        }

        /// <summary>An RFC 3161 TimeStampResp over SHA-256 of <paramref name="signature"/>, as a Sigstore TSA answers.</summary>
        public byte[] TimestampSignature(byte[] signature) =>
            Timestamp(new TimeStampRequestGenerator().Generate(TspAlgorithms.Sha256, DigestUtilities.CalculateDigest("SHA-256", signature),
                BigInteger.ValueOf(_serial)).GetEncoded());

        /// <summary>
        /// A Sigstore trusted root naming this CA (and its TSA, unless told not to), no logs: what a company with its own
        /// PKI ships. Without the TSA, certificates are checked at the current time.
        /// </summary>
        public byte[] TrustedRootJson(bool withTimestampAuthority = true)
        {
            var timestampAuthorities = new JsonArray();
            if (withTimestampAuthority) timestampAuthorities.Add(Authority(TsaName, "https://tsa.provenance.test", TsaCertificate, CaCertificate));
            var root = new JsonObject
            {
                ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
                ["tlogs"] = new JsonArray(),
                ["certificateAuthorities"] = new JsonArray(CertificateAuthority()),
                ["ctlogs"] = new JsonArray(),
                ["timestampAuthorities"] = timestampAuthorities,
            };
            return Encoding.UTF8.GetBytes(root.ToJsonString());
        }

        /// <summary>
        /// <paramref name="baseRoot"/> (e.g. the mock's, for its TSA) with this CA as the only certificate authority: what a
        /// company with its own CA and a timestamp authority ships to its consumers.
        /// </summary>
        public byte[] TrustedRootJson(byte[] baseRoot)
        {
            JsonObject root = JsonNode.Parse(baseRoot)!.AsObject();
            root["certificateAuthorities"] = new JsonArray(CertificateAuthority());
            return Encoding.UTF8.GetBytes(root.ToJsonString());
        }

        private JsonObject CertificateAuthority() => Authority(Name, "https://ca.provenance.test", CaCertificate);

        private static JsonObject Authority(string commonName, string uri, params X509Certificate[] chain)
        {
            var certificates = new JsonArray();
            foreach (X509Certificate c in chain) certificates.Add(new JsonObject { ["rawBytes"] = Convert.ToBase64String(c.GetEncoded()) });
            return new JsonObject
            {
                ["subject"] = new JsonObject { ["organization"] = "provenance.test", ["commonName"] = commonName },
                ["uri"] = uri,
                ["certChain"] = new JsonObject { ["certificates"] = certificates },
                ["validFor"] = new JsonObject { ["start"] = DateTime.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) },
            };
        }

        private X509Certificate Issue(X509Name subject, AsymmetricKeyParameter publicKey, X509Certificate? issuer, bool ca,
            DateTime notBefore, DateTime notAfter, Action<X509V3CertificateGenerator> extensions)
        {
            var gen = new X509V3CertificateGenerator();
            gen.SetSerialNumber(BigInteger.ValueOf(_serial++));
            gen.SetIssuerDN(issuer?.SubjectDN ?? subject);
            gen.SetSubjectDN(subject);
            gen.SetNotBefore(notBefore);
            gen.SetNotAfter(notAfter);
            gen.SetPublicKey(publicKey);
            gen.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(ca));
            gen.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifierStructure(publicKey));
            gen.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
                new AuthorityKeyIdentifierStructure(issuer?.GetPublicKey() ?? publicKey));
            extensions(gen);
            return gen.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", CaKey.Private, Random));
        }
    }
}
