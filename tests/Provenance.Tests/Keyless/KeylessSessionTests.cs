using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Keyless;
using Provenance.Signing;
using Provenance.Sigstore;
using static Provenance.Tests.Keyless.KeylessTestSupport;

namespace Provenance.Tests.Keyless
{
    /// <summary>
    /// Keyless signing against in-process services (FakeSigstore): one certificate per session whatever the number of
    /// bundles, renewal before expiry, and every service failure a coded error that names the service and never the token.
    /// </summary>
    [TestClass]
    public sealed class KeylessSessionTests
    {
        [TestMethod]
        public void Twenty_bundles_make_one_token_request_one_certificate_and_one_timestamp_each()
        {
            var fake = new FakeSigstore();
            using var session = new KeylessSession(FakeSettings(fake));
            var verifier = new SigstoreVerifier(TrustedRoot.Parse(fake.Pki.TrustedRootJson()),
                new SigstoreVerifierOptions { TransparencyLogThreshold = 0, SctThreshold = 0, ObserverTimestampThreshold = 1 });
            var policy = SigstorePolicy.ForIdentity(new CertificateIdentityPolicy("https://github.com/acme/widget/.github/workflows/release.yml@refs/heads/main"));

            for (int i = 0; i < 20; i++)
            {
                byte[] artifact = Encoding.UTF8.GetBytes("project " + i);
                byte[] bundle = session.CreateBundle(Statement(artifact));
                SigstoreBundle parsed = SigstoreBundle.Parse(bundle);
                Assert.IsNotNull(parsed.CertificateChain, "a keyless bundle names its signer by certificate");
                verifier.Verify(bundle, SigstoreArtifact.FromBytes(artifact), policy);
            }

            Assert.AreEqual(1, session.CertificatesIssued);
            Assert.AreEqual(1, session.Calls.OidcToken);
            Assert.AreEqual(1, session.Calls.Fulcio);
            Assert.AreEqual(0, session.Calls.Rekor);
            Assert.AreEqual(20, session.Calls.Timestamp);
            Assert.AreEqual(22, session.Calls.Total, session.Calls.ToString());
            Assert.AreEqual("https://github.com/acme/widget/.github/workflows/release.yml@refs/heads/main", session.Identity);
        }

        [TestMethod]
        public void The_certificate_is_renewed_before_it_expires_with_a_fresh_token()
        {
            // GitHub hands out a fresh token on each request; this one outlives the moved clock.
            var fake = new FakeSigstore { Token = FakeSigstore.Jwt(new { iss = "https://token.actions.githubusercontent.com", sub = "repo:acme/widget", exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() }) };
            using var session = new KeylessSession(FakeSettings(fake));
            DateTimeOffset now = DateTimeOffset.UtcNow;
            session.Clock = () => now;
            session.CreateBundle(Statement(new byte[] { 1 }));
            now += TimeSpan.FromMinutes(7); // 10-minute certificate, 2-minute margin: still usable
            session.CreateBundle(Statement(new byte[] { 2 }));
            Assert.AreEqual(1, session.CertificatesIssued);
            fake.CertificateLifetime = TimeSpan.FromHours(1); // the next certificate is issued at the moved clock's time
            now += TimeSpan.FromMinutes(2);
            session.CreateBundle(Statement(new byte[] { 3 }));
            Assert.AreEqual(2, session.CertificatesIssued);
            Assert.AreEqual(2, session.Calls.OidcToken);
            Assert.AreEqual(2, session.Calls.Fulcio);
        }

        [TestMethod]
        public void The_GitHub_token_request_uses_the_bearer_request_token_and_audience_sigstore()
        {
            var fake = new FakeSigstore();
            using var session = new KeylessSession(FakeSettings(fake));
            session.CreateBundle(Statement(new byte[] { 1 }));
            var oidc = fake.Requests.Single(r => r.Path == "/oidc/token");
            Assert.AreEqual("Bearer " + FakeSigstore.GitHubRequestToken, oidc.Authorization);
            var fulcio = fake.Requests.Single(r => r.Path == "/api/v2/signingCert");
            StringAssert.Contains(fulcio.Body, "\"oidcIdentityToken\":\"" + fake.Token + "\"");
            StringAssert.Contains(fulcio.Body, "\"algorithm\":\"ECDSA\"");
            StringAssert.Contains(fulcio.Body, "\"proofOfPossession\":");
            Assert.IsNull(fulcio.Authorization, "the token goes in the body only");
        }

