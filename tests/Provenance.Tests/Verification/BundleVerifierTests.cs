using System;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Signing;
using Provenance.Tests.Signing;
using Provenance.Verification;

namespace Provenance.Tests.Verification
{
    [TestClass]
    public sealed class BundleVerifierTests
    {
        private static SigningKey Ed => TestKeys.Get(KeyAlgorithm.Ed25519);
        private static SigningKey Ec => TestKeys.Get(KeyAlgorithm.EcdsaP256Sha256);
        private static SigningKey Rsa => TestKeys.Get(KeyAlgorithm.RsaPkcs1Sha256);

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void A_bundle_signed_by_a_trusted_key_verifies_after_a_round_trip_through_bytes(KeyAlgorithm algorithm)
        {
            SigningKey key = TestKeys.Get(algorithm);
            SigstoreBundle bundle = SigstoreBundle.Parse(Statements.Sign(Statements.Simple(), key).ToUtf8Bytes());

            VerifiedStatement verified = BundleVerifier.Verify(bundle, new[] { key.PublicKey });

            Assert.AreEqual(key.PublicKey.Hint, verified.Signer.Hint);
            Assert.AreEqual("https://slsa.dev/provenance/v1", verified.PredicateType);
            Assert.IsNotNull(verified.Predicate);
            Assert.AreEqual("lib.dll", verified.Subjects.Single().Name);
            Assert.IsTrue(verified.HasSubjectDigest("sha256", Statements.Sha256));
            Assert.IsFalse(verified.HasSubjectDigest("sha512", Statements.Sha256));
            CollectionAssert.AreEqual(Encoding.UTF8.GetBytes(Statements.Simple()), verified.Payload);
        }

        [TestMethod]
        public void Every_trusted_key_is_tried_so_the_signer_need_not_be_first()
        {
            VerifiedStatement verified = BundleVerifier.Verify(Statements.Sign(Statements.Simple(), Ec), new[] { Ed.PublicKey, Rsa.PublicKey, Ec.PublicKey });
            Assert.AreEqual(Ec.PublicKey.Hint, verified.Signer.Hint);
        }

        [TestMethod]
        public void A_flipped_bit_in_the_payload_is_a_bad_signature_PROV2003()
        {
            SigstoreBundle bundle = Statements.Sign(Statements.Simple(), Ed);
            byte[] payload = (byte[])bundle.Envelope.Payload.Clone();
            payload[payload.Length / 2] ^= 0x01;
            var ex = AssertFails(Rebuild(bundle, bundle.Envelope.PayloadType, payload, bundle.Envelope.Signatures[0].Signature), Ed.PublicKey);
            Assert.AreEqual(VerificationFailureReason.BadSignature, ex.Reason);
            Assert.AreEqual(DiagnosticCodes.PackageTampered, ex.Code);
        }

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        [DataRow(KeyAlgorithm.RsaPkcs1Sha256)]
        public void A_flipped_bit_in_the_signature_is_a_bad_signature(KeyAlgorithm algorithm)
        {
            SigningKey key = TestKeys.Get(algorithm);
            SigstoreBundle bundle = Statements.Sign(Statements.Simple(), key);
            byte[] signature = (byte[])bundle.Envelope.Signatures[0].Signature.Clone();
            signature[signature.Length - 5] ^= 0x10;
            var ex = AssertFails(Rebuild(bundle, bundle.Envelope.PayloadType, bundle.Envelope.Payload, signature), key.PublicKey);
            Assert.AreEqual(VerificationFailureReason.BadSignature, ex.Reason);
        }

        [TestMethod]
        public void A_swapped_payload_type_breaks_the_signature_because_the_pae_covers_it()
        {
            SigstoreBundle bundle = Statements.Sign(Statements.Simple(), Ed);
            var ex = AssertFails(Rebuild(bundle, "application/json", bundle.Envelope.Payload, bundle.Envelope.Signatures[0].Signature), Ed.PublicKey);
            Assert.AreEqual(VerificationFailureReason.BadSignature, ex.Reason);
        }

        [TestMethod]
        public void A_correctly_signed_payload_of_another_type_is_malformed_and_never_parsed()
        {
            var ex = AssertFails(Statements.Sign("not json at all", Ed, payloadType: "application/vnd.example+json"), Ed.PublicKey);
            Assert.AreEqual(VerificationFailureReason.Malformed, ex.Reason);
            StringAssert.Contains(ex.Message, "payload type");
        }

        [TestMethod]
        public void The_signature_is_checked_before_the_payload_is_parsed()
        {
            SigstoreBundle bundle = Statements.Sign("not json at all", Ed);
            Assert.AreEqual(VerificationFailureReason.UntrustedSigner, AssertFails(bundle, Ec.PublicKey).Reason);
            Assert.AreEqual(VerificationFailureReason.Malformed, AssertFails(bundle, Ed.PublicKey).Reason);
        }

        [TestMethod]
        public void A_bundle_signed_by_an_untrusted_key_is_PROV2002()
        {
            var ex = AssertFails(Statements.Sign(Statements.Simple(), Ed), Ec.PublicKey, Rsa.PublicKey);
            Assert.AreEqual(VerificationFailureReason.UntrustedSigner, ex.Reason);
            Assert.AreEqual(DiagnosticCodes.PackageUntrustedSigner, ex.Code);
        }

