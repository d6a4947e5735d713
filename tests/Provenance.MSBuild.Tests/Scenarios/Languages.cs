using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Json;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Every recorded fact is true for F# and Visual Basic too (issue 7): F# statements recorded Roslyn's version as
    /// fsc's. Each library builds, gets a verifiable statement, and records its own compiler with that compiler's version.
    /// </summary>
    [TestClass]
    public sealed class Languages : SandboxTest
    {
        public Languages(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void An_FSharp_library_records_the_FSharp_compiler_and_its_own_version()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteFile("Library.fs", "namespace FsLib\n\nmodule Say =\n    let hello name = \"Hello \" + name\n");
            sandbox.WriteFile("FsLib.fsproj", Project("<Compile Include=\"Library.fs\" />"));

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            ProvenanceFile bundle = ProvenanceFile.Verify(sandbox.PathOf("bin/Release/net10.0/FsLib.dll.sigstore.json"), key.PublicKeyPath);
            JsonObject compiler = bundle.InternalParameters.GetObject("compiler")!;
            Assert.AreEqual("fsc", compiler.GetString("name"));
            string version = compiler.GetString("version") ?? "";
            Assert.AreEqual(SdkFileVersion("FSharp/fsc.dll"), version, "the F# compiler's version: " + compiler);
            Assert.AreNotEqual(SdkFileVersion("Roslyn/bincore/Microsoft.CodeAnalysis.dll"), version, "not Roslyn's");
            Assert.HasCount(1, bundle.DependenciesNamed("Library.fs"), bundle.DescribeDependencies());
        }

        [TestMethod]
        public void A_Visual_Basic_library_records_vbc_and_Roslyns_version()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteFile("Class1.vb", "Public Class Class1\n    Public Shared Function Hello() As String\n        Return \"Hello\"\n    End Function\nEnd Class\n");
            sandbox.WriteFile("VbLib.vbproj", Project(""));

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            ProvenanceFile bundle = ProvenanceFile.Verify(sandbox.PathOf("bin/Release/net10.0/VbLib.dll.sigstore.json"), key.PublicKeyPath);
            JsonObject compiler = bundle.InternalParameters.GetObject("compiler")!;
            Assert.AreEqual("vbc", compiler.GetString("name"));
            Assert.AreEqual(SdkFileVersion("Roslyn/bincore/Microsoft.CodeAnalysis.VisualBasic.dll"), compiler.GetString("version"), compiler.ToString());
            Assert.HasCount(1, bundle.DependenciesNamed("Class1.vb"), bundle.DescribeDependencies());
        }

        private static string Project(string items) =>
            "<Project Sdk=\"Microsoft.NET.Sdk\">\n" +
            "  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n" +
            "  <ItemGroup>\n    " + items + "\n    " + Sandbox.ProvenancePackageReference + "\n  </ItemGroup>\n" +
            "</Project>\n";

        /// <summary>The product version of a file of the SDK the sandboxes build with (global.json pins 10.0.401, latestFeature).</summary>
        private static string SdkFileVersion(string relativePath)
        {
            string dotnetRoot = Path.GetDirectoryName(Process.GetCurrentProcess().MainModule!.FileName)!;
            string sdk = Directory.GetDirectories(Path.Combine(dotnetRoot, "sdk"))
                .Where(d => Path.GetFileName(d).StartsWith("10.0.4", System.StringComparison.Ordinal) && File.Exists(Path.Combine(d, relativePath)))
                .OrderBy(d => d, System.StringComparer.Ordinal)
                .Last();
            return FileVersionInfo.GetVersionInfo(Path.Combine(sdk, relativePath)).ProductVersion ?? "";
        }
    }
}
