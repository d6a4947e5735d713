using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>The harness itself works: a sandbox builds a plain project without the package, isolated from the machine.</summary>
    [TestClass]
    public sealed class HarnessTests : SandboxTest
    {
        public HarnessTests(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void A_sandbox_builds_a_plain_library_without_the_package()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            sandbox.WriteLibrary("", "Plain", provenance: false);
            sandbox.InitGitRepository("https://github.com/acme/plain.git");
            sandbox.Environment["CI"] = null; // scrubbed anyway; a test sets CI variables only on purpose

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            Expect.FileExists(sandbox.PathOf("bin/Release/net10.0/Plain.dll"), result);
            Expect.NoProvenanceFiles(sandbox.Root, result);
            Assert.AreEqual("", sandbox.GitOrFail("status", "--porcelain"), "build output is ignored by git: the work tree stays clean");
        }
    }
}
