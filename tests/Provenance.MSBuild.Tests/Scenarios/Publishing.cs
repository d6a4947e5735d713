using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    [TestClass]
    public sealed class Publishing : SandboxTest
    {
        public Publishing(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void Publish_attests_every_file_of_the_publish_folder_beside_the_published_assembly()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteConsoleApp("", "App",
                items: "<PackageReference Include=\"Newtonsoft.Json\" Version=\"13.0.3\" />",
                body: "System.Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(42));");
            sandbox.InitGitRepository();
            string publishDirectory = Path.Combine(sandbox.Directory, "publish");

            // act
            CommandResult result = sandbox.DotNet("publish", "-c", "Release", "-o", publishDirectory);

            // assert
            result.Succeeded();
            string bundlePath = Path.Combine(publishDirectory, "App.dll.sigstore.json");
            Expect.FileExists(bundlePath, result);
            ProvenanceFile bundle = ProvenanceFile.Verify(bundlePath, key.PublicKeyPath);
            List<string> published = Files.RelativeFiles(publishDirectory).Where(f => !f.EndsWith(".sigstore.json", StringComparison.Ordinal)).ToList();
            CollectionAssert.Contains(published, "Newtonsoft.Json.dll", "the publish folder holds the dependency");
            CollectionAssert.AreEquivalent(published, bundle.SubjectSha256ByName.Keys.ToList(), "subjects:\n" + bundle.DescribeSubjects());
            foreach (KeyValuePair<string, string> subject in bundle.SubjectSha256ByName)
            {
                Assert.AreEqual(Files.Sha256Hex(Path.Combine(publishDirectory, subject.Key)), subject.Value, subject.Key);
            }
        }
    }
}
