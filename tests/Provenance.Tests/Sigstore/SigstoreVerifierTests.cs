using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Json;
using Provenance.Sigstore;
using Provenance.Verification;

namespace Provenance.Tests.Sigstore
{
    /// <summary>
    /// The verifier on real conformance bundles changed one way at a time: that each _fail case is refused for the
    /// reason its README gives (not an incidental one), that policies and thresholds decide as documented, and that
    /// the certificate's facts are exposed.
    /// </summary>
    [TestClass]
    public sealed class SigstoreVerifierTests
    {
        private const string Beacon =
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
        private const string GitHubIssuer = "https://token.actions.githubusercontent.com";

        private static string Cases => InteropData.Require("sigstore-conformance/bundle-verify");

        private static string CaseFile(string name, string file) => Path.Combine(Cases, name, file);

        private static byte[] Bundle(string name) => File.ReadAllBytes(CaseFile(name, "bundle.sigstore.json"));

        private static TrustedRoot RootOf(string name) =>
            File.Exists(CaseFile(name, "trusted_root.json")) ? TrustedRoot.Parse(File.ReadAllBytes(CaseFile(name, "trusted_root.json"))) : TrustedRoot.PublicGood;

        private static SigstoreArtifact ArtifactOf(string name) =>
            SigstoreArtifact.FromFile(File.Exists(CaseFile(name, "artifact")) ? CaseFile(name, "artifact") : Path.Combine(Cases, "a.txt"));

        private static SigstorePolicy Beaconed(CertificateIdentityPolicy? identity = null) =>
            SigstorePolicy.ForIdentity(identity ?? new CertificateIdentityPolicy(Beacon, issuer: GitHubIssuer));

        private static SigstoreVerificationResult Verify(string name, byte[]? bundle = null, SigstorePolicy? policy = null, SigstoreVerifierOptions? options = null) =>
            new SigstoreVerifier(RootOf(name), options).Verify(bundle ?? Bundle(name), ArtifactOf(name), policy ?? Beaconed());

        private static VerificationException Refused(string name, byte[]? bundle = null, SigstorePolicy? policy = null, SigstoreVerifierOptions? options = null) =>
            Assert.ThrowsExactly<VerificationException>(() => Verify(name, bundle, policy, options));

