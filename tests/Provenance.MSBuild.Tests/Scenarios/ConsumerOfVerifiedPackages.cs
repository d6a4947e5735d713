using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Packages;
using Provenance.Slsa;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Issue 3's consumer that builds: a console app whose policy requires Acme.* packages built from the Acme repository
    /// and signed by the trusted Acme key. It references Acme.Lib (verified), Acme.DevKey (signed with a trusted
    /// development key, accepted by its own AllowDevelopmentKey policy) and Other.Plain (no provenance, no policy).
    /// Built once for the class; each test checks one claim about that build.
    /// </summary>
    [TestClass]
    public sealed class ConsumerOfVerifiedPackages : SandboxTest
    {
        private static Sandbox sandbox = null!;
        private static AcmeFeed feed = null!;
        private static KeyPair consumerKey = null!;
        private static CommandResult build = null!;

        public ConsumerOfVerifiedPackages(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void BuildTheConsumer(TestContext context)
        {
            // arrange
            feed = AcmeFeed.Instance;
            sandbox = Sandbox.Create(nameof(ConsumerOfVerifiedPackages), context.WriteLine);
            consumerKey = sandbox.MakeConsumerOf(feed,
                ConsumerSetup.PackageReferences("Acme.Lib/1.2.3", "Acme.DevKey/1.0.0", "Other.Plain/1.0.0") + "\n    " +
                ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath, feed.DevelopmentPublicKeyPath) + "\n    " +
                "<ProvenancePolicy Include=\"Acme.*\" Require=\"true\" SourceRepository=\"" + AcmeFeed.SourceRepository + "\" />\n    " +
                "<ProvenancePolicy Include=\"Acme.DevKey\" Require=\"true\" AllowDevelopmentKey=\"true\" />",
                body: "System.Console.WriteLine(Acme.Lib.Class1.Hello() + Acme.DevKey.Class1.Hello() + Other.Plain.Class1.Hello());");

            // act (normal verbosity: the PROV2010 summary is a message)
            build = sandbox.BuildConsumer("-v:n");
        }

        private static IReadOnlyList<PackageVerificationResult> Report()
        {
            build.Succeeded();
            return sandbox.ConsumerReport();
        }

        [TestMethod]
        public void The_build_succeeds_without_a_provenance_error_or_warning()
        {
            // assert
            build.Succeeded();
            build.OutputDoesNotContain("error PROV", "a provenance error");
            build.OutputDoesNotContain("warning PROV", "a provenance warning");
        }

        [TestMethod]
        public void The_report_says_Acme_Lib_is_verified_with_its_content_hash_statement_signer_and_source()
        {
            // arrange
            string package = feed.PackagePath("Acme.Lib", "1.2.3");

            // act
            PackageVerificationResult entry = Report().Entry("Acme.Lib");

            // assert
            Assert.AreEqual(PackageVerificationOutcome.Verified, entry.Outcome, entry.Reason);
            Assert.AreEqual("1.2.3", entry.Version);
            Assert.AreEqual(Nupkg.Sha512Hex(package), entry.ContentHashSha512, "the report's content hash is the package's sha512");
            Assert.AreEqual(Nupkg.DssePayloadSha256(Nupkg.ReadEntry(package, "provenance/package.sigstore.json")), entry.StatementSha256, "the report's statement digest");
            Assert.AreEqual(AcmeFeed.SourceRepository, entry.SourceRepository);
        }

        [TestMethod]
        public void The_consumers_own_provenance_records_Acme_Lib_with_its_sha512_and_the_digest_of_the_verified_statement()
        {
            // arrange
            string package = feed.PackagePath("Acme.Lib", "1.2.3");
            string statementSha256 = Nupkg.DssePayloadSha256(Nupkg.ReadEntry(package, "provenance/package.sigstore.json"));

            // act
            build.Succeeded();
            ProvenanceFile consumer = ProvenanceFile.Verify(sandbox.PathOf(ConsumerSetup.ConsumerProject, "bin/Debug/net10.0/Consumer.dll.sigstore.json"), consumerKey.PublicKeyPath);
            IReadOnlyList<ResourceDescriptor> recorded = consumer.DependenciesNamed("pkg:nuget/Acme.Lib@1.2.3");

            // assert
            Assert.HasCount(1, recorded, "expected pkg:nuget/Acme.Lib@1.2.3 among:\n" + consumer.DescribeDependencies());
            Assert.IsTrue(recorded[0].Digest.TryGetValue("sha512", out string? sha512), "no sha512: " + consumer.DescribeDependencies());
            Assert.AreEqual(Nupkg.Sha512Hex(package), sha512, "the consumer records the package's sha512");
            Assert.AreEqual(statementSha256, recorded[0].Annotations?.GetString("provenanceStatementSha256"),
                "the consumer records the digest of the statement it verified; annotations: " + recorded[0].Annotations);
        }

        [TestMethod]
        public void AllowDevelopmentKey_accepts_a_package_signed_with_a_trusted_development_key()
        {
            // act
            PackageVerificationResult entry = Report().Entry("Acme.DevKey");

            // assert
            Assert.AreEqual(PackageVerificationOutcome.Verified, entry.Outcome, entry.Reason);
        }

        [TestMethod]
        public void A_package_outside_the_policy_without_provenance_only_appears_in_the_PROV2010_summary()
        {
            // act
            IReadOnlyList<PackageVerificationResult> report = Report();

            // assert
            build.OutputContains("PROV2010");
            Assert.AreEqual(PackageVerificationOutcome.NotAttested, report.Entry("Other.Plain").Outcome, ConsumerSetup.Describe(report));
            Assert.IsEmpty(build.DiagnosticLines("error", "PROV2001"), "Other.Plain is not required");
            Assert.IsEmpty(build.DiagnosticLines("warning", "PROV2001"), "Other.Plain is not required");
        }
    
        [TestMethod]
        public void The_restore_writes_a_signed_VSA_that_names_each_package_and_the_consumers_provenance_records_it()
        {
            // arrange
            string vsa = sandbox.PathOf(ConsumerSetup.ConsumerProject, "obj/Consumer.csproj.provenance.vsa.sigstore.json");

            // act
            build.Succeeded();
            ProvenanceFile summary = ProvenanceFile.Verify(vsa, consumerKey.PublicKeyPath);
            ProvenanceFile consumer = ProvenanceFile.Verify(sandbox.PathOf(ConsumerSetup.ConsumerProject, "bin/Debug/net10.0/Consumer.dll.sigstore.json"), consumerKey.PublicKeyPath);

            // assert
            Assert.AreEqual("https://slsa.dev/verification_summary/v1", summary.Verified.PredicateType);
            Assert.AreEqual("PASSED", summary.Predicate.GetString("verificationResult"), summary.Predicate.ToString());
            StringAssert.Contains(summary.DescribeSubjects(), "pkg:nuget/Acme.Lib@1.2.3");
            string vsaSha256 = Nupkg.Sha256Hex(System.IO.File.ReadAllBytes(vsa));
            StringAssert.Contains(consumer.DescribeDependencies(), vsaSha256, "the consumer's provenance names the VSA by digest");
        }
}
}
