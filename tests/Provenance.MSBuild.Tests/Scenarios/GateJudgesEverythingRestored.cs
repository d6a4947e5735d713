using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Packages;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Issue 6, "everything the restore brings in is judged", on a solution shaped like real ones: central package
    /// management, a GlobalPackageReference, a PackageDownload, a consumer referencing a multi-targeted
    /// library project that brings its own package (and, for net8.0, the targeting pack as an implicit PackageDownload,
    /// which the policy exempts with Microsoft.* Require="false"), built with -m; the policy (Include="*", declared in an imported eng/provenance.props
    /// under a Condition) requires every package to be signed by the Acme key or the key that packed the gate. Each of
    /// the three unattested or untrusted packages, reached each way, is an error of the restore; the gate itself,
    /// resolved as an MSBuild project SDK and not referenced as a package, is judged too (and verified).
    /// </summary>
    [TestClass]
    public sealed class GateJudgesEverythingRestored : SandboxTest
    {
        private static Sandbox sandbox = null!;
        private static CommandResult build = null!;

        public GateJudgesEverythingRestored(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void BuildACentrallyManagedSolution(TestContext context)
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            sandbox = Sandbox.Create(nameof(GateJudgesEverythingRestored), context.WriteLine);
            sandbox.UseFeeds(feed.Directory);
            sandbox.UseGate();
            sandbox.UseOwnPackagesFolder();
            sandbox.WriteFile("Directory.Packages.props",
                "<Project>\n  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>\n" +
                "  <ItemGroup>\n    <PackageVersion Include=\"Acme.Lib\" Version=\"1.2.3\" />\n    <PackageVersion Include=\"Acme.NoProvenance\" Version=\"1.0.0\" />\n" +
                "    <GlobalPackageReference Include=\"Other.Plain\" Version=\"1.0.0\" Condition=\"'$(MSBuildProjectName)' == 'Consumer'\" />\n  </ItemGroup>\n</Project>\n");
            sandbox.WriteFile("eng/provenance.props",
                "<Project>\n  <ItemGroup Condition=\"'$(Configuration)' == 'Debug'\">\n" +
                "    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath, TestSuite.Package.SigningPublicKeyPath) + "\n" +
                "    <ProvenancePolicy Include=\"*\" Require=\"true\" />\n" +
                "    <ProvenancePolicy Include=\"Microsoft.*\" Require=\"false\" />\n  </ItemGroup>\n</Project>\n");
            sandbox.WriteFile("Directory.Build.targets",
                "<Project>\n  <Import Project=\"eng/provenance.props\" />\n  <Import Project=\"Sdk.targets\" Sdk=\"Provenance.MSBuild\" />\n</Project>\n");
            // Multi-targeted: net8.0 brings the targeting pack as an implicit PackageDownload, which Microsoft.* lets through.
            sandbox.WriteLibrary("Lib", "Lib", targetFrameworks: "net8.0;net10.0", provenance: false,
                items: "<PackageReference Include=\"Acme.NoProvenance\" Condition=\"'$(TargetFramework)' == 'net10.0'\" />");
            sandbox.WriteConsoleApp(ConsumerSetup.ConsumerProject, ConsumerSetup.ConsumerProject, provenance: false,
                items: "<PackageReference Include=\"Acme.Lib\" />\n    <PackageDownload Include=\"Acme.Untrusted\" Version=\"[1.0.0]\" />\n    <ProjectReference Include=\"../Lib/Lib.csproj\" />");

            // act
            build = sandbox.BuildConsumer("-m");
        }

        [TestMethod]
        public void A_GlobalPackageReference_without_provenance_fails_the_restore()
        {
            build.Failed().HasDiagnosticNaming("error", "PROV2001", "Other.Plain");
        }

        [TestMethod]
        public void A_PackageDownload_signed_by_an_untrusted_key_fails_the_restore()
        {
            build.Failed().HasDiagnosticNaming("error", "PROV2002", "Acme.Untrusted");
        }

        [TestMethod]
        public void A_package_of_a_referenced_project_without_provenance_fails_the_restore()
        {
            build.Failed().HasDiagnosticNaming("error", "PROV2001", "Acme.NoProvenance");
        }

        [TestMethod]
        public void The_gate_SDK_itself_and_the_attested_package_are_judged_and_verified()
        {
            IReadOnlyList<PackageVerificationResult> report = sandbox.ConsumerReport();
            Assert.AreEqual(PackageVerificationOutcome.Verified, report.Entry("Provenance.MSBuild").Outcome, ConsumerSetup.Describe(report));
            Assert.AreEqual(PackageVerificationOutcome.Verified, report.Entry("Acme.Lib").Outcome, ConsumerSetup.Describe(report));
        }

        [TestMethod]
        public void A_package_the_policy_exempts_is_not_an_error()
        {
            Assert.IsEmpty(build.DiagnosticLines("error", "PROV2001").Where(l => l.Contains("Microsoft.", System.StringComparison.Ordinal)).ToList(),
                "Microsoft.* is exempt:\n" + build.Output);
        }

        [TestMethod]
        public void Nothing_is_compiled()
        {
            Expect.FileDoesNotExist(sandbox.PathOf(ConsumerSetup.ConsumerProject, "bin/Debug/net10.0/Consumer.dll"), build);
            Expect.FileDoesNotExist(sandbox.PathOf("Lib", "bin/Debug/net10.0/Lib.dll"), build);
        }
    }
}
