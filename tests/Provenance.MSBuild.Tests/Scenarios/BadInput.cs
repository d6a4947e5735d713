using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// A security tool fails closed: a bad key configuration is a coded error naming the file or property at fault,
    /// the build fails, no provenance file is left behind, and no key material or password reaches the output.
    /// </summary>
    [TestClass]
    public sealed class BadInput : SandboxTest
    {
        private const string Password = "Pa55-word-for-tests-9137";
        private const string WrongPassword = "wrong-Pa55-4242";

        public BadInput(TestContext testContext) : base(testContext) { }

        private Sandbox CreateLibrarySandbox()
        {
            Sandbox sandbox = CreateSandbox();
            sandbox.WriteLibrary("", "Lib");
            sandbox.InitGitRepository();
            return sandbox;
        }

        private static CommandResult Build(Sandbox sandbox, IReadOnlyDictionary<string, string?>? environment = null, string? binaryLog = null)
        {
            var args = new List<string> { "-c", "Release", "-v:n" };
            if (binaryLog != null) args.Add("-bl:" + binaryLog);
            return sandbox.DotNet("build", args, environment);
        }

        /// <summary>Failed with the code on an error line that names <paramref name="named"/>, and left no provenance file.</summary>
        private static void AssertFailsClosed(Sandbox sandbox, CommandResult result, string code, string named)
        {
            result.Failed().HasError(code);
            string[] errorLines = result.Output.Split('\n').Where(line => line.Contains("error " + code, StringComparison.Ordinal)).ToArray();
            Assert.IsTrue(errorLines.Any(line => line.Contains(named, StringComparison.Ordinal)), $"the {code} error should name {named}\n" + result);
            Expect.NoProvenanceFiles(sandbox.Root, result);
        }

        [TestMethod]
        public void A_missing_key_file_fails_with_PROV1001_naming_the_file()
        {
            // arrange
            Sandbox sandbox = CreateLibrarySandbox();
            string missing = Path.Combine(sandbox.KeysDirectory, "does-not-exist.pem");
            sandbox.SetBuildProperty("ProvenanceSigningKeyFile", missing);

            // act
            CommandResult result = Build(sandbox);

            // assert
            AssertFailsClosed(sandbox, result, "PROV1001", missing);
        }

        [TestMethod]
        public void A_file_that_is_not_a_key_fails_with_PROV1002_naming_the_file()
        {
            // arrange
            Sandbox sandbox = CreateLibrarySandbox();
            string notAKey = Path.Combine(sandbox.KeysDirectory, "not-a-key.pem");
            File.WriteAllText(notAKey, "this is not a PEM key\n");
            sandbox.SetBuildProperty("ProvenanceSigningKeyFile", notAKey);

            // act
            CommandResult result = Build(sandbox);

            // assert
            AssertFailsClosed(sandbox, result, "PROV1002", notAKey);
        }

        [TestMethod]
        public void An_encrypted_key_without_a_password_fails_with_PROV1003_naming_the_file()
        {
            // arrange
            Sandbox sandbox = CreateLibrarySandbox();
            KeyPair key = OpenSslKeys.Generate(sandbox, "encrypted", KeyKind.Ed25519, Password);
            sandbox.SetBuildProperty("ProvenanceSigningKeyFile", key.PrivateKeyPath);

            // act
            CommandResult result = Build(sandbox);

            // assert
            AssertFailsClosed(sandbox, result, "PROV1003", key.PrivateKeyPath);
        }

        [TestMethod]
        public void An_encrypted_key_with_a_wrong_password_fails_with_PROV1004_and_never_shows_the_password()
        {
            // arrange
            Sandbox sandbox = CreateLibrarySandbox();
            KeyPair key = OpenSslKeys.Generate(sandbox, "encrypted", KeyKind.P256, Password);
            sandbox.SetBuildProperty("ProvenanceSigningKeyFile", key.PrivateKeyPath);
            sandbox.SetBuildProperty("ProvenanceSigningKeyPasswordVariable", "VARNAME");

            // act
            CommandResult result = Build(sandbox, new Dictionary<string, string?> { ["VARNAME"] = WrongPassword });

            // assert
            AssertFailsClosed(sandbox, result, "PROV1004", key.PrivateKeyPath);
            result.OutputDoesNotContain(WrongPassword, "the password");
        }

        [TestMethod]
        public void An_encrypted_key_with_the_password_from_the_named_variable_signs_and_the_password_is_never_logged()
        {
            // arrange
            Sandbox sandbox = CreateLibrarySandbox();
            KeyPair key = OpenSslKeys.Generate(sandbox, "encrypted", KeyKind.Rsa3072, Password);
            sandbox.SetBuildProperty("ProvenanceSigningKeyFile", key.PrivateKeyPath);
            sandbox.SetBuildProperty("ProvenanceSigningKeyPasswordVariable", "KEY_PASSWORD");
            string binaryLog = Path.Combine(sandbox.Directory, "build.binlog");

            // act
            CommandResult result = Build(sandbox, new Dictionary<string, string?> { ["KEY_PASSWORD"] = Password }, binaryLog);

            // assert
            result.Succeeded();
            ProvenanceFile.Verify(sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
            result.OutputDoesNotContain(Password, "the password");
            Assert.IsFalse(BinaryLog.ReadAsText(binaryLog).Contains(Password, StringComparison.Ordinal), "the password appears in the binary log");
        }

        [TestMethod]
        public void An_RSA_2048_key_fails_with_PROV1005_naming_the_file()
        {
            // arrange
            Sandbox sandbox = CreateLibrarySandbox();
            KeyPair key = OpenSslKeys.Generate(sandbox, "rsa2048", KeyKind.Rsa2048);
            sandbox.SetBuildProperty("ProvenanceSigningKeyFile", key.PrivateKeyPath);

            // act
            CommandResult result = Build(sandbox);

            // assert
            AssertFailsClosed(sandbox, result, "PROV1005", key.PrivateKeyPath);
        }

        [TestMethod]
        public void A_key_variable_that_is_not_set_fails_with_PROV1006_naming_the_variable()
        {
            // arrange
            Sandbox sandbox = CreateLibrarySandbox();
            sandbox.SetBuildProperty("ProvenanceSigningKeyVariable", "PROVENANCE_TEST_UNSET_KEY");

            // act
            CommandResult result = Build(sandbox, new Dictionary<string, string?> { ["PROVENANCE_TEST_UNSET_KEY"] = null });

            // assert
            AssertFailsClosed(sandbox, result, "PROV1006", "PROVENANCE_TEST_UNSET_KEY");
        }

        [TestMethod]
        public void A_key_from_the_named_environment_variable_signs_and_its_PEM_never_reaches_the_logs()
        {
            // arrange
            Sandbox sandbox = CreateLibrarySandbox();
            KeyPair key = OpenSslKeys.Generate(sandbox, "from-variable", KeyKind.Ed25519);
            sandbox.SetBuildProperty("ProvenanceSigningKeyVariable", "MY_KEY");
            string binaryLog = Path.Combine(sandbox.Directory, "build.binlog");

            // act
            CommandResult result = Build(sandbox, new Dictionary<string, string?> { ["MY_KEY"] = key.PrivateKeyPem }, binaryLog);

            // assert
            result.Succeeded();
            ProvenanceFile.Verify(sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
            AssertNoKeyMaterial(result.Output, key.PrivateKeyPem, "the build output\n" + result);
            AssertNoKeyMaterial(BinaryLog.ReadAsText(binaryLog), key.PrivateKeyPem, "the binary log");
        }

        [TestMethod]
        [DataRow("ProvenanceSigningKeyVariable")]
        [DataRow("ProvenanceSigningKeyFile")]
        public void A_key_PEM_given_as_a_property_value_fails_with_PROV3002_without_echoing_it(string property)
        {
            // arrange
            Sandbox sandbox = CreateLibrarySandbox();
            KeyPair key = OpenSslKeys.Generate(sandbox, "inline", KeyKind.Ed25519);
            sandbox.SetBuildProperty(property, key.PrivateKeyPem);

            // act
            CommandResult result = Build(sandbox);

            // assert
            AssertFailsClosed(sandbox, result, "PROV3002", property);
            AssertNoKeyMaterial(result.Output, key.PrivateKeyPem, "the build output\n" + result);
        }

        [TestMethod]
        public void Two_key_sources_on_the_command_line_fail_with_PROV3001_naming_both_properties()
        {
            // arrange: one source in a project file would be overridden (Settings); two on the command line are ambiguous
            Sandbox sandbox = CreateLibrarySandbox();
            KeyPair key = OpenSslKeys.Generate(sandbox, "ed25519", KeyKind.Ed25519);

            // act
            CommandResult result = sandbox.DotNet("build",
                new[] { "-c", "Release", "-v:n", "-p:ProvenanceSigningKeyFile=" + key.PrivateKeyPath, "-p:ProvenanceSigningKeyVariable=MY_KEY" },
                new Dictionary<string, string?> { ["MY_KEY"] = key.PrivateKeyPem });

            // assert
            AssertFailsClosed(sandbox, result, "PROV3001", "ProvenanceSigningKeyFile");
            AssertFailsClosed(sandbox, result, "PROV3001", "ProvenanceSigningKeyVariable");
        }

        [TestMethod]
        public void A_builder_id_that_is_not_an_absolute_URI_fails_with_PROV3005_naming_the_property()
        {
            // arrange
            Sandbox sandbox = CreateLibrarySandbox();
            sandbox.UseSigningKey();
            sandbox.SetBuildProperty("ProvenanceBuilderId", "not a uri");

            // act
            CommandResult result = Build(sandbox);

            // assert
            AssertFailsClosed(sandbox, result, "PROV3005", "ProvenanceBuilderId");
        }

        [TestMethod]
        public void An_unwritable_provenance_file_fails_with_PROV1012_naming_it()
        {
            // arrange: a folder stands where the bundle must go (file modes do not stop root, a folder does)
            Sandbox sandbox = CreateLibrarySandbox();
            sandbox.UseSigningKey();
            string bundlePath = sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json");
            Directory.CreateDirectory(bundlePath);

            // act
            CommandResult result = Build(sandbox);

            // assert
            result.Failed().HasError("PROV1012");
            string[] errorLines = result.Output.Split('\n').Where(line => line.Contains("error PROV1012", StringComparison.Ordinal)).ToArray();
            Assert.IsTrue(errorLines.Any(line => line.Contains(bundlePath, StringComparison.Ordinal)), "the error should name " + bundlePath + "\n" + result);
            Assert.IsEmpty(Directory.GetFiles(sandbox.PathOf("bin/Release/net10.0"), "*.tmp"), "no temporary file is left behind");
        }

        /// <summary>The base64 lines of a PEM (what must never be printed), without its BEGIN/END lines.</summary>
        private static string[] PemBodyLines(string pem) =>
            pem.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)).ToArray();

        private static void AssertNoKeyMaterial(string text, string pem, string where)
        {
            foreach (string line in PemBodyLines(pem))
            {
                Assert.IsFalse(text.Contains(line, StringComparison.Ordinal), "the private key appears in " + where);
            }
        }
    }
}
