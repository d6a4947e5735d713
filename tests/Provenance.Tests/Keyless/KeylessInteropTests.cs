using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Keyless;
using Provenance.Signing;
using Provenance.Sigstore;
using Provenance.Tests.Capture;
using Provenance.TestSupport;
using static Provenance.Tests.Keyless.KeylessTestSupport;

namespace Provenance.Tests.Keyless
{
    /// <summary>
    /// Proven offline against code we did not write: keyless signing through Sigstore's own mock Fulcio, Rekor and TSA
    /// (@sigstore/mock, served on 127.0.0.1 by tests/interop/mock-sigstore-server.mjs) with a GitHub-Actions-shaped
    /// token, and X.509 + RFC 3161 bundles from a BouncyCastle test CA and TSA; sigstore-js (@sigstore/verify) checks
    /// every bundle against a trusted root naming those services, and so does our own verifier (Provenance.Sigstore).
    /// </summary>
    [TestClass]
    [TestCategory("Interop")]
    public sealed class KeylessInteropTests
    {
        private const string GitHubSubject = "repo:acme/widget:ref:refs/heads/main";
        private const string GitHubIssuer = "https://token.actions.githubusercontent.com";

        [TestMethod]
        public void Keyless_bundles_from_the_Sigstore_mock_services_verify_with_sigstore_js_and_ours()
        {
            using var scratch = new ScratchDirectory();
            using MockSigstoreServer mock = MockSigstoreServer.Start();
            var environment = GitHubEnvironment(mock.OidcRequestUrl, mock.OidcRequestToken);
            var settings = new SigstoreSigningSettings
            {
                FulcioUrl = mock.Url,
                RekorUrl = mock.Url,
                TimestampUrl = mock.Url,
                Timeout = TimeSpan.FromSeconds(30),
                GetEnvironmentVariable = name => environment.TryGetValue(name, out string? value) ? value : null,
            };
            string root = Path.Combine(scratch.Path, "trusted_root.json");
            File.WriteAllBytes(root, mock.TrustedRoot);
            var ours = new SigstoreVerifier(TrustedRoot.Parse(mock.TrustedRoot), new SigstoreVerifierOptions { TransparencyLogThreshold = 1 });
            var policy = SigstorePolicy.ForIdentity(new CertificateIdentityPolicy(GitHubSubject, issuer: GitHubIssuer));

            var artifacts = new List<string>();
            using (var session = new KeylessSession(settings))
            {
                for (int i = 0; i < 3; i++)
                {
                    string artifact = Path.Combine(scratch.Path, $"Project{i}.dll");
                    File.WriteAllText(artifact, "assembly " + i);
                    byte[] bundle = session.CreateBundle(Statement(File.ReadAllBytes(artifact), $"Project{i}.dll"));
                    AtomicFile.Write(artifact + ".sigstore.json", bundle);
                    artifacts.Add(artifact);
                    ours.Verify(bundle, SigstoreArtifact.FromFile(artifact), policy);
                }
                Assert.AreEqual(1, session.Calls.OidcToken, session.Calls.ToString());
                Assert.AreEqual(1, session.Calls.Fulcio, session.Calls.ToString());
                Assert.AreEqual(3, session.Calls.Rekor, session.Calls.ToString());
                Assert.AreEqual(3, session.Calls.Timestamp, session.Calls.ToString());
                Assert.AreEqual(GitHubSubject, session.Identity);
            }

            foreach (string artifact in artifacts)
            {
                // Two timestamps: the Rekor entry's signed time and the TSA's.
                var result = NodeScripts.VerifyWithSigstoreJs(artifact, artifact + ".sigstore.json", root,
                    "--tlog", "1", "--ctlog", "1", "--timestamps", "2", "--identity", GitHubSubject, "--issuer", GitHubIssuer);
                Assert.AreEqual(0, result.ExitCode, result.Stdout);
                StringAssert.Contains(result.Stdout, "\"verified\":true");
                StringAssert.Contains(result.Stdout, "\"tlogEntries\":1");
            }

            string first = artifacts[0];
            var wrongIdentity = NodeScripts.VerifyWithSigstoreJs(first, first + ".sigstore.json", root, "--identity", "repo:evil/widget:ref:refs/heads/main");
            Assert.AreEqual(1, wrongIdentity.ExitCode, "another identity must be refused: " + wrongIdentity.Stdout);
            var wrongIssuer = NodeScripts.VerifyWithSigstoreJs(first, first + ".sigstore.json", root, "--issuer", "https://gitlab.com");
            Assert.AreEqual(1, wrongIssuer.ExitCode, "another issuer must be refused: " + wrongIssuer.Stdout);
            File.AppendAllText(first, "tampered");
            var tampered = NodeScripts.VerifyWithSigstoreJs(first, first + ".sigstore.json", root);
            Assert.AreEqual(1, tampered.ExitCode, "a changed artifact must be refused: " + tampered.Stdout);
        }

