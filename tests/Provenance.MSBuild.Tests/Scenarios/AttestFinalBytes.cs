using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// A step that rewrites an output after it was attested (signing, obfuscation, merging) is caught at the end of
    /// the build with PROV1017 naming the file; naming that step in ProvenanceGenerateAfterTargets attests the final
    /// bytes instead (issue 7). One sandbox, a project per test.
    /// </summary>
    [TestClass]
    public sealed class AttestFinalBytes : SandboxTest
    {
        private static Sandbox sandbox = null!;
        private static KeyPair key = null!;

        /// <summary>Appends a byte to the file, as a re-signing or obfuscating tool changes the assembly in place.</summary>
        private static string Rewrite(string name, string afterTargets, string file) =>
            $"<Target Name=\"{name}\" AfterTargets=\"{afterTargets}\"><Exec Command=\"printf x &gt;&gt; &quot;{file}&quot;\" /></Target>";

        public AttestFinalBytes(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void WriteProjectsThatRewriteTheirOutput(TestContext context)
        {
            sandbox = Sandbox.Create(nameof(AttestFinalBytes), context.WriteLine);
            key = sandbox.UseSigningKey();
            sandbox.WriteConsoleApp("Caught", "App");
            AppendTargets("Caught/App.csproj", Rewrite("SignAssembly", "Build", "$(TargetPath)"));
            sandbox.WriteConsoleApp("Hooked", "App", properties: "<ProvenanceGenerateAfterTargets>SignAssembly</ProvenanceGenerateAfterTargets>");
            AppendTargets("Hooked/App.csproj", Rewrite("SignAssembly", "Build", "$(TargetPath)"));
            sandbox.WriteConsoleApp("Published", "App");
            AppendTargets("Published/App.csproj", Rewrite("PostProcessPublished", "ProvenanceGeneratePublish", "$(PublishDir)$(TargetFileName)"));
            sandbox.InitGitRepository();
        }

        private static void AppendTargets(string project, string targets)
        {
            string path = sandbox.PathOf(project);
            File.WriteAllText(path, File.ReadAllText(path).Replace("</Project>", "  " + targets + "\n</Project>", StringComparison.Ordinal));
        }

        private static void AssertNamesFile(CommandResult result, string code, string file)
        {
            result.Failed().HasError(code);
            Assert.IsTrue(result.Output.Split('\n').Any(line => line.Contains("error " + code, StringComparison.Ordinal) && line.Contains(file, StringComparison.Ordinal)),
                $"the {code} error should name {file}\n" + result);
        }

        [TestMethod]
        public void A_build_step_that_rewrites_the_attested_assembly_fails_the_build_with_PROV1017_naming_it()
        {
            // act
            CommandResult result = sandbox.DotNet("build", new[] { "-c", "Release" }, workingDirectory: sandbox.PathOf("Caught"));

            // assert
            AssertNamesFile(result, "PROV1017", sandbox.PathOf("Caught/bin/Release/net10.0/App.dll"));
        }

        [TestMethod]
        public void Naming_the_rewriting_target_in_ProvenanceGenerateAfterTargets_attests_the_final_bytes()
        {
            // act
            CommandResult result = sandbox.DotNet("build", new[] { "-c", "Release" }, workingDirectory: sandbox.PathOf("Hooked"));

            // assert
            result.Succeeded();
            string dll = sandbox.PathOf("Hooked/bin/Release/net10.0/App.dll");
            ProvenanceFile bundle = ProvenanceFile.Verify(dll + ".sigstore.json", key.PublicKeyPath);
            Assert.AreEqual(Files.Sha256Hex(dll), bundle.SubjectSha256ByName["App.dll"], "the subject is the rewritten assembly");
            Assert.IsTrue(File.ReadAllBytes(dll).Last() == (byte)'x', "the rewrite ran");
        }

        [TestMethod]
        public void A_step_that_rewrites_a_published_file_after_attestation_fails_the_publish_with_PROV1017_naming_it()
        {
            // act
            CommandResult result = sandbox.DotNet("publish", new[] { "-c", "Release" }, workingDirectory: sandbox.PathOf("Published"));

            // assert
            AssertNamesFile(result, "PROV1017", sandbox.PathOf("Published/bin/Release/net10.0/publish/App.dll"));
        }
    }
}
