using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Json;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>The skip switch, and what settings let into the statement: allowlisted variables only, secrets redacted.</summary>
    [TestClass]
    public sealed class Settings : SandboxTest
    {
        public Settings(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void ProvenanceEnabled_false_writes_no_provenance_file()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            sandbox.UseSigningKey();
            sandbox.SetBuildProperty("ProvenanceEnabled", "false");
            sandbox.WriteLibrary("", "Lib");
            sandbox.InitGitRepository();

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            Expect.FileExists(sandbox.PathOf("bin/Release/net10.0/Lib.dll"), result);
            Expect.NoProvenanceFiles(sandbox.Root, result);
            Assert.IsFalse(Directory.Exists(Path.Combine(sandbox.ConfigHome, "Provenance.MSBuild")), "no development key is created either");
        }

        [TestMethod]
        public void Listed_environment_variables_are_recorded_unlisted_ones_and_secret_properties_are_not()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.SetBuildProperty("ProvenanceEnvironmentVariables", "MY_BUILD_LABEL");
            sandbox.WriteLibrary("", "Lib");
            sandbox.InitGitRepository();
            var environment = new Dictionary<string, string?>
            {
                ["MY_BUILD_LABEL"] = "label-value-7",
                ["UNLISTED_VALUE"] = "unlisted-value-8",
            };

            // act
            CommandResult result = sandbox.DotNet("build", new[] { "-c", "Release", "-p:NuGetApiKey=secret-api-key-value-9" }, environment);

            // assert
            result.Succeeded();
            ProvenanceFile bundle = ProvenanceFile.Verify(sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
            JsonObject? recorded = bundle.InternalParameters.GetObject("environment");
            Assert.AreEqual("label-value-7", recorded?.GetString("MY_BUILD_LABEL"), "internalParameters: " + bundle.InternalParameters);
            Assert.IsFalse(bundle.StatementText.Contains("unlisted-value-8", StringComparison.Ordinal), "an unlisted variable was recorded");
            Assert.IsFalse(bundle.StatementText.Contains("UNLISTED_VALUE", StringComparison.Ordinal), "an unlisted variable was recorded");
            Assert.IsFalse(bundle.StatementText.Contains("secret-api-key-value-9", StringComparison.Ordinal), "a secret-looking global property was recorded");
            Assert.IsTrue(bundle.ExternalParameters.GetObject("globalProperties")?.ContainsKey("NuGetApiKey") ?? false,
                "the secret-looking property is named (with its value redacted): " + bundle.ExternalParameters);
            result.OutputDoesNotContain("secret-api-key-value-9", "the secret-looking property's value");
        }

        [TestMethod]
        public void A_key_given_on_the_command_line_wins_over_the_repository_default_in_the_documented_order()
        {
            // arrange: the README's Directory.Build.props key file, and a CI key in a variable
            Sandbox sandbox = CreateSandbox();
            KeyPair repositoryKey = sandbox.UseSigningKey(KeyKind.Ed25519, "repository");
            KeyPair ciKey = OpenSslKeys.Generate(sandbox, "ci", KeyKind.P256);
            sandbox.WriteLibrary("", "Lib");
            sandbox.InitGitRepository();
            string bundle = sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json");
            var environment = new Dictionary<string, string?> { ["PROVENANCE_KEY"] = ciKey.PrivateKeyPem };

            // act 1: the README's CI command line on top of the repository default
            CommandResult ci = sandbox.DotNet("build", new[] { "-c", "Release", "-v:n", "-p:ProvenanceSigningKeyVariable=PROVENANCE_KEY" }, environment);

            // assert 1: no PROV3001; the command line's key signed, and the log says which one and why
            ci.Succeeded().OutputDoesNotContain("PROV3001", "a conflict error");
            ci.OutputContains("signing with ProvenanceSigningKeyVariable (given on the command line)");
            ProvenanceFile.Verify(bundle, ciKey.PublicKeyPath);

            // act 2: the repository names the variable, the command line a key file: the command line still wins
            sandbox.SetBuildProperty("ProvenanceSigningKeyFile", null);
            sandbox.SetBuildProperty("ProvenanceSigningKeyVariable", "PROVENANCE_KEY");
            CommandResult local = sandbox.DotNet("build", new[] { "-c", "Release", "-p:ProvenanceSigningKeyFile=" + repositoryKey.PrivateKeyPath }, environment);

            // assert 2
            local.Succeeded();
            ProvenanceFile.Verify(bundle, repositoryKey.PublicKeyPath);

            // act 3: both in project files: the variable comes first in the documented order
            sandbox.SetBuildProperty("ProvenanceSigningKeyFile", repositoryKey.PrivateKeyPath);
            CommandResult both = sandbox.DotNet("build", new[] { "-c", "Release" }, environment);

            // assert 3
            both.Succeeded();
            ProvenanceFile.Verify(bundle, ciKey.PublicKeyPath);
        }
    }
}
