using System.IO;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    [TestClass]
    public sealed class VerifyTests
    {
        [TestMethod]
        public void A_changed_byte_in_the_artifact_is_invalid_with_a_coded_reason()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);
            string publicKey = TestStatements.WritePublicKey(dir.Path, "pub.pem", key.PublicKey);
            byte[] bytes = File.ReadAllBytes(artifact);
            bytes[100] ^= 1;
            File.WriteAllBytes(artifact, bytes);

            CliResult result = CliResult.Run("verify", artifact, "--key", publicKey);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            Assert.AreEqual("", result.Stdout);
            StringAssert.StartsWith(result.Stderr, "error PROV2");
            Assert.AreEqual(1, result.Stderr.TrimEnd('\n', '\r').Split('\n').Length, "one line: " + result.Stderr);
        }

        [TestMethod]
        public void A_key_that_did_not_sign_is_invalid()
        {
            using var dir = new TempDirectory();
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, SigningKey.Generate(KeyAlgorithm.Ed25519));
            string otherKey = TestStatements.WritePublicKey(dir.Path, "other.pem", SigningKey.Generate(KeyAlgorithm.Ed25519).PublicKey);

            CliResult result = CliResult.Run("verify", artifact, "--key", otherKey);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stderr, "error PROV2");
        }

        [TestMethod]
        public void A_changed_payload_is_invalid_even_when_it_still_parses()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);
            string publicKey = TestStatements.WritePublicKey(dir.Path, "pub.pem", key.PublicKey);
            RewritePayload(artifact + ".sigstore.json", "https://example.com/builders/ci", "https://evil.example/builder");

            CliResult result = CliResult.Run("verify", artifact, "--key", publicKey);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stderr, "error PROV2");
        }

        [TestMethod]
        public void Any_one_of_several_keys_may_have_signed_and_the_signer_is_named()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.RsaPkcs1Sha256);
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);
            string other = TestStatements.WritePublicKey(dir.Path, "other.pem", SigningKey.Generate(KeyAlgorithm.Ed25519).PublicKey);
            string right = TestStatements.WritePublicKey(dir.Path, "right.pem", key.PublicKey);
            string bundle = dir.File("elsewhere.json");
            File.Move(artifact + ".sigstore.json", bundle);

            CliResult result = CliResult.Run("verify", artifact, "--key", other, "--key", right, "--bundle", bundle);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "signed by " + key.PublicKey.Hint);
        }

        [TestMethod]
        public void Missing_inputs_exit_with_2()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);
            string publicKey = TestStatements.WritePublicKey(dir.Path, "pub.pem", key.PublicKey);

            CliResult noArtifact = CliResult.Run("verify", dir.File("missing.dll"), "--key", publicKey);
            CliResult noKey = CliResult.Run("verify", artifact, "--key", dir.File("missing.pem"));
            CliResult noBundle = CliResult.Run("verify", artifact, "--key", publicKey, "--bundle", dir.File("missing.json"));

            Assert.AreEqual(2, noArtifact.ExitCode, noArtifact.ToString());
            Assert.AreEqual(2, noKey.ExitCode, noKey.ToString());
            Assert.AreEqual(2, noBundle.ExitCode, noBundle.ToString());
            StringAssert.Contains(noBundle.Stderr, "missing.json");
        }

        [TestMethod]
        public void A_private_key_given_as_a_trusted_key_exits_with_2_without_printing_it()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);
            string privatePem = key.ToPkcs8Pem(null);
            File.WriteAllText(dir.File("private.pem"), privatePem);

            CliResult result = CliResult.Run("verify", artifact, "--key", dir.File("private.pem"));

            Assert.AreEqual(2, result.ExitCode, result.ToString());
            Assert.IsFalse(result.Stderr.Contains(privatePem.Split('\n')[1]), result.Stderr);
        }

        [TestMethod]
        [DataRow("verify")]
        [DataRow("verify", "a.dll")]
        [DataRow("verify", "a.dll", "--key")]
        [DataRow("verify", "a.dll", "b.dll", "--key", "k.pem")]
        [DataRow("verify", "a.dll", "--key", "k.pem", "--bundel", "x")]
        [DataRow("verify", "a.dll", "--key", "k.pem", "--bundle", "x", "--bundle", "y")]
        public void Bad_verify_arguments_exit_with_2_and_the_usage(params string[] args)
        {
            CliResult result = CliResult.Run(args);

            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stderr, "Usage: dotnet-provenance verify");
        }

        [TestMethod]
        public void No_command_or_an_unknown_one_exits_with_2_and_help_exits_with_0()
        {
            Assert.AreEqual(2, CliResult.Run().ExitCode);
            Assert.AreEqual(2, CliResult.Run("sign").ExitCode);
            CliResult help = CliResult.Run("--help");
            Assert.AreEqual(0, help.ExitCode);
            StringAssert.Contains(help.Stdout, "keygen");
            CliResult verifyHelp = CliResult.Run("verify", "--help");
            Assert.AreEqual(0, verifyHelp.ExitCode);
            StringAssert.Contains(verifyHelp.Stdout, "--bundle");
        }

        /// <summary>Re-encodes the DSSE payload with a substitution, leaving the signature as it was.</summary>
        private static void RewritePayload(string bundlePath, string from, string to)
        {
            string text = File.ReadAllText(bundlePath);
            var bundle = (JsonObject)JsonReader.Parse(text);
            string payload = bundle.GetObject("dsseEnvelope")!.GetString("payload")!;
            string statement = Encoding.UTF8.GetString(System.Convert.FromBase64String(payload));
            Assert.IsTrue(statement.Contains(from));
            string forged = System.Convert.ToBase64String(Encoding.UTF8.GetBytes(statement.Replace(from, to)));
            File.WriteAllText(bundlePath, text.Replace(payload, forged));
        }
    }
}
