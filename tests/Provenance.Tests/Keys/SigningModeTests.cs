using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Keyless;
using Provenance.Keys;

namespace Provenance.Tests.Keys
{
    /// <summary>ProvenanceSigningMode: which kind signs, and which settings contradict it (PROV3013) before anything is signed.</summary>
    [TestClass]
    public sealed class SigningModeTests
    {
        private static readonly string[] NoGlobals = Array.Empty<string>();

        private static SigstoreSigningSettings Sigstore(Dictionary<string, string>? environment = null, string? tokenVariable = null) => new SigstoreSigningSettings
        {
            OidcTokenVariable = tokenVariable,
            GetEnvironmentVariable = name => environment != null && environment.TryGetValue(name, out string? value) ? value : null,
        };

        private static readonly Dictionary<string, string> GitHub = new Dictionary<string, string>
        {
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "https://token.example/x",
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "t",
        };

        [TestMethod]
        [DataRow(null)]
        [DataRow("")]
        [DataRow("key")]
        [DataRow(" KEY ")]
        public void Key_is_the_default_and_signs_with_the_key(string? mode) =>
            Assert.AreEqual(SigningKind.Key, SigningMode.Choose(mode, new KeySettings(), null, Sigstore(GitHub), NoGlobals).Kind);

        [TestMethod]
        public void An_unknown_mode_is_PROV3013()
        {
            var error = Assert.ThrowsExactly<ProvenanceException>(() => SigningMode.Choose("sigstore", new KeySettings(), null, Sigstore(), NoGlobals));
            Assert.AreEqual(DiagnosticCodes.SigningModeConflict, error.Code);
            StringAssert.Contains(error.Message, "'sigstore'");
        }

        [TestMethod]
        public void Auto_is_keyless_only_when_a_token_is_offered_and_no_key_is_configured()
        {
            Assert.AreEqual(SigningKind.Keyless, SigningMode.Choose("auto", new KeySettings(), null, Sigstore(GitHub), NoGlobals).Kind);
            Assert.AreEqual(SigningKind.Key, SigningMode.Choose("auto", new KeySettings(), null, Sigstore(), NoGlobals).Kind);
            Assert.AreEqual(SigningKind.Key, SigningMode.Choose("auto", new KeySettings { KeyFile = "k.pem" }, null, Sigstore(GitHub), NoGlobals).Kind);
            Assert.AreEqual(SigningKind.Certificate, SigningMode.Choose("auto", new KeySettings { KeyFile = "k.pem" }, "c.pem", Sigstore(GitHub), NoGlobals).Kind);
            var named = new Dictionary<string, string> { ["MY_TOKEN"] = "a.b.c" };
            Assert.AreEqual(SigningKind.Keyless, SigningMode.Choose("auto", new KeySettings(), null, Sigstore(named, "MY_TOKEN"), NoGlobals).Kind);
        }

        [TestMethod]
        public void Keyless_with_a_key_or_certificate_is_PROV3013_naming_them()
        {
            var error = Assert.ThrowsExactly<ProvenanceException>(() =>
                SigningMode.Choose("keyless", new KeySettings { KeyVariable = "K" }, "c.pem", Sigstore(GitHub), NoGlobals));
            Assert.AreEqual(DiagnosticCodes.SigningModeConflict, error.Code);
            StringAssert.Contains(error.Message, "ProvenanceSigningKeyVariable, ProvenanceSigningCertificateFile");
        }

        [TestMethod]
        public void Keyless_on_the_command_line_overrides_a_key_file_from_the_project_files_and_says_so()
        {
            SigningModeChoice choice = SigningMode.Choose("keyless", new KeySettings { KeyFile = "k.pem" }, null, Sigstore(GitHub), new[] { "ProvenanceSigningMode" });
            Assert.AreEqual(SigningKind.Keyless, choice.Kind);
            StringAssert.Contains(choice.Explanation, "ProvenanceSigningKeyFile is set as well and is not used");

            var error = Assert.ThrowsExactly<ProvenanceException>(() => SigningMode.Choose("keyless", new KeySettings { KeyFile = "k.pem" }, null, Sigstore(GitHub),
                new[] { "ProvenanceSigningMode", "ProvenanceSigningKeyFile" }));
            Assert.AreEqual(DiagnosticCodes.SigningModeConflict, error.Code);
        }

        [TestMethod]
        public void A_certificate_without_a_key_is_PROV3013_since_the_development_key_is_never_certified()
        {
            var error = Assert.ThrowsExactly<ProvenanceException>(() => SigningMode.Choose("key", new KeySettings(), "c.pem", Sigstore(), NoGlobals));
            Assert.AreEqual(DiagnosticCodes.SigningModeConflict, error.Code);
            Assert.AreEqual(SigningKind.Certificate, SigningMode.Choose("key", new KeySettings { SigningCommand = "sign", SigningPublicKeyFile = "p.pem" }, "c.pem", Sigstore(), NoGlobals).Kind);
        }

        [TestMethod]
        public void A_token_or_PEM_where_a_name_or_path_belongs_is_PROV3002()
        {
            Assert.AreEqual(DiagnosticCodes.KeyMaterialInProperty, Assert.ThrowsExactly<ProvenanceException>(() =>
                SigningMode.Choose("keyless", new KeySettings(), null, Sigstore(null, "eyJhbGciOi.eyJpc3Mi.sig"), NoGlobals)).Code);
            Assert.AreEqual(DiagnosticCodes.KeyMaterialInProperty, Assert.ThrowsExactly<ProvenanceException>(() =>
                SigningMode.Choose("key", new KeySettings { KeyFile = "k.pem" }, "-----BEGIN CERTIFICATE-----", Sigstore(), NoGlobals)).Code);
        }
    }
}
