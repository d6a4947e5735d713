using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Keyless;
using static Provenance.Tests.Keyless.KeylessTestSupport;

namespace Provenance.Tests.Keyless
{
    [TestClass]
    public sealed class OidcTokenTests
    {
        private static OidcToken Acquire(Dictionary<string, string> environment, string? variable = null)
        {
            SigstoreSigningSettings settings = FakeSettings(new FakeSigstore(), environment);
            settings.OidcTokenVariable = variable;
            using var signer = new SigstoreBundleSigner(settings);
            return OidcTokenSource.Acquire(settings, signer.Http);
        }

        [TestMethod]
        public void Claims_are_read_and_the_token_never_shows_in_ToString()
        {
            string jwt = FakeSigstore.Jwt(new { iss = "https://gitlab.com", sub = "project_path:acme/widget:ref_type:branch:ref:main", exp = 4102444800L });
            OidcToken token = OidcToken.Parse(jwt, "GitLab (SIGSTORE_ID_TOKEN)");
            Assert.AreEqual("https://gitlab.com", token.Issuer);
            Assert.AreEqual("project_path:acme/widget:ref_type:branch:ref:main", token.Subject);
            Assert.AreEqual("project_path:acme/widget:ref_type:branch:ref:main", token.ProofOfPossessionChallenge);
            Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(4102444800L), token.ExpiresAt);
            Assert.IsFalse(token.ToString().Contains(jwt.Split('.')[1]));
        }

        [TestMethod]
        public void Email_issuers_prove_possession_over_the_email()
        {
            OidcToken token = OidcToken.Parse(FakeSigstore.Jwt(new { iss = "https://accounts.google.com", sub = "1234", email = "dev@example.com" }), "test");
            Assert.AreEqual("dev@example.com", token.ProofOfPossessionChallenge);
        }

        [TestMethod]
        [DataRow("not-a-jwt")]
        [DataRow("a.b")]
        [DataRow("eyJhbGciOiJub25lIn0.bm90IGpzb24.x")]
        public void A_value_that_is_not_a_JWT_is_PROV1022_without_quoting_it(string value)
        {
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => OidcToken.Parse(value, "the environment variable 'T' (ProvenanceOidcTokenVariable)"));
            Assert.AreEqual(DiagnosticCodes.OidcTokenInvalid, ex.Code);
            StringAssert.Contains(ex.Message, "the environment variable 'T'");
            Assert.IsFalse(ex.Message.Contains(value), ex.Message);
        }

        [TestMethod]
        public void A_token_without_sub_or_expired_is_PROV1022()
        {
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => OidcToken.Parse(FakeSigstore.Jwt(new { iss = "https://x" }), "test"));
            Assert.AreEqual(DiagnosticCodes.OidcTokenInvalid, ex.Code);
            StringAssert.Contains(ex.Message, "'sub'");

            OidcToken expired = OidcToken.Parse(FakeSigstore.Jwt(new { iss = "https://x", sub = "y", exp = 1000L }), "test");
            ex = Assert.ThrowsExactly<ProvenanceException>(() => expired.RequireUnexpired(DateTimeOffset.UtcNow));
            Assert.AreEqual(DiagnosticCodes.OidcTokenInvalid, ex.Code);
            StringAssert.Contains(ex.Message, "expired at 1970-01-01 00:16:40 UTC");
        }

        [TestMethod]
        public void No_token_anywhere_is_PROV1021_with_the_recipe_for_each_CI()
        {
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => Acquire(new Dictionary<string, string>()));
            Assert.AreEqual(DiagnosticCodes.OidcTokenUnavailable, ex.Code);
            StringAssert.Contains(ex.Message, "id-token: write");
            StringAssert.Contains(ex.Message, "SIGSTORE_ID_TOKEN");
            StringAssert.Contains(ex.Message, "ProvenanceOidcTokenVariable");
            Assert.IsFalse(OidcTokenSource.IsAvailable(FakeSettings(new FakeSigstore(), new Dictionary<string, string>())));
        }

        [TestMethod]
        public void GitLab_and_a_named_variable_are_read_and_the_named_one_wins()
        {
            string gitlab = FakeSigstore.Jwt(new { iss = "https://gitlab.com", sub = "gitlab-job" });
            string mine = FakeSigstore.Jwt(new { iss = "https://ci.example", sub = "my-job" });
            var env = new Dictionary<string, string> { ["SIGSTORE_ID_TOKEN"] = gitlab, ["MY_CI_TOKEN"] = mine };
            Assert.AreEqual("gitlab-job", Acquire(env).Subject);
            Assert.AreEqual("my-job", Acquire(env, "MY_CI_TOKEN").Subject);
            Assert.AreEqual("GitLab (SIGSTORE_ID_TOKEN)", Acquire(env).Source);

            var ex = Assert.ThrowsExactly<ProvenanceException>(() => Acquire(env, "UNSET_VARIABLE"));
            Assert.AreEqual(DiagnosticCodes.OidcTokenUnavailable, ex.Code);
            ex = Assert.ThrowsExactly<ProvenanceException>(() => Acquire(env, gitlab));
            Assert.AreEqual(DiagnosticCodes.KeyMaterialInProperty, ex.Code, "a token pasted where its variable's name belongs");
            Assert.IsFalse(ex.Message.Contains(gitlab));
        }

        [TestMethod]
        public void A_refused_GitHub_token_request_is_PROV1021_without_the_request_token()
        {
            var env = GitHubEnvironment(FakeSigstore.Base + "oidc/token?api-version=2.0", "wrong-request-token-value");
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => Acquire(env));
            Assert.AreEqual(DiagnosticCodes.OidcTokenUnavailable, ex.Code);
            StringAssert.Contains(ex.Message, "The GitHub Actions OIDC token endpoint at https://sigstore.test/oidc/token answered HTTP 401");
            Assert.IsFalse(ex.Message.Contains("wrong-request-token-value"));
            Assert.IsFalse(ex.Message.Contains("api-version"), "the query is not shown");
        }
    }
}
