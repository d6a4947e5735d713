using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    /// <summary>
    /// Verifiers we did not write accept our bundles: sigstore-js (@sigstore/verify, tests/interop/verify-bundle.mjs)
    /// and a stdlib + openssl DSSE check (tests/interop/verify-dsse-openssl.py). A missing tool fails the test:
    /// an interop test that silently passes proves nothing. `.ci/run` installs what they need.
    /// </summary>
    [TestClass]
    [TestCategory("Interop")]
    public sealed class InteropTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void Sigstore_js_and_openssl_accept_our_bundles(KeyAlgorithm algorithm)
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(algorithm);
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);
            string publicKey = TestStatements.WritePublicKey(dir.Path, "public.pem", key.PublicKey);

            var sigstoreJs = RunSigstoreJs(artifact, publicKey);
            var openssl = RunOpenssl(artifact, publicKey);

            Assert.AreEqual(0, sigstoreJs.ExitCode, $"sigstore-js: {sigstoreJs.Stdout}{sigstoreJs.Stderr}");
            StringAssert.Contains(sigstoreJs.Stdout, "\"verified\":true");
            StringAssert.Contains(sigstoreJs.Stdout, key.PublicKey.Hint);
            Assert.AreEqual(0, openssl.ExitCode, $"openssl: {openssl.Stdout}{openssl.Stderr}");
            StringAssert.Contains(openssl.Stdout, "\"verified\": true");
        }

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        public void Both_reject_a_changed_artifact_and_a_changed_signature(KeyAlgorithm algorithm)
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(algorithm);
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);
            string publicKey = TestStatements.WritePublicKey(dir.Path, "public.pem", key.PublicKey);
            string original = File.ReadAllText(artifact + ".sigstore.json");

            File.AppendAllText(artifact, "x");
            AssertBothReject(artifact, publicKey, "changed artifact");

            File.WriteAllBytes(artifact, File.ReadAllBytes(artifact)[..^1]);
            File.WriteAllText(artifact + ".sigstore.json", FlipSignatureBit(original));
            AssertBothReject(artifact, publicKey, "changed signature");
        }

        [TestMethod]
        public void Both_reject_the_wrong_key()
        {
            using var dir = new TempDirectory();
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, SigningKey.Generate(KeyAlgorithm.Ed25519));
            string otherKey = TestStatements.WritePublicKey(dir.Path, "other.pem", SigningKey.Generate(KeyAlgorithm.Ed25519).PublicKey);

            AssertBothReject(artifact, otherKey, "wrong key");
        }

        private static void AssertBothReject(string artifact, string publicKey, string what)
        {
            var sigstoreJs = RunSigstoreJs(artifact, publicKey);
            var openssl = RunOpenssl(artifact, publicKey);
            Assert.AreEqual(1, sigstoreJs.ExitCode, $"sigstore-js accepted a {what}: {sigstoreJs.Stdout}{sigstoreJs.Stderr}");
            Assert.AreEqual(1, openssl.ExitCode, $"openssl accepted a {what}: {openssl.Stdout}{openssl.Stderr}");
        }

        /// <summary>Flips one bit of the base64 signature (a character in the middle, so padding stays valid).</summary>
        private static string FlipSignatureBit(string bundleJson)
        {
            const string marker = "\"sig\": \"";
            int start = bundleJson.IndexOf(marker, StringComparison.Ordinal);
            if (start < 0) start = bundleJson.IndexOf("\"sig\":\"", StringComparison.Ordinal) - 1;
            Assert.IsTrue(start >= 0, "no \"sig\" in the bundle");
            int position = start + marker.Length + 10;
            char c = bundleJson[position];
            char flipped = c == 'A' ? 'B' : 'A';
            return bundleJson.Substring(0, position) + flipped + bundleJson.Substring(position + 1);
        }

        private static (int ExitCode, string Stdout, string Stderr) RunSigstoreJs(string artifact, string publicKey)
        {
            string interop = RepositoryPaths.Interop;
            if (!Directory.Exists(Path.Combine(interop, "node_modules", "@sigstore", "verify")))
                Assert.Fail($"sigstore-js is not installed: run `npm ci` in {interop} (.ci/run does this)");
            return ProcessRunner.Run("node", new[] { Path.Combine(interop, "verify-bundle.mjs"), artifact, artifact + ".sigstore.json", publicKey }, interop, Timeout);
        }

        private static (int ExitCode, string Stdout, string Stderr) RunOpenssl(string artifact, string publicKey)
        {
            string interop = RepositoryPaths.Interop;
            return ProcessRunner.Run("python3", new[] { Path.Combine(interop, "verify-dsse-openssl.py"), artifact, artifact + ".sigstore.json", publicKey }, interop, Timeout);
        }
    }
}
