using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Packages;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// A consumer whose only consumer setting is a wildcard policy: MSBuild drops Include="Acme.*" as an unmatched file
    /// glob, and with no ProvenanceTrustedKey item nothing else would start verification. It must still run and fail
    /// closed: with no trusted key, a required package cannot be verified.
    /// </summary>
    [TestClass]
    public sealed class ConsumerOfWildcardPolicyOnly : SandboxTest
    {
        public ConsumerOfWildcardPolicyOnly(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void A_wildcard_policy_without_any_trusted_key_still_verifies_and_fails_closed()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            sandbox.MakeConsumerOf(AcmeFeed.Instance,
                ConsumerSetup.PackageReferences("Acme.Lib/1.2.3") + "\n    <ProvenancePolicy Include=\"Acme.*\" Require=\"true\" />");

            // act
            CommandResult build = sandbox.BuildConsumer();

            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2002", "Acme.Lib");
            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, sandbox.ConsumerReport().Entry("Acme.Lib").Outcome);
        }
    }
}
