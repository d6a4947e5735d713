using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Packages;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Issue 3's consumers that must not build: the policy requires Acme.* and trusts the Acme key (and, so that only
    /// the policy can refuse it, the development key). One build references every Acme package the policy must reject,
    /// each for its own reason, and each test checks that its package failed with its own code, named in the error:
    /// packed without provenance (PROV2001), signed by an untrusted key (PROV2002), built from another source repository
    /// than the policy requires (PROV2004), signed with a development key (PROV2005). Severity="warning" is a build of its own.
    /// </summary>
    [TestClass]
    public sealed class ConsumerOfRejectedPackages : SandboxTest
    {
        private static Sandbox sandbox = null!;
        private static CommandResult build = null!;

        public ConsumerOfRejectedPackages(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void BuildTheConsumer(TestContext context)
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            sandbox = Sandbox.Create(nameof(ConsumerOfRejectedPackages), context.WriteLine);
            sandbox.MakeConsumerOf(feed,
                ConsumerSetup.PackageReferences("Acme.NoProvenance/1.0.0", "Acme.Untrusted/1.0.0", "Acme.Lib/1.2.3", "Acme.DevKey/1.0.0") + "\n    " +
                ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath, feed.DevelopmentPublicKeyPath) + "\n    " +
                "<ProvenancePolicy Include=\"Acme.*\" Require=\"true\" />\n    " +
                "<ProvenancePolicy Include=\"Acme.Lib\" Require=\"true\" SourceRepository=\"https://github.com/acme/other\" />");

            // act
            build = sandbox.BuildConsumer();
        }

        private static PackageVerificationResult ReportEntry(string id)
        {
            IReadOnlyList<PackageVerificationResult> report = sandbox.ConsumerReport();
            return report.Entry(id);
        }

        [TestMethod]
        public void A_package_packed_with_provenance_disabled_fails_the_build_with_PROV2001()
        {
            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2001", "Acme.NoProvenance");
            Assert.AreEqual(PackageVerificationOutcome.NotAttested, ReportEntry("Acme.NoProvenance").Outcome);
        }

        [TestMethod]
        public void A_package_signed_by_an_untrusted_key_fails_the_build_with_PROV2002()
        {
            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2002", "Acme.Untrusted");
            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, ReportEntry("Acme.Untrusted").Outcome);
        }

        [TestMethod]
        public void A_package_built_from_another_source_repository_than_the_policy_requires_fails_with_PROV2004()
        {
            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2004", "Acme.Lib");
            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, ReportEntry("Acme.Lib").Outcome);
        }

        [TestMethod]
        public void A_package_signed_with_a_trusted_development_key_fails_with_PROV2005()
        {
            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2005", "Acme.DevKey");
            Assert.AreEqual(PackageVerificationOutcome.DevelopmentKey, ReportEntry("Acme.DevKey").Outcome);
        }

        [TestMethod]
        public void The_build_fails_before_compilation()
        {
            // assert
            build.Failed();
            Expect.FileDoesNotExist(sandbox.PathOf(ConsumerSetup.ConsumerProject, "obj/Debug/net10.0/Consumer.dll"), build);
        }

        [TestMethod]
        public void Severity_warning_turns_a_required_failure_into_a_PROV2002_warning()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox own = CreateSandbox();
            own.MakeConsumerOf(feed,
                ConsumerSetup.PackageReferences("Acme.Untrusted/1.0.0") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " +
                "<ProvenancePolicy Include=\"Acme.*\" Require=\"true\" Severity=\"warning\" />");

            // act
            CommandResult result = own.BuildConsumer();

            // assert
            result.Succeeded().HasDiagnosticNaming("warning", "PROV2002", "Acme.Untrusted");
            result.OutputDoesNotContain("error PROV", "a provenance error");
        }
    }
}
