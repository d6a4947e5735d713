using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Signing;
using Provenance.Sigstore;
using Provenance.Verification;

namespace Provenance.Tests.Sigstore
{
    /// <summary>
    /// The bundle-verify cases of the Sigstore client conformance suite (../shared/interop/sigstore-conformance), each
    /// driven as its README says: the artifact (or ../a.txt), key.pub or the default identity and issuer, the case's
    /// trusted root or public-good's. A case whose folder ends in _fail must be rejected with a VerificationException;
    /// every other must verify. One test result per case.
    /// </summary>
    [TestClass]
    public sealed class ConformanceTests
    {
        private const string CasesFolder = "sigstore-conformance/bundle-verify";
        private const string Missing = "(interop data missing)";
        private const string DefaultIdentity =
            "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
        private const string DefaultIssuer = "https://token.actions.githubusercontent.com";

        public static IEnumerable<object[]> Cases
        {
            get
            {
                string? folder = InteropData.Folder(CasesFolder);
                if (folder == null || !Directory.Exists(folder)) return new[] { new object[] { Missing } };
                return Directory.GetDirectories(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)
                    .Select(n => new object[] { n! }).ToList();
            }
        }

        [TestMethod]
        [DynamicData(nameof(Cases))]
        public void Case_meets_its_expected_outcome(string name)
        {
            string root = InteropData.Require(CasesFolder);
            string folder = Path.Combine(root, name);
            bool mustFail = name.EndsWith("_fail", StringComparison.Ordinal);

            Exception? failure = null;
            SigstoreVerificationResult? result = null;
            // As the conformance suite counts any refusal of the client: a key file that is no key (managed-key-wrong-key_fail)
            // is refused while reading it (ProvenanceException, PROV3003), a bundle by the verifier (VerificationException).
            try { result = Run(folder, root); }
            catch (ProvenanceException ex) { failure = ex; }

            if (mustFail)
                Assert.IsNotNull(failure, $"{name} must be rejected, but it verified");
            else
                Assert.IsNull(failure, $"{name} must verify, but: {failure?.Message}");
            Console.WriteLine(failure != null ? $"rejected: {failure.Message}" : $"verified: {result!.Identity?.ToString() ?? "public key"}; {string.Join(", ", result.Timestamps)}");
        }

        [TestMethod]
        public void All_56_cases_are_present()
        {
            string root = InteropData.Require(CasesFolder);
            Assert.AreEqual(56, Directory.GetDirectories(root).Length, "the conformance suite at a73de4970176 has 56 bundle-verify cases");
        }

        [TestMethod]
        public void The_embedded_public_good_root_is_the_shared_one()
        {
            string folder = InteropData.Require("sigstore-public-good");
            TrustedRoot shared = TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(folder, "trusted_root.json")));
            TrustedRoot embedded = TrustedRoot.PublicGood;
            CollectionAssert.AreEqual(shared.TransparencyLogs.Select(l => Convert.ToBase64String(l.LogId)).ToList(),
                embedded.TransparencyLogs.Select(l => Convert.ToBase64String(l.LogId)).ToList());
            Assert.AreEqual(shared.CertificateAuthorities.Count, embedded.CertificateAuthorities.Count);
            Assert.AreEqual(shared.TimestampAuthorities.Count, embedded.TimestampAuthorities.Count);
        }

        internal static SigstoreVerificationResult Run(string folder, string casesRoot)
        {
            byte[] bundleBytes = File.ReadAllBytes(Path.Combine(folder, "bundle.sigstore.json"));
            string artifactPath = File.Exists(Path.Combine(folder, "artifact")) ? Path.Combine(folder, "artifact") : Path.Combine(casesRoot, "a.txt");
            string rootPath = Path.Combine(folder, "trusted_root.json");
            TrustedRoot trustedRoot = File.Exists(rootPath) ? TrustedRoot.Parse(File.ReadAllBytes(rootPath)) : TrustedRoot.PublicGood;

            SigstorePolicy policy;
            string keyPath = Path.Combine(folder, "key.pub");
            if (File.Exists(keyPath))
            {
                policy = SigstorePolicy.ForKeys(new[] { VerificationKey.FromPem(File.ReadAllText(keyPath), keyPath) });
            }
            else
            {
                string identity = ReadOptional(Path.Combine(folder, "identity")) ?? DefaultIdentity;
                string issuer = ReadOptional(Path.Combine(folder, "issuer")) ?? DefaultIssuer;
                policy = SigstorePolicy.ForIdentity(new CertificateIdentityPolicy(identity, issuer: issuer));
            }
            return new SigstoreVerifier(trustedRoot).Verify(bundleBytes, SigstoreArtifact.FromFile(artifactPath), policy);
        }

        private static string? ReadOptional(string path) => File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8).Trim() : null;
    }
}
