using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Signing;
using Provenance.Slsa;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Issue 3's "How it will be checked", producer half: `dotnet pack` of Acme.Lib 1.2.3 signed with an openssl Ed25519
    /// key (ProvenanceSigningKeyFile) in a git repository. Packed once for the class; each test checks one claim about
    /// the package and the bundle beside it, reading the package with System.IO.Compression.
    /// </summary>
    [TestClass]
    public sealed class PackageOfAcmeLib : SandboxTest
    {
        private const string ProjectDirectory = "src/Acme.Lib";
        private const string AssemblyBundleEntry = "lib/net10.0/Acme.Lib.dll.sigstore.json";
        private const string PackageStatementEntry = "provenance/package.sigstore.json";

        private static Sandbox sandbox = null!;
        private static KeyPair key = null!;
        private static KeyPair otherKey = null!;
        private static CommandResult pack = null!;
        private static string packagePath = "";

        public PackageOfAcmeLib(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void PackAcmeLib(TestContext context)
        {
            // arrange
            sandbox = Sandbox.Create(nameof(PackageOfAcmeLib), context.WriteLine);
            key = sandbox.UseSigningKey(KeyKind.Ed25519, "acme");
            otherKey = OpenSslKeys.Generate(sandbox, "other", KeyKind.Ed25519);
            sandbox.WriteLibrary(ProjectDirectory, "Acme.Lib", properties: "<Version>1.2.3</Version>");
            sandbox.InitGitRepository("https://github.com/acme/lib.git");
            packagePath = sandbox.PathOf(ProjectDirectory, "bin/Release/Acme.Lib.1.2.3.nupkg");

            // act
            pack = sandbox.DotNet("pack", new[] { "-c", "Release" }, workingDirectory: sandbox.PathOf(ProjectDirectory));
        }

        private static string Packed()
        {
            pack.Succeeded();
            Expect.FileExists(packagePath, pack);
            return packagePath;
        }

        /// <summary>An entry of the package written to the sandbox, so that it can be verified like any bundle file.</summary>
        private static string Extracted(string entryName) =>
            Nupkg.ExtractEntry(Packed(), entryName, Path.Combine(sandbox.Directory, "extracted", entryName));

        [TestMethod]
        public void Pack_writes_the_package_bundle_beside_the_package()
        {
            // assert
            Packed();
            Expect.FileExists(packagePath + ".sigstore.json", pack);
            Assert.AreEqual("Acme.Lib.1.2.3.nupkg.sigstore.json", Path.GetFileName(packagePath + ".sigstore.json"));
        }

        [TestMethod]
        public void The_package_bundle_verifies_with_the_public_key_and_with_no_other_key()
        {
            // act
            ProvenanceFile bundle = ProvenanceFile.Verify(Packed() + ".sigstore.json", key.PublicKeyPath);

            // assert
            Assert.AreEqual(KeyAlgorithm.Ed25519, bundle.Verified.Signer.Algorithm);
            Assert.AreEqual("https://slsa.dev/provenance/v1", bundle.Verified.PredicateType);
            Assert.IsNotNull(ProvenanceFile.VerificationFailure(packagePath + ".sigstore.json", otherKey.PublicKeyPath), "the package bundle must not verify with an unrelated key");
        }

        [TestMethod]
        public void The_package_bundle_has_one_subject_the_package_with_its_sha256_and_sha512()
        {
            // act
            ProvenanceFile bundle = ProvenanceFile.Verify(Packed() + ".sigstore.json", key.PublicKeyPath);

            // assert
            Assert.HasCount(1, bundle.Subjects, "subjects:\n" + bundle.DescribeSubjects());
            ResourceDescriptor subject = bundle.Subjects[0];
            Assert.AreEqual("Acme.Lib.1.2.3.nupkg", subject.Name);
            Assert.IsTrue(subject.Digest.TryGetValue("sha256", out string? sha256), "no sha256: " + bundle.DescribeSubjects());
            Assert.IsTrue(subject.Digest.TryGetValue("sha512", out string? sha512), "no sha512: " + bundle.DescribeSubjects());
            Assert.AreEqual(Files.Sha256Hex(packagePath), sha256, "sha256 of the finished package");
            Assert.AreEqual(Nupkg.Sha512Hex(packagePath), sha512, "sha512 of the finished package");
        }

        [TestMethod]
        public void Sigstore_js_accepts_the_package_bundle()
        {
            // act
            CommandResult result = ExternalVerifiers.SigstoreJs(sandbox, Packed(), packagePath + ".sigstore.json", key.PublicKeyPath);

            // assert
            Assert.IsTrue(result.Succeeded, "sigstore-js rejected the package bundle\n" + result);
            StringAssert.Contains(result.StandardOutput, "\"verified\":true", result.ToString());
        }

        [TestMethod]
        public void Sigstore_js_rejects_the_package_bundle_for_another_key()
        {
            // act
            CommandResult result = ExternalVerifiers.SigstoreJs(sandbox, Packed(), packagePath + ".sigstore.json", otherKey.PublicKeyPath);

            // assert
            Assert.IsFalse(result.Succeeded, "sigstore-js accepted the package bundle with an unrelated key\n" + result);
        }

        [TestMethod]
        public void The_package_carries_the_assembly_bundle_beside_the_assembly()
        {
            // arrange
            string packedDllSha256 = Nupkg.Sha256Hex(Nupkg.ReadEntry(Packed(), "lib/net10.0/Acme.Lib.dll"));

            // act
            ProvenanceFile bundle = ProvenanceFile.Verify(Extracted(AssemblyBundleEntry), key.PublicKeyPath);

            // assert
            Assert.IsTrue(bundle.SubjectSha256ByName.TryGetValue("Acme.Lib.dll", out string? sha256), "no subject named Acme.Lib.dll:\n" + bundle.DescribeSubjects());
            Assert.AreEqual(packedDllSha256, sha256, "the assembly bundle attests the dll that was packed");
            Assert.AreEqual(Files.Sha256Hex(sandbox.PathOf(ProjectDirectory, "bin/Release/net10.0/Acme.Lib.dll")), sha256, "the packed dll is the built one");
        }

        [TestMethod]
        public void The_package_statement_lists_every_other_entry_of_the_package_with_its_sha256()
        {
            // arrange
            SortedDictionary<string, string> entries = Nupkg.EntrySha256(Packed());
            Assert.IsTrue(entries.Remove(PackageStatementEntry), "the package has no " + PackageStatementEntry + ":\n  " + string.Join("\n  ", entries.Keys));

            // act
            ProvenanceFile statement = ProvenanceFile.Verify(Extracted(PackageStatementEntry), key.PublicKeyPath);
            var subjects = statement.SubjectSha256ByName.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

            // assert
            Assert.HasCount(statement.Subjects.Count, subjects, "every subject has a distinct name and a sha256:\n" + statement.DescribeSubjects());
            CollectionAssert.AreEquivalent(entries.Keys.ToList(), subjects.Keys.ToList(),
                "the subjects are every entry but the statement itself\nentries:\n  " + string.Join("\n  ", entries.Keys) + "\nsubjects:\n" + statement.DescribeSubjects());
            foreach (KeyValuePair<string, string> entry in entries)
            {
                Assert.AreEqual(entry.Value, subjects[entry.Key], "sha256 of " + entry.Key);
            }

            CollectionAssert.Contains(subjects.Keys.ToList(), "Acme.Lib.nuspec", "the nuspec is attested");
            CollectionAssert.Contains(subjects.Keys.ToList(), AssemblyBundleEntry, "the assembly bundle is attested");
        }

        [TestMethod]
        public void Pack_reports_no_NuGet_warning()
        {
            // assert
            Packed();
            Assert.IsFalse(System.Text.RegularExpressions.Regex.IsMatch(pack.Output, @"warning NU\d{4}"), "pack reported a NuGet warning\n" + pack);
            Assert.IsFalse(pack.Output.Contains("warning PROV", StringComparison.Ordinal), "pack reported a provenance warning\n" + pack);
        }
    }
}
