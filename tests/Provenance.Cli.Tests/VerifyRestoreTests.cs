using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    /// <summary>
    /// `verify-restore` on a hand-laid packages folder and assets file, through --assets/--packages (no MSBuild, so
    /// these stay fast). The one test that asks a real MSBuild is VerifyRestoreProjectTests.
    /// </summary>
    [TestClass]
    public sealed class VerifyRestoreTests
    {
        private static readonly SigningKey Acme = SigningKey.Generate(KeyAlgorithm.Ed25519);

        [TestMethod]
        public void Every_package_of_every_target_is_one_row_and_the_policy_passes()
        {
            using var dir = new TempDirectory();
            var restore = new TestRestore(dir.Path)
                .Add("Acme.Lib", "1.2.3", Acme, "net8.0", "net10.0", "net10.0/linux-x64")
                .Add("Other.Pkg", "2.0.0", null, "net10.0");
            string assets = restore.WriteAssets();
            string key = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), Acme);

            CliResult result = CliResult.Run("verify-restore", "--assets", assets, "--packages", restore.PackagesRoot, "--key", key);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            string[] lines = Lines(result.Stdout);
            Assert.AreEqual(4, lines.Length, result.Stdout);
            StringAssert.Matches(lines[0], new System.Text.RegularExpressions.Regex(@"^PACKAGE\s+VERSION\s+OUTCOME\s+POLICY\s+CODE\s+REASON$"));
            StringAssert.Matches(lines[1], new System.Text.RegularExpressions.Regex(@"^Acme\.Lib\s+1\.2\.3\s+verified\s+ok\s+-\s+Acme\.Lib 1\.2\.3 is verified: signed by "));
            StringAssert.Matches(lines[2], new System.Text.RegularExpressions.Regex(@"^Other\.Pkg\s+2\.0\.0\s+notAttested\s+-\s+PROV2001\s+Other\.Pkg 2\.0\.0 has no provenance"));
            Assert.AreEqual("2 packages in 3 targets: 1 verified, 1 notAttested; policy passed", lines[3]);
            Assert.AreEqual("", result.Stderr);
        }

        [TestMethod]
        public void The_packages_root_defaults_to_the_assets_files_package_folder()
        {
            using var dir = new TempDirectory();
            var restore = new TestRestore(dir.Path).Add("Acme.Lib", "1.2.3", Acme, "net10.0");
            string assets = restore.WriteAssets();
            string key = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), Acme);

            CliResult result = CliResult.Run("verify-restore", "--assets", assets, "--key", key);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "1 package in 1 target: 1 verified; policy passed");
        }

        [TestMethod]
        public void A_file_changed_in_the_packages_folder_fails_the_policy_whatever_it_says()
        {
            using var dir = new TempDirectory();
            var restore = new TestRestore(dir.Path).Add("Acme.Lib", "1.2.3", Acme, "net10.0");
            string assets = restore.WriteAssets();
            string key = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), Acme);
            string dll = Path.Combine(restore.FolderOf("Acme.Lib", "1.2.3"), "lib", "net10.0", "Acme.Lib.dll");
            byte[] bytes = File.ReadAllBytes(dll);
            bytes[100] ^= 1;
            File.WriteAllBytes(dll, bytes);

            CliResult result = CliResult.Run("verify-restore", "--assets", assets, "--packages", restore.PackagesRoot, "--key", key,
                "--policy", "Acme.Lib;require=false");

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.Matches(Lines(result.Stdout)[1], new System.Text.RegularExpressions.Regex(@"^Acme\.Lib\s+1\.2\.3\s+tampered\s+error\s+PROV2003\s+.*'lib/net10.0/Acme.Lib.dll' differs"));
            StringAssert.EndsWith(result.Stdout.TrimEnd(), "1 package in 1 target: 1 tampered; policy FAILED: 1 error");
        }

        [TestMethod]
        public void A_required_package_that_is_not_attested_fails_unless_its_severity_is_warning()
        {
            using var dir = new TempDirectory();
            var restore = new TestRestore(dir.Path).Add("Acme.Lib", "1.2.3", null, "net10.0");
            string assets = restore.WriteAssets();

            CliResult failing = CliResult.Run("verify-restore", "--assets", assets, "--policy", "Acme.*;require=true");
            CliResult warning = CliResult.Run("verify-restore", "--assets", assets, "--policy", "Acme.*;require=true;severity=warning");
            CliResult notRequired = CliResult.Run("verify-restore", "--assets", assets);

            Assert.AreEqual(1, failing.ExitCode, failing.ToString());
            StringAssert.Contains(failing.Stdout, "notAttested  error");
            Assert.AreEqual(0, warning.ExitCode, warning.ToString());
            StringAssert.Contains(warning.Stdout, "policy passed with 1 warning");
            Assert.AreEqual(0, notRequired.ExitCode, notRequired.ToString());
        }

        [TestMethod]
        public void A_required_package_signed_by_an_untrusted_key_fails()
        {
            using var dir = new TempDirectory();
            var restore = new TestRestore(dir.Path).Add("Acme.Lib", "1.2.3", SigningKey.Generate(KeyAlgorithm.Ed25519), "net10.0");
            string assets = restore.WriteAssets();
            string key = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), Acme);

            CliResult result = CliResult.Run("verify-restore", "--assets", assets, "--key", key, "--policy", "Acme.Lib");

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "untrustedSigner  error");
            StringAssert.Contains(result.Stdout, "PROV2002");
        }

        [TestMethod]
        public void A_source_repository_other_than_the_policy_requires_is_a_policy_violation()
        {
            using var dir = new TempDirectory();
            var restore = new TestRestore(dir.Path).Add("Acme.Lib", "1.2.3", Acme, "net10.0");
            string assets = restore.WriteAssets();
            string key = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), Acme);

            CliResult wrong = CliResult.Run("verify-restore", "--assets", assets, "--key", key, "--policy", "Acme.*;source=https://github.com/someone/else");
            CliResult right = CliResult.Run("verify-restore", "--assets", assets, "--key", key, "--policy", "Acme.*;source=" + TestNupkgs.Repository);

            Assert.AreEqual(1, wrong.ExitCode, wrong.ToString());
            StringAssert.Matches(wrong.Stdout, new System.Text.RegularExpressions.Regex(@"policyViolation\s+error\s+PROV2004\s+.*someone/else"));
            Assert.AreEqual(0, right.ExitCode, right.ToString());
        }

        [TestMethod]
        public void Json_is_versioned_and_carries_the_reports_fields_and_the_decision()
        {
            using var dir = new TempDirectory();
            var restore = new TestRestore(dir.Path)
                .Add("Acme.Lib", "1.2.3", Acme, "net8.0", "net10.0")
                .Add("Other.Pkg", "2.0.0", null, "net10.0");
            string assets = restore.WriteAssets();
            string key = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), Acme);

            CliResult result = CliResult.Run("verify-restore", "--assets", assets, "--packages", restore.PackagesRoot, "--key", key,
                "--policy", "Other.Pkg;severity=warning", "--json");

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            var root = (JsonObject)JsonReader.Parse(result.Stdout);
            Assert.AreEqual("1", ((JsonNumber)root["schemaVersion"]!).RawText);
            Assert.AreEqual(Path.GetFullPath(assets), root.GetString("assetsFile"));
            Assert.AreEqual(Acme.PublicKey.Hint, ((JsonObject)root.GetArray("trustedKeys")![0]).GetString("hint"));
            JsonObject[] packages = root.GetArray("packages")!.Items.Cast<JsonObject>().ToArray();
            Assert.AreEqual(2, packages.Length);

            JsonObject acme = packages[0];
            CollectionAssert.AreEqual(
                new[] { "id", "version", "outcome", "reason", "contentHash", "statement", "signer", "sourceRepository", "decision", "signerCertificate", "targets", "sources" },
                acme.Members.Select(m => m.Key).ToArray());
            Assert.AreEqual("verified", acme.GetString("outcome"));
            Assert.AreEqual("verified", acme.GetString("decision"));
            Assert.AreEqual(Acme.PublicKey.Hint, acme.GetString("signer"));
            Assert.AreEqual(128, acme.GetObject("contentHash")!.GetString("sha512")!.Length);
            CollectionAssert.AreEqual(new[] { "net8.0", "net10.0" }, acme.GetArray("targets")!.Items.Select(t => t.AsString()).ToArray());
            CollectionAssert.AreEqual(new[] { "net8.0", "net10.0" }, acme.GetArray("sources")!.Items.Select(t => t.AsString()).ToArray());

            JsonObject other = packages[1];
            Assert.AreEqual("notAttested", other.GetString("outcome"));
            Assert.AreEqual("PROV2001", other.GetString("code"));
            Assert.AreEqual("warning", other.GetString("decision"));

            JsonObject summary = root.GetObject("summary")!;
            Assert.AreEqual("2", ((JsonNumber)summary["packages"]!).RawText);
            Assert.AreEqual("1", ((JsonNumber)summary["warnings"]!).RawText);
            Assert.AreSame(JsonBool.True, summary["policyPassed"]);
        }

        [TestMethod]
        public void A_missing_assets_file_asks_for_a_restore_with_exit_2()
        {
            using var dir = new TempDirectory();

            CliResult result = CliResult.Run("verify-restore", "--assets", dir.File("obj/project.assets.json"));

            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stderr, "run dotnet restore first");
        }

        [TestMethod]
        [DataRow("--policy", "Acme.*;requires=true")]
        [DataRow("--policy", ";require=true")]
        [DataRow("--policy", "Acme.*;severity=loud")]
        [DataRow("--policy", "Acme*Lib")]
        public void A_malformed_policy_is_a_usage_error(string option, string value)
        {
            using var dir = new TempDirectory();
            string assets = new TestRestore(dir.Path).Add("Acme.Lib", "1.2.3", null, "net10.0").WriteAssets();

            CliResult result = CliResult.Run("verify-restore", "--assets", assets, option, value);

            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stderr, "error");
        }

        [TestMethod]
        public void A_project_and_assets_together_or_neither_is_a_usage_error()
        {
            using var dir = new TempDirectory();

            Assert.AreEqual(2, CliResult.Run("verify-restore", dir.Path, "--assets", dir.File("a.json")).ExitCode);
            Assert.AreEqual(2, CliResult.Run("verify-restore").ExitCode);
            Assert.AreEqual(2, CliResult.Run("verify-restore", dir.Path).ExitCode, "a folder without a project file");
            CliResult help = CliResult.Run("verify-restore", "--help");
            Assert.AreEqual(0, help.ExitCode);
            StringAssert.Contains(help.Stdout, "--policy");
        }

        private static string[] Lines(string text) => text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
    }
}
