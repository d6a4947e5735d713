using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    [TestClass]
    public sealed class KeygenTests
    {
        [TestMethod]
        [DataRow("ed25519", KeyAlgorithm.Ed25519)]
        [DataRow("ecdsa-p256", KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow("rsa", KeyAlgorithm.RsaPkcs1Sha256)]
        public void Keygen_writes_a_key_pair_that_signs_bundles_verify_accepts(string algorithm, KeyAlgorithm expected)
        {
            using var dir = new TempDirectory();
            string privatePath = dir.File("signing.pem");

            CliResult keygen = CliResult.Run("keygen", "--algorithm", algorithm, "--out", privatePath);

            Assert.AreEqual(0, keygen.ExitCode, keygen.ToString());
            string publicPath = dir.File("signing.pub.pem");
            SigningKey key = SigningKey.FromPem(File.ReadAllText(privatePath), null, privatePath);
            VerificationKey publicKey = VerificationKey.FromPem(File.ReadAllText(publicPath), publicPath);
            Assert.AreEqual(expected, key.Algorithm);
            Assert.AreEqual(key.PublicKey.Hint, publicKey.Hint);
            StringAssert.Contains(keygen.Stdout, publicKey.Hint);
            StringAssert.Contains(File.ReadAllText(privatePath), "BEGIN PRIVATE KEY");

            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);
            CliResult verify = CliResult.Run("verify", artifact, "--key", publicPath);

            Assert.AreEqual(0, verify.ExitCode, verify.ToString());
            Assert.AreEqual($"verified: {artifact} signed by {publicKey.Hint}", verify.Stdout.TrimEnd('\n', '\r'));
        }

        [TestMethod]
        public void The_private_key_file_is_owner_only_on_unix()
        {
            if (OperatingSystem.IsWindows())
            {
                Assert.Inconclusive("Unix file modes only");
                return;
            }
            using var dir = new TempDirectory();

            CliResult keygen = CliResult.Run("keygen", "--out", dir.File("k.pem"));

            Assert.AreEqual(0, keygen.ExitCode, keygen.ToString());
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.File("k.pem")));
            Assert.AreEqual(UnixFileMode.None, File.GetUnixFileMode(dir.File("k.pub.pem")) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }

        [TestMethod]
        public void A_password_from_the_named_variable_encrypts_the_key_and_is_never_printed()
        {
            using var dir = new TempDirectory();
            string variable = "PROV_CLI_TEST_PASSWORD_" + Guid.NewGuid().ToString("N");
            string password = "correct horse " + Guid.NewGuid().ToString("N");
            Environment.SetEnvironmentVariable(variable, password);
            try
            {
                CliResult keygen = CliResult.Run("keygen", "--algorithm", "ecdsa-p256", "--out", dir.File("k.pem"), "--password-variable", variable);

                Assert.AreEqual(0, keygen.ExitCode, keygen.ToString());
                string pem = File.ReadAllText(dir.File("k.pem"));
                StringAssert.Contains(pem, "BEGIN ENCRYPTED PRIVATE KEY");
                Assert.AreEqual(KeyAlgorithm.EcdsaP256Sha256, SigningKey.FromPem(pem, password, "k.pem").Algorithm);
                Assert.IsFalse(keygen.Stdout.Contains(password) || keygen.Stderr.Contains(password));
            }
            finally
            {
                Environment.SetEnvironmentVariable(variable, null);
            }
        }

        [TestMethod]
        public void An_unset_password_variable_is_an_error_and_writes_nothing()
        {
            using var dir = new TempDirectory();

            CliResult keygen = CliResult.Run("keygen", "--out", dir.File("k.pem"), "--password-variable", "PROV_CLI_TEST_UNSET_" + Guid.NewGuid().ToString("N"));

            Assert.AreEqual(2, keygen.ExitCode, keygen.ToString());
            StringAssert.Contains(keygen.Stderr, "is not set");
            Assert.IsFalse(File.Exists(dir.File("k.pem")));
        }

        [TestMethod]
        public void A_password_given_instead_of_a_variable_name_is_refused_without_echoing_it()
        {
            using var dir = new TempDirectory();

            CliResult keygen = CliResult.Run("keygen", "--out", dir.File("k.pem"), "--password-variable", "s3cret pass!");

            Assert.AreEqual(2, keygen.ExitCode, keygen.ToString());
            Assert.IsFalse(keygen.Stderr.Contains("s3cret"), keygen.Stderr);
        }

        [TestMethod]
        public void Existing_key_files_are_kept_unless_force_is_given()
        {
            using var dir = new TempDirectory();
            File.WriteAllText(dir.File("k.pem"), "precious");

            CliResult refused = CliResult.Run("keygen", "--out", dir.File("k.pem"));

            Assert.AreEqual(2, refused.ExitCode, refused.ToString());
            StringAssert.Contains(refused.Stderr, "--force");
            Assert.AreEqual("precious", File.ReadAllText(dir.File("k.pem")));
            Assert.IsFalse(File.Exists(dir.File("k.pub.pem")));

            CliResult forced = CliResult.Run("keygen", "--out", dir.File("k.pem"), "--force");

            Assert.AreEqual(0, forced.ExitCode, forced.ToString());
            StringAssert.Contains(File.ReadAllText(dir.File("k.pem")), "PRIVATE KEY");
        }

        [TestMethod]
        [DataRow("--algorithm", "dsa")]
        [DataRow("--bits", "4096")]
        [DataRow("extra-argument")]
        [DataRow("--out")]
        public void Bad_keygen_arguments_exit_with_2_and_the_usage(params string[] args)
        {
            using var dir = new TempDirectory();
            var all = new string[args.Length + 1];
            all[0] = "keygen";
            args.CopyTo(all, 1);

            CliResult result = CliResult.Run(all);

            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stderr, "Usage: dotnet-provenance keygen");
        }
    }
}
