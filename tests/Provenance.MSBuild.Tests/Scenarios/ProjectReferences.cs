using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Slsa;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>The chain: an application's statement names each referenced project's output and that output's own provenance file.</summary>
    [TestClass]
    public sealed class ProjectReferences : SandboxTest
    {
        public ProjectReferences(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void The_app_statement_lists_the_referenced_library_and_the_digest_of_its_provenance_file()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("Lib", "Lib");
            sandbox.WriteConsoleApp("App", "App", items: "<ProjectReference Include=\"../Lib/Lib.csproj\" />", body: "System.Console.WriteLine(Lib.Class1.Hello());");
            sandbox.InitGitRepository();

            // act
            CommandResult result = sandbox.DotNet("build", new[] { "-c", "Release" }, workingDirectory: sandbox.PathOf("App"));

            // assert
            result.Succeeded();
            string libDll = sandbox.PathOf("Lib/bin/Release/net10.0/Lib.dll");
            ProvenanceFile lib = ProvenanceFile.Verify(libDll + ".sigstore.json", key.PublicKeyPath);
            ProvenanceFile app = ProvenanceFile.Verify(sandbox.PathOf("App/bin/Release/net10.0/App.dll.sigstore.json"), key.PublicKeyPath);
            AssertChain(app, libDll, "Lib.dll");
            Assert.IsTrue(lib.Verified.HasSubjectDigest("sha256", Files.Sha256Hex(libDll)));
        }

        [TestMethod]
        public void A_parallel_build_of_a_solution_attests_every_project_and_chains_them()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteLibrary("Core", "Core");
            sandbox.WriteLibrary("Data", "Data", items: "<ProjectReference Include=\"../Core/Core.csproj\" />");
            sandbox.WriteLibrary("Util", "Util");
            sandbox.WriteConsoleApp("App", "App",
                items: "<ProjectReference Include=\"../Data/Data.csproj\" /><ProjectReference Include=\"../Util/Util.csproj\" />",
                body: "System.Console.WriteLine(Data.Class1.Hello() + Util.Class1.Hello());");
            sandbox.WriteFile("All.slnx",
                "<Solution>\n  <Project Path=\"App/App.csproj\" />\n  <Project Path=\"Core/Core.csproj\" />\n" +
                "  <Project Path=\"Data/Data.csproj\" />\n  <Project Path=\"Util/Util.csproj\" />\n</Solution>\n");
            sandbox.InitGitRepository();

            // act
            CommandResult result = sandbox.DotNet("build", "All.slnx", "-c", "Release", "-m");

            // assert
            result.Succeeded();
            foreach (string name in new[] { "Core", "Data", "Util" })
            {
                string dll = sandbox.PathOf(name, "bin/Release/net10.0", name + ".dll");
                Assert.IsTrue(ProvenanceFile.Verify(dll + ".sigstore.json", key.PublicKeyPath).Verified.HasSubjectDigest("sha256", Files.Sha256Hex(dll)), name);
            }

            ProvenanceFile data = ProvenanceFile.Verify(sandbox.PathOf("Data/bin/Release/net10.0/Data.dll.sigstore.json"), key.PublicKeyPath);
            AssertChain(data, sandbox.PathOf("Core/bin/Release/net10.0/Core.dll"), "Core.dll");
            ProvenanceFile app = ProvenanceFile.Verify(sandbox.PathOf("App/bin/Release/net10.0/App.dll.sigstore.json"), key.PublicKeyPath);
            AssertChain(app, sandbox.PathOf("Data/bin/Release/net10.0/Data.dll"), "Data.dll");
            AssertChain(app, sandbox.PathOf("Util/bin/Release/net10.0/Util.dll"), "Util.dll");
        }

        /// <summary>
        /// The statement has a resolved dependency for the referenced output (named after it, with its sha256) that
        /// also carries the sha256 of the provenance file beside it (in its annotations or as a dependency of its own).
        /// </summary>
        private static void AssertChain(ProvenanceFile statement, string referencedDll, string fileName)
        {
            string dllSha256 = Files.Sha256Hex(referencedDll);
            string bundleSha256 = Files.Sha256Hex(referencedDll + ".sigstore.json");
            ResourceDescriptor[] references = statement.ResolvedDependencies
                .Where(d => d.Digest.TryGetValue("sha256", out string? sha) && sha == dllSha256)
                .Where(d => (d.Name ?? d.Uri ?? "").EndsWith(fileName, StringComparison.Ordinal))
                .ToArray();
            Assert.HasCount(1, references, $"expected {fileName} with sha256 {dllSha256} among:\n" + statement.DescribeDependencies());
            bool chained = ProvenanceFile.Strings(references[0].Annotations).Contains(bundleSha256) ||
                           statement.ResolvedDependencies.Any(d => d.Digest.TryGetValue("sha256", out string? sha) && sha == bundleSha256);
            Assert.IsTrue(chained, $"the statement does not carry the sha256 {bundleSha256} of {fileName}.sigstore.json:\n" + statement.DescribeDependencies() +
                "\nannotations: " + references[0].Annotations);
        }
    }
}
