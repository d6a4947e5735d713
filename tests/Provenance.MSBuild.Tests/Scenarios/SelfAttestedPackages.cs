using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Packages;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Our own package is attested by our own tasks, exactly as a user's pack is (the repository's
    /// Directory.Build.targets bootstraps them): the statement inside it, the bundle beside it and each task assembly's
    /// bundle beside the assembly, all signed by the key this run packed with (TestSuite.PackOnce). And a consumer that
    /// trusts that key under a policy for every package accepts Provenance.MSBuild itself.
    /// </summary>
    [TestClass]
    public sealed class SelfAttestedPackages : SandboxTest
    {
        private const string PackageStatementEntry = "provenance/package.sigstore.json";

        public SelfAttestedPackages(TestContext testContext) : base(testContext) { }

        private static string Key => TestSuite.Package.SigningPublicKeyPath;

        [TestMethod]
        public void The_package_statement_is_signed_by_the_pack_key_and_lists_every_other_entry_with_its_sha256()
        {
            // arrange
            string package = TestSuite.Package.Path;
            SortedDictionary<string, string> entries = Nupkg.EntrySha256(package);
            Assert.IsTrue(entries.Remove(PackageStatementEntry), "the package has no " + PackageStatementEntry + ":\n  " + string.Join("\n  ", entries.Keys));
            string extracted = Nupkg.ExtractEntry(package, PackageStatementEntry, Path.Combine(TestSuite.Root, "self-attested", Guid.NewGuid().ToString("N"), "package.sigstore.json"));

            // act
            ProvenanceFile statement = ProvenanceFile.Verify(extracted, Key);
            var subjects = statement.SubjectSha256ByName.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

            // assert
            CollectionAssert.AreEquivalent(entries.Keys.ToList(), subjects.Keys.ToList(),
                "the subjects are every entry but the statement itself\nentries:\n  " + string.Join("\n  ", entries.Keys) + "\nsubjects:\n" + statement.DescribeSubjects());
            foreach (KeyValuePair<string, string> entry in entries)
            {
                Assert.AreEqual(entry.Value, subjects[entry.Key], "sha256 of " + entry.Key);
            }
        }

        [TestMethod]
        public void The_bundle_beside_the_package_is_signed_by_the_pack_key_and_names_the_package_sha512()
        {
            // act
            ProvenanceFile bundle = ProvenanceFile.Verify(TestSuite.Package.Path + ".sigstore.json", Key);

            // assert
            Assert.IsTrue(bundle.Verified.HasSubjectDigest("sha512", Nupkg.Sha512Hex(TestSuite.Package.Path)),
                "the subject is the finished package:\n" + bundle.DescribeSubjects());
        }

        [TestMethod]
        public void Each_task_assembly_carries_its_build_provenance_beside_it()
        {
            foreach (string framework in new[] { "net8.0", "net472" })
            {
                // arrange
                string entry = "tasks/" + framework + "/Provenance.MSBuild.Tasks.dll";
                string dllSha256 = Nupkg.Sha256Hex(Nupkg.ReadEntry(TestSuite.Package.Path, entry));
                string extracted = Nupkg.ExtractEntry(TestSuite.Package.Path, entry + ".sigstore.json",
                    Path.Combine(TestSuite.Root, "self-attested", Guid.NewGuid().ToString("N"), "Provenance.MSBuild.Tasks.dll.sigstore.json"));

                // act
                ProvenanceFile bundle = ProvenanceFile.Verify(extracted, Key);

                // assert
                Assert.IsTrue(bundle.SubjectSha256ByName.TryGetValue("Provenance.MSBuild.Tasks.dll", out string? sha256),
                    framework + ": no subject named Provenance.MSBuild.Tasks.dll:\n" + bundle.DescribeSubjects());
                Assert.AreEqual(dllSha256, sha256, framework + ": the bundle attests the task assembly that was packed");
            }
        }

        /// <summary>
        /// The consumer side, end to end: restore, then the verification every consumer build runs, with
        /// Include="*" (read back from the project file, since MSBuild drops it as an unmatched file glob).
        /// </summary>
        [TestMethod]
        public void A_consumer_trusting_the_pack_key_under_a_policy_for_every_package_verifies_Provenance_MSBuild()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            sandbox.UseFeeds();
            sandbox.UseGate();
            sandbox.UseOwnPackagesFolder();
            sandbox.UseSigningKey(KeyKind.Ed25519, "consumer");
            sandbox.WriteConsoleApp(ConsumerSetup.ConsumerProject, ConsumerSetup.ConsumerProject,
                items: ConsumerSetup.TrustedKeys(Key) + "\n    <ProvenancePolicy Include=\"*\" Require=\"true\" />");

            // act
            CommandResult build = sandbox.BuildConsumer();

            // assert
            build.Succeeded();
            IReadOnlyList<PackageVerificationResult> report = sandbox.ConsumerReport();
            PackageVerificationResult entry = report.Entry("Provenance.MSBuild");
            Assert.AreEqual(PackageVerificationOutcome.Verified, entry.Outcome, ConsumerSetup.Describe(report));
            Assert.AreEqual(TestSuite.Package.Version, entry.Version, ConsumerSetup.Describe(report));
        }
    }
}
