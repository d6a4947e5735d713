using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>Nothing is re-signed when nothing changed; a changed input or recorded setting re-signs; clean removes what we wrote.</summary>
    [TestClass]
    public sealed class IncrementalAndClean : SandboxTest
    {
        public IncrementalAndClean(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void A_no_op_rebuild_rewrites_nothing_and_a_changed_recorded_property_re_signs()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib");
            sandbox.InitGitRepository();
            string bundlePath = sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json");
            sandbox.DotNet("build", "-c", "Release").Succeeded();
            FileSnapshot first = Files.Snapshot(bundlePath);

            // act
            CommandResult noOp = sandbox.DotNet("build", "-c", "Release");
            FileSnapshot second = Files.Snapshot(bundlePath);
            const string builderId = "https://ci.example.com/builders/second";
            CommandResult changed = sandbox.DotNet("build", "-c", "Release", "-p:ProvenanceBuilderId=" + builderId);
            FileSnapshot third = Files.Snapshot(bundlePath);

            // assert
            noOp.Succeeded();
            Assert.IsTrue(second.SameBytesAs(first), "the no-op rebuild changed the bundle");
            Assert.AreEqual(first.LastWriteTimeUtc, second.LastWriteTimeUtc, "the no-op rebuild rewrote the bundle");
            changed.Succeeded();
            Assert.IsFalse(third.SameBytesAs(second), "changing ProvenanceBuilderId did not re-sign the bundle");
            ProvenanceFile bundle = ProvenanceFile.Verify(bundlePath, key.PublicKeyPath);
            Assert.AreEqual(builderId, bundle.RunDetails.GetObject("builder")?.GetString("id"), "runDetails: " + bundle.RunDetails);
        }

        [TestMethod]
        public void Changing_a_source_file_regenerates_the_bundle_for_the_new_assembly()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib");
            sandbox.InitGitRepository();
            string dll = sandbox.PathOf("bin/Release/net10.0/Lib.dll");
            sandbox.DotNet("build", "-c", "Release").Succeeded();
            FileSnapshot before = Files.Snapshot(dll + ".sigstore.json");
            string source = sandbox.WriteFile("Class1.cs", "namespace Lib\n{\n    public static class Class1\n    {\n        public static string Hello() => \"changed\";\n    }\n}\n");

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            FileSnapshot after = Files.Snapshot(dll + ".sigstore.json");
            Assert.IsFalse(after.SameBytesAs(before), "the bundle was not regenerated after a source change");
            ProvenanceFile bundle = ProvenanceFile.Verify(dll + ".sigstore.json", key.PublicKeyPath);
            Assert.IsTrue(bundle.Verified.HasSubjectDigest("sha256", Files.Sha256Hex(dll)), "the bundle attests the new assembly:\n" + bundle.DescribeSubjects());
            Assert.HasCount(1, bundle.DependenciesNamed("Class1.cs"), bundle.DescribeDependencies());
            Assert.AreEqual(Files.Sha256Hex(source), bundle.DependenciesNamed("Class1.cs")[0].Digest["sha256"], "the new source digest is recorded");
        }

        [TestMethod]
        public void Clean_deletes_the_bundle_even_when_the_last_build_skipped_generation()
        {
            // arrange: the second build skips generation; IncrementalClean must neither delete the bundle nor forget it
            Sandbox sandbox = CreateSandbox();
            sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib");
            sandbox.InitGitRepository();
            string bundlePath = sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json");
            sandbox.DotNet("build", "-c", "Release").Succeeded();
            CommandResult noOp = sandbox.DotNet("build", "-c", "Release").Succeeded();
            Expect.FileExists(bundlePath, noOp);

            // act
            CommandResult clean = sandbox.DotNet("clean", "-c", "Release");

            // assert
            clean.Succeeded();
            Expect.FileDoesNotExist(sandbox.PathOf("bin/Release/net10.0/Lib.dll"), clean);
            Expect.FileDoesNotExist(bundlePath, clean);
            Expect.NoProvenanceFiles(sandbox.PathOf("bin"), clean);
        }
    }
}
