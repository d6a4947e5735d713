using System;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Signing;

namespace Provenance.Tests.Signing
{
    [TestClass]
    public sealed class VerificationKeyTests
    {
        private const string Source = "ProvenanceTrustedKey 'trusted.pem'";
        private static readonly byte[] Data = Encoding.UTF8.GetBytes("the bytes that were signed");

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void The_public_key_pem_reads_back_with_the_same_hint_and_verifies(KeyAlgorithm algorithm)
        {
            SigningKey key = TestKeys.Get(algorithm);
            VerificationKey read = VerificationKey.FromPem(key.PublicKey.ToPem(), Source);

            Assert.AreEqual(key.PublicKey.Hint, read.Hint);
            Assert.AreEqual(algorithm, read.Algorithm);
            Assert.IsTrue(read.Verify(Data, key.Sign(Data)));
            Assert.IsTrue(read.SameKeyAs(key.PublicKey));
        }

        [TestMethod]
        public void The_hint_is_padded_base64_of_sha256_over_the_spki_der()
        {
            VerificationKey key = TestKeys.Get(KeyAlgorithm.EcdsaP256Sha256).PublicKey;
            Assert.AreEqual(Convert.ToBase64String(SHA256.HashData(key.SubjectPublicKeyInfo)), key.Hint);
            Assert.AreEqual(44, key.Hint.Length);
            StringAssert.EndsWith(key.Hint, "=");
        }

        [TestMethod]
        public void ToPem_writes_64_character_lines_with_newline_endings()
        {
            string pem = TestKeys.Get(KeyAlgorithm.RsaPkcs1Sha256).PublicKey.ToPem();
            string[] lines = pem.Split('\n');

            Assert.IsFalse(pem.Contains('\r'));
            Assert.AreEqual("-----BEGIN PUBLIC KEY-----", lines[0]);
            Assert.AreEqual("-----END PUBLIC KEY-----", lines[^2]);
            Assert.AreEqual("", lines[^1]);
            for (int i = 1; i < lines.Length - 3; i++) Assert.AreEqual(64, lines[i].Length);
            Assert.IsTrue(lines[^3].Length is > 0 and <= 64);
        }

        [TestMethod]
        public void Ecdsa_signatures_are_a_DER_sequence_of_two_integers_not_IEEE_P1363()
        {
            byte[] signature = TestKeys.Get(KeyAlgorithm.EcdsaP256Sha256).Sign(Data);

            var reader = new AsnReader(signature, AsnEncodingRules.DER);
            AsnReader sequence = reader.ReadSequence();
            BigInteger r = sequence.ReadInteger();
            BigInteger s = sequence.ReadInteger();
            Assert.IsFalse(sequence.HasData);
            Assert.IsFalse(reader.HasData);
            Assert.IsTrue(r.Sign > 0 && s.Sign > 0);
        }

        [TestMethod]
        public void The_BCL_imports_our_ecdsa_spki_and_verifies_our_DER_signature()
        {
            SigningKey key = TestKeys.Get(KeyAlgorithm.EcdsaP256Sha256);
            using ECDsa ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(key.PublicKey.SubjectPublicKeyInfo, out int read);

            Assert.AreEqual(key.PublicKey.SubjectPublicKeyInfo.Length, read);
            Assert.AreEqual(ECCurve.NamedCurves.nistP256.Oid.Value, ecdsa.ExportParameters(false).Curve.Oid.Value);
            Assert.IsTrue(ecdsa.VerifyData(Data, key.Sign(Data), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        [TestMethod]
        public void The_BCL_imports_our_rsa_spki_and_verifies_our_pkcs1_signature()
        {
            SigningKey key = TestKeys.Get(KeyAlgorithm.RsaPkcs1Sha256);
            using RSA rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(key.PublicKey.SubjectPublicKeyInfo, out _);

            Assert.AreEqual(3072, rsa.KeySize);
            Assert.IsTrue(rsa.VerifyData(Data, key.Sign(Data), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }

        [TestMethod]
        public void A_BCL_ecdsa_DER_signature_verifies_with_our_key_but_its_P1363_form_does_not()
        {
            using ECDsa ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            VerificationKey key = VerificationKey.FromSubjectPublicKeyInfo(ecdsa.ExportSubjectPublicKeyInfo());

            Assert.IsTrue(key.Verify(Data, ecdsa.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));
            Assert.IsFalse(key.Verify(Data, ecdsa.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
        }

        [TestMethod]
        public void A_BCL_rsa_3072_signature_verifies_with_our_key()
        {
            using RSA rsa = RSA.Create(3072);
            VerificationKey key = VerificationKey.FromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo());
            Assert.IsTrue(key.Verify(Data, rsa.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
            Assert.IsFalse(key.Verify(Data, rsa.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)));
        }

        [TestMethod]
        public void A_BCL_rsa_2048_public_key_is_PROV3003()
        {
            using RSA rsa = RSA.Create(2048);
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => VerificationKey.FromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo()));
            Assert.AreEqual(DiagnosticCodes.TrustedKeyInvalid, ex.Code);
            StringAssert.Contains(ex.Message, "2048");
        }

        [TestMethod]
        public void A_BCL_P384_public_key_pem_is_PROV3003()
        {
            using ECDsa ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => VerificationKey.FromPem(ecdsa.ExportSubjectPublicKeyInfoPem(), Source));
            Assert.AreEqual(DiagnosticCodes.TrustedKeyInvalid, ex.Code);
            StringAssert.Contains(ex.Message, Source);
        }

        [TestMethod]
        public void A_private_key_given_as_a_trusted_key_is_PROV3003_and_says_so()
        {
            string pem = TestKeys.Get(KeyAlgorithm.Ed25519).ToPkcs8Pem(null);
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => VerificationKey.FromPem(pem, Source));
            Assert.AreEqual(DiagnosticCodes.TrustedKeyInvalid, ex.Code);
            StringAssert.Contains(ex.Message, "private key");
            Assert.IsFalse(ex.Message.Contains(pem.Split('\n')[1], StringComparison.Ordinal));
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("garbage")]
        [DataRow("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")]
        [DataRow("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n")]
        [DataRow("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA")]
        public void A_malformed_public_key_pem_is_PROV3003(string pem)
        {
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => VerificationKey.FromPem(pem, Source));
            Assert.AreEqual(DiagnosticCodes.TrustedKeyInvalid, ex.Code);
            StringAssert.Contains(ex.Message, Source);
        }

        [TestMethod]
        public void Spki_with_trailing_bytes_is_rejected()
        {
            byte[] spki = TestKeys.Get(KeyAlgorithm.Ed25519).PublicKey.SubjectPublicKeyInfo;
            byte[] padded = new byte[spki.Length + 1];
            spki.CopyTo(padded, 0);
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => VerificationKey.FromSubjectPublicKeyInfo(padded));
            Assert.AreEqual(DiagnosticCodes.TrustedKeyInvalid, ex.Code);
        }

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void Verify_returns_false_rather_than_throwing_for_garbage_signatures(KeyAlgorithm algorithm)
        {
            VerificationKey key = TestKeys.Get(algorithm).PublicKey;
            Assert.IsFalse(key.Verify(Data, Array.Empty<byte>()));
            Assert.IsFalse(key.Verify(Data, new byte[] { 0x30, 0x03, 0x02, 0x01 }));
            Assert.IsFalse(key.Verify(Data, new byte[64]));
            Assert.IsFalse(key.Verify(Data, new byte[384]));
        }
    }
}
