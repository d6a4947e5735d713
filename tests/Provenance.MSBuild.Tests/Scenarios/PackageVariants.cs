using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Every way a package gets made writes its bundle: multi-targeted pack (outer build), GeneratePackageOnBuild,
    /// `pack --no-build`; a pack that changes nothing rewrites nothing; clean removes the bundle with the package; and
    /// NuGet restores the attested package without a warning.
    /// </summary>
    [TestClass]
    public sealed class PackageVariants : SandboxTest
    {
        public PackageVariants(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void A_multi_targeted_pack_writes_one_package_bundle_and_an_assembly_bundle_per_target_framework()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Acme.Multi", targetFrameworks: "net8.0;net10.0", properties: "<Version>2.0.0</Version>");
            sandbox.InitGitRepository();

            // act
            CommandResult result = sandbox.DotNet("pack", "-c", "Release");

            // assert
            result.Succeeded();
            string package = sandbox.PathOf("bin/Release/Acme.Multi.2.0.0.nupkg");
            Expect.FileExists(package, result);
            CollectionAssert.AreEqual(new[] { "Acme.Multi.2.0.0.nupkg.sigstore.json" },
                Directory.GetFiles(sandbox.PathOf("bin/Release"), "*.nupkg.sigstore.json").Select(Path.GetFileName).ToArray(), "one package bundle");
            ProvenanceFile packageBundle = ProvenanceFile.Verify(package + ".sigstore.json", key.PublicKeyPath);
            Assert.IsTrue(packageBundle.Verified.HasSubjectDigest("sha512", Nupkg.Sha512Hex(package)), packageBundle.DescribeSubjects());

            var entries = Nupkg.EntryNames(package);
            foreach (string targetFramework in new[] { "net8.0", "net10.0" })
            {
                string entry = "lib/" + targetFramework + "/Acme.Multi.dll.sigstore.json";
                CollectionAssert.Contains(entries.ToList(), entry, "entries:\n  " + string.Join("\n  ", entries));
                string extracted = Nupkg.ExtractEntry(package, entry, Path.Combine(sandbox.Directory, "extracted", entry));
                ProvenanceFile assemblyBundle = ProvenanceFile.Verify(extracted, key.PublicKeyPath);
                Assert.AreEqual(targetFramework, assemblyBundle.ExternalParameters.GetString("targetFramework"), entry);
                string dllSha256 = Nupkg.Sha256Hex(Nupkg.ReadEntry(package, "lib/" + targetFramework + "/Acme.Multi.dll"));
                Assert.IsTrue(assemblyBundle.Verified.HasSubjectDigest("sha256", dllSha256), entry + " attests the packed dll:\n" + assemblyBundle.DescribeSubjects());
            }

            CollectionAssert.Contains(entries.ToList(), "provenance/package.sigstore.json");
            Assert.AreEqual(2, entries.Count(e => e.EndsWith(".dll.sigstore.json", StringComparison.Ordinal)), "one assembly bundle per framework:\n  " + string.Join("\n  ", entries));
        }

        [TestMethod]
        public void GeneratePackageOnBuild_writes_the_package_bundle_and_clean_deletes_it()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Acme.OnBuild", properties: "<Version>1.0.0</Version><GeneratePackageOnBuild>true</GeneratePackageOnBuild>");
            sandbox.InitGitRepository();
            string package = sandbox.PathOf("bin/Release/Acme.OnBuild.1.0.0.nupkg");

            // act
            CommandResult build = sandbox.DotNet("build", "-c", "Release");

            // assert
            build.Succeeded();
            Expect.FileExists(package, build);
            ProvenanceFile bundle = ProvenanceFile.Verify(package + ".sigstore.json", key.PublicKeyPath);
            Assert.IsTrue(bundle.Verified.HasSubjectDigest("sha256", Files.Sha256Hex(package)), bundle.DescribeSubjects());
            Assert.IsTrue(bundle.Verified.HasSubjectDigest("sha512", Nupkg.Sha512Hex(package)), bundle.DescribeSubjects());
            CollectionAssert.Contains(Nupkg.EntryNames(package).ToList(), "lib/net10.0/Acme.OnBuild.dll.sigstore.json");

            // act
            CommandResult clean = sandbox.DotNet("clean", "-c", "Release");

            // assert
            clean.Succeeded();
            Expect.FileDoesNotExist(package, clean);
            Expect.FileDoesNotExist(package + ".sigstore.json", clean);
        }

        [TestMethod]
        public void Pack_without_build_writes_the_package_bundle_and_a_second_pack_rewrites_nothing()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Acme.NoBuild", properties: "<Version>1.0.0</Version>");
            sandbox.InitGitRepository();
            string package = sandbox.PathOf("bin/Release/Acme.NoBuild.1.0.0.nupkg");
            sandbox.DotNet("build", "-c", "Release").Succeeded();

            // act
            CommandResult noBuild = sandbox.DotNet("pack", "-c", "Release", "--no-build");

            // assert
            noBuild.Succeeded();
            Expect.FileExists(package, noBuild);
            ProvenanceFile bundle = ProvenanceFile.Verify(package + ".sigstore.json", key.PublicKeyPath);
            Assert.IsTrue(bundle.Verified.HasSubjectDigest("sha512", Nupkg.Sha512Hex(package)), bundle.DescribeSubjects());
            CollectionAssert.Contains(Nupkg.EntryNames(package).ToList(), "lib/net10.0/Acme.NoBuild.dll.sigstore.json");
            CollectionAssert.Contains(Nupkg.EntryNames(package).ToList(), "provenance/package.sigstore.json");

            // arrange: remember both files
            FileSnapshot packageBefore = Files.Snapshot(package);
            FileSnapshot bundleBefore = Files.Snapshot(package + ".sigstore.json");

            // act: pack again, nothing changed
            CommandResult again = sandbox.DotNet("pack", "-c", "Release");

            // assert
            again.Succeeded();
            FileSnapshot packageAfter = Files.Snapshot(package);
            FileSnapshot bundleAfter = Files.Snapshot(package + ".sigstore.json");
            Assert.IsTrue(packageAfter.SameBytesAs(packageBefore), "the second pack changed the package");
            Assert.AreEqual(packageBefore.LastWriteTimeUtc, packageAfter.LastWriteTimeUtc, "the second pack rewrote the package");
            Assert.IsTrue(bundleAfter.SameBytesAs(bundleBefore), "the second pack changed the package bundle");
            Assert.AreEqual(bundleBefore.LastWriteTimeUtc, bundleAfter.LastWriteTimeUtc, "the second pack rewrote the package bundle");
            ProvenanceFile.Verify(package + ".sigstore.json", key.PublicKeyPath);
        }

        [TestMethod]
        public void NuGet_restores_the_attested_package_without_a_warning()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateSandbox();
            sandbox.UseFeeds(feed.Directory);
            sandbox.UseOwnPackagesFolder();
            sandbox.WriteConsoleApp("Consumer", "Consumer", provenance: false, items: ConsumerSetup.PackageReferences("Acme.Lib/1.2.3"), body: "System.Console.WriteLine(Acme.Lib.Class1.Hello());");

            // act
            CommandResult restore = sandbox.DotNet("restore", new[] { "-v:n" }, workingDirectory: sandbox.PathOf("Consumer"));

            // assert
            restore.Succeeded();
            MatchCollection warnings = Regex.Matches(restore.Output, @"warning NU[15]\d{3}[^\n]*");
            Assert.IsEmpty(warnings, "NuGet warned about the package:\n" + string.Join("\n", warnings.Select(m => m.Value)) + "\n" + restore);
            string folder = sandbox.RestoredPackageFolder("Acme.Lib", "1.2.3");
            Expect.FileExists(Path.Combine(folder, "provenance", "package.sigstore.json"), restore);
            Expect.FileExists(Path.Combine(folder, "lib", "net10.0", "Acme.Lib.dll.sigstore.json"), restore);
            Assert.AreEqual(Nupkg.Sha512Hex(feed.PackagePath("Acme.Lib", "1.2.3")), Nupkg.ContentHashHex(folder), "NuGet's content hash is the package's sha512");
        }
    }
}