        private static byte[] Edit(string name, Func<string, string> edit) => Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(Bundle(name))));

        [TestMethod]
        public void Timestamp_outside_the_certificate_lifetime_is_refused_for_that_reason()
        {
            // The case wraps its base64 at 76 columns (which we refuse as non-canonical); unwrapped, the intended check must refuse it.
            byte[] unwrapped = Edit("rekor2-timestamp-with-incorrect-time_fail",
                s => Regex.Replace(s, "\"signedTimestamp\": ?\"[^\"]*\"", m => m.Value.Replace("\\n", "")));
            VerificationException ex = Refused("rekor2-timestamp-with-incorrect-time_fail", unwrapped);
            Assert.AreEqual(VerificationFailureReason.UntrustedCertificate, ex.Reason, ex.Message);
            StringAssert.Contains(ex.Message, "not at");
        }

        [TestMethod]
        public void Bundle_shipping_its_own_root_certificate_is_refused_for_that_reason()
        {
            VerificationException ex = Refused("bundle-with-root-cert_fail");
            Assert.AreEqual(VerificationFailureReason.UntrustedCertificate, ex.Reason, ex.Message);
            StringAssert.Contains(ex.Message, "self-signed");
        }

        [TestMethod]
        public void Stale_inclusion_proof_is_refused_by_the_merkle_check()
        {
            // The v0.2 case lacks the checkpoint v0.2 requires; as v0.1 (where it is optional) the proof itself must fail.
            byte[] v01 = Edit("invalid-inclusion-proof_fail", s => s.Replace("version=0.2", "version=0.1"));
            VerificationException ex = Refused("invalid-inclusion-proof_fail", v01);
            Assert.AreEqual(VerificationFailureReason.TransparencyLogInvalid, ex.Reason, ex.Message);
            StringAssert.Contains(ex.Message, "inclusion proof");
        }

        [TestMethod]
        public void Certificate_facts_are_exposed()
        {
            CertificateIdentity identity = Verify("happy-path-v0.3").Identity!;
            Assert.AreEqual(Beacon, identity.SubjectAlternativeName);
            Assert.AreEqual("uri", identity.SubjectAlternativeNameKind);
            Assert.AreEqual(GitHubIssuer, identity.Issuer);
            Assert.AreEqual("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon", identity.SourceRepositoryUri);
            Assert.AreEqual("refs/heads/main", identity.SourceRepositoryRef);
            Assert.AreEqual("github-hosted", identity.RunnerEnvironment);
            Assert.AreEqual(Beacon, identity.BuildSignerUri);
            Assert.AreEqual(GitHubIssuer, identity.Get(CertificateIdentity.IssuerLegacyOid), "the legacy raw-string extension 1.1 is read too");
        }

        [TestMethod]
        public void Identity_policy_compares_exactly_and_patterns_match_the_whole_value()
        {
            Verify("happy-path-v0.3", policy: Beaconed(new CertificateIdentityPolicy(null, @"https://github\.com/sigstore-conformance/.+@refs/heads/main", issuer: GitHubIssuer)));

            VerificationException other = Refused("happy-path-v0.3", policy: Beaconed(new CertificateIdentityPolicy(Beacon.Replace("main", "release"), issuer: GitHubIssuer)));
            Assert.AreEqual(VerificationFailureReason.UntrustedSigner, other.Reason);
            // A prefix pattern is not a match: patterns are anchored at both ends.
            Refused("happy-path-v0.3", policy: Beaconed(new CertificateIdentityPolicy(null, "https://github.com/sigstore-conformance/")));
            Refused("happy-path-v0.3", policy: Beaconed(new CertificateIdentityPolicy(Beacon, issuer: "https://accounts.google.com")));
            Verify("happy-path-v0.3", policy: Beaconed(new CertificateIdentityPolicy(Beacon, issuerPattern: @"https://token\.actions\.githubusercontent\.com")));
        }

        [TestMethod]
        public void Policy_filters_on_fulcio_claims()
        {
            Verify("happy-path-v0.3", policy: Beaconed(new CertificateIdentityPolicy(Beacon, issuer: GitHubIssuer)
                .RequireClaim(CertificateIdentity.SourceRepositoryUriOid, "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon")
                .RequireClaimPattern(CertificateIdentity.SourceRepositoryRefOid, "refs/(heads/main|tags/v.*)")
                .RequireClaim(CertificateIdentity.RunnerEnvironmentOid, "github-hosted")));

            VerificationException selfHosted = Refused("happy-path-v0.3", policy: Beaconed(new CertificateIdentityPolicy(Beacon, issuer: GitHubIssuer)
                .RequireClaim(CertificateIdentity.RunnerEnvironmentOid, "self-hosted")));
            Assert.AreEqual(VerificationFailureReason.UntrustedSigner, selfHosted.Reason);
            StringAssert.Contains(selfHosted.Message, CertificateIdentity.RunnerEnvironmentOid);
            Refused("happy-path-v0.3", policy: Beaconed(new CertificateIdentityPolicy(Beacon, issuer: GitHubIssuer)
                .RequireClaimPattern(CertificateIdentity.SourceRepositoryRefOid, "refs/tags/.*")));
        }

        [TestMethod]
        public void Key_signed_bundle_never_satisfies_an_identity_and_a_certificate_never_satisfies_keys()
        {
            Assert.AreEqual(VerificationFailureReason.UntrustedSigner, Refused("managed-key-happy-path").Reason);
            byte[] spki = Provenance.Signing.SigningKey.Generate(Provenance.Signing.KeyAlgorithm.EcdsaP256Sha256).PublicKey.SubjectPublicKeyInfo;
            Assert.AreEqual(VerificationFailureReason.UntrustedSigner, Refused("happy-path-v0.3", policy: SigstorePolicy.ForKeys(new[] { spki })).Reason);
        }

        [TestMethod]
        public void Changed_integrated_time_breaks_the_signed_entry_timestamp()
        {
            byte[] bundle = Edit("happy-path-v0.3", s => Regex.Replace(s, "\"integratedTime\": ?\"(\\d+)\"", m => $"\"integratedTime\": \"{long.Parse(m.Groups[1].Value) + 1}\""));
            VerificationException ex = Refused("happy-path-v0.3", bundle);
            Assert.AreEqual(VerificationFailureReason.TransparencyLogInvalid, ex.Reason);
            StringAssert.Contains(ex.Message, "signed entry timestamp");
        }

        [TestMethod]
        public void Thresholds_are_options()
        {
            VerificationException tlog = Refused("rekor2-happy-path", options: new SigstoreVerifierOptions { TransparencyLogThreshold = 2 });
            Assert.AreEqual(VerificationFailureReason.InsufficientEvidence, tlog.Reason);
            VerificationException times = Refused("happy-path-v0.3", options: new SigstoreVerifierOptions { ObserverTimestampThreshold = 2 });
            Assert.AreEqual(VerificationFailureReason.InsufficientEvidence, times.Reason);
            // A private CA without certificate transparency: SCTs not required.
            Verify("invalid-ct-key_fail", options: new SigstoreVerifierOptions { SctThreshold = 0 });
            Assert.AreEqual(VerificationFailureReason.CertificateTransparencyInvalid, Refused("invalid-ct-key_fail").Reason);
        }

        [TestMethod]
        public void Dsse_bundle_yields_its_statement_and_needs_the_artifact_as_a_subject()
        {
            SigstoreVerificationResult result = Verify("happy-path-intoto-in-dsse-v3");
            Assert.AreEqual("application/vnd.in-toto+json", result.PayloadType);
            Assert.IsNotNull(result.Statement);
            Assert.AreEqual("https://slsa.dev/provenance/v1", result.Statement!.PredicateType);
            Assert.AreEqual(1, result.VerifiedScts);

            var other = SigstoreArtifact.FromBytes(Encoding.UTF8.GetBytes("not the subject"));
            VerificationException ex = Assert.ThrowsExactly<VerificationException>(() =>
                new SigstoreVerifier(TrustedRoot.PublicGood).Verify(Bundle("happy-path-intoto-in-dsse-v3"), other, Beaconed()));
            Assert.AreEqual(VerificationFailureReason.SubjectMismatch, ex.Reason);
        }

        [TestMethod]
        public void Artifact_known_only_by_digest_is_enough_for_ecdsa()
        {
            byte[] digest = ArtifactOf("happy-path-v0.3").Digest("sha256")!;
            new SigstoreVerifier(TrustedRoot.PublicGood).Verify(Bundle("happy-path-v0.3"), SigstoreArtifact.FromDigest("sha256", digest), Beaconed());
        }

        [TestMethod]
        public void Tlog_entry_of_an_unknown_log_is_refused_even_with_a_timestamp()
        {
            // Rekor v2 bundle checked against public-good, which does not list the staging log: fail closed.
            var verifier = new SigstoreVerifier(TrustedRoot.PublicGood);
            VerificationException ex = Assert.ThrowsExactly<VerificationException>(() =>
                verifier.Verify(Bundle("rekor2-happy-path"), ArtifactOf("rekor2-happy-path"), Beaconed()));
            Assert.AreEqual(VerificationFailureReason.TransparencyLogInvalid, ex.Reason);
        }

        [TestMethod]
        public void Trusted_root_errors_are_invalid_trusted_root()
        {
            foreach (string text in new[] { "", "[]", "{}", "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.2\"}",
                "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\",\"tlogs\":[{\"publicKey\":{\"rawBytes\":\"AAAA\"},\"logId\":{\"keyId\":\"AAAAAA==\"}}]}",
                "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\",\"certificateAuthorities\":[{\"certChain\":{\"certificates\":[]}}]}" })
            {
                VerificationException ex = Assert.ThrowsExactly<VerificationException>(() => TrustedRoot.Parse(Encoding.UTF8.GetBytes(text)), text);
                Assert.AreEqual(VerificationFailureReason.InvalidTrustedRoot, ex.Reason, text);
            }
        }

        [TestMethod]
        public void Validity_is_a_closed_interval_and_null_ends_are_open()
        {
            var range = new TimeRange(DateTimeOffset.FromUnixTimeSeconds(10), DateTimeOffset.FromUnixTimeSeconds(20));
            Assert.IsTrue(range.Contains(DateTimeOffset.FromUnixTimeSeconds(10)));
            Assert.IsTrue(range.Contains(DateTimeOffset.FromUnixTimeSeconds(20)));
            Assert.IsFalse(range.Contains(DateTimeOffset.FromUnixTimeSeconds(21)));
            TrustedRoot root = TrustedRoot.Parse(Encoding.UTF8.GetBytes(
                "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\",\"tlogs\":[{\"publicKey\":{\"rawBytes\":\"MCowBQYDK2VwAyEAPn+AREHoBaZ7wgS1zBqpxmLSGnyhxXj4lFxSdWVB8o8=\"," +
                "\"keyDetails\":\"PKIX_ED25519\",\"validFor\":{\"start\":\"2025-04-16T00:00:00.123456789+02:00\",\"end\":null}},\"logId\":{\"keyId\":\"8w1amZ2S5mJIQkQmPxdMuOrL/oJkvFg9MnQXmeOCXck=\"}}]}"));
            TimeRange validFor = root.TransparencyLogs.Single().ValidFor!;
            Assert.AreEqual(new DateTimeOffset(2025, 4, 15, 22, 0, 0, TimeSpan.Zero).AddTicks(1234567), validFor.Start);
            Assert.IsNull(validFor.End);
        }

        [TestMethod]
        public void Bundle_parser_reads_every_version()
        {
            Assert.AreEqual(1, SigstoreBundleDocument.Parse(Bundle("happy-path-v0.1")).MinorVersion);
            Assert.AreEqual(2, SigstoreBundleDocument.Parse(Bundle("intoto-with-custom-trust-root")).MinorVersion);
            SigstoreBundleDocument v3 = SigstoreBundleDocument.Parse(Bundle("rekor2-happy-path"));
            Assert.AreEqual(3, v3.MinorVersion);
            Assert.AreEqual("hashedrekord", v3.TlogEntries[0].Kind);
            Assert.AreEqual("0.0.2", v3.TlogEntries[0].KindVersion);
            Assert.IsNull(v3.TlogEntries[0].IntegratedTime);
            Assert.AreEqual(1, v3.Rfc3161Timestamps.Count);
            Assert.IsTrue(SigstoreBundleDocument.Parse(Bundle("managed-key-happy-path")).HasPublicKey);
        }

        [TestMethod]
        public void Our_own_key_signed_bundles_verify_with_the_key()
        {
            var key = Provenance.Signing.SigningKey.Generate(Provenance.Signing.KeyAlgorithm.EcdsaP256Sha256);
            byte[] artifact = Encoding.UTF8.GetBytes("artifact");
            string hex = Provenance.Capture.HexEncoding.ToLowerHex(System.Security.Cryptography.SHA256.Create().ComputeHash(artifact));
            byte[] statement = Encoding.UTF8.GetBytes(
                "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"" + hex + "\"}}],\"predicateType\":\"https://example.com/p\"}");
            byte[] bundle = Provenance.Bundles.SigstoreBundle.ForPublicKey(
                Provenance.Dsse.DsseEnvelope.Sign(Provenance.Dsse.Pae.InTotoPayloadType, statement, key), key.PublicKey).ToUtf8Bytes();

            SigstoreVerificationResult result = new SigstoreVerifier(TrustedRoot.PublicGood)
                .Verify(bundle, SigstoreArtifact.FromBytes(artifact), SigstorePolicy.ForKeys(new[] { key.PublicKey }));
            CollectionAssert.AreEqual(key.PublicKey.SubjectPublicKeyInfo, result.PublicKey);
            Assert.AreEqual(0, result.Timestamps.Count);
        }
    }
}
