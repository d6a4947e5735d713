using System;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Signing;
using Provenance.Sigstore;
using Provenance.TestSupport;

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
    /// time) holds without a transparency log. Its trusted root names the CA and the TSA, no logs and no CT logs. The CA
    /// and TSA are a <see cref="TestCertificateAuthority"/>; the Fulcio shape of the leaves is this class's.
    /// </summary>
    internal sealed class FulcioLikePki
    {
        private readonly TestCertificateAuthority _ca;

        public FulcioLikePki(string name = "Fulcio-like Test CA") => _ca = new TestCertificateAuthority(name, name + " TSA");

        /// <summary>The trusted root; without the TSA it is a company CA's root, whose certificates are checked at the current time.</summary>
        public PackageTrustedRoot TrustedRoot(bool withTimestampAuthority = true) =>
            PackageTrustedRoot.Parse(TrustedRootJson(withTimestampAuthority), "test trusted root");

        public byte[] TrustedRootJson(bool withTimestampAuthority = true) => _ca.TrustedRootJson(withTimestampAuthority);

        /// <summary>A Fulcio-shaped leaf for <paramref name="key"/>: valid ten minutes, code signing, the SAN and the claims.</summary>
        public X509Certificate IssueLeaf(VerificationKey key, FulcioClaims claims)
        {
            AsymmetricKeyParameter publicKey = PublicKeyFactory.CreateKey(key.SubjectPublicKeyInfo);
            return _ca.IssueCertificate(new X509Name("O=sigstore.dev"), publicKey,
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
        public byte[] Timestamp(byte[] signature) => _ca.TimestampSignature(signature);

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
    }
}
