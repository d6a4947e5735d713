using System;
using System.Collections.Generic;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
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
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Signing;
using Provenance.Sigstore;

namespace Provenance.Tests.Packages
{
    /// <summary>The Fulcio claims a GitHub Actions certificate carries, for a release of github.com/acme/lib by default.</summary>
    internal sealed class FulcioClaims
    {
        public const string Repository = "https://github.com/acme/lib";
        public const string ReleaseWorkflow = Repository + "/.github/workflows/release.yml@refs/tags/v1.2.3";

        public string San { get; set; } = ReleaseWorkflow;
        public string? Issuer { get; set; } = CertificateIdentityRule.GitHubActionsIssuer;
        public string? SourceRepository { get; set; } = Repository;
        public string? SourceRef { get; set; } = "refs/tags/v1.2.3";
        public string? BuildSignerUri { get; set; } = ReleaseWorkflow;
        public string? RunnerEnvironment { get; set; } = "github-hosted";
    }

    /// <summary>
    /// A Fulcio-like test PKI made with BouncyCastle: a root CA that issues short-lived code-signing leaves with the SAN
    /// and the Fulcio extensions (DER UTF8String values, as Fulcio writes them from OID 1.8 on), and an RFC 3161
    /// timestamp authority that proves the signing time, so the verifier's default evidence threshold (one signing
    /// time) holds without a transparency log. Its trusted root names the CA and the TSA, no logs and no CT logs.
    /// </summary>
    internal sealed class FulcioLikePki
    {
        private static readonly SecureRandom Random = new SecureRandom();
        private long _serial = 1;

        public FulcioLikePki(string name = "Fulcio-like Test CA")
        {
            CaKey = NewKeyPair();
            CaCertificate = Issue(new X509Name("CN=" + name + ", O=provenance.test"), CaKey.Public, null, ca: true,
                DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddYears(1),
                gen => gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign)));
            TsaKey = NewKeyPair();
            TsaCertificate = Issue(new X509Name("CN=" + name + " TSA, O=provenance.test"), TsaKey.Public, CaCertificate, ca: false,
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

        /// <summary>The trusted root; without the TSA it is a company CA's root, whose certificates are checked at the current time.</summary>
        public PackageTrustedRoot TrustedRoot(bool withTimestampAuthority = true) =>
            PackageTrustedRoot.Parse(TrustedRootJson(withTimestampAuthority), "test trusted root");

        public byte[] TrustedRootJson(bool withTimestampAuthority = true)
        {
            JsonObject Authority(string uri, params X509Certificate[] chain)
            {
                var certificates = new JsonArray();
                foreach (X509Certificate c in chain) certificates.Add(new JsonObject().Add("rawBytes", Convert.ToBase64String(c.GetEncoded())));
                return new JsonObject().Add("uri", uri).Add("certChain", new JsonObject().Add("certificates", certificates))
                    .Add("validFor", new JsonObject().Add("start", DateTime.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ")));
            }
            var tsas = new JsonArray();
            if (withTimestampAuthority) tsas.Add(Authority("https://tsa.provenance.test", TsaCertificate, CaCertificate));
            var root = new JsonObject()
                .Add("mediaType", Provenance.Sigstore.TrustedRoot.MediaTypeV01)
                .Add("certificateAuthorities", new JsonArray().Add(Authority("https://ca.provenance.test", CaCertificate)))
                .Add("timestampAuthorities", tsas);
            return JsonWriter.ToUtf8Bytes(root, indented: true);
        }

        /// <summary>A Fulcio-shaped leaf for <paramref name="key"/>: valid ten minutes, code signing, the SAN and the claims.</summary>
        public X509Certificate IssueLeaf(VerificationKey key, FulcioClaims claims)
        {
            AsymmetricKeyParameter publicKey = PublicKeyFactory.CreateKey(key.SubjectPublicKeyInfo);
            return Issue(new X509Name("O=sigstore.dev"), publicKey, CaCertificate, ca: false,
                DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(10), gen =>
                {
                    gen.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
                    gen.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_codeSigning));
                    gen.AddExtension(X509Extensions.SubjectAlternativeName, true,
                        new GeneralNames(new GeneralName(claims.San.Contains("@") && !claims.San.Contains("://") ? GeneralName.Rfc822Name : GeneralName.UniformResourceIdentifier, claims.San)));
                    Claim(gen, CertificateIdentity.IssuerOid, claims.Issuer);
                    Claim(gen, CertificateIdentity.BuildSignerUriOid, claims.BuildSignerUri);
                    Claim(gen, CertificateIdentity.RunnerEnvironmentOid, claims.RunnerEnvironment);
                    Claim(gen, CertificateIdentity.SourceRepositoryUriOid, claims.SourceRepository);
                    Claim(gen, CertificateIdentity.SourceRepositoryRefOid, claims.SourceRef);
                });
        }

        /// <summary>An RFC 3161 TimeStampResp over SHA-256 of the signature, as a Sigstore TSA answers.</summary>
        public byte[] Timestamp(byte[] signature)
        {
            var request = new TimeStampRequestGenerator().Generate(TspAlgorithms.Sha256, DigestUtilities.CalculateDigest("SHA-256", signature), BigInteger.ValueOf(_serial));
            var tokens = new TimeStampTokenGenerator(TsaKey.Private, TsaCertificate, TspAlgorithms.Sha256, "1.3.6.1.4.1.57264.2");
            tokens.SetCertificates(CollectionUtilities.CreateStore(new List<X509Certificate> { TsaCertificate }));
            return new TimeStampResponseGenerator(tokens, TspAlgorithms.Allowed).Generate(request, BigInteger.ValueOf(_serial++), DateTime.UtcNow).GetEncoded();
        }

        /// <summary>
        /// Signs a package's statement the way a keyless build does: a fresh P-256 key, a leaf naming <paramref name="claims"/>,
        /// the DSSE signature, the leaf in verificationMaterial.certificate and (unless told not to) a timestamp.
        /// </summary>
        public PackageBundleFactory Factory(FulcioClaims claims, JsonObject? predicate = null, bool timestamp = true) =>
            subjects =>
            {
                SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
                X509Certificate leaf = IssueLeaf(key.PublicKey, claims);
                byte[] statement = PackageStatements.Create(subjects, predicate ?? TestPredicates.Create());
                DsseEnvelope envelope = DsseEnvelope.Sign(Pae.InTotoPayloadType, statement, key);
                SigstoreBundle bundle = SigstoreBundle.ForCertificate(envelope, leaf.GetEncoded());
                if (timestamp) bundle = bundle.WithTransparency(null, new[] { Timestamp(envelope.Signatures[0].Signature) });
                return bundle.ToUtf8Bytes();
            };

        private static void Claim(X509V3CertificateGenerator gen, string oid, string? value)
        {
            if (value != null) gen.AddExtension(new DerObjectIdentifier(oid), false, new DerUtf8String(value));
        }

        private static AsymmetricCipherKeyPair NewKeyPair()
        {
            var generator = new ECKeyPairGenerator("EC");
            generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, Random));
            return generator.GenerateKeyPair();
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
            extensions(gen);
            return gen.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", CaKey.Private, Random));
        }
    }
}
