using System.IO;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Keys;
using Provenance.Signing;
using Provenance.Tests.Capture;

namespace Provenance.Tests.Keys
{
    /// <summary>ProvenanceSigningCommand: an external signer (here the openssl CLI standing in for a KMS client).</summary>
    [TestClass]
    public sealed class CommandSignerTests
    {
        [TestMethod]
        public void An_external_command_signs_and_its_signature_is_checked_against_the_public_key()
        {
            using var scratch = new ScratchDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string keyFile = scratch.File("kms.pem", key.ToPkcs8Pem(null));
            var signer = new CommandSigner(Sign(keyFile), key.PublicKey);
            byte[] data = Encoding.UTF8.GetBytes("DSSEv1 28 application/vnd.in-toto+json 2 {}");

            byte[] signature = signer.Sign(data);

            Assert.IsTrue(key.PublicKey.Verify(data, signature));
        }

        [TestMethod]
        public void A_signature_by_another_key_fails_the_build_with_PROV1007()
        {
            using var scratch = new ScratchDirectory();
            SigningKey configured = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string otherKeyFile = scratch.File("other.pem", SigningKey.Generate(KeyAlgorithm.Ed25519).ToPkcs8Pem(null));
            var signer = new CommandSigner(Sign(otherKeyFile), configured.PublicKey);

            var error = Assert.ThrowsExactly<ProvenanceException>(() => signer.Sign(new byte[] { 1, 2, 3 }));

            Assert.AreEqual(DiagnosticCodes.SigningCommandFailed, error.Code);
            StringAssert.Contains(error.Message, "does not verify");
        }

        /// <summary>openssl 3 signs Ed25519 in one shot from a file, so the command buffers standard input first.</summary>
        private static string Sign(string keyFile) =>
            $"f=$(mktemp) && cat > \"$f\" && openssl pkeyutl -sign -inkey '{keyFile}' -rawin -in \"$f\" | base64 -w0; rm -f \"$f\"";

        [TestMethod]
        [DataRow("exit 3", "exited with code 3")]
        [DataRow("echo 'not base64!'", "base64")]
        public void A_failing_or_garbled_command_is_PROV1007(string command, string expected)
        {
            var signer = new CommandSigner(command, SigningKey.Generate(KeyAlgorithm.Ed25519).PublicKey);

            var error = Assert.ThrowsExactly<ProvenanceException>(() => signer.Sign(new byte[] { 1 }));

            Assert.AreEqual(DiagnosticCodes.SigningCommandFailed, error.Code);
            StringAssert.Contains(error.Message, expected);
        }
    }
}
