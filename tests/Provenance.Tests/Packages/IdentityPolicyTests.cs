using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    /// <summary>
    /// Policies by identity (issue 8): packages whose embedded bundle is signed with a Fulcio-like certificate, verified
    /// against a test trusted root (a BouncyCastle CA and TSA; the timestamp proves the signing time, so the default
    /// evidence threshold applies) and the ProvenancePolicy's identity and claims.
    /// </summary>
    [TestClass]
    public sealed class IdentityPolicyTests
    {
        private static readonly Lazy<FulcioLikePki> LazyPki = new Lazy<FulcioLikePki>(() => new FulcioLikePki());
        private static FulcioLikePki Pki => LazyPki.Value;

        private static ProvenancePolicyItem Release() => new ProvenancePolicyItem("Acme.*")
        {
            CertificateIdentityRegex = @"https://github\.com/acme/lib/\.github/workflows/.*",
            SourceRepository = "github.com/acme/lib",
            SourceRef = "refs/tags/v*",
            SignerWorkflow = "github.com/acme/lib/.github/workflows/release.yml",
        };

        [TestMethod]
        public void IdentityAndClaimsMatch_IsVerifiedNamingTheIdentity()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims());

            PackageVerificationResult result = Verify(folder, Release());

            Assert.AreEqual(PackageVerificationOutcome.Verified, result.Outcome, result.Reason);
            Assert.AreEqual(FulcioClaims.ReleaseWorkflow, result.SignerIdentity);
            Assert.AreEqual(FulcioClaims.ReleaseWorkflow, result.SignerHint, "the identity, not the ephemeral key, is the signer");
            Assert.AreEqual(CertificateIdentityRule.GitHubActionsIssuer, result.SignerIssuer);
            Assert.AreEqual(FulcioClaims.Repository, result.SourceRepository);
            StringAssert.Contains(result.Reason, FulcioClaims.ReleaseWorkflow);
        }

        [TestMethod]
        public void ExactIdentity_IsVerified()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims());

            PackageVerificationResult result = Verify(folder, new ProvenancePolicyItem("Acme.Lib") { CertificateIdentity = FulcioClaims.ReleaseWorkflow });

            Assert.AreEqual(PackageVerificationOutcome.Verified, result.Outcome, result.Reason);
        }

        [TestMethod]
        public void AnotherWorkflow_IsPolicyViolationNamingTheClaim()
        {
            using var scratch = new Scratch();
            string nightly = FulcioClaims.Repository + "/.github/workflows/nightly.yml@refs/tags/v1.2.3";
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims { San = nightly, BuildSignerUri = nightly });

            PackageVerificationResult result = Verify(folder, Release());

            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, result.Outcome, result.Reason);
            Assert.AreEqual(DiagnosticCodes.PackagePolicyViolation, result.Code);
            StringAssert.Contains(result.Reason, "1.3.6.1.4.1.57264.1.9");
            StringAssert.Contains(result.Reason, nightly);
            Assert.AreEqual(nightly, result.SignerIdentity, "the verified identity is still reported");
        }

        [TestMethod]
        public void AnotherRef_IsPolicyViolationNamingTheClaim()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims { SourceRef = "refs/heads/feature" });

            PackageVerificationResult result = Verify(folder, Release());

            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, "refs/heads/feature");
            StringAssert.Contains(result.Reason, "1.3.6.1.4.1.57264.1.14");
        }

        [TestMethod]
        public void SelfHostedRunner_IsPolicyViolationUnlessAllowed()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims { RunnerEnvironment = "self-hosted" });

            PackageVerificationResult denied = Verify(folder, Release());
            ProvenancePolicyItem allowing = Release();
            allowing.AllowSelfHostedRunners = "true";
            PackageVerificationResult allowed = Verify(folder, allowing);

            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, denied.Outcome, denied.Reason);
            StringAssert.Contains(denied.Reason, "self-hosted");
            StringAssert.Contains(denied.Reason, "1.3.6.1.4.1.57264.1.11");
            Assert.AreEqual(PackageVerificationOutcome.Verified, allowed.Outcome, allowed.Reason);
        }

        [TestMethod]
        public void NoRunnerClaim_IsNotASelfHostedRunner()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims { RunnerEnvironment = null });

            Assert.AreEqual(PackageVerificationOutcome.Verified, Verify(folder, Release()).Outcome);
        }

        [TestMethod]
        public void AnotherIdentity_IsUntrustedSignerNamingIt()
        {
            using var scratch = new Scratch();
            string fork = "https://github.com/acme-evil/lib/.github/workflows/release.yml@refs/tags/v1.2.3";
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims { San = fork, BuildSignerUri = fork });

            PackageVerificationResult result = Verify(folder, Release());

            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, result.Outcome, result.Reason);
            Assert.AreEqual(DiagnosticCodes.PackageUntrustedSigner, result.Code);
            StringAssert.Contains(result.Reason, fork);
            Assert.AreEqual(fork, result.SignerIdentity);
        }

        [TestMethod]
        public void AnotherIssuer_IsUntrustedSigner()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims { Issuer = "https://gitlab.com" });

            PackageVerificationResult result = Verify(folder, new ProvenancePolicyItem("Acme.*") { CertificateIdentity = FulcioClaims.ReleaseWorkflow });

            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, "https://gitlab.com");
        }

        [TestMethod]
        public void KeyOnlyPolicy_OnACertificateBundle_IsUntrustedSignerNamingTheIdentity()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims());

            PackageVerificationResult result = Verify(folder, new ProvenancePolicyItem("Acme.*"));

            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, FulcioClaims.ReleaseWorkflow);
            StringAssert.Contains(result.Reason, "CertificateIdentity");
        }

        [TestMethod]
        public void CertificateFromAnotherCa_IsUntrustedSigner()
        {
            using var scratch = new Scratch();
            var stranger = new FulcioLikePki("Stranger CA");
            string nupkg = TestPackages.Create(scratch.Path);
            PackageAttestation.Attest(nupkg, stranger.Factory(new FulcioClaims()));
            RestoredPackageFolder folder = FakeRestore.Extract(nupkg, scratch.File("packages"), "Acme.Lib", "1.2.3");

            PackageVerificationResult result = Verify(folder, Release());

            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, "not issued by a certificate authority of test trusted root");
        }

        [TestMethod]
        public void NoTimestamp_WhereTheRootHasATimestampAuthority_IsUntrustedSigner()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims(), timestamp: false);

            PackageVerificationResult result = Verify(folder, Release());

            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, "signing times");
        }

        [TestMethod]
        public void CompanyCaRoot_WithoutLogsOrTimestampAuthorities_ChecksTheCertificateNow()
        {
            using var scratch = new Scratch();
            // An X.509 identity from one's own PKI: no issuer claim, no timestamp, a root that names only the CA.
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims
            {
                San = "build@acme.example", Issuer = null, SourceRepository = null, SourceRef = null, BuildSignerUri = null, RunnerEnvironment = null,
            }, timestamp: false);
            var item = new ProvenancePolicyItem("Acme.*") { CertificateIdentity = "build@acme.example", CertificateOidcIssuer = "*" };

            PackageVerificationResult result = Verify(folder, item, Pki.TrustedRoot(withTimestampAuthority: false));

            Assert.AreEqual(PackageVerificationOutcome.Verified, result.Outcome, result.Reason);
            Assert.AreEqual("build@acme.example", result.SignerIdentity);
            Assert.IsNull(result.SignerIssuer);
        }

        [TestMethod]
        public void DefaultIssuerIsGitHubActions()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims { Issuer = null }, timestamp: true);

            PackageVerificationResult result = Verify(folder, new ProvenancePolicyItem("Acme.*") { CertificateIdentity = FulcioClaims.ReleaseWorkflow });

            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, CertificateIdentityRule.GitHubActionsIssuer);
        }

        [TestMethod]
        public void StatementSourceThatContradictsTheCertificate_IsPolicyViolation()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims(), predicate: TestPredicates.Create("git+https://github.com/acme/other@refs/heads/main"));

            PackageVerificationResult result = Verify(folder, new ProvenancePolicyItem("Acme.*") { CertificateIdentity = FulcioClaims.ReleaseWorkflow });

            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, "1.3.6.1.4.1.57264.1.12");
        }

        [TestMethod]
        public void SourceRepositoryRule_IsAnsweredByTheCertificateClaim_HostAware()
        {
            using var scratch = new Scratch();
            // The statement records no source: the certificate's claim answers the policy, compared ignoring case as GitHub does.
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims { SourceRepository = "https://github.com/Acme/Lib" }, predicate: TestPredicates.Create(sourceUri: null));
            var item = new ProvenancePolicyItem("Acme.*") { CertificateIdentity = FulcioClaims.ReleaseWorkflow, SourceRepository = "git@github.com:acme/lib.git" };

            PackageVerificationResult same = Verify(folder, item);
            item.SourceRepository = "https://github.com/acme/other";
            PackageVerificationResult other = Verify(folder, item);

            Assert.AreEqual(PackageVerificationOutcome.Verified, same.Outcome, same.Reason);
            Assert.IsTrue(SourceRepositoryUrl.SameRepository(FulcioClaims.Repository, same.SourceRepository), same.SourceRepository);
            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, other.Outcome, other.Reason);
            StringAssert.Contains(other.Reason, "https://github.com/acme/other");
        }

        [TestMethod]
        public void ChangedFile_InACertificateSignedPackage_IsTampered()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims());
            File.AppendAllText(Path.Combine(folder.FolderPath, "lib", "net10.0", "Acme.Lib.xml"), "<!-- changed -->");

            PackageVerificationResult result = Verify(folder, Release());

            Assert.AreEqual(PackageVerificationOutcome.Tampered, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, "Acme.Lib.xml");
        }

        [TestMethod]
        public void KeySignedPackage_UnderAnIdentityRule_NeedsTheRulesOwnTrustedKeys()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);
            PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));
            RestoredPackageFolder folder = FakeRestore.Extract(nupkg, scratch.File("packages"), "Acme.Lib", "1.2.3");
            var item = new ProvenancePolicyItem("Acme.*") { CertificateIdentity = FulcioClaims.ReleaseWorkflow };

            PackageVerificationResult identityOnly = Verify(folder, item);
            item.TrustedKeys = PackageKeys.Acme.PublicKey.Hint;
            PackageVerificationResult withKey = Verify(folder, item);

            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, identityOnly.Outcome, identityOnly.Reason);
            StringAssert.Contains(identityOnly.Reason, "requires a certificate from '" + FulcioClaims.ReleaseWorkflow + "'");
            Assert.AreEqual(PackageVerificationOutcome.Verified, withKey.Outcome, withKey.Reason);
            Assert.IsNull(withKey.SignerIdentity);
        }

        [TestMethod]
        public void CacheKey_IncludesTheTrustedRootAndTheIdentity()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, new FulcioClaims());
            VerificationCache cache = VerificationCache.Load(scratch.File("cache.json"));
            PackageVerificationResult Run(ProvenancePolicyItem item, PackageTrustedRoot root) =>
                new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), ProvenancePolicy.Create(new[] { item }, PackageKeys.Trusted(PackageKeys.Acme), root), cache).Verify(folder);

            Assert.AreEqual(PackageVerificationOutcome.Verified, Run(Release(), Pki.TrustedRoot()).Outcome);
            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, Run(Release(), new FulcioLikePki("Other CA").TrustedRoot()).Outcome,
                "another trusted root is another cache key");
            ProvenancePolicyItem stricter = Release();
            stricter.SourceRef = "refs/heads/main";
            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, Run(stricter, Pki.TrustedRoot()).Outcome, "another rule is another cache key");
        }

        [TestMethod]
        [DataRow("both", "not both")]
        [DataRow("issuerAlone", "CertificateOidcIssuer applies to certificate-signed packages")]
        [DataRow("refAlone", "SourceRef applies")]
        [DataRow("workflowAlone", "SignerWorkflow applies")]
        [DataRow("runnersAlone", "AllowSelfHostedRunners applies")]
        [DataRow("badIssuer", "not an absolute https URL")]
        [DataRow("badRegex", "not a valid regular expression")]
        [DataRow("badBool", "must be true or false")]
        [DataRow("spaceInIdentity", "white space")]
        [DataRow("emptyRefs", "names no pattern")]
        public void ConflictingOrMalformedIdentityMetadata_IsPROV3004(string shape, string expected)
        {
            var item = new ProvenancePolicyItem("Acme.*");
            switch (shape)
            {
                case "both": item.CertificateIdentity = "https://x.test/a"; item.CertificateIdentityRegex = "https://x\\.test/.*"; break;
                case "issuerAlone": item.CertificateOidcIssuer = CertificateIdentityRule.GitHubActionsIssuer; break;
                case "refAlone": item.SourceRef = "refs/tags/v*"; break;
                case "workflowAlone": item.SignerWorkflow = "github.com/acme/lib/.github/workflows/release.yml"; break;
                case "runnersAlone": item.AllowSelfHostedRunners = "true"; break;
                case "badIssuer": item.CertificateIdentity = "https://x.test/a"; item.CertificateOidcIssuer = "token.actions"; break;
                case "badRegex": item.CertificateIdentityRegex = "https://(unclosed"; break;
                case "badBool": item.CertificateIdentity = "https://x.test/a"; item.AllowSelfHostedRunners = "maybe"; break;
                case "spaceInIdentity": item.CertificateIdentity = "https://x.test/a b"; break;
                case "emptyRefs": item.CertificateIdentity = "https://x.test/a"; item.SourceRef = " ; "; break;
            }

            var error = Assert.ThrowsExactly<ProvenanceException>(() => ProvenancePolicy.Create(new[] { item }, PackageKeys.Trusted(PackageKeys.Acme)));

            Assert.AreEqual(DiagnosticCodes.PolicyInvalid, error.Code);
            StringAssert.Contains(error.Message, expected);
            StringAssert.Contains(error.Message, "'Acme.*'");
        }

        [TestMethod]
        public void IdentityRule_DefaultsAndNormalization()
        {
            var policy = ProvenancePolicy.Create(new[]
            {
                new ProvenancePolicyItem("Acme.*") { CertificateIdentity = "https://x.test/a", SignerWorkflow = "github.com/acme/lib/.github/workflows/release.yml; https://github.com/acme/lib/.github/workflows/ci.yml@refs/heads/main" },
                new ProvenancePolicyItem("Any.*") { CertificateIdentity = "https://x.test/a", CertificateOidcIssuer = "*" },
            }, PackageKeys.Trusted(PackageKeys.Acme));

            CertificateIdentityRule acme = policy.Resolve("Acme.Lib").Identity!;
            Assert.AreEqual(CertificateIdentityRule.GitHubActionsIssuer, acme.Issuer);
            CollectionAssert.AreEqual(new[]
            {
                "https://github.com/acme/lib/.github/workflows/release.yml@*",
                "https://github.com/acme/lib/.github/workflows/ci.yml@refs/heads/main",
            }, acme.SignerWorkflows.ToArray());
            Assert.IsFalse(acme.AllowSelfHostedRunners);
            Assert.IsNull(policy.Resolve("Any.Lib").Identity!.Issuer);
            Assert.AreEqual(0, policy.Resolve("Acme.Lib").KeysFrom(PackageKeys.Trusted(PackageKeys.Acme)).Count, "an identity rule trusts no key it does not name");
        }

        [TestMethod]
        public void DeclaredPolicyJson_CarriesTheIdentityMetadata()
        {
            ProvenancePolicyItem item = Release();
            item.CertificateOidcIssuer = "https://token.actions.githubusercontent.com";
            item.AllowSelfHostedRunners = "true";
            var identity = new ProvenancePolicyItem("Acme.Core") { CertificateIdentity = FulcioClaims.ReleaseWorkflow };

            byte[] json = Provenance.Json.JsonWriter.ToUtf8Bytes(DeclaredPolicyJson.ToJson(Array.Empty<string>(), new[] { item, identity }));
            var (_, policies) = DeclaredPolicyJson.Parse(json, "test");

            ProvenancePolicyItem read = policies[0];
            Assert.AreEqual(item.CertificateIdentityRegex, read.CertificateIdentityRegex);
            Assert.AreEqual(item.CertificateOidcIssuer, read.CertificateOidcIssuer);
            Assert.AreEqual(item.SourceRef, read.SourceRef);
            Assert.AreEqual(item.SignerWorkflow, read.SignerWorkflow);
            Assert.AreEqual("true", read.AllowSelfHostedRunners);
            Assert.AreEqual(FulcioClaims.ReleaseWorkflow, policies[1].CertificateIdentity);
        }

        [TestMethod]
        public void TrustedRootFile_UnreadableOrMalformed_IsPROV3003()
        {
            using var scratch = new Scratch();
            File.WriteAllText(scratch.File("root.json"), "{\"mediaType\":\"nope\"}");

            var missing = Assert.ThrowsExactly<ProvenanceException>(() => PackageTrustedRoot.Load(scratch.File("absent.json")));
            var malformed = Assert.ThrowsExactly<ProvenanceException>(() => PackageTrustedRoot.Load(scratch.File("root.json")));
            File.WriteAllBytes(scratch.File("good.json"), Pki.TrustedRootJson());
            PackageTrustedRoot good = PackageTrustedRoot.Load(scratch.File("good.json"));

            Assert.AreEqual(DiagnosticCodes.TrustedKeyInvalid, missing.Code);
            Assert.AreEqual(DiagnosticCodes.TrustedKeyInvalid, malformed.Code);
            StringAssert.Contains(malformed.Message, "root.json");
            Assert.AreEqual(Provenance.Packages.FileDigests.Sha256Hex(Pki.TrustedRootJson()).Length, good.Sha256.Length);
            Assert.AreEqual(64, PackageTrustedRoot.PublicGood.Sha256.Length);
        }

        /// <summary>
        /// MSBuild-free end to end: a restore of a certificate-signed and a key-signed package, one policy for both, the
        /// decisions, the report and the lock file all naming the certificate's identity and issuer.
        /// </summary>
        [TestMethod]
        public void EndToEnd_FakeRestore_ReportAndLockFileRecordTheIdentity()
        {
            using var scratch = new Scratch();
            string packages = scratch.File("packages");
            string certificateSigned = TestPackages.Create(scratch.Path, "Acme.Lib", "1.2.3");
            PackageAttestation.Attest(certificateSigned, Pki.Factory(new FulcioClaims()));
            string keySigned = TestPackages.Create(scratch.Path, "Other.Lib", "2.0.0");
            PackageAttestation.Attest(keySigned, TestPredicates.Factory(PackageKeys.Acme));
            var folders = new List<RestoredPackageFolder>
            {
                FakeRestore.Extract(certificateSigned, packages, "Acme.Lib", "1.2.3"),
                FakeRestore.Extract(keySigned, packages, "Other.Lib", "2.0.0"),
            };
            ProvenancePolicy policy = ProvenancePolicy.Create(new[] { Release(), new ProvenancePolicyItem("Other.*") },
                PackageKeys.Trusted(PackageKeys.Acme), Pki.TrustedRoot());

            IReadOnlyList<PackageVerificationResult> results = new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), policy).VerifyAll(folders);

            Assert.IsTrue(results.All(r => r.IsVerified), string.Join("\n", results.Select(r => r.Reason)));
            Assert.IsTrue(results.All(r => policy.Resolve(r.Id).Decide(r).Level == PolicyDecisionLevel.Verified));

            string report = Encoding.UTF8.GetString(VerificationReport.ToUtf8Bytes(results));
            StringAssert.Contains(report, "\"signerIdentity\"");
            PackageVerificationResult fromReport = VerificationReport.Parse(Encoding.UTF8.GetBytes(report)).Single(r => r.Id == "Acme.Lib");
            Assert.AreEqual(FulcioClaims.ReleaseWorkflow, fromReport.SignerIdentity);
            Assert.AreEqual(CertificateIdentityRule.GitHubActionsIssuer, fromReport.SignerIssuer);
            Assert.IsNull(VerificationReport.Parse(Encoding.UTF8.GetBytes(report)).Single(r => r.Id == "Other.Lib").SignerIdentity);

            string lockPath = scratch.File(ProvenanceLockFile.DefaultFileName);
            ProvenanceLockFile.Update(lockPath, results);
            ProvenanceLockFile locked = ProvenanceLockFile.Load(lockPath);
            StringAssert.Contains(File.ReadAllText(lockPath), "\"signerIssuer\": \"" + CertificateIdentityRule.GitHubActionsIssuer + "\"");
            Assert.AreEqual(0, locked.Check(results).Count);

            // The same SAN vouched for by another issuer is another signer.
            var otherIssuer = new PackageVerificationResult("Acme.Lib", "1.2.3", PackageVerificationOutcome.Verified, "verified")
            {
                SignerHint = FulcioClaims.ReleaseWorkflow, SignerIdentity = FulcioClaims.ReleaseWorkflow, SignerIssuer = "https://gitlab.com",
            };
            IReadOnlyList<string> problems = locked.Check(new[] { otherIssuer });
            Assert.AreEqual(1, problems.Count);
            StringAssert.Contains(problems[0], "https://gitlab.com");
        }

        private static RestoredPackageFolder Restore(Scratch scratch, FulcioClaims claims, bool timestamp = true, Provenance.Json.JsonObject? predicate = null)
        {
            string nupkg = TestPackages.Create(scratch.Path);
            PackageAttestation.Attest(nupkg, Pki.Factory(claims, predicate, timestamp));
            return FakeRestore.Extract(nupkg, scratch.File("packages"), "Acme.Lib", "1.2.3");
        }

        private static PackageVerificationResult Verify(RestoredPackageFolder folder, ProvenancePolicyItem item, PackageTrustedRoot? root = null)
        {
            ProvenancePolicy policy = ProvenancePolicy.Create(new[] { item }, PackageKeys.Trusted(PackageKeys.Acme), root ?? Pki.TrustedRoot());
            return new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), policy).Verify(folder);
        }
    }
}
