using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Issue 6's attacks on the consumer gate. The consumer requires every package (Include="*") to be signed by the Acme
    /// key (or, for the gate itself, by the key this run packed Provenance.MSBuild with) and references Evil.Unattested, which has no provenance and whose build/, buildTransitive/ and
    /// buildMultiTargeting/ files set ProvenanceVerifyPackages=false, remove every policy and trusted key and redefine
    /// the gate's targets; Evil.Switch, which ships the same files but is signed by the Acme key (it verifies, so its
    /// files are imported once a restore passes); and Acme.Lib. Whatever those files say, the restore, the build
    /// without restore, the build, and the restore of a solution all fail with the unattested package's code, and no
    /// assembly is compiled against it.
    /// </summary>
    [TestClass]
    public sealed class GateAgainstHostilePackages : SandboxTest
    {
        private static Sandbox sandbox = null!;
        private static CommandResult restore = null!;
        private static CommandResult buildWithoutRestore = null!;
        private static CommandResult build = null!;
        private static CommandResult solutionRestore = null!;

        public GateAgainstHostilePackages(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void RestoreAndBuildAConsumerOfHostilePackages(TestContext context)
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            sandbox = Sandbox.Create(nameof(GateAgainstHostilePackages), context.WriteLine);
            sandbox.MakeConsumerOf(feed,
                ConsumerSetup.PackageReferences("Evil.Unattested/1.0.0", "Evil.Switch/1.0.0", "Acme.Lib/1.2.3") + "\n    " +
                ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath, TestSuite.Package.SigningPublicKeyPath) + "\n    " +
                "<ProvenancePolicy Include=\"*\" Require=\"true\" />",
                body: "System.Console.WriteLine(Acme.Lib.Class1.Hello());");
            sandbox.DotNet("new", new[] { "sln", "-n", "Consumers", "--format", "slnx" }, workingDirectory: sandbox.Root).Succeeded();
            sandbox.DotNet("sln", new[] { "Consumers.slnx", "add", "Consumer/Consumer.csproj" }, workingDirectory: sandbox.Root).Succeeded();

            // act
            restore = sandbox.DotNet("restore", new string[0], workingDirectory: sandbox.PathOf(ConsumerSetup.ConsumerProject));
            buildWithoutRestore = sandbox.BuildConsumer("--no-restore");
            build = sandbox.BuildConsumer();
            solutionRestore = sandbox.DotNet("restore", new[] { "Consumers.slnx" }, workingDirectory: sandbox.Root);
        }

        [TestMethod]
        public void Dotnet_restore_itself_fails_on_the_unattested_package()
        {
            restore.Failed().HasDiagnosticNaming("error", "PROV2001", "Evil.Unattested");
        }

        [TestMethod]
        public void A_build_without_restore_fails_on_the_quarantined_restore_and_compiles_nothing()
        {
            buildWithoutRestore.Failed().HasError("PROV2011");
            Expect.FileDoesNotExist(sandbox.PathOf(ConsumerSetup.ConsumerProject, "obj/Debug/net10.0/Consumer.dll"), buildWithoutRestore);
            Expect.FileDoesNotExist(sandbox.PathOf(ConsumerSetup.ConsumerProject, "bin/Debug/net10.0/Consumer.dll"), buildWithoutRestore);
        }

        [TestMethod]
        public void A_build_with_its_implicit_restore_fails_on_the_unattested_package()
        {
            build.Failed().HasDiagnosticNaming("error", "PROV2001", "Evil.Unattested");
            Expect.FileDoesNotExist(sandbox.PathOf(ConsumerSetup.ConsumerProject, "bin/Debug/net10.0/Consumer.dll"), build);
        }

        [TestMethod]
        public void Restoring_the_solution_fails_on_the_unattested_package()
        {
            solutionRestore.Failed().HasDiagnosticNaming("error", "PROV2001", "Evil.Unattested");
        }

        [TestMethod]
        public void The_hostile_but_attested_package_is_judged_verified_and_the_others_are_still_judged()
        {
            var report = sandbox.ConsumerReport();
            Assert.AreEqual(Provenance.Packages.PackageVerificationOutcome.Verified, report.Entry("Evil.Switch").Outcome, ConsumerSetup.Describe(report));
            Assert.AreEqual(Provenance.Packages.PackageVerificationOutcome.Verified, report.Entry("Acme.Lib").Outcome, ConsumerSetup.Describe(report));
            Assert.AreEqual(Provenance.Packages.PackageVerificationOutcome.NotAttested, report.Entry("Evil.Unattested").Outcome, ConsumerSetup.Describe(report));
        }
    }

    /// <summary>
    /// A restore that passed, then a package file changed in place with its size and time put back (touch -r): the next
    /// `dotnet build --no-restore` imports Evil.Switch's hostile build files (it is verified, so they are imported), yet its
    /// first step notices the change and judges again in an evaluation without package imports, failing with PROV2003.
    /// </summary>
    [TestClass]
    public sealed class GateAfterATamperedRestore : SandboxTest
    {
        public GateAfterATamperedRestore(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void A_file_changed_after_a_passed_restore_fails_the_next_build_even_with_its_time_put_back()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateSandbox();
            sandbox.MakeConsumerOf(feed,
                ConsumerSetup.PackageReferences("Evil.Switch/1.0.0", "Acme.Lib/1.2.3") + "\n    " +
                ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath, TestSuite.Package.SigningPublicKeyPath) + "\n    " +
                "<ProvenancePolicy Include=\"*\" Require=\"true\" />",
                body: "System.Console.WriteLine(Acme.Lib.Class1.Hello());");
            sandbox.BuildConsumer().Succeeded();
            string dll = Path.Combine(sandbox.RestoredPackageFolder("Acme.Lib", "1.2.3"), "lib", "net10.0", "Acme.Lib.dll");
            DateTime written = File.GetLastWriteTimeUtc(dll);

            // act
            ConsumerSetup.FlipOneByte(dll);
            File.SetLastWriteTimeUtc(dll, written);
            CommandResult rebuild = sandbox.BuildConsumer("--no-restore");

            // assert
            rebuild.Failed().HasDiagnosticNaming("error", "PROV2003", "Acme.Lib");
        }
    
        [TestMethod]
        public void Restore_and_build_in_one_evaluation_is_refused_with_PROV3010()
        {
            // arrange: packages' build files are imported into the evaluation that runs Restore, so the gate must not run there
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateSandbox();
            sandbox.MakeConsumerOf(feed,
                ConsumerSetup.PackageReferences("Acme.Lib/1.2.3") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " +
                "<ProvenancePolicy Include=\"Acme.*\" Require=\"true\" />");

            // act
            CommandResult result = sandbox.DotNet("msbuild", new[] { "-t:Restore;Build" }, workingDirectory: sandbox.PathOf(ConsumerSetup.ConsumerProject));

            // assert
            result.Failed().HasError("PROV3010");
        }
}
}
