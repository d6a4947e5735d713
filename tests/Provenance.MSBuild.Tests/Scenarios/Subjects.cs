using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// What a build attests: every file the project itself put in its output folder. One console application with
    /// XML documentation and a German satellite assembly is built once for the class.
    /// </summary>
    [TestClass]
    public sealed class Subjects : SandboxTest
    {
        private static Sandbox sandbox = null!;
        private static KeyPair key = null!;
        private static CommandResult build = null!;
        private static string outputDirectory = "";

        public Subjects(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void BuildAConsoleAppWithDocsAndASatelliteAssembly(TestContext context)
        {
            // arrange
            sandbox = Sandbox.Create(nameof(Subjects), context.WriteLine);
            key = sandbox.UseSigningKey();
            sandbox.WriteConsoleApp("", "App",
                properties: "<GenerateDocumentationFile>true</GenerateDocumentationFile><NoWarn>$(NoWarn);CS1591</NoWarn>",
                body: "System.Console.WriteLine(new System.Resources.ResourceManager(\"App.Strings\", typeof(Program).Assembly).GetString(\"Greeting\"));");
            sandbox.WriteFile("Strings.resx", Resx("Hello"));
            sandbox.WriteFile("Strings.de.resx", Resx("Hallo"));
            sandbox.InitGitRepository();

            // act
            build = sandbox.DotNet("build", "-c", "Release");
            outputDirectory = sandbox.PathOf("bin/Release/net10.0");
        }

        private static ProvenanceFile Bundle()
        {
            build.Succeeded();
            return ProvenanceFile.Verify(Path.Combine(outputDirectory, "App.dll.sigstore.json"), key.PublicKeyPath);
        }

        [TestMethod]
        public void The_apphost_assembly_symbols_deps_and_runtimeconfig_files_are_subjects()
        {
            // act
            ProvenanceFile bundle = Bundle();

            // assert
            foreach (string name in new[] { "App", "App.dll", "App.pdb", "App.deps.json", "App.runtimeconfig.json" })
            {
                Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey(name), name + " is not a subject:\n" + bundle.DescribeSubjects());
            }
        }

        [TestMethod]
        public void The_XML_documentation_file_is_a_subject()
        {
            // act
            ProvenanceFile bundle = Bundle();

            // assert
            Expect.FileExists(Path.Combine(outputDirectory, "App.xml"), build);
            Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey("App.xml"), "App.xml is not a subject:\n" + bundle.DescribeSubjects());
        }

        [TestMethod]
        public void The_satellite_assembly_is_a_subject_under_its_culture_folder()
        {
            // act
            ProvenanceFile bundle = Bundle();

            // assert
            Expect.FileExists(Path.Combine(outputDirectory, "de", "App.resources.dll"), build);
            Assert.IsTrue(bundle.SubjectSha256ByName.ContainsKey("de/App.resources.dll"), "de/App.resources.dll is not a subject:\n" + bundle.DescribeSubjects());
        }

        [TestMethod]
        public void Every_file_of_the_output_folder_is_a_subject_with_its_own_sha256()
        {
            // arrange
            List<string> produced = Files.RelativeFiles(outputDirectory).Where(f => !f.EndsWith(".sigstore.json", StringComparison.Ordinal)).ToList();

            // act
            ProvenanceFile bundle = Bundle();

            // assert
            CollectionAssert.AreEquivalent(produced, bundle.SubjectSha256ByName.Keys.ToList(), "subjects:\n" + bundle.DescribeSubjects());
            foreach (KeyValuePair<string, string> subject in bundle.SubjectSha256ByName)
            {
                Assert.AreEqual(Files.Sha256Hex(Path.Combine(outputDirectory, subject.Key)), subject.Value, subject.Key);
            }
        }

        internal static string Resx(string greeting) =>
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<root>\n" +
            "  <resheader name=\"resmimetype\"><value>text/microsoft-resx</value></resheader>\n" +
            "  <resheader name=\"version\"><value>2.0</value></resheader>\n" +
            "  <resheader name=\"reader\"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>\n" +
            "  <resheader name=\"writer\"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>\n" +
            "  <data name=\"Greeting\" xml:space=\"preserve\"><value>" + greeting + "</value></data>\n" +
            "</root>\n";
    }
}
