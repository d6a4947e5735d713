using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// The layout of our own package as packed for this run: MSBuild files in the three folders NuGet imports from, the
    /// task assemblies for both MSBuild runtimes, a development-only nuspec without dependencies. No process runs here.
    /// </summary>
    [TestClass]
    public sealed class PackageLayoutOfProvenanceMSBuild : SandboxTest
    {
        private static readonly string[] TaskFrameworks = { "net8.0", "net472" };
        private static readonly string[] TaskAssemblies = { "Provenance.MSBuild.Tasks.dll", "Provenance.dll", "BouncyCastle.Cryptography.dll" };

        public PackageLayoutOfProvenanceMSBuild(TestContext testContext) : base(testContext) { }

        private static IReadOnlyList<string> Entries() => Nupkg.EntryNames(TestSuite.Package.Path);

        private static string Listing(IEnumerable<string> entries) => "entries:\n  " + string.Join("\n  ", entries);

        [TestMethod]
        public void Props_and_targets_are_in_build_buildTransitive_and_buildMultiTargeting()
        {
            // act
            IReadOnlyList<string> entries = Entries();

            // assert
            foreach (string folder in new[] { "build", "buildTransitive", "buildMultiTargeting" })
            {
                foreach (string extension in new[] { ".props", ".targets" })
                {
                    CollectionAssert.Contains(entries.ToList(), folder + "/Provenance.MSBuild" + extension, Listing(entries));
                }
            }
        }

        [TestMethod]
        public void Each_task_folder_holds_the_task_assembly_and_its_two_dependencies()
        {
            // act
            IReadOnlyList<string> entries = Entries();

            // assert
            foreach (string framework in TaskFrameworks)
            {
                foreach (string assembly in TaskAssemblies)
                {
                    CollectionAssert.Contains(entries.ToList(), "tasks/" + framework + "/" + assembly, Listing(entries));
                }
            }

            Assert.IsFalse(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal)),
                "nothing may land in the consumer's compile or runtime references\n" + Listing(entries));
        }

        [TestMethod]
        public void The_nuspec_is_a_development_dependency_without_dependencies()
        {
            // arrange
            XDocument nuspec = XDocument.Parse(System.Text.Encoding.UTF8.GetString(Nupkg.ReadEntry(TestSuite.Package.Path, "Provenance.MSBuild.nuspec")).TrimStart('\uFEFF'));
            XElement metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");

            // act
            string? developmentDependency = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "developmentDependency")?.Value;
            List<XElement> dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").ToList();

            // assert
            Assert.AreEqual("true", developmentDependency, nuspec.ToString());
            Assert.IsEmpty(dependencies, "the package must not pull anything into its consumers:\n" + nuspec);
        }

        /// <summary>
        /// We cannot run Visual Studio (MSBuild on .NET Framework) here, so this is our proxy for its path: the net472
        /// task assemblies must load beside Visual Studio's own copies. No System.Text.Json (Visual Studio ships its
        /// own, and a newer one breaks binding), no NuGet.* and no Newtonsoft.* (they clash with the copies inside
        /// MSBuild), and Microsoft.Build.* no newer than 17.x (we compile against 17.11 so that every Visual Studio 17.x
        /// can load the tasks; MSBuild's assembly version has stayed 15.1.0.0 since 2017, so this guards against a
        /// reference to a future major version).
        /// </summary>
        [TestMethod]
        public void The_net472_task_assemblies_reference_nothing_that_clashes_inside_Visual_Studio()
        {
            foreach (string assembly in TaskAssemblies)
            {
                // arrange
                byte[] bytes = Nupkg.ReadEntry(TestSuite.Package.Path, "tasks/net472/" + assembly);

                // act
                List<AssemblyName> references = References(bytes);
                string described = assembly + " references:\n  " + string.Join("\n  ", references.Select(r => r.Name + " " + r.Version));
                TestContext.WriteLine(described);

                // assert
                foreach (AssemblyName reference in references)
                {
                    string name = reference.Name;
                    Assert.AreNotEqual("System.Text.Json", name, described);
                    Assert.IsFalse(name.StartsWith("NuGet.", StringComparison.OrdinalIgnoreCase), described);
                    Assert.IsFalse(name.StartsWith("Newtonsoft.", StringComparison.OrdinalIgnoreCase), described);
                    if (name.StartsWith("Microsoft.Build", StringComparison.OrdinalIgnoreCase))
                    {
                        Assert.IsLessThanOrEqualTo(17, reference.Version.Major, "Microsoft.Build.* must be at most 17.x; " + described);
                    }
                }
            }
        }

        [TestMethod]
        public void The_net472_task_assembly_targets_the_NET_Framework_and_references_MSBuild()
        {
            // arrange
            byte[] bytes = Nupkg.ReadEntry(TestSuite.Package.Path, "tasks/net472/Provenance.MSBuild.Tasks.dll");

            // act
            List<AssemblyName> references = References(bytes);

            // assert
            string described = string.Join(", ", references.Select(r => r.Name + " " + r.Version));
            Assert.IsTrue(references.Any(r => r.Name == "mscorlib"), "a .NET Framework assembly references mscorlib: " + described);
            Assert.IsTrue(references.Any(r => r.Name == "Microsoft.Build.Framework"), described);
            Assert.IsTrue(references.Any(r => r.Name == "Provenance"), described);
        }

        private sealed class AssemblyName
        {
            public AssemblyName(string name, Version version)
            {
                Name = name;
                Version = version;
            }

            public string Name { get; }
            public Version Version { get; }
        }

        private static List<AssemblyName> References(byte[] assembly)
        {
            using var pe = new PEReader(ImmutableArray.Create(assembly));
            MetadataReader reader = pe.GetMetadataReader();
            return reader.AssemblyReferences
                .Select(handle => reader.GetAssemblyReference(handle))
                .Select(reference => new AssemblyName(reader.GetString(reference.Name), reference.Version))
                .ToList();
        }
    }
}
