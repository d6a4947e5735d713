using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Issue 3's tampered packages: a consumer (policy Acme.*, Acme key trusted) of Acme.Lib and of Other.Attested (signed by
    /// the Acme key, but matched by no policy) builds once, verified and cached. Then, in its packages folder, one byte of
    /// the restored Acme.Lib.dll changes and a file is added to Other.Attested. The next build must fail with PROV2003 for
    /// both: the cache must not hide a change, and tampering is an error whatever the policy says.
    /// </summary>
    [TestClass]
    public sealed class ConsumerOfTamperedPackages : SandboxTest
    {
        private static Sandbox sandbox = null!;
        private static CommandResult firstBuild = null!;
        private static CommandResult tamperedBuild = null!;
        private static string reportBeforeTampering = "";

        public ConsumerOfTamperedPackages(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void BuildTamperAndBuildAgain(TestContext context)
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            sandbox = Sandbox.Create(nameof(ConsumerOfTamperedPackages), context.WriteLine);
            sandbox.MakeConsumerOf(feed,
                ConsumerSetup.PackageReferences("Acme.Lib/1.2.3", "Other.Attested/1.0.0") + "\n    " +
                ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " +
                "<ProvenancePolicy Include=\"Acme.*\" Require=\"true\" />",
                body: "System.Console.WriteLine(Acme.Lib.Class1.Hello() + Other.Attested.Class1.Hello());");
            firstBuild = sandbox.BuildConsumer();
            if (!firstBuild.Succeeded) return;
            reportBeforeTampering = ConsumerSetup.Describe(sandbox.ConsumerReport());

            // act: one byte of the restored dll, one file added to a package no policy covers
            ConsumerSetup.FlipOneByte(Path.Combine(sandbox.RestoredPackageFolder("Acme.Lib", "1.2.3"), "lib", "net10.0", "Acme.Lib.dll"));
            File.WriteAllText(Path.Combine(sandbox.RestoredPackageFolder("Other.Attested", "1.0.0"), "lib", "net10.0", "Extra.txt"), "not from the producer");
            tamperedBuild = sandbox.BuildConsumer();
        }

        private static CommandResult TamperedBuild()
        {
            firstBuild.Succeeded();
            return tamperedBuild;
        }

        [TestMethod]
        public void Before_tampering_both_packages_are_verified()
        {
            // assert
            firstBuild.Succeeded();
            firstBuild.OutputDoesNotContain("error PROV", "a provenance error");
            StringAssert.Contains(reportBeforeTampering, "Acme.Lib 1.2.3: verified");
            StringAssert.Contains(reportBeforeTampering, "Other.Attested 1.0.0: verified");
        }

        [TestMethod]
        public void One_changed_byte_of_the_restored_dll_fails_the_next_build_with_PROV2003_naming_the_package_and_the_file()
        {
            // act
            CommandResult build = TamperedBuild();

            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2003", "Acme.Lib");
            Assert.IsTrue(build.DiagnosticLines("error", "PROV2003").Any(l => l.Contains("Acme.Lib.dll", System.StringComparison.Ordinal)),
                "the error names the changed file\n" + build);
        }

        [TestMethod]
        public void A_file_added_to_a_restored_package_that_no_policy_covers_is_still_a_PROV2003_error()
        {
            // act
            CommandResult build = TamperedBuild();

            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2003", "Other.Attested");
            Assert.IsTrue(build.DiagnosticLines("error", "PROV2003").Any(l => l.Contains("Extra.txt", System.StringComparison.Ordinal)),
                "the error names the added file\n" + build);
        }
    }
}