        [TestMethod]
        public void A_Fulcio_error_names_the_service_and_URL_and_never_the_token()
        {
            var fake = new FakeSigstore();
            fake.FailWith["/api/v2/signingCert"] = HttpStatusCode.InternalServerError;
            fake.FailBody["/api/v2/signingCert"] = "{\"message\":\"bad token " + fake.Token + "\"}";
            using var session = new KeylessSession(FakeSettings(fake));
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => session.CreateBundle(Statement(new byte[] { 1 })));
            Assert.AreEqual(DiagnosticCodes.FulcioFailed, ex.Code);
            StringAssert.Contains(ex.Message, "Fulcio at https://sigstore.test/api/v2/signingCert");
            StringAssert.Contains(ex.Message, "HTTP 500");
            Assert.IsFalse(ex.Message.Contains(fake.Token), ex.Message);
            Assert.IsFalse(ex.Message.Contains(fake.Token.Split('.')[1]), ex.Message);
        }

        [TestMethod]
        public void A_refused_token_is_PROV1022()
        {
            var fake = new FakeSigstore();
            fake.FailWith["/api/v2/signingCert"] = HttpStatusCode.Unauthorized;
            using var session = new KeylessSession(FakeSettings(fake));
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => session.CreateBundle(Statement(new byte[] { 1 })));
            Assert.AreEqual(DiagnosticCodes.OidcTokenInvalid, ex.Code);
            StringAssert.Contains(ex.Message, "refused the OIDC token from GitHub Actions");
        }

        [TestMethod]
        public void An_unreachable_Fulcio_and_a_hung_one_fail_with_PROV1023_within_the_timeout()
        {
            var fake = new FakeSigstore();
            fake.Unreachable.Add("/api/v2/signingCert");
            using (var session = new KeylessSession(FakeSettings(fake)))
            {
                var ex = Assert.ThrowsExactly<ProvenanceException>(() => session.CreateBundle(Statement(new byte[] { 1 })));
                Assert.AreEqual(DiagnosticCodes.FulcioFailed, ex.Code);
                StringAssert.Contains(ex.Message, "could not be reached: Connection refused");
            }

            var slow = new FakeSigstore { Delay = TimeSpan.FromSeconds(20) };
            SigstoreSigningSettings settings = FakeSettings(slow);
            settings.Timeout = TimeSpan.FromMilliseconds(300);
            using (var session = new KeylessSession(settings))
            {
                var watch = Stopwatch.StartNew();
                var ex = Assert.ThrowsExactly<ProvenanceException>(() => session.CreateBundle(Statement(new byte[] { 1 })));
                Assert.AreEqual(DiagnosticCodes.OidcTokenUnavailable, ex.Code, "the token endpoint is the first call");
                StringAssert.Contains(ex.Message, "did not answer within");
                Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10), watch.Elapsed.ToString());
            }
        }

        [TestMethod]
        public void A_certificate_for_another_key_is_refused()
        {
            var fake = new FakeSigstore { CertifyInstead = _ => SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256).PublicKey };
            using var session = new KeylessSession(FakeSettings(fake));
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => session.CreateBundle(Statement(new byte[] { 1 })));
            Assert.AreEqual(DiagnosticCodes.FulcioFailed, ex.Code);
            StringAssert.Contains(ex.Message, "another public key");
        }

        [TestMethod]
        public void TSA_and_Rekor_failures_are_PROV1025_and_PROV1024()
        {
            var fake = new FakeSigstore();
            fake.FailWith["/api/v1/timestamp"] = HttpStatusCode.ServiceUnavailable;
            using (var session = new KeylessSession(FakeSettings(fake)))
            {
                var ex = Assert.ThrowsExactly<ProvenanceException>(() => session.CreateBundle(Statement(new byte[] { 1 })));
                Assert.AreEqual(DiagnosticCodes.TimestampFailed, ex.Code);
                StringAssert.Contains(ex.Message, "The timestamp authority at https://sigstore.test/api/v1/timestamp");
            }

            SigstoreSigningSettings settings = FakeSettings(new FakeSigstore());
            settings.TransparencyLog = true;
            settings.RekorUrl = FakeSigstore.Base; // the fake has no Rekor: 404
            using (var session = new KeylessSession(settings))
            {
                var ex = Assert.ThrowsExactly<ProvenanceException>(() => session.CreateBundle(Statement(new byte[] { 1 })));
                Assert.AreEqual(DiagnosticCodes.RekorFailed, ex.Code);
                StringAssert.Contains(ex.Message, "Rekor (the transparency log) at https://sigstore.test/api/v1/log/entries refused the entry (HTTP 404");
            }
        }

        [TestMethod]
        public void Keyless_without_a_log_or_a_timestamp_authority_is_PROV1028()
        {
            SigstoreSigningSettings settings = FakeSettings(new FakeSigstore());
            settings.TimestampUrl = null;
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => new KeylessSession(settings));
            Assert.AreEqual(DiagnosticCodes.SigstoreServiceUrlInvalid, ex.Code);
        }

        [TestMethod]
        [DataRow("http://fulcio.example.com", false)]
        [DataRow("https://user:pw@fulcio.example.com", false)]
        [DataRow("https://fulcio.example.com/?x=1", false)]
        [DataRow("fulcio.example.com", false)]
        [DataRow("https://fulcio.example.com", true)]
        [DataRow("http://127.0.0.1:8080", true)]
        [DataRow("http://[::1]:8080/", true)]
        [DataRow("http://localhost:1", true)]
        public void Fulcio_URLs_must_be_https_except_on_loopback(string url, bool accepted)
        {
            SigstoreSigningSettings settings = FakeSettings(new FakeSigstore());
            settings.FulcioUrl = url;
            if (accepted)
            {
                using var session = new KeylessSession(settings);
                return;
            }
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => new KeylessSession(settings));
            Assert.AreEqual(DiagnosticCodes.SigstoreServiceUrlInvalid, ex.Code);
            StringAssert.Contains(ex.Message, "ProvenanceFulcioUrl");
            Assert.IsFalse(ex.Message.Contains("pw"), ex.Message);
        }

        [TestMethod]
        public void A_timestamp_authority_may_use_http_since_its_answers_are_signed()
        {
            SigstoreSigningSettings settings = FakeSettings(new FakeSigstore());
            settings.TimestampUrl = "http://timestamp.example.com/tsa";
            using var signer = new SigstoreBundleSigner(settings);
            Assert.IsTrue(signer.UsesTimestampAuthority);
        }

        [TestMethod]
        public void The_cache_key_shares_a_session_per_settings_and_token_and_holds_no_secret()
        {
            var env = new Dictionary<string, string> { ["MY_TOKEN"] = FakeSigstore.Jwt(new { iss = "https://ci.example", sub = "job" }) };
            SigstoreSigningSettings a = FakeSettings(new FakeSigstore(), env);
            a.OidcTokenVariable = "MY_TOKEN";
            SigstoreSigningSettings b = FakeSettings(new FakeSigstore(), env);
            b.OidcTokenVariable = "MY_TOKEN";
            Assert.AreEqual(KeylessSession.CacheKey(a), KeylessSession.CacheKey(b));
            Assert.IsFalse(KeylessSession.CacheKey(a).Contains(env["MY_TOKEN"].Split('.')[1]));

            var other = new Dictionary<string, string> { ["MY_TOKEN"] = FakeSigstore.Jwt(new { iss = "https://ci.example", sub = "other" }) };
            SigstoreSigningSettings c = FakeSettings(new FakeSigstore(), other);
            c.OidcTokenVariable = "MY_TOKEN";
            Assert.AreNotEqual(KeylessSession.CacheKey(a), KeylessSession.CacheKey(c));
            b.TimestampUrl = "https://other.tsa.test";
            Assert.AreNotEqual(KeylessSession.CacheKey(a), KeylessSession.CacheKey(b));
        }
    }
}
