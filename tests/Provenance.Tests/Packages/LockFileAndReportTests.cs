using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    [TestClass]
    public sealed class LockFileAndReportTests
    {
        private static readonly string AcmeHint = PackageKeys.Acme.PublicKey.Hint;

        [TestMethod]
        public void UnchangedPackages_PassTheLock()
        {
            using var scratch = new Scratch();
            string path = scratch.File(ProvenanceLockFile.DefaultFileName);
            ProvenanceLockFile.Update(path, new[] { Verified("1.2.3"), NotAttested("Other.Lib") });

            Assert.AreEqual(0, ProvenanceLockFile.Load(path).Check(new[] { Verified("1.2.3"), NotAttested("Other.Lib") }).Count);
        }

        [TestMethod]
        public void LostProvenance_ChangedSigner_ChangedSource_FailUntilUpdated()
        {
            using var scratch = new Scratch();
            string path = scratch.File(ProvenanceLockFile.DefaultFileName);
            ProvenanceLockFile.Update(path, new[] { Verified("1.2.3") });
            ProvenanceLockFile locked = ProvenanceLockFile.Load(path);

            StringAssert.Contains(locked.Check(new[] { NotAttested("Acme.Lib") }).Single(), "lost its provenance");
            StringAssert.Contains(locked.Check(new[] { Verified("1.2.3", signer: "b3RoZXI=") }).Single(), "signer changed");
            StringAssert.Contains(locked.Check(new[] { Verified("1.2.3", source: "https://github.com/fork/lib") }).Single(), "source repository changed");
            StringAssert.Contains(locked.Check(new[] { Verified("2.0.0", signer: "b3RoZXI=") }).Single(), "signer changed", "an upgrade is compared with the locked versions");
            Assert.AreEqual(0, locked.Check(new[] { Verified("2.0.0") }).Count);

            ProvenanceLockFile.Update(path, new[] { Verified("1.2.3", signer: "b3RoZXI=") });
            Assert.AreEqual(0, ProvenanceLockFile.Load(path).Check(new[] { Verified("1.2.3", signer: "b3RoZXI=") }).Count);
        }

        [TestMethod]
        public void A_locked_source_matches_the_same_repository_written_as_the_host_resolves_it()
        {
            using var scratch = new Scratch();
            string path = scratch.File(ProvenanceLockFile.DefaultFileName);
            ProvenanceLockFile.Update(path, new[] { Verified("1.2.3", source: "https://github.com/Acme/Lib") });
            ProvenanceLockFile locked = ProvenanceLockFile.Load(path);

            Assert.AreEqual(0, locked.Check(new[] { Verified("1.2.3", source: "https://github.com/acme/lib") }).Count, "GitHub paths ignore case");
            StringAssert.Contains(locked.Check(new[] { Verified("1.2.3", source: "https://github.com/acme/lib-fork") }).Single(), "source repository changed");
        }

        [TestMethod]
        public void MalformedLockFile_IsPROV3008()
        {
            using var scratch = new Scratch();
            string path = scratch.File(ProvenanceLockFile.DefaultFileName);
            File.WriteAllText(path, "{\"version\": 1, \"packages\": {\"Acme.Lib\": {}}}");

            Assert.AreEqual(DiagnosticCodes.LockFileInvalid, Assert.ThrowsExactly<ProvenanceException>(() => ProvenanceLockFile.Load(path)).Code);
        }

        [TestMethod]
        public void Report_IsVersionedSortedAndRoundTrips()
        {
            var results = new[] { NotAttested("Zeta.Lib"), Verified("1.2.3") };
            results[1].ContentHashSha512 = new string('c', 128);
            results[1].StatementSha256 = new string('d', 64);

            byte[] report = VerificationReport.ToUtf8Bytes(results);

            string text = System.Text.Encoding.UTF8.GetString(report);
            StringAssert.StartsWith(text, "{\n  \"version\": 1,");
            StringAssert.Contains(text, "\"outcome\": \"notAttested\"");
            StringAssert.Contains(text, "\"code\": \"PROV2001\"");
            var parsed = VerificationReport.Parse(report);
            Assert.AreEqual("Acme.Lib", parsed[0].Id);
            Assert.AreEqual(new string('c', 128), parsed[0].ContentHashSha512);
            Assert.AreEqual(new string('d', 64), parsed[0].StatementSha256);
            Assert.AreEqual(AcmeHint, parsed[0].SignerHint);
            Assert.AreEqual(PackageVerificationOutcome.NotAttested, parsed[1].Outcome);
        }

        private static PackageVerificationResult Verified(string version, string? signer = null, string? source = null) =>
            new PackageVerificationResult("Acme.Lib", version, PackageVerificationOutcome.Verified, "Acme.Lib " + version + " is verified.")
            {
                SignerHint = signer ?? AcmeHint,
                SourceRepository = source ?? TestPredicates.Repository,
            };

        private static PackageVerificationResult NotAttested(string id) =>
            new PackageVerificationResult(id, "1.0.0", PackageVerificationOutcome.NotAttested, id + " 1.0.0 has no provenance.");
    }
}
