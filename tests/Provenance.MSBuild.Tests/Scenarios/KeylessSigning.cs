using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Signing;
using Provenance.Sigstore;
using Provenance.TestSupport;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Keyless and own-PKI signing from a real `dotnet build` (issue 8), offline: Sigstore's own mock Fulcio, Rekor and TSA
    /// (tests/interop/mock-sigstore-server.mjs on 127.0.0.1) and a GitHub-Actions-shaped token endpoint. One sandbox and
    /// one mock serve the class: a solution of a library, an app referencing it and a multi-targeted library is built
    /// once (and once more, as a no-op) in the class setup, with -m:1 so that "one certificate per node" is exactly one;
    /// the failure builds use configurations of their own (and no restore) so that they neither race with each other
    /// nor touch the bundles the other tests read.
    /// </summary>
    [TestClass]
    public sealed class KeylessSigning : SandboxTest
    {
        private const string GitHubSubject = "repo:acme/widget:ref:refs/heads/main";
        private const string GitHubIssuer = "https://token.actions.githubusercontent.com";
        private const string IdentityMessage = "Provenance: signing keyless as";

        private static Sandbox sandbox = null!;
        private static MockSigstoreServer mock = null!;
        private static string trustedRoot = null!;
        private static CommandResult build = null!;
        private static CommandResult noOpBuild = null!;
        private static string binaryLog = null!;
        private static Dictionary<string, byte[]> bundlesAfterBuild = null!;

        public KeylessSigning(TestContext testContext) : base(testContext) { }

        private static readonly string[] Outputs =
        {
            "Lib/bin/Release/net10.0/Lib.dll",
            "App/bin/Release/net10.0/App.dll",
            "Multi/bin/Release/net8.0/Multi.dll",
            "Multi/bin/Release/net10.0/Multi.dll",
        };

        [ClassInitialize]
        public static void BuildTheSolutionKeyless(TestContext context)
        {
            mock = MockSigstoreServer.Start(maxSeconds: 1200);
            sandbox = Sandbox.Create(nameof(KeylessSigning), context.WriteLine);
            trustedRoot = Path.Combine(sandbox.Directory, "mock_trusted_root.json");
            File.WriteAllBytes(trustedRoot, mock.TrustedRoot);
            sandbox.SetBuildProperty("ProvenanceSigningMode", "keyless");
            sandbox.SetBuildProperty("ProvenanceFulcioUrl", mock.Url);
            sandbox.SetBuildProperty("ProvenanceRekorUrl", mock.Url);
            sandbox.SetBuildProperty("ProvenanceTimestampUrl", mock.Url);
            sandbox.WriteLibrary("Lib", "Lib");
            sandbox.WriteConsoleApp("App", "App", items: "<ProjectReference Include=\"../Lib/Lib.csproj\" />",
                body: "System.Console.WriteLine(Lib.Class1.Hello());");
            sandbox.WriteLibrary("Multi", "Multi", targetFrameworks: "net8.0;net10.0");
            sandbox.WriteFile("All.slnx",
                "<Solution>\n  <Project Path=\"App/App.csproj\" />\n  <Project Path=\"Lib/Lib.csproj\" />\n  <Project Path=\"Multi/Multi.csproj\" />\n</Solution>\n");
            sandbox.InitGitRepository();

            binaryLog = Path.Combine(sandbox.Directory, "keyless.binlog");
            build = sandbox.DotNet("build", new[] { "All.slnx", "-c", "Release", "-m:1", "-v:n", "-bl:" + binaryLog }, mock.GitHubActionsEnvironment());
            bundlesAfterBuild = Outputs.Where(o => File.Exists(sandbox.PathOf(o + ".sigstore.json")))
                .ToDictionary(o => o, o => File.ReadAllBytes(sandbox.PathOf(o + ".sigstore.json")));
            noOpBuild = sandbox.DotNet("build", new[] { "All.slnx", "-c", "Release", "-m:1", "-v:n" }, mock.GitHubActionsEnvironment());
        }

        [ClassCleanup]
        public static void StopTheMock() => mock?.Dispose();

        [TestMethod]
        public void Every_bundle_of_the_solution_carries_a_certificate_a_log_entry_and_a_timestamp_and_verifies_with_sigstore_js_and_ours()
        {
            build.Succeeded();
            var ours = new SigstoreVerifier(TrustedRoot.Parse(mock.TrustedRoot), new SigstoreVerifierOptions { TransparencyLogThreshold = 1 });
            var policy = SigstorePolicy.ForIdentity(new CertificateIdentityPolicy(GitHubSubject, issuer: GitHubIssuer));
            foreach (string output in Outputs)
            {
                string artifact = sandbox.PathOf(output);
                string bundle = artifact + ".sigstore.json";
                Expect.FileExists(bundle, build);
                using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(bundle));
                JsonElement material = json.RootElement.GetProperty("verificationMaterial");
                Assert.IsTrue(material.TryGetProperty("certificate", out _), output + ": no certificate");
                Assert.AreEqual(1, material.GetProperty("tlogEntries").GetArrayLength(), output);
                Assert.AreEqual(1, material.GetProperty("timestampVerificationData").GetProperty("rfc3161Timestamps").GetArrayLength(), output);
                Assert.AreEqual("keyless", SigningKeySource(json.RootElement), output);

                SigstoreVerificationResult result = ours.Verify(File.ReadAllBytes(bundle), SigstoreArtifact.FromFile(artifact), policy);
                Assert.IsNotNull(result, output);
                // Two timestamps: the Rekor entry's signed time and the TSA's.
                CommandResult js = SigstoreJs(artifact, bundle, trustedRoot,
                    "--tlog", "1", "--ctlog", "1", "--timestamps", "2", "--identity", GitHubSubject, "--issuer", GitHubIssuer);
                Assert.AreEqual(0, js.ExitCode, output + ": " + js);
                StringAssert.Contains(js.StandardOutput, "\"verified\":true");
            }
        }

        [TestMethod]
        public void The_whole_build_asks_for_one_token_and_one_certificate_and_the_token_is_in_no_log()
        {
            build.Succeeded();
            // One identity message per certificate; -m:1 is one node, so one certificate for 4 bundles of 3 projects.
            Assert.AreEqual(1, Count(build.Output, IdentityMessage), build.Output);
            StringAssert.Contains(build.Output, IdentityMessage + " '" + GitHubSubject + "'");
            (int oidc, int fulcio, int rekor, int timestamp) = LastCalls(build.Output);
            TestContext.WriteLine($"service calls of the 3-project build: OIDC {oidc}, Fulcio {fulcio}, Rekor {rekor}, TSA {timestamp}");
            Assert.AreEqual(1, oidc, build.Output);
            Assert.AreEqual(1, fulcio, build.Output);
            Assert.AreEqual(Outputs.Length, rekor, build.Output);
            Assert.AreEqual(Outputs.Length, timestamp, build.Output);

            // The task reads the variables itself: the request token is in no property, message or binary log.
            Assert.IsFalse(build.Output.Contains(mock.OidcRequestToken, StringComparison.Ordinal), "the request token is in the build output");
            Assert.IsFalse(BinaryLog.ReadAsText(binaryLog).Contains(mock.OidcRequestToken, StringComparison.Ordinal), "the request token is in the binary log");
        }

        [TestMethod]
        public void A_no_op_build_re_signs_nothing_and_asks_no_service()
        {
            noOpBuild.Succeeded();
            Assert.AreEqual(0, Count(noOpBuild.Output, IdentityMessage), noOpBuild.Output);
            Assert.AreEqual(Outputs.Length, bundlesAfterBuild.Count);
            foreach (KeyValuePair<string, byte[]> bundle in bundlesAfterBuild)
                CollectionAssert.AreEqual(bundle.Value, File.ReadAllBytes(sandbox.PathOf(bundle.Key + ".sigstore.json")), bundle.Key + " was re-signed");
        }

        [TestMethod]
        public void An_unreachable_Fulcio_is_a_coded_error_naming_it_and_leaves_no_bundle()
        {
            string unreachable = MockSigstoreServer.UnreachableUrl();
            CommandResult result = sandbox.DotNet("build",
                new[] { "Lib/Lib.csproj", "-c", "Unreachable", "--no-restore", "-p:ProvenanceFulcioUrl=" + unreachable },
                mock.GitHubActionsEnvironment());

            result.Failed().HasError("PROV1023").OutputContains("Fulcio at " + unreachable);
            AssertNoBundleLeft("Lib/bin/Unreachable/net10.0", result);
            Assert.IsFalse(result.Output.Contains(mock.OidcRequestToken, StringComparison.Ordinal), "the request token is in the output");
        }

        [TestMethod]
        public void A_refused_token_request_is_a_coded_error_that_shows_no_token_and_leaves_no_bundle()
        {
            const string wrongToken = "wrong-request-token-0123456789";
            var environment = new Dictionary<string, string?>(mock.GitHubActionsEnvironment()) { ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = wrongToken };
            CommandResult result = sandbox.DotNet("build", new[] { "Lib/Lib.csproj", "-c", "Refused", "--no-restore" }, environment);

            result.Failed().HasError("PROV1021").OutputContains("GitHub Actions OIDC token endpoint");
            AssertNoBundleLeft("Lib/bin/Refused/net10.0", result);
            Assert.IsFalse(result.Output.Contains(wrongToken, StringComparison.Ordinal), "the request token is in the output:\n" + result.Output);
        }

        [TestMethod]
        public void Keyless_with_a_key_file_in_the_same_place_is_PROV3013_naming_both()
        {
            KeyPair key = OpenSslKeys.Generate(sandbox, "conflict", KeyKind.Ed25519);
            CommandResult result = sandbox.DotNet("build",
                new[] { "Lib/Lib.csproj", "-c", "Conflict", "--no-restore", "-p:ProvenanceSigningKeyFile=" + key.PrivateKeyPath },
                mock.GitHubActionsEnvironment());

            result.Failed().HasError("PROV3013").OutputContains("ProvenanceSigningMode=keyless").OutputContains("ProvenanceSigningKeyFile");
            AssertNoBundleLeft("Lib/bin/Conflict/net10.0", result);
        }

        [TestMethod]
        public void A_key_with_its_certificate_from_our_own_CA_signs_bundles_that_carry_the_leaf_and_a_timestamp()
        {
            // arrange: a company CA, a P-256 key and its code-signing leaf; the TSA is the mock's
            var ca = new TestCertificateAuthority();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            string keyFile = Path.Combine(sandbox.KeysDirectory, "pki-signer.pem");
            File.WriteAllText(keyFile, key.ToPkcs8Pem(null));
            const string san = "https://ci.acme.test/release";
            Org.BouncyCastle.X509.X509Certificate leaf = ca.IssueLeaf(key.PublicKey, san);
            string chainFile = Path.Combine(sandbox.KeysDirectory, "pki-signer-chain.pem");
            File.WriteAllText(chainFile, TestCertificateAuthority.Pem(leaf, ca.CaCertificate));
            string companyRoot = Path.Combine(sandbox.Directory, "company_trusted_root.json");
            File.WriteAllBytes(companyRoot, ca.TrustedRootJson(mock.TrustedRoot));
            sandbox.WriteLibrary("Pki", "Pki");

            // act: key mode from the command line, no Rekor (the repository's default sets the mock's)
            CommandResult result = sandbox.DotNet("build", new[]
            {
                "Pki/Pki.csproj", "-c", "Release", "-v:n", "-p:ProvenanceSigningMode=key", "-p:ProvenanceSigningKeyFile=" + keyFile,
                "-p:ProvenanceSigningCertificateFile=" + chainFile, "-p:ProvenanceRekorUrl=",
            });

            // assert
            result.Succeeded();
            string artifact = sandbox.PathOf("Pki/bin/Release/net10.0/Pki.dll");
            string bundle = artifact + ".sigstore.json";
            using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(bundle));
            JsonElement material = json.RootElement.GetProperty("verificationMaterial");
            CollectionAssert.AreEqual(leaf.GetEncoded(), Convert.FromBase64String(material.GetProperty("certificate").GetProperty("rawBytes").GetString()!),
                "verificationMaterial.certificate is the leaf");
            Assert.IsFalse(material.TryGetProperty("tlogEntries", out JsonElement entries) && entries.GetArrayLength() > 0, "no Rekor entry was asked for");
            Assert.AreEqual(1, material.GetProperty("timestampVerificationData").GetProperty("rfc3161Timestamps").GetArrayLength());
            Assert.AreEqual("certificate", SigningKeySource(json.RootElement));

            CommandResult js = SigstoreJs(artifact, bundle, companyRoot,
                "--tlog", "0", "--ctlog", "0", "--timestamps", "1", "--identity", san);
            Assert.AreEqual(0, js.ExitCode, js.ToString());
            var ours = new SigstoreVerifier(TrustedRoot.Parse(File.ReadAllBytes(companyRoot)),
                new SigstoreVerifierOptions { TransparencyLogThreshold = 0, SctThreshold = 0, ObserverTimestampThreshold = 1 });
            ours.Verify(File.ReadAllBytes(bundle), SigstoreArtifact.FromFile(artifact), SigstorePolicy.ForIdentity(new CertificateIdentityPolicy(san)));

            // A root naming another CA refuses it.
            string otherRoot = Path.Combine(sandbox.Directory, "other_trusted_root.json");
            File.WriteAllBytes(otherRoot, new TestCertificateAuthority("Another CA").TrustedRootJson(mock.TrustedRoot));
            CommandResult untrusted = SigstoreJs(artifact, bundle, otherRoot, "--tlog", "0", "--ctlog", "0", "--timestamps", "1");
            Assert.AreEqual(1, untrusted.ExitCode, "a CA the root does not name must be refused: " + untrusted);
        }

        [TestMethod]
        public void Twenty_projects_in_one_node_cost_one_token_one_certificate_and_one_entry_and_timestamp_per_bundle()
        {
            // arrange: 20 independent libraries in a folder of their own, one solution
            var solution = new StringBuilder("<Solution>\n");
            for (int i = 1; i <= 20; i++)
            {
                string name = "P" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
                sandbox.WriteLibrary("Twenty/" + name, name);
                solution.Append("  <Project Path=\"").Append(name).Append('/').Append(name).Append(".csproj\" />\n");
            }
            sandbox.WriteFile("Twenty/Twenty.slnx", solution.Append("</Solution>\n").ToString());

            // act
            var timer = System.Diagnostics.Stopwatch.StartNew();
            CommandResult result = sandbox.DotNet("build", new[] { "Twenty.slnx", "-c", "Release", "-m:1", "-v:n" }, mock.GitHubActionsEnvironment(), sandbox.PathOf("Twenty"));
            timer.Stop();

            // assert
            result.Succeeded();
            Assert.AreEqual(1, Count(result.Output, IdentityMessage), result.Output);
            (int oidc, int fulcio, int rekor, int timestamp) = LastCalls(result.Output);
            TestContext.WriteLine($"20-project keyless build (-m:1): OIDC {oidc}, Fulcio {fulcio}, Rekor {rekor}, TSA {timestamp} calls; build {timer.Elapsed.TotalSeconds:0.0} s");
            Assert.AreEqual((1, 1, 20, 20), (oidc, fulcio, rekor, timestamp), result.Output);
        }

        // ------------------------------------------------------------------ helpers

        /// <summary>verify-sigstore-bundle.mjs (sigstore-js: chain, SCT, tlog, timestamps, identity) on a bundle, run in the sandbox.</summary>
        private static CommandResult SigstoreJs(string artifact, string bundle, string root, params string[] options) =>
            sandbox.Run("node", NodeScripts.VerifySigstoreBundleArguments(artifact, bundle, root, options), workingDirectory: NodeScripts.Interop);

        private static void AssertNoBundleLeft(string outputDirectory, CommandResult result)
        {
            string directory = sandbox.PathOf(outputDirectory);
            string[] leftovers = Directory.Exists(directory)
                ? Directory.GetFiles(directory).Where(f => f.EndsWith(".sigstore.json", StringComparison.Ordinal) || f.Contains(".tmp", StringComparison.Ordinal)).ToArray()
                : Array.Empty<string>();
            Assert.AreEqual(0, leftovers.Length, "left behind: " + string.Join(", ", leftovers) + "\n" + result);
        }

        private static string SigningKeySource(JsonElement bundle)
        {
            byte[] payload = Convert.FromBase64String(bundle.GetProperty("dsseEnvelope").GetProperty("payload").GetString()!);
            using JsonDocument statement = JsonDocument.Parse(payload);
            return statement.RootElement.GetProperty("predicate").GetProperty("buildDefinition").GetProperty("internalParameters")
                .GetProperty("signingKeySource").GetString()!;
        }

        private static int Count(string text, string what) =>
            Regex.Matches(text, Regex.Escape(what)).Count;

        /// <summary>The last running count the build logged: "N Sigstore service calls (OIDC token a, Fulcio b, Rekor c, timestamp authority d)".</summary>
        internal static (int Oidc, int Fulcio, int Rekor, int Timestamp) LastCalls(string output)
        {
            MatchCollection matches = Regex.Matches(output, @"Sigstore service calls \(OIDC token (\d+), Fulcio (\d+), Rekor (\d+), timestamp authority (\d+)\)");
            Assert.IsTrue(matches.Count > 0, "no service call count in the log:\n" + output);
            Match last = matches[matches.Count - 1];
            int At(int i) => int.Parse(last.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture);
            return (At(1), At(2), At(3), At(4));
        }
    }
}
