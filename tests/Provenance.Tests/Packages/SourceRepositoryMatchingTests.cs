using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    /// <summary>
    /// Issue 7: a policy naming github.com/app-vnext/polly failed against a package built from App-vNext/Polly.
    /// A policy's SourceRepository is compared the way the host resolves repository names.
    /// </summary>
    [TestClass]
    public sealed class SourceRepositoryMatchingTests
    {
        [TestMethod]
        [DataRow("github.com/app-vnext/polly", "git+https://github.com/App-vNext/Polly@refs/heads/main")]
        [DataRow("https://github.com/app-vnext/polly", "git+https://github.com/App-vNext/Polly.git@refs/heads/main")]
        [DataRow("git@github.com:App-vNext/Polly.git", "git+https://github.com/app-vnext/polly@refs/tags/v8")]
        [DataRow("ssh://git@github.com/o/r.git", "https://github.com/o/r")]
        [DataRow("http://github.com/o/r", "https://github.com/o/r")]
        [DataRow("https://acme.ghe.com/Team/Lib", "https://acme.ghe.com/team/lib")]
        [DataRow("https://github.acme.example/Team/Lib", "https://github.acme.example/team/lib")]
        [DataRow("https://gitlab.com/Group/Sub/Project", "https://gitlab.com/group/sub/project.git")]
        [DataRow("https://gitlab.acme.example/Group/Project", "git@gitlab.acme.example:group/project.git")]
        [DataRow("https://dev.azure.com/Org/Project/_git/Repo", "https://dev.azure.com/org/project/_git/repo")]
        [DataRow("https://org.visualstudio.com/Project/_git/Repo", "git+https://dev.azure.com/org/project/_git/repo@refs/heads/main")]
        [DataRow("git@ssh.dev.azure.com:v3/Org/Project/Repo", "https://dev.azure.com/org/project/_git/repo")]
        [DataRow("https://bitbucket.org/team/lib", "https://bitbucket.org/team/lib.git")]
        [DataRow("https://git.example/team/lib", "https://user:token@git.example/team/lib/")]
        public void The_same_repository_written_differently_matches(string policy, string recorded)
        {
            Assert.IsTrue(SourceRepositoryUrl.SameRepository(policy, recorded), policy + " vs " + recorded);
            Assert.IsTrue(SourceRepositoryUrl.SameRepository(recorded, policy), "symmetric");
        }

        [TestMethod]
        [DataRow("https://git.example/Team/Lib", "https://git.example/team/lib")]
        [DataRow("https://bitbucket.org/Team/Lib", "https://bitbucket.org/team/lib")]
        [DataRow("https://github.com/acme/lib", "https://github.com/acme/lib2")]
        [DataRow("https://github.com/acme/lib", "https://gitlab.com/acme/lib")]
        [DataRow("https://github.com/acme/lib", "https://github.com.evil.example/acme/lib")]
        [DataRow("https://github.com/acme/lib", "https://github.com:8443/acme/lib")]
        [DataRow("https://github.com/acme/lib", "file:///github.com/acme/lib")]
        [DataRow("https://github.com/acme/lib", null)]
        public void A_different_repository_does_not(string policy, string? recorded) =>
            Assert.IsFalse(SourceRepositoryUrl.SameRepository(policy, recorded), policy + " vs " + recorded);

        [TestMethod]
        [DataRow("github.com/app-vnext/polly", "https://github.com/app-vnext/polly")]
        [DataRow("git+https://GitHub.com/acme/lib.git@refs/heads/main", "https://github.com/acme/lib")]
        [DataRow("https://token:secret@github.com/acme/lib/", "https://github.com/acme/lib")]
        [DataRow("git@github.com:acme/lib.git", "https://github.com/acme/lib")]
        [DataRow("https://github.com/Acme/Lib?x=1#y", "https://github.com/Acme/Lib")]
        [DataRow("localhost/team/lib", "https://localhost/team/lib")]
        [DataRow("file:///srv/git/lib.git", "file:///srv/git/lib.git")]
        public void Policy_values_normalize_to_the_recorded_form(string value, string expected) =>
            Assert.AreEqual(expected, SourceRepositoryUrl.Normalize(value));

        [TestMethod]
        [DataRow("github.com/acme")]
        [DataRow("acme/lib")]
        [DataRow("/srv/git/lib")]
        [DataRow("lib")]
        [DataRow("")]
        public void Values_that_name_no_repository_are_refused(string value) => Assert.IsNull(SourceRepositoryUrl.Normalize(value));

        [TestMethod]
        [DataRow("github.com", true)]
        [DataRow("GitHub.com:443", true)]
        [DataRow("dev.azure.com", true)]
        [DataRow("contoso.visualstudio.com", true)]
        [DataRow("gitlab.com", true)]
        [DataRow("gitea.example", false)]
        [DataRow("bitbucket.org", false)]
        public void Hosts_that_resolve_paths_ignoring_case(string host, bool ignoresCase) =>
            Assert.AreEqual(ignoresCase, SourceRepositoryUrl.PathIgnoresCase(host));

        [TestMethod]
        public void A_policy_without_a_scheme_and_another_case_verifies_the_package()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = RestoredPackageVerifierTests.Restore(scratch);
            var policy = ProvenancePolicy.Create(
                new[] { new ProvenancePolicyItem("Acme.*") { Require = "true", SourceRepository = "github.com/ACME/Lib" } },
                PackageKeys.Trusted(PackageKeys.Acme));

            PackageVerificationResult result = new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), policy).Verify(folder);

            Assert.AreEqual(PackageVerificationOutcome.Verified, result.Outcome, result.Reason);
        }

        [TestMethod]
        public void A_policy_on_a_case_sensitive_host_still_fails_closed()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = RestoredPackageVerifierTests.Restore(scratch, TestPredicates.Create("git+https://git.example/acme/lib@refs/heads/main"));
            var policy = ProvenancePolicy.Create(
                new[] { new ProvenancePolicyItem("Acme.*") { Require = "true", SourceRepository = "https://git.example/ACME/lib" } },
                PackageKeys.Trusted(PackageKeys.Acme));

            PackageVerificationResult result = new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), policy).Verify(folder);

            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, result.Outcome, result.Reason);
        }
    }
}
