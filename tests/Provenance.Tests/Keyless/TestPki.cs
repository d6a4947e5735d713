using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Asn1;
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

namespace Provenance.Tests.Keyless
{
    /// <summary>
    /// A test PKI made with BouncyCastle: a root CA, code-signing leaves for given keys, and a TSA certificate
    /// (timeStamping EKU, critical) with an RFC 3161 responder. Nothing is written to disk but what a test asks for.
    /// </summary>
    internal sealed class TestPki
    {
        private static readonly SecureRandom Random = new SecureRandom();
        private long _serial = 1;

        public TestPki(string name = "Provenance Test CA")
        {
            CaKey = NewKeyPair();
            CaCertificate = Issue(new X509Name("CN=" + name + ", O=provenance.test"), CaKey.Public, null, ca: true,
                DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddYears(1), gen =>
                    gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign)));
            TsaKey = NewKeyPair();
            TsaCertificate = Issue(new X509Name("CN=Provenance Test TSA, O=provenance.test"), TsaKey.Public, CaCertificate, ca: false,
                DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddYears(1), gen =>
                {
                    gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
                    gen.AddExtension(X509Extensions.ExtendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeID.id_kp_timeStamping));
                });
        }

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
            DateTime? notBefore = null, DateTime? notAfter = null)
        {
            AsymmetricKeyParameter publicKey = PublicKeyFactory.CreateKey(key.SubjectPublicKeyInfo);
            return Issue(new X509Name("CN=build signer, O=provenance.test"), publicKey, CaCertificate, ca: false,
                notBefore ?? DateTime.UtcNow.AddMinutes(-5), notAfter ?? DateTime.UtcNow.AddDays(1), gen =>
                {
                    gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
                    gen.AddExtension(X509Extensions.ExtendedKeyUsage, false,
                        new ExtendedKeyUsage(codeSigning ? KeyPurposeID.id_kp_codeSigning : KeyPurposeID.id_kp_emailProtection));
                    gen.AddExtension(X509Extensions.SubjectAlternativeName, true, new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, san)));
                });
        }

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

        /// <summary>A Sigstore trusted root naming this CA (and its TSA), no logs: what a company with its own PKI ships.</summary>
        public byte[] TrustedRootJson()
        {
            string start = DateTime.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ");
            var root = new
            {
                mediaType = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
                tlogs = Array.Empty<object>(),
                certificateAuthorities = new[]
                {
                    new { subject = new { organization = "provenance.test", commonName = "Provenance Test CA" }, uri = "https://ca.provenance.test",
                        certChain = new { certificates = new[] { new { rawBytes = Convert.ToBase64String(CaCertificate.GetEncoded()) } } },
                        validFor = new { start } },
                },
                ctlogs = Array.Empty<object>(),
                timestampAuthorities = new[]
                {
                    new { subject = new { organization = "provenance.test", commonName = "Provenance Test TSA" }, uri = "https://tsa.provenance.test",
                        certChain = new { certificates = new[]
                        {
                            new { rawBytes = Convert.ToBase64String(TsaCertificate.GetEncoded()) },
                            new { rawBytes = Convert.ToBase64String(CaCertificate.GetEncoded()) },
                        } },
                        validFor = new { start } },
                },
            };
            return JsonSerializer.SerializeToUtf8Bytes(root);
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
