using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    /// <summary>
    /// `verify` by certificate identity and Fulcio claims, on a real public-good bundle signed in GitHub Actions
    /// (../shared/interop), and the usage and configuration errors of the new options.
    /// </summary>
    [TestClass]
    public sealed class VerifyIdentityTests
    {
        private static CliResult Verify(params string[] extra)
        {
            var (artifact, bundle) = SharedInterop.GitHubActionsDsseCase();
            return CliResult.Run(new[] { "verify", artifact, "--bundle", bundle }.Concat(extra).ToArray());
        }

        [TestMethod]
        public void The_identity_and_every_claim_of_the_signer_are_printed()
        {
            CliResult result = Verify("--certificate-identity", SharedInterop.BeaconIdentity, "--certificate-oidc-issuer", SharedInterop.GitHubIssuer);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "signed by " + SharedInterop.BeaconIdentity);
            StringAssert.Contains(result.Stdout, "issuer:             " + SharedInterop.GitHubIssuer);
            StringAssert.Contains(result.Stdout, "source repository:  " + SharedInterop.BeaconRepository);
            StringAssert.Contains(result.Stdout, "source ref:         refs/heads/main");
            StringAssert.Contains(result.Stdout, "signer workflow:    " + SharedInterop.BeaconIdentity);
            StringAssert.Contains(result.Stdout, "runner:             github-hosted");
            StringAssert.Contains(result.Stdout, "signed at:          2024-12-16T18:42:56Z (transparency log https://rekor.sigstore.dev)");
        }

        [TestMethod]
        [DataRow("--source-repository", SharedInterop.BeaconRepository)]
        [DataRow("--source-ref", "refs/heads/main")]
        [DataRow("--source-ref", "refs/heads/.*")]
        [DataRow("--signer-workflow", SharedInterop.BeaconIdentity)]
        [DataRow("--signer-workflow", "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml")]
        [DataRow("--certificate-oidc-issuer-regex", @"https://token\.actions\.githubusercontent\.com")]
        public void A_filter_the_certificate_meets_passes(string option, string value)
        {
            CliResult result = Verify("--certificate-identity", SharedInterop.BeaconIdentity, option, value);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
        }

        [TestMethod]
        [DataRow("--source-repository", "https://github.com/sigstore-conformance/other")]
        [DataRow("--source-repository", "https://github.com/sigstore-conformance")]
        [DataRow("--source-ref", "refs/tags/v.*")]
        [DataRow("--source-ref", "refs/heads/mai")]
        [DataRow("--signer-workflow", "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/release.yml")]
        [DataRow("--certificate-oidc-issuer", "https://gitlab.com")]
        public void A_filter_the_certificate_does_not_meet_is_invalid(string option, string value)
        {
            CliResult result = Verify("--certificate-identity", SharedInterop.BeaconIdentity, option, value);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stderr, "error PROV2002: ", result.ToString());
            Assert.AreEqual("", result.Stdout);
        }

        [TestMethod]
        public void Identity_patterns_match_the_whole_value_unlike_cosigns()
        {
            // cosign's --certificate-identity-regexp would accept a prefix; ours must match the whole SAN.
            CliResult prefix = Verify("--certificate-identity-regex", "https://github.com/sigstore-conformance/");
            CliResult whole = Verify("--certificate-identity-regexp", "https://github.com/sigstore-conformance/.*@refs/heads/main");

            Assert.AreEqual(1, prefix.ExitCode, prefix.ToString());
            StringAssert.StartsWith(prefix.Stderr, "error PROV2002: ");
            Assert.AreEqual(0, whole.ExitCode, whole.ToString());
        }

        [TestMethod]
        public void Deny_self_hosted_runners_accepts_a_github_hosted_certificate()
        {
            CliResult result = Verify("--certificate-identity", SharedInterop.BeaconIdentity, "--deny-self-hosted-runners");

            Assert.AreEqual(0, result.ExitCode, result.ToString());
        }

        [TestMethod]
        public void A_certificate_signed_bundle_does_not_satisfy_a_key()
        {
            using var dir = new TempDirectory();
            string key = TestNupkgs.WritePublicKey(dir.File("k.pub.pem"), SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256));

            CliResult result = Verify("--key", key);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stderr, "error PROV2002: ");
        }

        [TestMethod]
        [DataRow("--key", "k.pub.pem", "--certificate-identity", "x")]
        [DataRow("--source-ref", "refs/heads/main", null, null)]
        [DataRow("--certificate-identity", "x", "--certificate-identity-regex", "y")]
        [DataRow("--certificate-identity-regex", "(unclosed", null, null)]
        [DataRow("--certificate-identity", "x", "--source-ref", "[")]
        public void Contradictory_or_incomplete_options_are_a_coded_usage_error(string a, string b, string? c, string? d)
        {
            using var dir = new TempDirectory();
            File.WriteAllText(dir.File("artifact"), "x");
            var args = new[] { "verify", dir.File("artifact"), a, b == "k.pub.pem" ? dir.File(b) : b }.ToList();
            if (c != null) args.AddRange(new[] { c, d! });

            CliResult result = CliResult.Run(args.ToArray());

            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stderr, "error PROV3012: ", result.ToString());
            StringAssert.Contains(result.Stderr, "Usage: dotnet-provenance verify");
        }

        [TestMethod]
        public void A_trusted_root_that_cannot_be_used_is_PROV3011_and_no_fall_back()
        {
            using var dir = new TempDirectory();
            File.WriteAllText(dir.File("root.json"), "{\"mediaType\": \"application/vnd.dev.sigstore.trustedroot+json;version=0.1\", \"tlogs\": 3}");

            CliResult malformed = Verify("--certificate-identity", SharedInterop.BeaconIdentity, "--trusted-root", dir.File("root.json"));
            CliResult missing = Verify("--certificate-identity", SharedInterop.BeaconIdentity, "--trusted-root", dir.File("none.json"));

            Assert.AreEqual(2, malformed.ExitCode, malformed.ToString());
            StringAssert.StartsWith(malformed.Stderr, "error PROV3011: ");
            StringAssert.Contains(malformed.Stderr, "root.json");
            Assert.AreEqual(2, missing.ExitCode, missing.ToString());
            StringAssert.StartsWith(missing.Stderr, "error PROV3011: ");
        }

        [TestMethod]
        public void A_trusted_root_without_the_signers_ca_rejects_the_bundle()
        {
            string root = Path.Combine(SharedInterop.Require("sigstore-conformance/bundle-verify"), "intoto-with-custom-trust-root", "trusted_root.json");

            CliResult result = Verify("--certificate-identity", SharedInterop.BeaconIdentity, "--trusted-root", root);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stderr, "error PROV2");
        }

        [TestMethod]
        public void Our_own_key_signed_bundles_print_as_before()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);
            string pub = TestStatements.WritePublicKey(dir.Path, "k.pub.pem", key.PublicKey);

            CliResult result = CliResult.Run("verify", artifact, "--key", pub);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            Assert.AreEqual($"verified: {artifact} signed by {key.PublicKey.Hint}\n", result.Stdout.Replace("\r\n", "\n"));
        }

        [TestMethod]
        public void A_package_cannot_be_verified_by_identity_yet_and_says_so()
        {
            using var dir = new TempDirectory();
            string nupkg = TestNupkgs.Create(dir.Path);

            CliResult result = CliResult.Run("verify", nupkg, "--certificate-identity", SharedInterop.BeaconIdentity);

            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stderr, "error PROV3012: ");
        }
    }
}