        [TestMethod]
        public void Own_PKI_bundles_with_an_RFC3161_timestamp_verify_with_sigstore_js()
        {
            using var scratch = new ScratchDirectory();
            var pki = new TestCertificateAuthority();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            string chainFile = Path.Combine(scratch.Path, "chain.pem");
            File.WriteAllText(chainFile, TestCertificateAuthority.Pem(pki.IssueLeaf(key.PublicKey, "https://ci.acme.test/release"), pki.CaCertificate));
            CertificateSigner signer = CertificateSigner.FromFile(chainFile, key);

            string artifact = Path.Combine(scratch.Path, "Widget.dll");
            File.WriteAllText(artifact, "widget");
            using (var bundles = new SigstoreBundleSigner(new SigstoreSigningSettings { TimestampUrl = FakeSigstore.Base, HttpHandler = new FakeSigstore(pki) }))
                AtomicFile.Write(artifact + ".sigstore.json", bundles.CreateBundle(Statement(File.ReadAllBytes(artifact)), signer));
            string root = Path.Combine(scratch.Path, "trusted_root.json");
            File.WriteAllBytes(root, pki.TrustedRootJson());

            var result = NodeScripts.VerifyWithSigstoreJs(artifact, artifact + ".sigstore.json", root,
                "--tlog", "0", "--ctlog", "0", "--timestamps", "1", "--identity", "https://ci.acme.test/release");
            Assert.AreEqual(0, result.ExitCode, result.Stdout);
            StringAssert.Contains(result.Stdout, "\"timestamps\":1");

            var otherCa = Path.Combine(scratch.Path, "other_root.json");
            File.WriteAllBytes(otherCa, new TestCertificateAuthority("Another CA").TrustedRootJson());
            var untrusted = NodeScripts.VerifyWithSigstoreJs(artifact, artifact + ".sigstore.json", otherCa, "--tlog", "0", "--ctlog", "0", "--timestamps", "1");
            Assert.AreEqual(1, untrusted.ExitCode, "a CA the root does not name must be refused: " + untrusted.Stdout);
        }

        [TestMethod]
        public void Key_signed_bundles_with_an_RFC3161_timestamp_verify_with_sigstore_js()
        {
            using var scratch = new ScratchDirectory();
            var pki = new TestCertificateAuthority();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            string artifact = Path.Combine(scratch.Path, "Widget.dll");
            File.WriteAllText(artifact, "widget");
            using (var bundles = new SigstoreBundleSigner(new SigstoreSigningSettings { TimestampUrl = FakeSigstore.Base, HttpHandler = new FakeSigstore(pki) }))
                AtomicFile.Write(artifact + ".sigstore.json", bundles.CreateBundle(Statement(File.ReadAllBytes(artifact)), key));
            string root = Path.Combine(scratch.Path, "trusted_root.json");
            File.WriteAllBytes(root, pki.TrustedRootJson());
            string publicKey = Path.Combine(scratch.Path, "key.pub.pem");
            File.WriteAllText(publicKey, key.PublicKey.ToPem(), new UTF8Encoding(false));

            var result = NodeScripts.VerifyWithSigstoreJs(artifact, artifact + ".sigstore.json", root,
                "--tlog", "0", "--ctlog", "0", "--timestamps", "1", "--key", publicKey);
            Assert.AreEqual(0, result.ExitCode, result.Stdout);
        }
    }
}
