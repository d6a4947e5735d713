using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    /// <summary>
    /// Issue 7: F# projects recorded Roslyn's version ("5.9.0-1...") as fsc's, because the version was read from the
    /// Roslyn folder whatever the language. Each compiler's version now comes from its own assembly.
    /// </summary>
    [TestClass]
    public sealed class CompilerVersionsTests
    {
        // Two assemblies with different, known versions stand in for Roslyn's and the F# compiler's.
        private static readonly string RoslynStandIn = typeof(object).Assembly.Location;
        private static readonly string FSharpStandIn = typeof(Assert).Assembly.Location;

        [TestMethod]
        public void Fsc_given_the_Roslyn_folder_reads_the_FSharp_compiler_beside_it()
        {
            using var scratch = new ScratchDirectory();
            string roslyn = SdkLayout(scratch);

            string version = CompilerVersions.Read("fsc", roslyn);

            Assert.AreEqual(ProductVersion(FSharpStandIn), version);
            Assert.AreNotEqual(ProductVersion(RoslynStandIn), version, "not Roslyn's version");
        }

        [TestMethod]
        public void Fsc_given_the_compiler_file_reads_it_even_quoted_as_DotnetFscCompilerPath_is()
        {
            using var scratch = new ScratchDirectory();
            SdkLayout(scratch);
            string fsc = Path.Combine(scratch.Path, "sdk", "1.0.100", "FSharp", "fsc.dll");

            Assert.AreEqual(ProductVersion(FSharpStandIn), CompilerVersions.Read("fsc", "\"" + fsc + "\""));
            Assert.AreEqual(ProductVersion(FSharpStandIn), CompilerVersions.Read("fsc", Path.GetDirectoryName(fsc)));
        }

        [TestMethod]
        public void Csc_and_vbc_read_their_Roslyn_assemblies()
        {
            using var scratch = new ScratchDirectory();
            string roslyn = SdkLayout(scratch);

            Assert.AreEqual(ProductVersion(RoslynStandIn), CompilerVersions.Read("csc", roslyn));
            Assert.AreEqual(ProductVersion(RoslynStandIn), CompilerVersions.Read("vbc", roslyn));
        }

        [TestMethod]
        public void Nothing_found_is_an_empty_version_never_an_error()
        {
            using var scratch = new ScratchDirectory();
            Assert.AreEqual("", CompilerVersions.Read("fsc", Path.Combine(scratch.Path, "missing")));
            Assert.AreEqual("", CompilerVersions.Read("csc", ""));
            Assert.AreEqual("", CompilerVersions.Read("vbc", null));
        }

        [TestMethod]
        public void The_installed_SDK_gives_FSharp_its_own_version()
        {
            string? roslyn = InstalledRoslynFolder();
            if (roslyn == null) Assert.Inconclusive("no .NET SDK with Roslyn and FSharp folders found beside the running dotnet");

            string csc = CompilerVersions.Read("csc", roslyn);
            string vbc = CompilerVersions.Read("vbc", roslyn);
            string fsc = CompilerVersions.Read("fsc", roslyn);

            Assert.AreNotEqual("", csc);
            Assert.AreEqual(csc, vbc, "vbc and csc ship in one Roslyn build");
            Assert.AreNotEqual("", fsc);
            Assert.AreNotEqual(csc, fsc, "fsc's version is the F# compiler's, not Roslyn's");
            Assert.AreEqual(ProductVersion(Path.Combine(Path.GetDirectoryName(roslyn)!, "FSharp", "fsc.dll")), fsc);
        }

        /// <summary>sdk/1.0.100/Roslyn/bincore/Microsoft.CodeAnalysis*.dll and sdk/1.0.100/FSharp/fsc.dll; returns the Roslyn folder.</summary>
        private static string SdkLayout(ScratchDirectory scratch)
        {
            string sdk = Path.Combine(scratch.Path, "sdk", "1.0.100");
            string bincore = Directory.CreateDirectory(Path.Combine(sdk, "Roslyn", "bincore")).FullName;
            foreach (string name in new[] { "Microsoft.CodeAnalysis.dll", "Microsoft.CodeAnalysis.CSharp.dll", "Microsoft.CodeAnalysis.VisualBasic.dll" })
                File.Copy(RoslynStandIn, Path.Combine(bincore, name));
            File.Copy(FSharpStandIn, Path.Combine(Directory.CreateDirectory(Path.Combine(sdk, "FSharp")).FullName, "fsc.dll"));
            return Path.Combine(sdk, "Roslyn");
        }

        private static string ProductVersion(string path) => FileVersionInfo.GetVersionInfo(path).ProductVersion ?? "";

        /// <summary>&lt;dotnet root&gt;/sdk/&lt;version&gt;/Roslyn of an SDK that also has FSharp/fsc.dll.</summary>
        private static string? InstalledRoslynFolder()
        {
            string? root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (string.IsNullOrEmpty(root) || !Directory.Exists(Path.Combine(root, "sdk")))
                root = Path.GetDirectoryName(Process.GetCurrentProcess().MainModule?.FileName ?? "");
            if (string.IsNullOrEmpty(root) || !Directory.Exists(Path.Combine(root, "sdk"))) return null;
            return Directory.GetDirectories(Path.Combine(root, "sdk"))
                .Where(d => File.Exists(Path.Combine(d, "FSharp", "fsc.dll")) && Directory.Exists(Path.Combine(d, "Roslyn", "bincore")))
                .OrderBy(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "Roslyn"))
                .LastOrDefault();
        }
    }
}
