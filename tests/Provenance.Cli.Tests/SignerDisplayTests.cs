using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    /// <summary>
    /// `inspect` and `verify-restore` show who signed a certificate-signed bundle (claimed, unless verified); inspect
    /// shows every digest of a subject (a VSA names packages by sha512 only) and treats a package as a usage error;
    /// keygen writes no key where it was not told to.
    /// </summary>
    [TestClass]
    public sealed class SignerDisplayTests
    {
        [TestMethod]
        public void Inspect_shows_what_the_certificate_claims_and_that_it_is_unverified()
        {
            var (_, bundle) = SharedInterop.GitHubActionsDsseCase();

            CliResult text = CliResult.Run("inspect", bundle);
            CliResult json = CliResult.Run("inspect", bundle, "--json");

            Assert.AreEqual(0, text.ExitCode, text.ToString());
            StringAssert.Contains(text.Stdout, "Signer:        (what the certificate claims; verify checks it)");
            StringAssert.Contains(text.Stdout, "  identity:           " + SharedInterop.BeaconIdentity);
            StringAssert.Contains(text.Stdout, "  issuer:             " + SharedInterop.GitHubIssuer);
            StringAssert.Contains(text.Stdout, "  source repository:  " + SharedInterop.BeaconRepository);
            StringAssert.Contains(text.Stdout, "  source ref:         refs/heads/main");
            StringAssert.Contains(text.Stdout, "  signer workflow:    " + SharedInterop.BeaconIdentity);
            StringAssert.Contains(text.Stdout, "  runner:             github-hosted");
            Assert.AreEqual(0, json.ExitCode, json.ToString());
            JsonObject signer = ((JsonObject)JsonReader.Parse(json.Stdout)).GetObject("signer")!;
            Assert.AreSame(JsonBool.False, signer["verified"]);
            Assert.AreEqual(SharedInterop.BeaconIdentity, signer.GetString("subjectAlternativeName"));
            Assert.AreEqual(SharedInterop.BeaconRepository, signer.GetString("sourceRepository"));
            Assert.AreEqual("github-hosted", signer.GetString("runnerEnvironment"));
        }

        [TestMethod]
        public void Inspect_reads_a_v01_message_signature_bundle()
        {
            string cases = SharedInterop.Require("sigstore-conformance/bundle-verify");

            CliResult result = CliResult.Run("inspect", Path.Combine(cases, "happy-path-v0.1", "bundle.sigstore.json"));

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "(unnamed)  sha256:");
            StringAssert.Contains(result.Stdout, "  identity:");
        }

        [TestMethod]
        public void Inspect_of_a_key_signed_bundle_shows_no_signer_identity()
        {
            using var dir = new TempDirectory();
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, SigningKey.Generate(KeyAlgorithm.Ed25519));

            CliResult result = CliResult.Run("inspect", artifact + ".sigstore.json", "--json");

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            Assert.AreSame(JsonNull.Instance, ((JsonObject)JsonReader.Parse(result.Stdout))["signer"]);
        }

        [TestMethod]
        public void Inspect_of_a_verification_summary_shows_its_sha512_subjects()
        {
            using var dir = new TempDirectory();
            string sha512 = string.Concat(Enumerable.Repeat("ab", 64));
            var statement = new JsonObject()
                .Add("_type", "https://in-toto.io/Statement/v1")
                .Add("subject", new JsonArray(new JsonValue[]
                {
                    new JsonObject().Add("name", "pkg:nuget/Acme.Lib@1.2.3").Add("digest", new JsonObject().Add("sha512", sha512)),
                }))
                .Add("predicateType", "https://slsa.dev/verification_summary/v1")
                .Add("predicate", new JsonObject().Add("verificationResult", "PASSED"));
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            DsseEnvelope envelope = DsseEnvelope.Sign(Pae.InTotoPayloadType, Encoding.UTF8.GetBytes(JsonWriter.ToText(statement, indented: false)), key);
            File.WriteAllBytes(dir.File("vsa.sigstore.json"), SigstoreBundle.ForPublicKey(envelope, key.PublicKey).ToUtf8Bytes());

            CliResult result = CliResult.Run("inspect", dir.File("vsa.sigstore.json"));

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "pkg:nuget/Acme.Lib@1.2.3  sha512:" + sha512);
            Assert.IsFalse(result.Stdout.Contains("no sha256"), result.Stdout);
        }

        [TestMethod]
        public void Inspect_of_a_package_is_a_usage_error_not_tampering()
        {
            using var dir = new TempDirectory();
            string nupkg = TestNupkgs.Create(dir.Path);
            File.Copy(nupkg, dir.File("renamed.json"));

            CliResult byName = CliResult.Run("inspect", nupkg);
            CliResult byContent = CliResult.Run("inspect", dir.File("renamed.json"));

            foreach (CliResult result in new[] { byName, byContent })
            {
                Assert.AreEqual(2, result.ExitCode, result.ToString());
                StringAssert.StartsWith(result.Stderr, "error PROV3012: ", result.ToString());
                StringAssert.Contains(result.Stderr, "is a package, not a bundle");
                Assert.IsFalse(result.Stderr.Contains("PROV2003"), result.Stderr);
            }
        }

        [TestMethod]
        public void Keygen_without_out_writes_nothing_and_is_a_usage_error()
        {
            string before = string.Join("\n", Directory.GetFiles(Directory.GetCurrentDirectory()).OrderBy(f => f, StringComparer.Ordinal));

            CliResult result = CliResult.Run("keygen", "--algorithm", "ed25519");

            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stderr, "error PROV3012: --out <private.pem> is required");
            Assert.AreEqual(before, string.Join("\n", Directory.GetFiles(Directory.GetCurrentDirectory()).OrderBy(f => f, StringComparer.Ordinal)));
            Assert.IsFalse(File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "provenance-key.pem")));
        }

        [TestMethod]
        public void Verify_restore_shows_the_certificate_identity_of_a_package_as_claimed_when_not_verified()
        {
            var (_, certificateBundle) = SharedInterop.GitHubActionsDsseCase();
            using var dir = new TempDirectory();
            SigningKey acme = SigningKey.Generate(KeyAlgorithm.Ed25519);
            var restore = new TestRestore(dir.Path).Add("Acme.Lib", "1.2.3", acme, "net10.0").Add("Keyed.Lib", "1.0.0", acme, "net10.0");
            string assets = restore.WriteAssets();
            // A package whose provenance is certificate-signed (here: someone else's bundle, so not a verified package).
            File.Copy(certificateBundle, Path.Combine(restore.FolderOf("Acme.Lib", "1.2.3"), "provenance", "package.sigstore.json"), overwrite: true);
            string key = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), acme);

            CliResult table = CliResult.Run("verify-restore", "--assets", assets, "--packages", restore.PackagesRoot, "--key", key);
            CliResult json = CliResult.Run("verify-restore", "--assets", assets, "--packages", restore.PackagesRoot, "--key", key, "--json");

            StringAssert.Contains(table.Stdout, "Signers:\n  Acme.Lib 1.2.3 (claimed by its certificate, not verified):\n    identity:           " + SharedInterop.BeaconIdentity,
                table.ToString());
            StringAssert.Contains(table.Stdout, "    source repository:  " + SharedInterop.BeaconRepository);
            Assert.IsFalse(table.Stdout.Contains("Keyed.Lib 1.0.0 ("), table.Stdout);
            StringAssert.EndsWith(table.Stdout.TrimEnd(), "policy passed");
            var packages = ((JsonObject)JsonReader.Parse(json.Stdout)).GetArray("packages")!.Items.Cast<JsonObject>().ToList();
            JsonObject certificate = packages.Single(p => p.GetString("id") == "Acme.Lib").GetObject("signerCertificate")!;
            Assert.AreSame(JsonBool.False, certificate["verified"]);
            Assert.AreEqual(SharedInterop.BeaconIdentity, certificate.GetString("subjectAlternativeName"));
            Assert.AreSame(JsonNull.Instance, packages.Single(p => p.GetString("id") == "Keyed.Lib")["signerCertificate"]);
        }
    }
}