        [TestMethod]
        public void A_hint_naming_a_trusted_key_grants_no_trust()
        {
            SigstoreBundle signedByUntrusted = Statements.Sign(Statements.Simple(), Ed);
            SigstoreBundle claimingTrusted = SigstoreBundle.ForPublicKey(signedByUntrusted.Envelope, Ec.PublicKey);

            var ex = AssertFails(claimingTrusted, Ec.PublicKey);
            Assert.AreEqual(VerificationFailureReason.BadSignature, ex.Reason);
        }

        [TestMethod]
        public void No_trusted_keys_means_no_trusted_signer() =>
            Assert.AreEqual(VerificationFailureReason.UntrustedSigner, AssertFails(Statements.Sign(Statements.Simple(), Ed)).Reason);

        [TestMethod]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"subject\":[{\"digest\":{\"sha256\":\"" + Statements.Sha256 + "\"}}],\"predicateType\":\"p\"}", "_type")]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"" + Statements.Sha256 + "\"}}]}", "predicateType")]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[],\"predicateType\":\"p\"}", "0 subjects")]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\"p\"}", "subject")]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"x\"}],\"predicateType\":\"p\"}", "no digest")]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"ABCD\"}}],\"predicateType\":\"p\"}", "lowercase hex")]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"abcd\"}}],\"predicateType\":\"p\"}", "right length")]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha512\":\"" + Statements.Sha256 + "\"}}],\"predicateType\":\"p\"}", "right length")]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":1}}],\"predicateType\":\"p\"}", "subject[0]")]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"" + Statements.Sha256 + "\"}}],\"predicateType\":\"p\",\"predicate\":[]}", "predicate")]
        [DataRow("{\"_type\":\"https://in-toto.io/Statement/v1\",\"_type\":\"https://in-toto.io/Statement/v1\"}", "duplicate key")]
        public void A_signed_statement_that_breaks_the_in_toto_rules_is_malformed(string statement, string expectedInMessage)
        {
            var ex = AssertFails(Statements.Sign(statement, Ed), Ed.PublicKey);
            Assert.AreEqual(VerificationFailureReason.Malformed, ex.Reason);
            StringAssert.Contains(ex.Message, expectedInMessage);
        }

        [TestMethod]
        public void Up_to_1024_subjects_verify_and_1025_are_malformed()
        {
            string Subjects(int n) => string.Join(",", Enumerable.Range(0, n).Select(i => "{\"name\":\"f" + i + "\",\"digest\":{\"sha256\":\"" + Statements.Sha256 + "\"}}"));
            Assert.AreEqual(1024, BundleVerifier.Verify(Statements.Sign(Statements.WithSubjects(Subjects(1024)), Ed), new[] { Ed.PublicKey }).Subjects.Count);
            StringAssert.Contains(AssertFails(Statements.Sign(Statements.WithSubjects(Subjects(1025)), Ed), Ed.PublicKey).Message, "1025 subjects");
        }

        [TestMethod]
        public void A_nupkg_subject_with_sha256_and_sha512_matches_either_digest()
        {
            string sha512 = new string('a', 128);
            string statement = Statements.WithSubjects("{\"name\":\"p.1.0.0.nupkg\",\"digest\":{\"sha256\":\"" + Statements.Sha256 + "\",\"sha512\":\"" + sha512 + "\"}}");
            VerifiedStatement verified = BundleVerifier.Verify(Statements.Sign(statement, Ec), new[] { Ec.PublicKey });

            Assert.IsTrue(verified.HasSubjectDigest("sha512", sha512));
            Assert.IsTrue(verified.HasSubjectDigest("sha256", Statements.Sha256.ToUpperInvariant()));
            verified.RequireSubjectDigest("sha512", sha512, "p.1.0.0.nupkg");
            var ex = Assert.ThrowsExactly<VerificationException>(() => verified.RequireSubjectDigest("sha512", new string('b', 128), "p.1.0.0.nupkg"));
            Assert.AreEqual(VerificationFailureReason.SubjectMismatch, ex.Reason);
            Assert.AreEqual(DiagnosticCodes.PackageTampered, ex.Code);
        }

        private static VerificationException AssertFails(SigstoreBundle bundle, params VerificationKey[] trusted) =>
            Assert.ThrowsExactly<VerificationException>(() => BundleVerifier.Verify(bundle, trusted));

        private static SigstoreBundle Rebuild(SigstoreBundle original, string payloadType, byte[] payload, byte[] signature)
        {
            var envelope = new DsseEnvelope(payloadType, payload, new[] { new DsseSignature(signature) });
            return SigstoreBundle.Parse(SigstoreBundleBytes(envelope, original.PublicKeyHint!));
        }

        private static byte[] SigstoreBundleBytes(DsseEnvelope envelope, string hint)
        {
            var json = new Provenance.Json.JsonObject()
                .Add("mediaType", SigstoreBundle.MediaTypeV03)
                .Add("verificationMaterial", new Provenance.Json.JsonObject().Add("publicKey", new Provenance.Json.JsonObject().Add("hint", hint)))
                .Add("dsseEnvelope", envelope.ToJson());
            return Provenance.Json.JsonWriter.ToUtf8Bytes(json);
        }
    }
}
