using System.IO;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Cli.VerifyRestore;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    /// <summary>
    /// Issue 6, bullet 7: hostile input gets a verdict or a coded message, never a crash (exit 134) that hides the
    /// verdicts on every other package.
    /// </summary>
    [TestClass]
    public sealed class VerifyRestoreHostileInputTests
    {
        private static readonly SigningKey Acme = SigningKey.Generate(KeyAlgorithm.Ed25519);

        [TestMethod]
        public void A_lone_surrogate_payload_type_is_that_packages_tampered_verdict_and_the_others_are_still_judged()
        {
            using var dir = new TempDirectory();
            var restore = new TestRestore(dir.Path)
                .Add("Acme.Lib", "1.2.3", Acme, "net10.0")
                .Add("Acme.Other", "1.0.0", Acme, "net10.0");
            string assets = restore.WriteAssets();
            string key = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), Acme);
            string bundle = Path.Combine(restore.FolderOf("Acme.Lib", "1.2.3"), "provenance", "package.sigstore.json");
            string text = File.ReadAllText(bundle);
            StringAssert.Contains(text, "\"payloadType\": \"application/vnd.in-toto+json\"");
            File.WriteAllText(bundle, text.Replace("\"payloadType\": \"application/vnd.in-toto+json\"", "\"payloadType\": \"\\ud800\""), new UTF8Encoding(false));

            CliResult result = CliResult.Run("verify-restore", "--assets", assets, "--packages", restore.PackagesRoot, "--key", key, "--policy", "Acme.*;require=true");

            Assert.AreEqual(ExitCodes.Invalid, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "PROV2003");
            StringAssert.Contains(result.Stdout, "provenance/package.sigstore.json");
            StringAssert.Contains(result.Stdout, "2 packages in 1 target: 1 verified, 1 tampered");
        }

        [TestMethod]
        [DataRow("not json at all")]
        [DataRow("{\"schemaVersion\": 2, \"trustedKeys\": [], \"policies\": []}")]
        [DataRow("{\"schemaVersion\": 1, \"trustedKeys\": [1], \"policies\": []}")]
        [DataRow("{\"schemaVersion\": 1, \"trustedKeys\": [], \"policies\": [{\"require\": \"true\"}]}")]
        public void A_policy_file_the_gate_did_not_write_is_a_coded_usage_error_not_a_crash(string json)
        {
            var e = Assert.ThrowsExactly<CommandFailedException>(() => MSBuildQuery.ReadDeclaredPolicy(Encoding.UTF8.GetBytes(json), "/src/Consumer.csproj"));

            Assert.AreEqual(ExitCodes.UsageOrUnreadable, e.ExitCode);
            Assert.AreEqual(DiagnosticCodes.PolicyInvalid, e.Code);
            StringAssert.Contains(e.Message, MSBuildQuery.PolicyTarget);
        }

        [TestMethod]
        public void Only_MSB4057_for_the_policy_target_means_the_project_has_no_gate()
        {
            Assert.IsTrue(MSBuildQuery.IsMissingPolicyTarget(
                "/src/Consumer.csproj : error MSB4057: The target \"ProvenanceWriteDeclaredPolicy\" does not exist in the project.\n"));
            Assert.IsFalse(MSBuildQuery.IsMissingPolicyTarget("/src/Consumer.csproj : error MSB4057: The target \"Other\" does not exist in the project."));
            Assert.IsFalse(MSBuildQuery.IsMissingPolicyTarget("/src/Consumer.csproj : error PROV3004: ProvenanceWriteDeclaredPolicy could not read the policy"));
        }

        [TestMethod]
        public void A_core_error_no_command_translated_is_a_coded_message_with_exit_2()
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            int exit = Program.Guard("usage\n", () => throw new ProvenanceException(DiagnosticCodes.PolicyInvalid, "the policy cannot be evaluated"), stdout, stderr);

            Assert.AreEqual(ExitCodes.UsageOrUnreadable, exit);
            Assert.AreEqual("error PROV3004: the policy cannot be evaluated" + System.Environment.NewLine, stderr.ToString());
            Assert.AreEqual("", stdout.ToString());
        }
    }
}
