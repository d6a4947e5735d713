using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Signing;

namespace Provenance.Tests.Signing
{
    /// <summary>Keys as openssl writes them load; keys as we write them open in openssl. Keys exist only in a temp folder.</summary>
    [TestClass]
    public sealed class OpenSslInteropTests
    {
        private const string Password = "s3cret-Pass";

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519, new[] { "genpkey", "-algorithm", "ed25519" })]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256, new[] { "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256" })]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256, new[] { "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072" })]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256, new[] { "ecparam", "-name", "prime256v1", "-genkey" })]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256, new[] { "genrsa", "-traditional", "3072" })]
        public void A_key_generated_by_openssl_loads_with_the_same_public_key(KeyAlgorithm algorithm, string[] generate)
        {
            OpenSsl.RequirePresent();
            using var dir = new TempDirectory();
            string keyFile = dir.File("key.pem");
            File.WriteAllBytes(keyFile, OpenSsl.RunBytes(generate));

            SigningKey key = SigningKey.FromPem(File.ReadAllText(keyFile), null, keyFile);

            Assert.AreEqual(algorithm, key.Algorithm);
            Assert.AreEqual(OpenSslHint(keyFile, null), key.PublicKey.Hint);
        }

        [TestMethod]
        public void The_ecparam_output_with_its_EC_PARAMETERS_block_and_SEC1_key_loads()
        {
            OpenSsl.RequirePresent();
            string pem = OpenSsl.Run("ecparam", "-name", "prime256v1", "-genkey");
            StringAssert.Contains(pem, "-----BEGIN EC PARAMETERS-----");
            StringAssert.Contains(pem, "-----BEGIN " + "EC PRIVATE KEY-----");
            Assert.AreEqual(KeyAlgorithm.EcdsaP256Sha256, SigningKey.FromPem(pem, null, "ecparam output").Algorithm);
        }

        [TestMethod]
        [DataRow(new[] { "genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "pass:" + Password })]
        [DataRow(new[] { "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc", "-pass", "pass:" + Password })]
        public void A_key_encrypted_by_openssl_genpkey_loads_with_its_password(string[] generate)
        {
            OpenSsl.RequirePresent();
            using var dir = new TempDirectory();
            string keyFile = dir.File("key.pem");
            File.WriteAllBytes(keyFile, OpenSsl.RunBytes(generate));
            StringAssert.StartsWith(File.ReadAllText(keyFile), "-----BEGIN " + "ENCRYPTED PRIVATE KEY-----");

            SigningKey key = SigningKey.FromPem(File.ReadAllText(keyFile), Password, keyFile);

            Assert.AreEqual(OpenSslHint(keyFile, Password), key.PublicKey.Hint);
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => SigningKey.FromPem(File.ReadAllText(keyFile), "wrong", keyFile));
            Assert.AreEqual(DiagnosticCodes.SigningKeyWrongPassword, ex.Code);
        }

        [TestMethod]
        public void A_key_converted_by_openssl_pkcs8_topk8_v2_aes256_loads_with_its_password()
        {
            OpenSsl.RequirePresent();
            using var dir = new TempDirectory();
            string plain = dir.File("plain.pem"), encrypted = dir.File("encrypted.pem");
            File.WriteAllBytes(plain, OpenSsl.RunBytes("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"));
            File.WriteAllBytes(encrypted, OpenSsl.RunBytes("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", plain, "-passout", "pass:" + Password));

            SigningKey key = SigningKey.FromPem(File.ReadAllText(encrypted), Password, encrypted);

            Assert.AreEqual(KeyAlgorithm.RsaPkcs1Sha256, key.Algorithm);
            Assert.AreEqual(OpenSslHint(plain, null), key.PublicKey.Hint);
        }

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void Our_encrypted_pkcs8_opens_in_openssl_pkey_with_the_password(KeyAlgorithm algorithm)
        {
            OpenSsl.RequirePresent();
            using var dir = new TempDirectory();
            SigningKey key = TestKeys.Get(algorithm);
            string keyFile = dir.File("key.pem");
            File.WriteAllText(keyFile, key.ToPkcs8Pem(Password));

            string parameters = OpenSsl.Run("asn1parse", "-in", keyFile);
            StringAssert.Contains(parameters, "PBES2");
            StringAssert.Contains(parameters, "hmacWithSHA256");
            StringAssert.Contains(parameters, "aes-256-cbc");
            Assert.AreEqual(key.PublicKey.Hint, OpenSslHint(keyFile, Password));
            Assert.ThrowsExactly<InvalidOperationException>(() => OpenSslHint(keyFile, "wrong"));
        }

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void Our_unencrypted_pkcs8_opens_in_openssl_pkey(KeyAlgorithm algorithm)
        {
            OpenSsl.RequirePresent();
            using var dir = new TempDirectory();
            SigningKey key = TestKeys.Get(algorithm);
            File.WriteAllText(dir.File("key.pem"), key.ToPkcs8Pem(null));
            Assert.AreEqual(key.PublicKey.Hint, OpenSslHint(dir.File("key.pem"), null));
        }

        [TestMethod]
        public void Our_public_key_pem_reads_in_openssl_and_openssl_verifies_our_ecdsa_signature()
        {
            OpenSsl.RequirePresent();
            using var dir = new TempDirectory();
            SigningKey key = TestKeys.Get(KeyAlgorithm.EcdsaP256Sha256);
            byte[] data = Encoding.UTF8.GetBytes("payload signed by us");
            File.WriteAllText(dir.File("pub.pem"), key.PublicKey.ToPem());
            File.WriteAllBytes(dir.File("data"), data);
            File.WriteAllBytes(dir.File("sig"), key.Sign(data));

            string result = OpenSsl.Run("dgst", "-sha256", "-verify", dir.File("pub.pem"), "-signature", dir.File("sig"), dir.File("data"));

            StringAssert.Contains(result, "Verified OK");
        }

        [TestMethod]
        public void A_P384_key_is_PROV1005()
        {
            OpenSsl.RequirePresent();
            string pem = OpenSsl.Run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384");
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => SigningKey.FromPem(pem, null, "p384.pem"));
            Assert.AreEqual(DiagnosticCodes.SigningKeyUnsupported, ex.Code);
            StringAssert.Contains(ex.Message, "P-256");
        }

        [TestMethod]
        public void An_RSA_2048_key_is_PROV1005()
        {
            OpenSsl.RequirePresent();
            string pem = OpenSsl.Run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048");
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => SigningKey.FromPem(pem, null, "rsa2048.pem"));
            Assert.AreEqual(DiagnosticCodes.SigningKeyUnsupported, ex.Code);
            StringAssert.Contains(ex.Message, "2048");
        }

        [TestMethod]
        public void An_Ed448_key_is_PROV1005()
        {
            OpenSsl.RequirePresent();
            string pem = OpenSsl.Run("genpkey", "-algorithm", "ed448");
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => SigningKey.FromPem(pem, null, "ed448.pem"));
            Assert.AreEqual(DiagnosticCodes.SigningKeyUnsupported, ex.Code);
        }

        [TestMethod]
        public void A_legacy_encrypted_traditional_key_is_PROV1002_with_the_conversion_command()
        {
            OpenSsl.RequirePresent();
            using var dir = new TempDirectory();
            File.WriteAllBytes(dir.File("k.pem"), OpenSsl.RunBytes("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"));
            string pem = OpenSsl.Run("rsa", "-in", dir.File("k.pem"), "-traditional", "-aes256", "-passout", "pass:" + Password);
            StringAssert.Contains(pem, "Proc-Type: 4,ENCRYPTED");

            var ex = Assert.ThrowsExactly<ProvenanceException>(() => SigningKey.FromPem(pem, Password, "legacy.pem"));
            Assert.AreEqual(DiagnosticCodes.SigningKeyInvalid, ex.Code);
            StringAssert.Contains(ex.Message, "openssl pkcs8 -topk8");
        }

        /// <summary>The hint as openssl computes it: base64(SHA-256(DER SubjectPublicKeyInfo)).</summary>
        private static string OpenSslHint(string keyFile, string? password)
        {
            var args = new System.Collections.Generic.List<string> { "pkey", "-in", keyFile, "-pubout", "-outform", "DER" };
            if (password != null) args.AddRange(new[] { "-passin", "pass:" + password });
            byte[] spki = OpenSsl.RunBytes(args.ToArray());
            return Convert.ToBase64String(SHA256.HashData(spki));
        }
    }
}
