using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    [TestClass]
    public sealed class ProvenancePolicyTests
    {
        private static readonly ProvenancePolicy Layered = ProvenancePolicy.Create(new[]
        {
            new ProvenancePolicyItem("*") { Require = "false" },
            new ProvenancePolicyItem("Acme.*") { Severity = "warning" },
            new ProvenancePolicyItem("Acme.Core.*") { SourceRepository = "https://github.com/acme/core" },
            new ProvenancePolicyItem("Acme.Core.Special") { Severity = "none" },
        }, PackageKeys.Trusted(PackageKeys.Acme));

        [TestMethod]
        [DataRow("acme.core.special", "Acme.Core.Special")]
        [DataRow("Acme.Core.Data", "Acme.Core.*")]
        [DataRow("Acme.Lib", "Acme.*")]
        [DataRow("Newtonsoft.Json", "*")]
        public void MostSpecificItemWins(string id, string expectedPattern)
        {
            Assert.AreEqual(expectedPattern, Layered.Resolve(id).Pattern);
        }

        [TestMethod]
        public void NoMatchingItem_IsNotRequired()
        {
            var policy = ProvenancePolicy.Create(new[] { new ProvenancePolicyItem("Acme.*") }, PackageKeys.Trusted(PackageKeys.Acme));

            Assert.AreSame(PackagePolicy.NotRequired, policy.Resolve("Other.Lib"));
            Assert.IsTrue(policy.Resolve("Acme.Lib").Required, "Require defaults to true");
        }

        [TestMethod]
        [DataRow("*.Lib")]
        [DataRow("Acme*Lib")]
        [DataRow("Acme.?")]
        [DataRow("")]
        [DataRow("Acme Lib")]
        public void MalformedPattern_IsPROV3004(string include)
        {
            AssertInvalid(new ProvenancePolicyItem(include), "Include");
        }

        [TestMethod]
        public void TwoItemsForOnePattern_IsPROV3004()
        {
            var error = Assert.ThrowsExactly<ProvenanceException>(() => ProvenancePolicy.Create(new[]
            {
                new ProvenancePolicyItem("Acme.*"), new ProvenancePolicyItem("acme.*") { Require = "false" },
            }, PackageKeys.Trusted(PackageKeys.Acme)));
            Assert.AreEqual(DiagnosticCodes.PolicyInvalid, error.Code);
            StringAssert.Contains(error.Message, "'acme.*'");
        }

        [TestMethod]
        public void MalformedMetadata_IsPROV3004NamingTheItem()
        {
            AssertInvalid(new ProvenancePolicyItem("Acme.*") { Require = "yes" }, "Require");
            AssertInvalid(new ProvenancePolicyItem("Acme.*") { Severity = "fatal" }, "Severity");
            AssertInvalid(new ProvenancePolicyItem("Acme.*") { AllowDevelopmentKey = "1" }, "AllowDevelopmentKey");
            AssertInvalid(new ProvenancePolicyItem("Acme.*") { SourceRepository = "github.com/acme" }, "SourceRepository");
            AssertInvalid(new ProvenancePolicyItem("Acme.*") { TrustedKeys = "keys/unknown.pub" }, "TrustedKeys");
        }

        [TestMethod]
        public void TrustedKeysSubset_RestrictsTheKeysOfThatRuleOnly()
        {
            var trusted = PackageKeys.Trusted(PackageKeys.Acme, PackageKeys.Other);
            var policy = ProvenancePolicy.Create(new[] { new ProvenancePolicyItem("Acme.*") { TrustedKeys = PackageKeys.Acme.PublicKey.Hint } }, trusted);

            Assert.AreEqual(1, policy.Resolve("Acme.Lib").KeysFrom(trusted).Count);
            Assert.AreEqual(2, policy.Resolve("Other.Lib").KeysFrom(trusted).Count);
        }

        [TestMethod]
        public void UntrustedSignerOutsideTheSubset()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = RestoredPackageVerifierTests.Restore(scratch);
            var trusted = PackageKeys.Trusted(PackageKeys.Acme, PackageKeys.Other);
            var policy = ProvenancePolicy.Create(new[] { new ProvenancePolicyItem("Acme.*") { TrustedKeys = PackageKeys.Other.PublicKey.Hint } }, trusted);

            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, new RestoredPackageVerifier(trusted, policy).Verify(folder).Outcome);
        }

        [TestMethod]
        public void Decide_FollowsTheDecisionTable()
        {
            PackagePolicy required = Layered.Resolve("Acme.Core.Data"), warning = Layered.Resolve("Acme.Lib"),
                silent = Layered.Resolve("Acme.Core.Special"), optional = Layered.Resolve("Newtonsoft.Json");

            Assert.AreEqual(PolicyDecisionLevel.Error, optional.Decide(Result(PackageVerificationOutcome.Tampered)).Level, "tampered is always an error");
            Assert.AreEqual(PolicyDecisionLevel.Error, silent.Decide(Result(PackageVerificationOutcome.Tampered)).Level);
            PolicyDecision notAttested = required.Decide(Result(PackageVerificationOutcome.NotAttested));
            Assert.AreEqual(PolicyDecisionLevel.Error, notAttested.Level);
            Assert.AreEqual("PROV2001", notAttested.Code);
            Assert.AreEqual("PROV2002", required.Decide(Result(PackageVerificationOutcome.UntrustedSigner)).Code);
            Assert.AreEqual("PROV2004", required.Decide(Result(PackageVerificationOutcome.PolicyViolation)).Code);
            Assert.AreEqual("PROV2005", required.Decide(Result(PackageVerificationOutcome.DevelopmentKey)).Code);
            Assert.AreEqual(PolicyDecisionLevel.Warning, warning.Decide(Result(PackageVerificationOutcome.NotAttested)).Level);
            Assert.AreEqual(PolicyDecisionLevel.Summary, silent.Decide(Result(PackageVerificationOutcome.NotAttested)).Level);
            Assert.AreEqual(PolicyDecisionLevel.Summary, optional.Decide(Result(PackageVerificationOutcome.UntrustedSigner)).Level);
            Assert.AreEqual(PolicyDecisionLevel.Verified, required.Decide(Result(PackageVerificationOutcome.Verified)).Level);
        }

        [TestMethod]
        public void TrustedKeyFiles_LoadPublicKeysAndRejectTheRest()
        {
            using var scratch = new Scratch();
            File.WriteAllText(scratch.File("acme.pub"), PackageKeys.Acme.PublicKey.ToPem());
            File.WriteAllText(scratch.File("acme.key"), PackageKeys.Acme.ToPkcs8Pem(null));

            var keys = TrustedKey.LoadFiles(new[] { scratch.File("acme.pub") });
            Assert.AreEqual(PackageKeys.Acme.PublicKey.Hint, keys[0].Key.Hint);
            Assert.AreEqual(DiagnosticCodes.TrustedKeyInvalid, Assert.ThrowsExactly<ProvenanceException>(() => TrustedKey.LoadFiles(new[] { scratch.File("missing.pub") })).Code);
            Assert.AreEqual(DiagnosticCodes.TrustedKeyInvalid, Assert.ThrowsExactly<ProvenanceException>(() => TrustedKey.LoadFiles(new[] { scratch.File("acme.key") })).Code);

            var byPath = ProvenancePolicy.Create(new[] { new ProvenancePolicyItem("Acme.*") { TrustedKeys = scratch.File("acme.pub") } }, keys);
            Assert.AreEqual(1, byPath.Resolve("Acme.Lib").TrustedKeys!.Count);
        }

        [TestMethod]
        [DataRow("git+https://GitHub.com/acme/lib.git@refs/heads/main", "https://github.com/acme/lib")]
        [DataRow("https://token:secret@github.com/acme/lib/", "https://github.com/acme/lib")]
        [DataRow("git@github.com:acme/lib.git", "https://github.com/acme/lib")]
        [DataRow("github.com/acme/lib", "https://github.com/acme/lib")]
        [DataRow("https://github.com/Acme/Lib?x=1#y", "https://github.com/Acme/Lib")]
        public void SourceRepositoryUrls_Normalize(string url, string expected)
        {
            Assert.AreEqual(expected, SourceRepositoryUrl.Normalize(url));
        }

        private static PackageVerificationResult Result(PackageVerificationOutcome outcome) =>
            new PackageVerificationResult("Acme.Lib", "1.2.3", outcome, "Acme.Lib 1.2.3: " + outcome);

        private static void AssertInvalid(ProvenancePolicyItem item, string mentioned)
        {
            var error = Assert.ThrowsExactly<ProvenanceException>(() => ProvenancePolicy.Create(new[] { item }, PackageKeys.Trusted(PackageKeys.Acme)));
            Assert.AreEqual(DiagnosticCodes.PolicyInvalid, error.Code);
            StringAssert.Contains(error.Message, "'" + item.Include + "'");
            StringAssert.Contains(error.Message, mentioned);
        }
    }
}
