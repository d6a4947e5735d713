using System;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Json;
using Provenance.Keyless;
using Provenance.Signing;
using Provenance.Sigstore;
using Provenance.TestSupport;
using static Provenance.Tests.Keyless.KeylessTestSupport;

namespace Provenance.Tests.Keyless
{
    /// <summary>Signing with one's own PKI (test CA made with BouncyCastle) and RFC 3161 timestamps for any signer.</summary>
    [TestClass]
    public sealed class CertificateSignerTests
    {
        private static readonly TestCertificateAuthority Pki = new TestCertificateAuthority();

        private static SigstoreSigningSettings TsaSettings(FakeSigstore fake) => new SigstoreSigningSettings
        {
            TimestampUrl = FakeSigstore.Base,
            HttpHandler = fake,
            Timeout = TimeSpan.FromSeconds(10),
        };

        [TestMethod]
        public void A_certificate_signed_bundle_carries_the_leaf_and_a_timestamp_and_verifies()
        {
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            string chain = TestCertificateAuthority.Pem(Pki.IssueLeaf(key.PublicKey, "https://ci.acme.test/release"), Pki.CaCertificate);
            CertificateSigner signer = CertificateSigner.FromPem(chain, key, "test chain", DateTimeOffset.UtcNow);
            Assert.AreEqual("https://ci.acme.test/release", signer.Identity);

            var fake = new FakeSigstore(Pki);
            using var bundles = new SigstoreBundleSigner(TsaSettings(fake));
            byte[] artifact = Encoding.UTF8.GetBytes("widget");
            byte[] bytes = bundles.CreateBundle(Statement(artifact), signer);

            var json = (JsonObject)JsonReader.Parse(bytes);
            JsonObject material = json.GetObject("verificationMaterial")!;
            CollectionAssert.AreEqual(new[] { "certificate", "tlogEntries", "timestampVerificationData" }, material.Members.Select(m => m.Key).ToArray());
            Assert.AreEqual(Convert.ToBase64String(signer.Leaf), material.GetObject("certificate")!.GetString("rawBytes"));
            Assert.AreEqual(1, material.GetObject("timestampVerificationData")!.GetArray("rfc3161Timestamps")!.Count);
            Assert.AreEqual(1, bundles.Calls.Timestamp);
            SigstoreBundle.Parse(bytes); // our strict reader accepts what we write

            var verifier = new SigstoreVerifier(TrustedRoot.Parse(Pki.TrustedRootJson()),
                new SigstoreVerifierOptions { TransparencyLogThreshold = 0, SctThreshold = 0, ObserverTimestampThreshold = 1 });
            verifier.Verify(bytes, SigstoreArtifact.FromBytes(artifact), SigstorePolicy.ForIdentity(new CertificateIdentityPolicy("https://ci.acme.test/release")));
        }

        [TestMethod]
        public void A_key_signed_bundle_gets_a_timestamp_too()
        {
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            using var bundles = new SigstoreBundleSigner(TsaSettings(new FakeSigstore(Pki)));
            SigstoreBundle bundle = bundles.Sign(Statement(new byte[] { 7 }), key);
            Assert.AreEqual(key.PublicKey.Hint, bundle.PublicKeyHint);
            Assert.AreEqual(1, bundle.Rfc3161Timestamps.Count);
            StringAssert.Contains(Encoding.UTF8.GetString(bundle.ToUtf8Bytes()), "\"signedTimestamp\": \"");
        }

        [TestMethod]
        public void A_key_that_is_not_the_leafs_is_PROV1027_before_anything_is_signed()
        {
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            SigningKey other = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            string chain = TestCertificateAuthority.Pem(Pki.IssueLeaf(other.PublicKey), Pki.CaCertificate);
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => CertificateSigner.FromPem(chain, key, "ProvenanceSigningCertificateFile 'c.pem'", DateTimeOffset.UtcNow));
            Assert.AreEqual(DiagnosticCodes.SigningCertificateKeyMismatch, ex.Code);
            StringAssert.Contains(ex.Message, "ProvenanceSigningCertificateFile 'c.pem'");
            StringAssert.Contains(ex.Message, key.PublicKey.Hint);

            // The CA first and the leaf second is the same mistake.
            chain = TestCertificateAuthority.Pem(Pki.CaCertificate, Pki.IssueLeaf(key.PublicKey));
            Assert.AreEqual(DiagnosticCodes.SigningCertificateKeyMismatch,
                Assert.ThrowsExactly<ProvenanceException>(() => CertificateSigner.FromPem(chain, key, "c", DateTimeOffset.UtcNow)).Code);
        }

        [TestMethod]
        public void Expired_not_for_code_signing_or_no_certificate_is_PROV1026()
        {
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            string expired = TestCertificateAuthority.Pem(Pki.IssueLeaf(key.PublicKey, notBefore: DateTime.UtcNow.AddDays(-10), notAfter: DateTime.UtcNow.AddDays(-1)));
            string email = TestCertificateAuthority.Pem(Pki.IssueLeaf(key.PublicKey, codeSigning: false));
            foreach (var (pem, why) in new[] { (expired, "expired at"), (email, "code signing"), (key.PublicKey.ToPem(), "no CERTIFICATE"), ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "not a valid PEM certificate chain") })
            {
                var ex = Assert.ThrowsExactly<ProvenanceException>(() => CertificateSigner.FromPem(pem, key, "c.pem", DateTimeOffset.UtcNow));
                Assert.AreEqual(DiagnosticCodes.SigningCertificateInvalid, ex.Code, why);
                StringAssert.Contains(ex.Message, why);
            }
            var missing = Assert.ThrowsExactly<ProvenanceException>(() => CertificateSigner.FromFile("/nonexistent/chain.pem", key));
            Assert.AreEqual(DiagnosticCodes.SigningCertificateInvalid, missing.Code);
        }
    }
}
