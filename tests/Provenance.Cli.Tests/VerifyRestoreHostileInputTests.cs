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
        public void A_conditioned_wildcard_policy_item_is_a_coded_usage_error_not_a_crash()
        {
            using var dir = new TempDirectory();
            string project = dir.File("Consumer.csproj");
            File.WriteAllText(project,
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup Condition=\"'$(Configuration)' == 'Release'\">\n" +
                "    <ProvenancePolicy Include=\"Acme.*\" Require=\"true\" />\n  </ItemGroup>\n</Project>\n");
            const string msbuildOutput = "{\"Properties\": {\"ProjectAssetsFile\": \"\"}, \"Items\": {}}";

            var e = Assert.ThrowsExactly<CommandFailedException>(() => MSBuildQuery.Parse(msbuildOutput, project));

            Assert.AreEqual(ExitCodes.UsageOrUnreadable, e.ExitCode);
            Assert.AreEqual(DiagnosticCodes.PolicyInvalid, e.Code);
            StringAssert.Contains(e.Message, "Condition");
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
