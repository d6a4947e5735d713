using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>Each target framework and runtime identifier gets its own bundle, which says which one it was.</summary>
    [TestClass]
    public sealed class TargetsAndRuntimes : SandboxTest
    {
        public TargetsAndRuntimes(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void A_multi_targeted_library_gets_a_bundle_per_target_framework_naming_it()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib", targetFrameworks: "net8.0;net10.0");
            sandbox.InitGitRepository();

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            foreach (string targetFramework in new[] { "net8.0", "net10.0" })
            {
                string dll = sandbox.PathOf("bin/Release", targetFramework, "Lib.dll");
                ProvenanceFile bundle = ProvenanceFile.Verify(dll + ".sigstore.json", key.PublicKeyPath);
                Assert.AreEqual(targetFramework, bundle.ExternalParameters.GetString("targetFramework"), "externalParameters: " + bundle.ExternalParameters);
                Assert.IsTrue(bundle.Verified.HasSubjectDigest("sha256", Files.Sha256Hex(dll)), targetFramework + ": the subject is this framework's assembly");
            }

            Assert.IsEmpty(Directory.GetFiles(sandbox.PathOf("bin/Release"), "*.sigstore.json"), "the outer build of a multi-targeted project attests nothing itself");
        }

        [TestMethod]
        public void A_runtime_specific_build_records_the_runtime_identifier()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteConsoleApp("", "App");
            sandbox.InitGitRepository();

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release", "-r", "linux-x64");

            // assert
            result.Succeeded();
            string dll = sandbox.PathOf("bin/Release/net10.0/linux-x64/App.dll");
            ProvenanceFile bundle = ProvenanceFile.Verify(dll + ".sigstore.json", key.PublicKeyPath);
            Assert.AreEqual("linux-x64", bundle.ExternalParameters.GetString("runtimeIdentifier"), "externalParameters: " + bundle.ExternalParameters);
            Assert.AreEqual("net10.0", bundle.ExternalParameters.GetString("targetFramework"));
            Assert.IsTrue(bundle.Verified.HasSubjectDigest("sha256", Files.Sha256Hex(dll)));
            Assert.IsFalse(File.Exists(sandbox.PathOf("bin/Release/net10.0/App.dll.sigstore.json")), "only the runtime-specific output was built");
        }
    }
}
