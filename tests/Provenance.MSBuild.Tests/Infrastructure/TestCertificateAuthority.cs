using System;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using Provenance.Signing;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>
    /// A company CA made with BouncyCastle for the own-PKI tests: a root, and code-signing leaves (digitalSignature,
    /// the code signing EKU Sigstore verifiers require, a URI SAN) for given keys; a Sigstore trusted root naming it.
    /// A trimmed copy of tests/Provenance.Tests/Keyless/TestPki.cs, which that project keeps internal.
    /// </summary>
    public sealed class TestCertificateAuthority
    {
        private static readonly SecureRandom Random = new SecureRandom();
        private readonly AsymmetricCipherKeyPair caKey;
        private long serial = 1;

        public TestCertificateAuthority(string name = "Provenance Test CA")
        {
            Name = name;
            var generator = new ECKeyPairGenerator("EC");
            generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, Random));
            caKey = generator.GenerateKeyPair();
            Certificate = Issue(new X509Name("CN=" + name + ", O=provenance.test"), caKey.Public, null, ca: true, gen =>
                gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign)));
        }

        public string Name { get; }
        public X509Certificate Certificate { get; }

        public X509Certificate IssueCodeSigningLeaf(VerificationKey key, string san)
        {
            AsymmetricKeyParameter publicKey = PublicKeyFactory.CreateKey(key.SubjectPublicKeyInfo);
            return Issue(new X509Name("CN=build signer, O=provenance.test"), publicKey, Certificate, ca: false, gen =>
            {
                gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
                gen.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_codeSigning));
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

        /// <summary>
        /// <paramref name="baseRoot"/> (e.g. the mock's, for its TSA) with this CA as the only certificate authority: what a
        /// company with its own CA and a timestamp authority ships to its consumers.
        /// </summary>
        public byte[] TrustedRootJson(byte[] baseRoot)
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(baseRoot)!.AsObject();
            root["certificateAuthorities"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["subject"] = new System.Text.Json.Nodes.JsonObject { ["organization"] = "provenance.test", ["commonName"] = Name },
                ["uri"] = "https://ca.provenance.test",
                ["certChain"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["certificates"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["rawBytes"] = Convert.ToBase64String(Certificate.GetEncoded()) }),
                },
                ["validFor"] = new System.Text.Json.Nodes.JsonObject { ["start"] = DateTime.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) },
            });
            return Encoding.UTF8.GetBytes(root.ToJsonString());
        }

        private X509Certificate Issue(X509Name subject, AsymmetricKeyParameter publicKey, X509Certificate? issuer, bool ca, Action<X509V3CertificateGenerator> extensions)
        {
            var gen = new X509V3CertificateGenerator();
            gen.SetSerialNumber(BigInteger.ValueOf(serial++));
            gen.SetIssuerDN(issuer?.SubjectDN ?? subject);
            gen.SetSubjectDN(subject);
            gen.SetNotBefore(DateTime.UtcNow.AddMinutes(-30));
            gen.SetNotAfter(DateTime.UtcNow.AddDays(1));
            gen.SetPublicKey(publicKey);
            gen.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(ca));
            gen.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifierStructure(publicKey));
            gen.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifierStructure(issuer?.GetPublicKey() ?? publicKey));
            extensions(gen);
            return gen.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", caKey.Private, Random));
        }
    }
}
