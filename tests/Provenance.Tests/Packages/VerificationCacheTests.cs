using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    [TestClass]
    public sealed class VerificationCacheTests
    {
        [TestMethod]
        public void UnchangedFolder_ReusesTheResultFromTheCacheFile()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = RestoredPackageVerifierTests.Restore(scratch);
            string cachePath = scratch.File("obj/provenance.cache.json");
            VerificationCache first = VerificationCache.Load(cachePath);
            PackageVerificationResult verified = Verifier(first).Verify(folder);
            first.Save();

            // A cache hit stores nothing, so Save writes no file. (Other bytes of the same size with the old time set
            // back used to be a hit too; the change stamp now catches them: ChangeTimeTamperTests.)
            VerificationCache second = VerificationCache.Load(cachePath);
            File.Delete(cachePath);
            PackageVerificationResult cached = Verifier(second).Verify(folder);
            second.Save();

            Assert.AreEqual(PackageVerificationOutcome.Verified, cached.Outcome);
            Assert.IsFalse(File.Exists(cachePath));
            Assert.AreEqual(verified.StatementSha256, cached.StatementSha256);
            Assert.AreEqual(verified.ContentHashSha512, cached.ContentHashSha512);
            Assert.AreEqual(1, second.Count);
        }

        [TestMethod]
        public void FileChangedAfterCaching_IsCaughtEvenWithTheSameSize()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = RestoredPackageVerifierTests.Restore(scratch);
            VerificationCache cache = VerificationCache.InMemory();
            Assert.AreEqual(PackageVerificationOutcome.Verified, Verifier(cache).Verify(folder).Outcome);
            string dll = Path.Combine(folder.FolderPath, "lib", "net10.0", "Acme.Lib.dll");
            DateTime time = File.GetLastWriteTimeUtc(dll);
            byte[] bytes = File.ReadAllBytes(dll);
            bytes[0] ^= 0xFF;
            File.WriteAllBytes(dll, bytes);
            File.SetLastWriteTimeUtc(dll, time.AddSeconds(1));

            PackageVerificationResult result = Verifier(cache).Verify(folder);

            Assert.AreEqual(PackageVerificationOutcome.Tampered, result.Outcome, result.Reason);
            StringAssert.Contains(result.Reason, "Acme.Lib.dll");
        }

        [TestMethod]
        public void FileAddedAfterCaching_IsCaught()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = RestoredPackageVerifierTests.Restore(scratch);
            VerificationCache cache = VerificationCache.InMemory();
            Verifier(cache).Verify(folder);
            File.WriteAllText(Path.Combine(folder.FolderPath, "lib", "net10.0", "Extra.dll"), "x");

            Assert.AreEqual(PackageVerificationOutcome.Tampered, Verifier(cache).Verify(folder).Outcome);
        }

        [TestMethod]
        public void ChangedPolicy_VerifiesAgain()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder folder = RestoredPackageVerifierTests.Restore(scratch);
            VerificationCache cache = VerificationCache.InMemory();
            Verifier(cache).Verify(folder);

            var stricter = new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), RestoredPackageVerifierTests.Policy("https://github.com/other/lib"), cache);

            Assert.AreEqual(PackageVerificationOutcome.PolicyViolation, stricter.Verify(folder).Outcome);
        }

        [TestMethod]
        public void CorruptCacheFile_IsIgnored()
        {
            using var scratch = new Scratch();
            string cachePath = scratch.File("cache.json");
            File.WriteAllText(cachePath, "{ not json");

            VerificationCache cache = VerificationCache.Load(cachePath);

            Assert.AreEqual(0, cache.Count);
        }

        private static RestoredPackageVerifier Verifier(VerificationCache cache) =>
            new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), RestoredPackageVerifierTests.Policy(), cache);
    }
}
