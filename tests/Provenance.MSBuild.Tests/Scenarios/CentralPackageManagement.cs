using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Issue 7's adoption failure: under central package management the README's PackageReference with a Version fails
    /// with NU1008. The README's two CPM forms — a GlobalPackageReference, and a version-less PackageReference with its
    /// PackageVersion — both give every project its signed provenance.
    /// </summary>
    [TestClass]
    public sealed class CentralPackageManagement : SandboxTest
    {
        public CentralPackageManagement(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void A_GlobalPackageReference_in_Directory_Packages_props_attests_every_project()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteFile("Directory.Packages.props",
                "<Project>\n  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>\n" +
                "  <ItemGroup>\n    <GlobalPackageReference Include=\"Provenance.MSBuild\" Version=\"" + TestSuite.Package.Version + "\" />\n  </ItemGroup>\n</Project>\n");
            sandbox.WriteLibrary("Lib", "Lib", provenance: false);
            sandbox.WriteConsoleApp("App", "App", provenance: false, items: "<ProjectReference Include=\"../Lib/Lib.csproj\" />");

            // act
            CommandResult build = sandbox.DotNet("build", new[] { "App/App.csproj" }, workingDirectory: sandbox.Root);

            // assert
            build.Succeeded();
            ProvenanceFile.Verify(sandbox.PathOf("Lib/bin/Debug/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
            ProvenanceFile.Verify(sandbox.PathOf("App/bin/Debug/net10.0/App.dll.sigstore.json"), key.PublicKeyPath);
        }

        [TestMethod]
        public void A_version_less_PackageReference_with_its_PackageVersion_attests_the_project()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey();
            sandbox.WriteFile("Directory.Packages.props",
                "<Project>\n  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>\n" +
                "  <ItemGroup>\n    <PackageVersion Include=\"Provenance.MSBuild\" Version=\"" + TestSuite.Package.Version + "\" />\n  </ItemGroup>\n</Project>\n");
            sandbox.WriteLibrary("Lib", "Lib", provenance: false, items: "<PackageReference Include=\"Provenance.MSBuild\" PrivateAssets=\"all\" />");

            // act
            CommandResult build = sandbox.DotNet("build", new[] { "Lib/Lib.csproj" }, workingDirectory: sandbox.Root);

            // assert
            build.Succeeded();
            ProvenanceFile.Verify(sandbox.PathOf("Lib/bin/Debug/net10.0/Lib.dll.sigstore.json"), key.PublicKeyPath);
        }
    }
}
