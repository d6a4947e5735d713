using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Packages;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    /// <summary>
    /// sigstore-js accepts the verification summary (docs/vsa-v1.md) as it accepts provenance: the same bundle format,
    /// checked by a verifier we did not write (tests/interop/verify-vsa-bundle.mjs). A missing node_modules fails the
    /// test, as in <see cref="InteropTests"/>: an interop test that silently passes proves nothing.
    /// </summary>
    [TestClass]
    [TestCategory("Interop")]
    public sealed class VerificationSummaryInteropTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void Sigstore_js_accepts_a_verification_summary(KeyAlgorithm algorithm)
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(algorithm);
            string publicKey = TestStatements.WritePublicKey(dir.Path, "public.pem", key.PublicKey);
            string sha512 = Sha512Hex("Acme.Lib");
            string bundle = WriteSummary(dir.Path, key, sha512);

            var result = Run(bundle, publicKey, sha512);

            Assert.AreEqual(0, result.ExitCode, $"sigstore-js: {result.Stdout}{result.Stderr}");
            StringAssert.Contains(result.Stdout, "\"verified\":true");
            StringAssert.Contains(result.Stdout, key.PublicKey.Hint);
            StringAssert.Contains(result.Stdout, "\"predicateType\":\"https://slsa.dev/verification_summary/v1\"");
            StringAssert.Contains(result.Stdout, "\"verificationResult\":\"PASSED\"");
            StringAssert.Contains(result.Stdout, "\"subject\":\"pkg:nuget/Acme.Lib@1.2.3\"");
        }

        [TestMethod]
        public void Sigstore_js_rejects_a_summary_signed_by_another_key_or_changed_after_signing()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string sha512 = Sha512Hex("Acme.Lib");
            string bundle = WriteSummary(dir.Path, key, sha512);
            string otherKey = TestStatements.WritePublicKey(dir.Path, "other.pem", SigningKey.Generate(KeyAlgorithm.Ed25519).PublicKey);
            string publicKey = TestStatements.WritePublicKey(dir.Path, "public.pem", key.PublicKey);

            Assert.AreEqual(1, Run(bundle, otherKey, sha512).ExitCode, "another key");

            // PASSED -> FAILED in the payload (base64 of the statement), signature left as it was.
            string json = File.ReadAllText(bundle);
            string payload = Regex.Match(json, "\"payload\":\\s*\"([^\"]+)\"").Groups[1].Value;
            Assert.AreNotEqual("", payload, "no payload in the bundle");
            string statement = Encoding.UTF8.GetString(Convert.FromBase64String(payload));
            string forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement.Replace("\"PASSED\"", "\"FAILED\"")));
            File.WriteAllText(bundle, json.Replace(payload, forged));

            var result = Run(bundle, publicKey, sha512);
            Assert.AreEqual(1, result.ExitCode, $"sigstore-js accepted a changed verdict: {result.Stdout}{result.Stderr}");
        }

        private static string WriteSummary(string folder, SigningKey key, string sha512)
        {
            var result = new PackageVerificationResult("Acme.Lib", "1.2.3", PackageVerificationOutcome.Verified, "Acme.Lib 1.2.3: verified")
            {
                ContentHashSha512 = sha512,
                StatementSha256 = new string('d', 64),
                SignerHint = key.PublicKey.Hint,
            };
            var package = new VerificationSummaryPackage(result, new PolicyDecision(PolicyDecisionLevel.Verified, null, result.Reason), required: true);
            var request = new VerificationSummaryRequest(VerificationSummary.ProjectResourceUri("src/App/App.csproj", "https://github.com/o/r.git"),
                Encoding.UTF8.GetBytes("policy Acme.* require=true\n"), new[] { package });
            request.VerifierVersion["Provenance.MSBuild"] = "0.1.0";
            string path = Path.Combine(folder, "App.vsa.sigstore.json");
            Assert.IsTrue(VerificationSummary.Write(path, request, key));
            return path;
        }

        private static (int ExitCode, string Stdout, string Stderr) Run(string bundle, string publicKey, string sha512)
        {
            string interop = RepositoryPaths.Interop;
            if (!Directory.Exists(Path.Combine(interop, "node_modules", "@sigstore", "verify")))
                Assert.Fail($"sigstore-js is not installed: run `npm ci` in {interop} (.ci/run does this)");
            return ProcessRunner.Run("node", new[] { Path.Combine(interop, "verify-vsa-bundle.mjs"), bundle, publicKey, sha512 }, interop, Timeout);
        }

        private static string Sha512Hex(string seed) => Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(seed))).ToLowerInvariant();
    }
}
