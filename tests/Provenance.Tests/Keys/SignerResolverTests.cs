using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Keys;
using Provenance.Signing;
using Provenance.Tests.Capture;

namespace Provenance.Tests.Keys
{
    [TestClass]
    public sealed class SignerResolverTests
    {
        [TestMethod]
        public void Key_material_in_a_property_is_refused_without_echoing_it()
        {
            string pem = SigningKey.Generate(KeyAlgorithm.Ed25519).ToPkcs8Pem(null);

            var error = Assert.ThrowsExactly<ProvenanceException>(() => SignerResolver.Validate(new KeySettings { KeyVariable = pem }));

            Assert.AreEqual(DiagnosticCodes.KeyMaterialInProperty, error.Code);
            Assert.IsFalse(error.Message.Contains(pem.Split('\n')[1]), "the key's base64 must not appear in the message");
        }

        [TestMethod]
        public void Two_key_sources_at_once_are_PROV3001()
        {
            var error = Assert.ThrowsExactly<ProvenanceException>(() =>
                SignerResolver.Validate(new KeySettings { KeyFile = "key.pem", KeyVariable = "SIGNING_KEY" }));

            Assert.AreEqual(DiagnosticCodes.ConflictingKeySources, error.Code);
        }

        [TestMethod]
        public void A_key_from_a_named_variable_signs_and_an_unset_one_is_PROV1006()
        {
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            var environment = new Dictionary<string, string?> { ["SIGNING_KEY"] = key.ToPkcs8Pem(null) };
            var settings = new KeySettings { KeyVariable = "SIGNING_KEY", GetEnvironmentVariable = n => environment.TryGetValue(n, out var v) ? v : null };

            ResolvedSigner signer = SignerResolver.Resolve(settings);
            var missing = Assert.ThrowsExactly<ProvenanceException>(() =>
                SignerResolver.Resolve(new KeySettings { KeyVariable = "UNSET_KEY", GetEnvironmentVariable = _ => null }));

            Assert.AreEqual(ResolvedSigner.FromEnvironment, signer.Source);
            Assert.AreEqual(key.PublicKey.Hint, signer.Signer.PublicKey.Hint);
            Assert.AreEqual(DiagnosticCodes.SigningKeyVariableMissing, missing.Code);
        }

        [TestMethod]
        public void Without_a_key_the_development_key_is_created_once_and_then_reused()
        {
            using var scratch = new ScratchDirectory();
            string path = System.IO.Path.Combine(scratch.Path, "config", "development-key.pem");

            ResolvedSigner first = SignerResolver.Resolve(new KeySettings { DevelopmentKeyFile = path });
            ResolvedSigner second = SignerResolver.Resolve(new KeySettings { DevelopmentKeyFile = path });

            Assert.IsTrue(first.IsDevelopmentKey);
            Assert.AreEqual(first.Signer.PublicKey.Hint, second.Signer.PublicKey.Hint);
            Assert.IsTrue(System.IO.File.Exists(System.IO.Path.Combine(scratch.Path, "config", DevelopmentKeyStore.PublicFileName)));
        }
    }
}
