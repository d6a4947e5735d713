using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>Pack runs from a build (GeneratePackageOnBuild) and without one (--no-build); neither breaks the assembly's provenance.</summary>
    [TestClass]
    public sealed class Packing : SandboxTest
    {
        public Packing(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void GeneratePackageOnBuild_packs_and_keeps_the_assembly_bundle()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib", properties: "<GeneratePackageOnBuild>true</GeneratePackageOnBuild><PackageId>Acme.Lib</PackageId><Version>1.2.3</Version>");
            sandbox.InitGitRepository();

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            Expect.FileExists(sandbox.PathOf("bin/Release/Acme.Lib.1.2.3.nupkg"), result);
            string dll = sandbox.PathOf("bin/Release/net10.0/Lib.dll");
            ProvenanceFile bundle = ProvenanceFile.Verify(dll + ".sigstore.json", key.PublicKeyPath);
            Assert.IsTrue(bundle.Verified.HasSubjectDigest("sha256", Files.Sha256Hex(dll)));
        }

        [TestMethod]
        public void Pack_without_build_succeeds_and_leaves_the_assembly_bundle_untouched()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib", properties: "<PackageId>Acme.Lib</PackageId><Version>1.2.3</Version>");
            sandbox.InitGitRepository();
            string dll = sandbox.PathOf("bin/Release/net10.0/Lib.dll");
            sandbox.DotNet("build", "-c", "Release").Succeeded();
            FileSnapshot before = Files.Snapshot(dll + ".sigstore.json");

            // act
            CommandResult result = sandbox.DotNet("pack", "-c", "Release", "--no-build");

            // assert
            result.Succeeded();
            Expect.FileExists(sandbox.PathOf("bin/Release/Acme.Lib.1.2.3.nupkg"), result);
            FileSnapshot after = Files.Snapshot(dll + ".sigstore.json");
            Assert.IsTrue(after.SameBytesAs(before), "pack --no-build changed the assembly's bundle");
            Assert.AreEqual(before.LastWriteTimeUtc, after.LastWriteTimeUtc, "pack --no-build rewrote the assembly's bundle");
            ProvenanceFile.Verify(dll + ".sigstore.json", key.PublicKeyPath);
            Assert.IsTrue(File.Exists(dll), "the assembly is still there");
        }

        [TestMethod]
        public void An_entry_NuGet_only_warns_about_leaves_the_package_as_NuGet_wrote_it_with_PROV1016_and_no_stale_bundle()
        {
            // arrange: first an attested package, then the project packs a root-level file to "build\;buildTransitive\",
            // which NuGet writes as 'build//Lib.targets' on Linux (NU5129 is only its warning)
            Sandbox sandbox = CreateSandbox();
            sandbox.UseSigningKey();
            sandbox.WriteLibrary("", "Lib", properties: "<PackageId>Acme.Lib</PackageId><Version>1.2.3</Version>");
            sandbox.WriteFile("Lib.targets", "<Project />\n");
            sandbox.InitGitRepository();
            string package = sandbox.PathOf("bin/Release/Acme.Lib.1.2.3.nupkg");
            sandbox.DotNet("pack", "-c", "Release").Succeeded();
            Expect.FileExists(package + ".sigstore.json");
            string project = sandbox.PathOf("Lib.csproj");
            File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>",
                "  <ItemGroup><None Update=\"Lib.targets\" Pack=\"true\" PackagePath=\"build\\;buildTransitive\\\" /></ItemGroup>\n</Project>", System.StringComparison.Ordinal));
            sandbox.CommitAll("pack a targets file to two folders");

            // act
            CommandResult result = sandbox.DotNet("pack", "-c", "Release");

            // assert
            result.Succeeded().OutputContains("warning PROV1016");
            Expect.FileExists(package, result);
            Expect.FileDoesNotExist(package + ".sigstore.json", result);
            using ZipArchive archive = ZipFile.OpenRead(package);
            string[] names = archive.Entries.Select(e => e.FullName).ToArray();
            CollectionAssert.Contains(names, "build//Lib.targets", "the package is what NuGet wrote:\n" + string.Join("\n", names));
            CollectionAssert.DoesNotContain(names, "provenance/package.sigstore.json", "no statement inside a package we could not attest");
        }
    }
}
