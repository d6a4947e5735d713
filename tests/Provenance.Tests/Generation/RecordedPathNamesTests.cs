using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;
using Provenance.Generation;

namespace Provenance.Tests.Generation
{
    /// <summary>Names of files in a statement: where a file was on the build machine must not change its name.</summary>
    [TestClass]
    public sealed class RecordedPathNamesTests
    {
        [TestMethod]
        public void A_package_file_is_named_as_the_package_even_when_the_packages_folder_lies_inside_the_repository()
        {
            var packages = new[] { new RestoredPackage("Microsoft.NET.ILLink.Tasks", "10.0.12", new string('a', 128)) };
            var names = new RecordedPathNames("/work/repo", packages);

            // RestorePackagesPath or globalPackagesFolder inside the repository, and the same package elsewhere: one name.
            Assert.AreEqual("nuget:Microsoft.NET.ILLink.Tasks/10.0.12/analyzers/dotnet/cs/ILLink.RoslynAnalyzer.dll",
                names.Name("/work/repo/artifacts/packages/microsoft.net.illink.tasks/10.0.12/analyzers/dotnet/cs/ILLink.RoslynAnalyzer.dll"));
            Assert.AreEqual("nuget:Microsoft.NET.ILLink.Tasks/10.0.12/analyzers/dotnet/cs/ILLink.RoslynAnalyzer.dll",
                names.Name("/home/me/.nuget/packages/microsoft.net.illink.tasks/10.0.12/analyzers/dotnet/cs/ILLink.RoslynAnalyzer.dll"));
            // The repository's own files keep their relative names.
            Assert.AreEqual("src/Lib/Class1.cs", names.Name("/work/repo/src/Lib/Class1.cs"));
            Assert.AreEqual("external:hook.targets", names.Name("/ci/hook.targets"));
        }
    }
}
