using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Every way .NET ships an application gets provenance whose subjects are exactly the files of the publish folder
    /// (issue 7): single-file, self-contained, trimmed, ReadyToRun, Native AOT, and a web app with static web assets.
    /// One sandbox (one git repository and key) holds a project per form, so that the forms' publishes, which run in
    /// parallel, share no obj/ folder.
    /// </summary>
    [TestClass]
    public sealed class PublishForms : SandboxTest
    {
        private static Sandbox sandbox = null!;
        private static KeyPair key = null!;

        public PublishForms(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void WriteOneProjectPerForm(TestContext context)
        {
            sandbox = Sandbox.Create(nameof(PublishForms), context.WriteLine);
            key = sandbox.UseSigningKey();
            const string rid = "<RuntimeIdentifier>linux-x64</RuntimeIdentifier>";
            sandbox.WriteConsoleApp("SingleFile", "App", properties: rid + "<SelfContained>false</SelfContained><PublishSingleFile>true</PublishSingleFile>");
            sandbox.WriteConsoleApp("SelfContained", "App", properties: rid + "<SelfContained>true</SelfContained>");
            sandbox.WriteConsoleApp("Trimmed", "App", properties: rid + "<PublishTrimmed>true</PublishTrimmed>");
            sandbox.WriteConsoleApp("ReadyToRun", "App", properties: rid + "<SelfContained>false</SelfContained><PublishReadyToRun>true</PublishReadyToRun>");
            sandbox.WriteConsoleApp("Aot", "App", properties: rid + "<PublishAot>true</PublishAot>");
            sandbox.WriteFile("Web/Web.csproj",
                "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n" +
                "    <Nullable>enable</Nullable>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n  <ItemGroup>\n    " + Sandbox.ProvenancePackageReference + "\n  </ItemGroup>\n</Project>\n");
            sandbox.WriteFile("Web/Program.cs",
                "var app = Microsoft.AspNetCore.Builder.WebApplication.Create(args);\napp.UseStaticFiles();\napp.Run();\n");
            sandbox.WriteFile("Web/wwwroot/css/site.css", "body { color: #123456; }\n");
            sandbox.WriteFile("Web/wwwroot/index.html", "<!doctype html><title>Web</title><link rel=\"stylesheet\" href=\"css/site.css\">\n");
            sandbox.InitGitRepository();
        }

        /// <summary>Publishes the form's project to its own folder; the bundle must verify and name every file there.</summary>
        private static (ProvenanceFile Bundle, string PublishDirectory, CommandResult Result) Publish(string form, string bundleName, params string[] knownUnattested)
        {
            string publishDirectory = Path.Combine(sandbox.Directory, "publish-" + form);
            CommandResult result = sandbox.DotNet("publish", new[] { "-c", "Release", "-o", publishDirectory }, workingDirectory: sandbox.PathOf(form));
            result.Succeeded();
            string bundlePath = Path.Combine(publishDirectory, bundleName);
            Expect.FileExists(bundlePath, result);
            ProvenanceFile bundle = ProvenanceFile.Verify(bundlePath, key.PublicKeyPath);
            List<string> shipped = Files.RelativeFiles(publishDirectory)
                .Where(f => !f.EndsWith(".sigstore.json", StringComparison.Ordinal) && !knownUnattested.Contains(f)).ToList();
            CollectionAssert.AreEquivalent(shipped, bundle.SubjectSha256ByName.Keys.ToList(), "subjects are the files that ship:\n" + bundle.DescribeSubjects() + result);
            foreach (KeyValuePair<string, string> subject in bundle.SubjectSha256ByName)
            {
                Assert.AreEqual(Files.Sha256Hex(Path.Combine(publishDirectory, subject.Key)), subject.Value, subject.Key);
            }
            return (bundle, publishDirectory, result);
        }

        [TestMethod]
        public void A_single_file_publish_attests_the_executable_with_its_bundle_beside_it()
        {
            // act
            var (bundle, publishDirectory, result) = Publish("SingleFile", "App.sigstore.json");

            // assert: the dll is inside the executable, so there is none to attest and no PROV1013
            Expect.FileDoesNotExist(Path.Combine(publishDirectory, "App.dll"), result);
            Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey("App"), bundle.DescribeSubjects());
        }

        [TestMethod]
        public void A_self_contained_publish_attests_the_runtime_it_ships()
        {
            // act
            var (bundle, _, _) = Publish("SelfContained", "App.dll.sigstore.json");

            // assert
            Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey("System.Private.CoreLib.dll"), bundle.DescribeSubjects());
            Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey("libhostfxr.so"), bundle.DescribeSubjects());
        }

        [TestMethod]
        public void A_trimmed_publish_attests_the_trimmed_assemblies()
        {
            // act
            var (bundle, publishDirectory, _) = Publish("Trimmed", "App.dll.sigstore.json");

            // assert: trimming rewrote the framework assemblies; their subjects are the trimmed bytes (checked above)
            Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey("System.Private.CoreLib.dll"), bundle.DescribeSubjects());
            Assert.IsFalse(File.Exists(Path.Combine(publishDirectory, "System.Xml.dll")), "the trimmer removed what the app does not use");
        }

        [TestMethod]
        public void A_ReadyToRun_publish_attests_the_precompiled_assembly_not_the_IL_one()
        {
            // act
            var (bundle, publishDirectory, _) = Publish("ReadyToRun", "App.dll.sigstore.json");

            // assert
            string built = sandbox.PathOf("ReadyToRun/bin/Release/net10.0/linux-x64/App.dll");
            Assert.AreNotEqual(Files.Sha256Hex(built), bundle.SubjectSha256ByName["App.dll"], "the published App.dll is the ReadyToRun image, not the build's IL");
            Assert.AreEqual(Files.Sha256Hex(Path.Combine(publishDirectory, "App.dll")), bundle.SubjectSha256ByName["App.dll"]);
        }

        [TestMethod]
        public void A_Native_AOT_publish_attests_the_native_executable()
        {
            // Native AOT links with clang (or gcc via CppCompilerAndLinker); without one on PATH it cannot build here.
            if (!OnPath("clang"))
            {
                Assert.Inconclusive("Native AOT needs clang on PATH; this machine has none.");
            }

            // act
            var (bundle, _, _) = Publish("Aot", "App.sigstore.json");

            // assert
            Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey("App"), bundle.DescribeSubjects());
            Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey("App.dbg"), "the native symbols ship too: " + bundle.DescribeSubjects());
            Assert.IsFalse(bundle.SubjectSha256ByName.ContainsKey("App.dll"), bundle.DescribeSubjects());
        }

        [TestMethod]
        public void A_web_app_publish_attests_its_static_web_assets()
        {
            // act
            var (bundle, _, _) = Publish("Web", "Web.dll.sigstore.json");

            // assert: wwwroot ships, with the SDK's compressed copies and endpoint manifest, and all of it is attested
            Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey("wwwroot/css/site.css"), bundle.DescribeSubjects());
            Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey("wwwroot/index.html"), bundle.DescribeSubjects());
        }

        private static bool OnPath(string program) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Any(directory => directory.Length > 0 && File.Exists(Path.Combine(directory, program)));
    }
}
