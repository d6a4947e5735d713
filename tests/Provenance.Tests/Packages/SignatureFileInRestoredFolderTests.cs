using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    /// <summary>
    /// The folder check of a restored package (what the gate runs) applies the '.signature.p7s' rule: the file stays out
    /// of the statement only when it is a CMS SignedData, so a real NuGet signature verifies and random bytes under that
    /// name make the package tampered, with a reason that names the file.
    /// </summary>
    [TestClass]
    public sealed class SignatureFileInRestoredFolderTests
    {
        [TestMethod]
        public void RandomBytesAsTheSignatureFile_MakeTheRestoredPackageTampered()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(Directory.CreateDirectory(scratch.File("feed")).FullName);
            PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));
            RestoredPackageFolder folder = FakeRestore.Extract(nupkg, scratch.File("packages"), "Acme.Lib", "1.2.3");
            var random = new byte[2048];
            new Random(11).NextBytes(random);
            File.WriteAllBytes(Path.Combine(folder.FolderPath, NuGetSignatureFile.FileName), random);

            PackageVerificationResult result = Verifier().Verify(folder);

            Assert.AreEqual(PackageVerificationOutcome.Tampered, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, "'.signature.p7s'");
        }

        [TestMethod]
        [Timeout(300_000)]
        public void ARealSignatureByDotnetNuGetSign_IsVerified()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(Directory.CreateDirectory(scratch.File("feed")).FullName);
            PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));
            NuGetTools.Sign(nupkg);
            RestoredPackageFolder folder = FakeRestore.Extract(nupkg, scratch.File("packages"), "Acme.Lib", "1.2.3");
            Assert.IsTrue(File.Exists(Path.Combine(folder.FolderPath, NuGetSignatureFile.FileName)), "precondition: the signature was extracted");

            PackageVerificationResult result = Verifier().Verify(folder);

            Assert.AreEqual(PackageVerificationOutcome.Verified, result.Outcome, result.Reason);
        }

        private static RestoredPackageVerifier Verifier() =>
            new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), RestoredPackageVerifierTests.Policy(TestPredicates.Repository));
    }
}
