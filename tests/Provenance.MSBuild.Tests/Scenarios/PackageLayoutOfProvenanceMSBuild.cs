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

        /// <summary>
        /// Assemblies that Visual Studio's MSBuild (17.8 and later, the oldest we support) ships in its bin folder and
        /// binds every older reference to: a task may reference them up to that version, never above it, since nothing
        /// redirects a reference upwards of what the host carries and the package does not ship them.
        /// </summary>
        private static readonly Dictionary<string, Version> SuppliedByVisualStudio17 = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase)
        {
            ["System.Memory"] = new Version(4, 0, 1, 2),
            ["System.Buffers"] = new Version(4, 0, 3, 0),
            ["System.Numerics.Vectors"] = new Version(4, 1, 4, 0),
            ["System.Runtime.CompilerServices.Unsafe"] = new Version(6, 0, 0, 0),
        };

        /// <summary>
        /// The same proxy for the Visual Studio path, for every reference: each one must be shipped beside the task (same
        /// version), be a .NET Framework 4.7.2 assembly (no newer than its reference assembly), be MSBuild's own, or be
        /// one Visual Studio 17's MSBuild carries, at most at the version it carries.
        /// </summary>
        [TestMethod]
        public void Every_net472_reference_is_shipped_beside_the_task_or_supplied_by_the_NET_Framework_or_Visual_Studio_17()
        {
            // arrange
            string referenceAssemblies = FrameworkReferenceAssemblies();
            Dictionary<string, Version> shipped = TaskAssemblies.ToDictionary(
                a => Path.GetFileNameWithoutExtension(a),
                a => Identity(Nupkg.ReadEntry(TestSuite.Package.Path, "tasks/net472/" + a)),
                StringComparer.OrdinalIgnoreCase);
            var problems = new List<string>();

            foreach (string assembly in TaskAssemblies)
            {
                // act
                foreach (AssemblyName reference in References(Nupkg.ReadEntry(TestSuite.Package.Path, "tasks/net472/" + assembly)))
                {
                    string what = assembly + " -> " + reference.Name + " " + reference.Version;
                    if (shipped.TryGetValue(reference.Name, out Version? shippedVersion))
                    {
                        if (shippedVersion != reference.Version) problems.Add(what + ": the package ships " + shippedVersion);
                        continue;
                    }

                    if (reference.Name.StartsWith("Microsoft.Build", StringComparison.OrdinalIgnoreCase)) continue;
                    string? framework = new[] { Path.Combine(referenceAssemblies, reference.Name + ".dll"), Path.Combine(referenceAssemblies, "Facades", reference.Name + ".dll") }
                        .FirstOrDefault(File.Exists);
                    if (framework != null)
                    {
                        Version frameworkVersion = Identity(File.ReadAllBytes(framework));
                        if (reference.Version > frameworkVersion) problems.Add(what + ": .NET Framework 4.7.2 has " + frameworkVersion);
                        continue;
                    }

                    if (SuppliedByVisualStudio17.TryGetValue(reference.Name, out Version? supplied))
                    {
                        if (reference.Version > supplied) problems.Add(what + ": Visual Studio 17's MSBuild carries " + supplied + " and binds to it; the package does not ship it");
                        continue;
                    }

                    problems.Add(what + ": neither shipped in tasks/net472 nor supplied by the .NET Framework or Visual Studio");
                }
            }

            // assert
            Assert.IsEmpty(problems, "the net472 tasks would not load in Visual Studio 17:\n  " + string.Join("\n  ", problems));
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

        /// <summary>The .NET Framework 4.7.2 reference assemblies the repository's own restore brought (Microsoft.NETFramework.ReferenceAssemblies).</summary>
        private static string FrameworkReferenceAssemblies()
        {
            string? packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (string.IsNullOrEmpty(packages)) packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string root = Path.Combine(packages, "microsoft.netframework.referenceassemblies.net472");
            string? found = Directory.Exists(root)
                ? Directory.GetDirectories(root).Select(v => Path.Combine(v, "build", ".NETFramework", "v4.7.2")).FirstOrDefault(Directory.Exists)
                : null;
            Assert.IsNotNull(found, "the .NET Framework 4.7.2 reference assemblies are not in " + root + " (the repository's restore puts them there)");
            return found;
        }

        private static Version Identity(byte[] assembly)
        {
            using var pe = new PEReader(ImmutableArray.Create(assembly));
            MetadataReader reader = pe.GetMetadataReader();
            return reader.GetAssemblyDefinition().Version;
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
