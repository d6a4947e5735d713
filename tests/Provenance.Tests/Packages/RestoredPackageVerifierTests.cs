using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;
using Provenance.Signing;

namespace Provenance.Tests.Packages
{
    [TestClass]
    public sealed class RestoredPackageVerifierTests
    {
        [TestMethod]
        public void AttestedAndTrusted_IsVerified()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch);

            PackageVerificationResult result = Verify(folder);

            Assert.AreEqual(PackageVerificationOutcome.Verified, result.Outcome, result.Reason);
            Assert.AreEqual(PackageKeys.Acme.PublicKey.Hint, result.SignerHint);
            Assert.AreEqual(TestPredicates.Repository, result.SourceRepository);
            Assert.AreEqual(64, result.StatementSha256!.Length);
            Assert.AreEqual(PackageContentHash.ComputeHex(Path.Combine(folder.FolderPath, "acme.lib.1.2.3.nupkg")), result.ContentHashSha512);
            Assert.IsNull(result.Code);
        }

        [TestMethod]
        public void NoEmbeddedStatement_IsNotAttested()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);
            RestoredPackageFolder folder = FakeRestore.Extract(nupkg, scratch.File("packages"), "Acme.Lib", "1.2.3");

            PackageVerificationResult result = Verify(folder);

            Assert.AreEqual(PackageVerificationOutcome.NotAttested, result.Outcome);
            Assert.AreEqual(DiagnosticCodes.PackageNotAttested, result.Code);
            StringAssert.Contains(result.Reason, "Acme.Lib 1.2.3");
        }

        [TestMethod]
        public void SignedByAnotherKey_IsUntrustedSigner()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch);

            PackageVerificationResult result = Verify(folder, trusted: PackageKeys.Trusted(PackageKeys.Other));

            Assert.AreEqual(PackageVerificationOutcome.UntrustedSigner, result.Outcome, result.Reason);
            Assert.AreEqual(PackageKeys.Acme.PublicKey.Hint, result.SignerHint);
        }

        [TestMethod]
        public void ChangedFile_IsTamperedNamingTheFile()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch);
            string dll = Path.Combine(folder.FolderPath, "lib", "net10.0", "Acme.Lib.dll");
            byte[] bytes = File.ReadAllBytes(dll);
            bytes[100] ^= 1;
            File.WriteAllBytes(dll, bytes);

            AssertTampered(Verify(folder), "lib/net10.0/Acme.Lib.dll");
        }

        [TestMethod]
        public void AddedFile_IsTampered()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch);
            File.WriteAllText(Path.Combine(folder.FolderPath, "lib", "net10.0", "Evil.dll"), "x");

            AssertTampered(Verify(folder), "lib/net10.0/Evil.dll' was added");
        }

        [TestMethod]
        public void MissingFile_IsTampered()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch);
            File.Delete(Path.Combine(folder.FolderPath, "acme.lib.nuspec"));

            AssertTampered(Verify(folder), "acme.lib.nuspec' is missing");
        }

        [TestMethod]
        public void ChangedStatement_IsTampered()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch);
            string bundle = Path.Combine(folder.FolderPath, "provenance", "package.sigstore.json");
            string text = File.ReadAllText(bundle);
            int payload = text.IndexOf("\"payload\": \"", System.StringComparison.Ordinal) + 20;
            File.WriteAllText(bundle, text.Substring(0, payload) + (text[payload] == 'A' ? 'B' : 'A') + text.Substring(payload + 1));

            AssertTampered(Verify(folder), "modified after signing");
        }

        [TestMethod]
        public void ReplacedNupkgCopy_IsTampered()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch);
            string other = TestPackages.Create(Directory.CreateDirectory(scratch.File("other")).FullName);
            File.Copy(other, Path.Combine(folder.FolderPath, "acme.lib.1.2.3.nupkg"), overwrite: true);

            AssertTampered(Verify(folder), "contentHash");
        }

        [TestMethod]
        public void StatementOfAnotherPackage_IsTampered()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder acme = Restore(scratch);
            string impostor = Path.Combine(scratch.Path, "packages", "acme.impostor", "1.2.3");
            CopyFolder(acme.FolderPath, impostor);

            PackageVerificationResult result = Verify(new RestoredPackageFolder("Acme.Impostor", "1.2.3", impostor));

            Assert.AreEqual(PackageVerificationOutcome.Tampered, result.Outcome, result.Reason);
        }

        [TestMethod]
        public void StatementOfAnotherVersion_IsTampered()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder acme = Restore(scratch);
            string renamed = Path.Combine(scratch.Path, "packages", "acme.lib", "9.9.9");
            CopyFolder(acme.FolderPath, renamed);
            File.Move(Path.Combine(renamed, "acme.lib.1.2.3.nupkg"), Path.Combine(renamed, "acme.lib.9.9.9.nupkg"));
            File.Move(Path.Combine(renamed, "acme.lib.1.2.3.nupkg.sha512"), Path.Combine(renamed, "acme.lib.9.9.9.nupkg.sha512"));

            AssertTampered(Verify(new RestoredPackageFolder("Acme.Lib", "9.9.9", renamed)), "not for this package");
        }

        [TestMethod]
        public void OtherSourceRepository_IsPolicyViolation()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch);

            PackageVerificationResult result = Verify(folder, Policy("https://github.com/someone-else/lib"));

            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, "someone-else");
        }

        [TestMethod]
        [DataRow("https://github.com/acme/lib")]
        [DataRow("https://GitHub.com/acme/lib.git")]
        [DataRow("git+https://github.com/acme/lib/@refs/tags/v1")]
        public void SameSourceRepositoryWrittenDifferently_IsVerified(string policySource)
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch);

            Assert.AreEqual(PackageVerificationOutcome.Verified, Verify(folder, Policy(policySource)).Outcome);
        }

        [TestMethod]
        public void DevelopmentKey_IsRefusedUnlessAllowed()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch, TestPredicates.Create(keySource: "development"));

            Assert.AreEqual(PackageVerificationOutcome.DevelopmentKey, Verify(folder).Outcome);
            var allowing = ProvenancePolicy.Create(new[] { new ProvenancePolicyItem("Acme.*") { AllowDevelopmentKey = "true" } }, PackageKeys.Trusted(PackageKeys.Acme));
            Assert.AreEqual(PackageVerificationOutcome.Verified, Verify(folder, allowing).Outcome);
        }

        [TestMethod]
        public void XmlDocsLeftOutByNuGetXmlDocModeSkip_AreAccepted()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = Restore(scratch);
            File.Delete(Path.Combine(folder.FolderPath, "lib", "net10.0", "Acme.Lib.xml"));

            Assert.AreEqual(PackageVerificationOutcome.Verified, Verify(folder).Outcome);
        }

        [TestMethod]
        public void AuthorSignedPackage_IsVerifiedWithItsSignatureFile()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);
            PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));
            NuGetTools.Sign(nupkg);
            RestoredPackageFolder folder = FakeRestore.Extract(nupkg, scratch.File("packages"), "Acme.Lib", "1.2.3");
            Assert.IsTrue(File.Exists(Path.Combine(folder.FolderPath, ".signature.p7s")));

            PackageVerificationResult result = Verify(folder);

            Assert.AreEqual(PackageVerificationOutcome.Verified, result.Outcome, result.Reason);
        }

        [TestMethod]
        public void MissingFolder_IsTampered()
        {
            using var scratch = new Scratch();

            AssertTampered(Verify(new RestoredPackageFolder("Acme.Lib", "1.2.3", scratch.File("nowhere"))), "does not exist");
        }

        internal static RestoredPackageFolder Restore(Scratch scratch, Provenance.Json.JsonObject? predicate = null, string id = "Acme.Lib", string version = "1.2.3", SigningKey? key = null)
        {
            string feed = Directory.CreateDirectory(Path.Combine(scratch.Path, "feed", id + version)).FullName;
            string nupkg = TestPackages.Create(feed, id, version);
            PackageAttestation.Attest(nupkg, TestPredicates.Factory(key ?? PackageKeys.Acme, predicate));
            return FakeRestore.Extract(nupkg, scratch.File("packages"), id, version);
        }

        internal static ProvenancePolicy Policy(string? source = null) =>
            ProvenancePolicy.Create(new[] { new ProvenancePolicyItem("Acme.*") { Require = "true", SourceRepository = source } }, PackageKeys.Trusted(PackageKeys.Acme));

        private static PackageVerificationResult Verify(RestoredPackageFolder folder, ProvenancePolicy? policy = null, IReadOnlyList<TrustedKey>? trusted = null) =>
            new RestoredPackageVerifier(trusted ?? PackageKeys.Trusted(PackageKeys.Acme), policy ?? Policy()).Verify(folder);

        private static void AssertTampered(PackageVerificationResult result, string expected)
        {
            Assert.AreEqual(PackageVerificationOutcome.Tampered, result.Outcome, result.Reason);
            Assert.AreEqual(DiagnosticCodes.PackageTampered, result.Code);
            StringAssert.Contains(result.Reason, expected);
        }

        private static void CopyFolder(string from, string to)
        {
            foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
