using System;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Slsa;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>Source facts come from git when there is one; no repository is not an error.</summary>
    [TestClass]
    public sealed class SourceControl : SandboxTest
    {
        public SourceControl(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void Outside_a_git_repository_the_build_succeeds_and_records_no_source_commit()
        {
            // arrange: the sandbox lives in the temp folder, which is no repository
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib");

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            Assert.IsFalse(Regex.IsMatch(result.Output, @"\b(error|warning) PROV\d{4}\b"), "no PROV error or warning is reported\n" + result);
            ProvenanceFile bundle = ProvenanceFile.Verify(sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
            Assert.IsFalse(bundle.ResolvedDependencies.Any(d => d.Digest.ContainsKey("gitCommit")), "no source commit is recorded:\n" + bundle.DescribeDependencies());
            Assert.IsFalse(bundle.StatementText.Contains("gitCommit", StringComparison.Ordinal), "no gitCommit anywhere in the statement");
            Assert.HasCount(1, bundle.DependenciesNamed("Class1.cs"), "sources are still recorded, relative to the project:\n" + bundle.DescribeDependencies());
        }

        [TestMethod]
        public void A_detached_HEAD_build_records_the_checked_out_commit()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib");
            string first = sandbox.InitGitRepository("https://github.com/acme/lib.git");
            sandbox.WriteFile("Second.cs", "namespace Lib\n{\n    public static class Second { }\n}\n");
            string second = sandbox.CommitAll("second commit");
            sandbox.GitOrFail("checkout", "-q", "--detach", first);
            Assert.AreEqual(first, sandbox.GitOrFail("rev-parse", "HEAD"));

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            ProvenanceFile bundle = ProvenanceFile.Verify(sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
            ResourceDescriptor[] commits = bundle.ResolvedDependencies.Where(d => d.Digest.ContainsKey("gitCommit")).ToArray();
            Assert.HasCount(1, commits, bundle.DescribeDependencies());
            Assert.AreEqual(first, commits[0].Digest["gitCommit"], "the detached HEAD's commit, not the branch tip " + second);
            StringAssert.StartsWith(commits[0].Uri ?? "", "git+https://github.com/acme/lib");
        }
    }
}
