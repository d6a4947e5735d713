using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Packages;
using Provenance.Slsa;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Issue 3's consumer half: a console app that references Provenance.MSBuild and packages from the Acme feed, with a
    /// policy requiring Acme.* and the Acme public key trusted, builds (or fails) with one outcome per scenario. Each
    /// consumer restores into a packages folder of its own, so tampering with it touches no other test.
    /// </summary>
    [TestClass]
    public sealed class ConsumerOutcomes : SandboxTest
    {
        private const string Project = "Consumer";

        public ConsumerOutcomes(TestContext testContext) : base(testContext) { }

        private static string RequireAcme(string extraMetadata = "") => "<ProvenancePolicy Include=\"Acme.*\" Require=\"true\"" + extraMetadata + " />";

        /// <summary>A consumer sandbox: the Acme feed, its own packages folder and signing key, Consumer/Consumer.csproj with these items.</summary>
        private Sandbox CreateConsumer(string items, string body = "System.Console.WriteLine(\"hello\");") => CreateConsumer(items, body, out _);

        private Sandbox CreateConsumer(string items, string body, out KeyPair consumerKey)
        {
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateSandbox();
            sandbox.UseFeeds(feed.Directory);
            sandbox.UseOwnPackagesFolder();
            consumerKey = sandbox.UseSigningKey(KeyKind.Ed25519, "consumer");
            sandbox.WriteConsoleApp(Project, Project, items: items, body: body);
            return sandbox;
        }

        private static CommandResult Build(Sandbox sandbox) =>
            sandbox.DotNet("build", new[] { "-v:n" }, workingDirectory: sandbox.PathOf(Project));

        private static IReadOnlyList<PackageVerificationResult> Report(Sandbox sandbox) => ConsumerSetup.ReadReport(sandbox.PathOf(Project), Project);

        private static void NoProvenanceErrorOrWarning(CommandResult result)
        {
            result.OutputDoesNotContain("error PROV", "a provenance error");
            result.OutputDoesNotContain("warning PROV", "a provenance warning");
        }

        [TestMethod]
        public void A_package_signed_by_a_trusted_key_is_verified_and_recorded_in_the_consumers_own_provenance()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Acme.Lib/1.2.3") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " +
                RequireAcme(" SourceRepository=\"" + AcmeFeed.SourceRepository + "\""),
                "System.Console.WriteLine(Acme.Lib.Class1.Hello());", out KeyPair consumerKey);
            string package = feed.PackagePath("Acme.Lib", "1.2.3");
            string packageSha512 = Nupkg.Sha512Hex(package);
            string statementSha256 = Nupkg.DssePayloadSha256(Nupkg.ReadEntry(package, "provenance/package.sigstore.json"));

            // act
            CommandResult build = Build(sandbox);

            // assert: the build and its report
            build.Succeeded();
            NoProvenanceErrorOrWarning(build);
            PackageVerificationResult entry = Report(sandbox).Entry("Acme.Lib");
            Assert.AreEqual(PackageVerificationOutcome.Verified, entry.Outcome, entry.Reason);
            Assert.AreEqual("1.2.3", entry.Version);
            Assert.AreEqual(packageSha512, entry.ContentHashSha512, "the report's content hash");
            Assert.AreEqual(statementSha256, entry.StatementSha256, "the report's statement digest");
            Assert.AreEqual(AcmeFeed.SourceRepository, entry.SourceRepository);

            // assert: the chain in the consumer's own provenance
            ProvenanceFile consumer = ProvenanceFile.Verify(sandbox.PathOf(Project, "bin/Debug/net10.0/Consumer.dll.sigstore.json"), consumerKey.PublicKeyPath);
            IReadOnlyList<ResourceDescriptor> recorded = consumer.DependenciesNamed("pkg:nuget/Acme.Lib@1.2.3");
            Assert.HasCount(1, recorded, "expected pkg:nuget/Acme.Lib@1.2.3 among:\n" + consumer.DescribeDependencies());
            Assert.IsTrue(recorded[0].Digest.TryGetValue("sha512", out string? sha512), "no sha512: " + consumer.DescribeDependencies());
            Assert.AreEqual(packageSha512, sha512, "the consumer records the package's sha512");
            Assert.AreEqual(statementSha256, recorded[0].Annotations?.GetString("provenanceStatementSha256"),
                "the consumer records the digest of the statement it verified; annotations: " + recorded[0].Annotations);
        }

        [TestMethod]
        public void One_changed_byte_of_the_restored_dll_fails_the_next_build_with_PROV2003()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Acme.Lib/1.2.3") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " + RequireAcme(),
                "System.Console.WriteLine(Acme.Lib.Class1.Hello());");
            Build(sandbox).Succeeded();
            ConsumerSetup.FlipOneByte(Path.Combine(sandbox.RestoredPackageFolder("Acme.Lib", "1.2.3"), "lib", "net10.0", "Acme.Lib.dll"));

            // act
            CommandResult build = Build(sandbox);

            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2003", "Acme.Lib");
            Assert.AreEqual(PackageVerificationOutcome.Tampered, Report(sandbox).Entry("Acme.Lib").Outcome);
        }

        [TestMethod]
        public void A_file_added_to_the_restored_package_fails_the_next_build_with_PROV2003()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Acme.Lib/1.2.3") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " + RequireAcme(),
                "System.Console.WriteLine(Acme.Lib.Class1.Hello());");
            Build(sandbox).Succeeded();
            File.WriteAllText(Path.Combine(sandbox.RestoredPackageFolder("Acme.Lib", "1.2.3"), "lib", "net10.0", "Extra.txt"), "not from the producer");

            // act
            CommandResult build = Build(sandbox);

            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2003", "Acme.Lib");
        }

        [TestMethod]
        public void A_package_signed_by_an_untrusted_key_fails_the_build_with_PROV2002()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Acme.Untrusted/1.0.0") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " + RequireAcme());

            // act
            CommandResult build = Build(sandbox);

            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2002", "Acme.Untrusted");
            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, Report(sandbox).Entry("Acme.Untrusted").Outcome);
        }

        [TestMethod]
        public void A_package_packed_with_provenance_disabled_fails_the_build_with_PROV2001()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Acme.NoProvenance/1.0.0") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " + RequireAcme());

            // act
            CommandResult build = Build(sandbox);

            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2001", "Acme.NoProvenance");
            Assert.AreEqual(PackageVerificationOutcome.NotAttested, Report(sandbox).Entry("Acme.NoProvenance").Outcome);
        }

        [TestMethod]
        public void A_package_built_from_another_source_repository_than_the_policy_requires_fails_with_PROV2004()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Acme.Lib/1.2.3") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " +
                RequireAcme(" SourceRepository=\"https://github.com/acme/other\""));

            // act
            CommandResult build = Build(sandbox);

            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2004", "Acme.Lib");
            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, Report(sandbox).Entry("Acme.Lib").Outcome);
        }

        [TestMethod]
        public void A_package_signed_with_a_development_key_fails_with_PROV2005_even_when_that_key_is_trusted()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Acme.DevKey/1.0.0") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath, feed.DevelopmentPublicKeyPath) + "\n    " +
                RequireAcme());

            // act
            CommandResult build = Build(sandbox);

            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2005", "Acme.DevKey");
            Assert.AreEqual(PackageVerificationOutcome.DevelopmentKey, Report(sandbox).Entry("Acme.DevKey").Outcome);
        }

        [TestMethod]
        public void AllowDevelopmentKey_accepts_a_package_signed_with_a_trusted_development_key()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Acme.DevKey/1.0.0") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath, feed.DevelopmentPublicKeyPath) + "\n    " +
                RequireAcme(" AllowDevelopmentKey=\"true\""));

            // act
            CommandResult build = Build(sandbox);

            // assert
            build.Succeeded();
            NoProvenanceErrorOrWarning(build);
            PackageVerificationResult entry = Report(sandbox).Entry("Acme.DevKey");
            Assert.AreEqual(PackageVerificationOutcome.Verified, entry.Outcome, entry.Reason);
        }

        [TestMethod]
        public void A_package_outside_the_policy_without_provenance_only_appears_in_the_PROV2010_summary()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Acme.Lib/1.2.3", "Other.Plain/1.0.0") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " + RequireAcme());

            // act
            CommandResult build = Build(sandbox);

            // assert
            build.Succeeded().OutputContains("PROV2010");
            NoProvenanceErrorOrWarning(build);
            IReadOnlyList<PackageVerificationResult> report = Report(sandbox);
            Assert.AreEqual(PackageVerificationOutcome.NotAttested, report.Entry("Other.Plain").Outcome, ConsumerSetup.Describe(report));
            Assert.AreEqual(PackageVerificationOutcome.Verified, report.Entry("Acme.Lib").Outcome, ConsumerSetup.Describe(report));
        }

        [TestMethod]
        public void Severity_warning_turns_a_required_failure_into_a_PROV2002_warning()
        {
            // arrange
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Acme.Untrusted/1.0.0") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " +
                RequireAcme(" Severity=\"warning\""));

            // act
            CommandResult build = Build(sandbox);

            // assert
            build.Succeeded().HasDiagnosticNaming("warning", "PROV2002", "Acme.Untrusted");
            build.OutputDoesNotContain("error PROV", "a provenance error");
        }

        [TestMethod]
        public void A_tampered_package_that_no_policy_covers_is_still_an_error()
        {
            // arrange: Other.Attested is signed by the trusted Acme key, but no ProvenancePolicy item matches it
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateConsumer(
                ConsumerSetup.PackageReferences("Other.Attested/1.0.0") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) + "\n    " + RequireAcme());
            sandbox.DotNet("restore", Array.Empty<string>(), workingDirectory: sandbox.PathOf(Project)).Succeeded();
            ConsumerSetup.FlipOneByte(Path.Combine(sandbox.RestoredPackageFolder("Other.Attested", "1.0.0"), "lib", "net10.0", "Other.Attested.dll"));

            // act
            CommandResult build = Build(sandbox);

            // assert
            build.Failed().HasDiagnosticNaming("error", "PROV2003", "Other.Attested");
        }
    }
}
