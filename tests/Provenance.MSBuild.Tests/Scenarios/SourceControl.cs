using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Json;
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
            // Two files outside the repository that reach the build: a CI's hook passed on the command line, and one in
            // the user's MSBuild ImportAfter folder. Nothing else pins them, so they are recorded as inputs.
            string ciHook = Path.Combine(sandbox.Directory, "ci-hook.targets");
            File.WriteAllText(ciHook, "<Project><PropertyGroup><CiHook>1</CiHook></PropertyGroup></Project>\n");
            string userHooks = Path.Combine(sandbox.Home, ".local", "share", "Microsoft", "MSBuild", "Current", "Microsoft.Common.targets", "ImportAfter");
            Directory.CreateDirectory(userHooks);
            File.WriteAllText(Path.Combine(userHooks, "machine-hook.targets"), "<Project />\n");

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release", "-p:CustomAfterMicrosoftCommonTargets=" + ciHook);

            // assert
            result.Succeeded();
            ProvenanceFile bundle = ProvenanceFile.Verify(sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
            ResourceDescriptor[] commits = bundle.ResolvedDependencies.Where(d => d.Digest.ContainsKey("gitCommit")).ToArray();
            Assert.HasCount(1, commits, bundle.DescribeDependencies());
            Assert.AreEqual(first, commits[0].Digest["gitCommit"], "the detached HEAD's commit, not the branch tip " + second);
            StringAssert.StartsWith(commits[0].Uri ?? "", "git+https://github.com/acme/lib");
            Assert.AreEqual(false, SourceFact(bundle, "dirty"), "the work tree is clean: " + bundle.InternalParameters);
            // The canonical URL drops ".git"; the checkout keeps the spelling SourceLink writes into the assembly.
            Assert.AreEqual("https://github.com/acme/lib.git", bundle.InternalParameters.GetObject("checkout")?.GetString("repositoryUrl"), bundle.InternalParameters.ToString());
            foreach (string hook in new[] { "external:ci-hook.targets", "external:machine-hook.targets" })
                Assert.HasCount(1, bundle.DependenciesNamed(hook), hook + " is recorded with its digest:\n" + bundle.DescribeDependencies());
        }

        [TestMethod]
        public void Uncommitted_changes_to_tracked_files_are_recorded_as_dirty()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib");
            string head = sandbox.InitGitRepository("https://github.com/acme/lib.git");
            sandbox.WriteFile("Class1.cs", "namespace Lib\n{\n    public static class Class1 { }\n}\n");

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            ProvenanceFile bundle = ProvenanceFile.Verify(sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
            Assert.IsTrue(bundle.ResolvedDependencies.Any(d => d.Digest.TryGetValue("gitCommit", out string? c) && c == head), bundle.DescribeDependencies());
            Assert.AreEqual(true, SourceFact(bundle, "dirty"), "internalParameters: " + bundle.InternalParameters);
        }

        [TestMethod]
        public void A_linked_worktree_records_its_own_commit()
        {
            // arrange: the main work tree stays on its first commit; the linked worktree gets a commit of its own
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib");
            string mainHead = sandbox.InitGitRepository("https://github.com/acme/lib.git");
            string worktree = Path.Combine(sandbox.Directory, "worktree");
            sandbox.GitOrFail("worktree", "add", "-q", "-b", "feature", worktree);
            File.WriteAllText(Path.Combine(worktree, "Feature.cs"), "namespace Lib\n{\n    public static class Feature { }\n}\n");
            sandbox.GitOrFail("-C", worktree, "add", "-A");
            sandbox.GitOrFail("-C", worktree, "commit", "-q", "-m", "feature commit");
            string worktreeHead = sandbox.GitOrFail("-C", worktree, "rev-parse", "HEAD");

            // act
            CommandResult result = sandbox.DotNet("build", new[] { "-c", "Release" }, workingDirectory: worktree);

            // assert
            result.Succeeded();
            ProvenanceFile bundle = ProvenanceFile.Verify(Path.Combine(worktree, "bin/Release/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
            ResourceDescriptor[] commits = bundle.ResolvedDependencies.Where(d => d.Digest.ContainsKey("gitCommit")).ToArray();
            Assert.HasCount(1, commits, bundle.DescribeDependencies());
            Assert.AreEqual(worktreeHead, commits[0].Digest["gitCommit"], "the worktree's commit, not the main work tree's " + mainHead);
            Assert.AreEqual(true, SourceFact(bundle, "worktree"), "internalParameters: " + bundle.InternalParameters);
            Assert.HasCount(1, bundle.DependenciesNamed("Feature.cs"), "sources are relative to the worktree's root:\n" + bundle.DescribeDependencies());
        }

        [TestMethod]
        public void A_shallow_clone_records_its_commit_and_that_it_is_shallow()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib");
            sandbox.InitGitRepository();
            sandbox.WriteFile("Second.cs", "namespace Lib\n{\n    public static class Second { }\n}\n");
            string head = sandbox.CommitAll("second commit");
            string clone = Path.Combine(sandbox.Directory, "shallow");
            sandbox.GitOrFail("clone", "-q", "--depth", "1", "file://" + sandbox.Root, clone);

            // act
            CommandResult result = sandbox.DotNet("build", new[] { "-c", "Release" }, workingDirectory: clone);

            // assert
            result.Succeeded();
            ProvenanceFile bundle = ProvenanceFile.Verify(Path.Combine(clone, "bin/Release/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
            Assert.IsTrue(bundle.ResolvedDependencies.Any(d => d.Digest.TryGetValue("gitCommit", out string? c) && c == head), bundle.DescribeDependencies());
            Assert.AreEqual(true, SourceFact(bundle, "shallow"), "internalParameters: " + bundle.InternalParameters);
        }

        /// <summary>internalParameters.checkout.&lt;name&gt; (buildtype v2; v1 called it "source") as a boolean, or null when absent.</summary>
        private static bool? SourceFact(ProvenanceFile bundle, string name) =>
            (bundle.InternalParameters.GetObject("checkout")?[name] as JsonBool)?.Value;
    }
}
