using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    /// <summary>`diff`: two provenances compared group by group; 0 the same, 1 they differ, 2 usage.</summary>
    [TestClass]
    public sealed class DiffTests
    {
        private static readonly SigningKey Key = SigningKey.Generate(KeyAlgorithm.Ed25519);

        private static readonly (string, string)[] ReleaseToDebugAndOlderPackage =
        {
            ("\"configuration\": \"Release\"", "\"configuration\": \"Debug\""),
            ("pkg:nuget/Newtonsoft.Json@13.0.3", "pkg:nuget/Newtonsoft.Json@13.0.1"),
            ("\"sdkVersion\": \"10.0.401\"", "\"sdkVersion\": \"10.0.100\""),
            ("2026-01-02T03:04:09Z", "2026-02-02T03:04:09Z"),   // a build time: never a difference
        };

        [TestMethod]
        public void Two_builds_that_record_the_same_are_the_same_whatever_their_times()
        {
            using var dir = new TempDirectory();
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, Key);
            string other = StatementEdits.Resign(artifact + ".sigstore.json", dir.File("b/Acme.Lib.dll.sigstore.json"), Key, ("2026-01-02T03:04:09Z", "2027-01-02T03:04:09Z"));

            CliResult result = CliResult.Run("diff", artifact, other);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "the same");
            StringAssert.Contains(result.Stdout, "not verified");
        }

        [TestMethod]
        public void Differences_are_grouped_and_name_the_setting_package_and_sdk()
        {
            using var dir = new TempDirectory();
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, Key);
            string other = StatementEdits.Resign(artifact + ".sigstore.json", dir.File("b/Acme.Lib.dll.sigstore.json"), Key, ReleaseToDebugAndOlderPackage);
            string publicKey = TestStatements.WritePublicKey(dir.Path, "key.pub.pem", Key.PublicKey);

            CliResult result = CliResult.Run("diff", artifact + ".sigstore.json", other, "--key", publicKey);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            string text = result.Stdout;
            StringAssert.Contains(text, "3 differences");
            StringAssert.Contains(text, "parameters (1):\n  ~ configuration  Release -> Debug");
            StringAssert.Contains(text, "packages (1):\n  ~ Newtonsoft.Json  13.0.3 sha512:cccccccccccccccc… -> 13.0.1 sha512:cccccccccccccccc…");
            StringAssert.Contains(text, "sdk and runtime (1):\n  ~ sdkVersion  10.0.401 -> 10.0.100");
            Assert.IsFalse(text.Contains("not verified"), "both were verified with --key");
        }

        [TestMethod]
        public void A_long_list_that_differs_shows_only_the_items_that_differ()
        {
            string args = string.Join(" | ", Enumerable.Range(0, 40).Select(i => "/option" + i + ":value"));
            List<string> changed = Provenance.Cli.Diff.DiffText.ListChanges(args, args.Replace("/option7:value", "/option7:other") + " | /pathmap:.=/_/")!;
            CollectionAssert.AreEqual(new[] { "- /option7:value", "+ /option7:other", "+ /pathmap:.=/_/" }, changed);

            string reordered = string.Join(" | ", Enumerable.Range(0, 40).Select(i => "src/File" + (i == 3 ? 4 : i == 4 ? 3 : i) + ".cs"));
            string sources = string.Join(" | ", Enumerable.Range(0, 40).Select(i => "src/File" + i + ".cs"));
            StringAssert.StartsWith(Provenance.Cli.Diff.DiffText.ListChanges(sources, reordered)!.Single(), "the same items in another order, first at position 4: src/File3.cs -> src/File4.cs");
            Assert.IsNull(Provenance.Cli.Diff.DiffText.ListChanges("a | b", "a | c"), "a short list is shown whole");
        }

        [TestMethod]
        public void Json_lists_every_change_with_whole_values()
        {
            using var dir = new TempDirectory();
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, Key);
            string other = StatementEdits.Resign(artifact + ".sigstore.json", dir.File("b/Acme.Lib.dll.sigstore.json"), Key,
                ("\"name\": \"src/Acme.Lib/Class1.cs\"", "\"name\": \"src/Acme.Lib/Class2.cs\""));

            CliResult result = CliResult.Run("diff", artifact, other, "--json");

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            var json = (JsonObject)JsonReader.Parse(result.Stdout);
            Assert.AreEqual("1", json["schemaVersion"]!.ToString());
            Assert.AreSame(JsonBool.False, json["identical"]);
            JsonObject inputs = json.GetArray("groups")!.Items.Cast<JsonObject>().Single(g => g.GetString("name") == "inputs");
            string[] changes = inputs.GetArray("changes")!.Items.Cast<JsonObject>().Select(c => c.GetString("change") + " " + c.GetString("key")).ToArray();
            CollectionAssert.AreEqual(new[] { "removed src/Acme.Lib/Class1.cs", "added src/Acme.Lib/Class2.cs" }, changes);
            string digest = inputs.GetArray("changes")!.Items.Cast<JsonObject>().First().GetString("a")!;
            StringAssert.Matches(digest, new System.Text.RegularExpressions.Regex("^sha256:[0-9a-f]{64} \\(compile\\)$"));
        }

        [TestMethod]
        public void A_signature_by_another_key_is_invalid_and_one_argument_is_a_usage_error()
        {
            using var dir = new TempDirectory();
            string artifact = TestStatements.WriteSignedArtifact(dir.Path, Key);
            string stranger = TestStatements.WritePublicKey(dir.Path, "other.pub.pem", SigningKey.Generate(KeyAlgorithm.Ed25519).PublicKey);

            CliResult untrusted = CliResult.Run("diff", artifact, artifact, "--key", stranger);
            Assert.AreEqual(1, untrusted.ExitCode, untrusted.ToString());

            CliResult usage = CliResult.Run("diff", artifact);
            Assert.AreEqual(2, usage.ExitCode, usage.ToString());
            StringAssert.Contains(usage.Stderr, "two provenances");
        }
    }
}
