using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    [TestClass]
    public sealed class InspectTests
    {
        [TestMethod]
        public void The_text_summary_lists_what_the_bundle_claims_and_says_it_is_not_verified()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);

            CliResult result = CliResult.Run("inspect", artifact + ".sigstore.json");

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            string text = result.Stdout;
            StringAssert.Contains(text, "not verified");
            StringAssert.Contains(text, "Acme.Lib.dll  sha256:" + TestStatements.Sha256Hex(File.ReadAllBytes(artifact)));
            StringAssert.Contains(text, "Acme.Lib.pdb");
            StringAssert.Contains(text, TestStatements.SourceUri);
            StringAssert.Contains(text, TestStatements.Commit);
            StringAssert.Contains(text, TestStatements.BuilderId);
            StringAssert.Contains(text, key.PublicKey.Hint);
            StringAssert.Contains(text, "ed25519");
            StringAssert.Contains(text, "source 1, files 2, packages 1, analyzers 1, project references 1");
            StringAssert.Contains(text, "2026-01-02T03:04:05Z");
            StringAssert.Contains(text, "2026-01-02T03:04:09Z");
        }

        [TestMethod]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256, "ecdsa-p256")]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256, "rsa-3072")]
        public void The_json_summary_is_versioned_and_machine_readable(KeyAlgorithm algorithm, string algorithmName)
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(algorithm);
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, key);

            CliResult result = CliResult.Run("inspect", artifact + ".sigstore.json", "--json");

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            var json = (JsonObject)JsonReader.Parse(result.Stdout);
            Assert.AreEqual("1", json["schemaVersion"]!.ToString());
            Assert.AreSame(JsonBool.False, json["verified"]);
            StringAssert.Contains(json.GetString("note"), "not verified");
            JsonObject subject = (JsonObject)json.GetArray("subjects")![0];
            Assert.AreEqual("Acme.Lib.dll", subject.GetString("name"));
            Assert.AreEqual(TestStatements.Sha256Hex(File.ReadAllBytes(artifact)), subject.GetObject("digest")!.GetString("sha256"));
            Assert.AreEqual(TestStatements.Commit, json.GetObject("source")!.GetString("commit"));
            Assert.AreEqual(TestStatements.BuilderId, json.GetString("builderId"));
            Assert.AreEqual(key.PublicKey.Hint, json.GetObject("key")!.GetString("hint"));
            Assert.AreEqual(algorithmName, json.GetObject("signatureAlgorithm")!.GetString("name"));
            JsonObject dependencies = json.GetObject("dependencies")!;
            Assert.AreEqual("1", dependencies["packages"]!.ToString());
            Assert.AreEqual("2", dependencies["files"]!.ToString());
            Assert.AreEqual("1", dependencies["projectReferences"]!.ToString());
            Assert.AreEqual("6", dependencies["total"]!.ToString());
            Assert.AreEqual(TestStatements.InvocationId, json.GetString("invocationId"));
        }

        [TestMethod]
        public void A_bundle_that_is_not_json_or_missing_exits_with_2()
        {
            using var dir = new TempDirectory();
            File.WriteAllText(dir.File("bad.sigstore.json"), "{\"mediaType\":");

            CliResult malformed = CliResult.Run("inspect", dir.File("bad.sigstore.json"));
            CliResult missing = CliResult.Run("inspect", dir.File("none.sigstore.json"));
            CliResult noArgument = CliResult.Run("inspect");

            Assert.AreEqual(2, malformed.ExitCode, malformed.ToString());
            Assert.AreEqual(2, missing.ExitCode, missing.ToString());
            Assert.AreEqual(2, noArgument.ExitCode, noArgument.ToString());
            StringAssert.Contains(noArgument.Stderr, "Usage: dotnet-provenance inspect");
        }
    }
}
