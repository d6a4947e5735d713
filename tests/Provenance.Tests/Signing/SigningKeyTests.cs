using System;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Signing;

namespace Provenance.Tests.Signing
{
    [TestClass]
    public sealed class SigningKeyTests
    {
        private const string Source = "ProvenanceSigningKeyFile 'test.pem'";
        private static readonly byte[] Data = Encoding.UTF8.GetBytes("DSSEv1 28 application/vnd.in-toto+json 2 {}");

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void A_generated_key_signs_and_its_public_key_verifies(KeyAlgorithm algorithm)
        {
            SigningKey key = TestKeys.Get(algorithm);
            byte[] signature = key.Sign(Data);

            Assert.AreEqual(algorithm, key.Algorithm);
            Assert.AreEqual(algorithm, key.PublicKey.Algorithm);
            Assert.IsTrue(key.PublicKey.Verify(Data, signature));
            Assert.IsFalse(key.PublicKey.Verify(Encoding.UTF8.GetBytes("other data"), signature));
        }

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void Signatures_are_deterministic_so_provenance_files_are_reproducible(KeyAlgorithm algorithm)
        {
            SigningKey key = TestKeys.Get(algorithm);
            CollectionAssert.AreEqual(key.Sign(Data), key.Sign(Data));
        }

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void A_key_written_as_pkcs8_reads_back_as_the_same_key(KeyAlgorithm algorithm)
        {
            SigningKey key = TestKeys.Get(algorithm);
            string pem = key.ToPkcs8Pem(null);
            SigningKey read = SigningKey.FromPem(pem, null, Source);

            StringAssert.StartsWith(pem, "-----BEGIN " + "PRIVATE KEY-----\n");
            Assert.AreEqual(key.PublicKey.Hint, read.PublicKey.Hint);
            Assert.IsTrue(key.PublicKey.Verify(Data, read.Sign(Data)));
        }

        [TestMethod]
        public void An_encrypted_key_reads_back_with_its_password()
        {
            SigningKey key = TestKeys.Get(KeyAlgorithm.EcdsaP256Sha256);
            string pem = key.ToPkcs8Pem("correct horse");

            StringAssert.StartsWith(pem, "-----BEGIN " + "ENCRYPTED PRIVATE KEY-----\n");
            Assert.AreEqual(key.PublicKey.Hint, SigningKey.FromPem(pem, "correct horse", Source).PublicKey.Hint);
        }

        [TestMethod]
        public void A_wrong_password_is_PROV1004_and_the_message_holds_neither_password_nor_key()
        {
            string pem = TestKeys.Get(KeyAlgorithm.Ed25519).ToPkcs8Pem("correct horse");
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => SigningKey.FromPem(pem, "battery staple", Source));

            Assert.AreEqual(DiagnosticCodes.SigningKeyWrongPassword, ex.Code);
            StringAssert.Contains(ex.Message, Source);
            Assert.IsFalse(ex.Message.Contains("battery staple", StringComparison.Ordinal));
            Assert.IsFalse(ex.Message.Contains("correct horse", StringComparison.Ordinal));
            Assert.IsFalse(ex.Message.Contains(pem.Split('\n')[1], StringComparison.Ordinal));
        }

        [TestMethod]
        [DataRow(null)]
        [DataRow("")]
        public void An_encrypted_key_without_a_password_is_PROV1003(string? password)
        {
            string pem = TestKeys.Get(KeyAlgorithm.Ed25519).ToPkcs8Pem("pw");
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => SigningKey.FromPem(pem, password, Source));
            Assert.AreEqual(DiagnosticCodes.SigningKeyNeedsPassword, ex.Code);
            StringAssert.Contains(ex.Message, Source);
        }

        [TestMethod]
        public void A_public_key_given_as_the_signing_key_is_PROV1002()
        {
            string pem = TestKeys.Get(KeyAlgorithm.Ed25519).PublicKey.ToPem();
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => SigningKey.FromPem(pem, null, Source));
            Assert.AreEqual(DiagnosticCodes.SigningKeyInvalid, ex.Code);
            StringAssert.Contains(ex.Message, "public key");
            StringAssert.Contains(ex.Message, Source);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("not a pem at all")]
        [DataRow("-----BEGIN " + "PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
        [DataRow("-----BEGIN " + "PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n")]
        [DataRow("-----BEGIN " + "PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n")]
        [DataRow("-----BEGIN " + "OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n")]
        public void Corrupt_or_foreign_key_files_are_PROV1002(string pem)
        {
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => SigningKey.FromPem(pem, null, Source));
            Assert.AreEqual(DiagnosticCodes.SigningKeyInvalid, ex.Code);
            StringAssert.Contains(ex.Message, Source);
        }

        [TestMethod]
        public void An_empty_password_is_refused_when_writing_rather_than_silently_encrypting_nothing() =>
            Assert.ThrowsExactly<ArgumentException>(() => TestKeys.Get(KeyAlgorithm.Ed25519).ToPkcs8Pem(""));

        [TestMethod]
        public void ToString_names_the_key_without_its_material()
        {
            SigningKey key = TestKeys.Get(KeyAlgorithm.Ed25519);
            Assert.AreEqual($"Ed25519 signing key ({key.PublicKey.Hint})", key.ToString());
        }
    }
}
