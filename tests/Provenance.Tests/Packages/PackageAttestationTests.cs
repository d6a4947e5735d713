using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Capture;
using Provenance.Packages;
using Provenance.Verification;

namespace Provenance.Tests.Packages
{
    [TestClass]
    public sealed class PackageAttestationTests
    {
        [TestMethod]
        public void Attest_EmbedsAStatementWhoseSubjectsAreEveryOtherEntry()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);

            PackageAttestationResult result = PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));

            Dictionary<string, byte[]> entries = TestPackages.Entries(nupkg);
            VerifiedStatement statement = BundleVerifier.Verify(
                SigstoreBundle.Parse(entries[PackageAttestation.EmbeddedBundleEntryName]), new[] { PackageKeys.Acme.PublicKey });
            var subjects = statement.Subjects.ToDictionary(s => s.Name!, s => s.Digest["sha256"]);
            CollectionAssert.AreEquivalent(entries.Keys.Where(k => k != PackageAttestation.EmbeddedBundleEntryName).ToList(), subjects.Keys.ToList());
            foreach (var entry in entries.Where(e => e.Key != PackageAttestation.EmbeddedBundleEntryName))
                Assert.AreEqual(Sha256(entry.Value), subjects[entry.Key], entry.Key);
            Assert.AreEqual(statement.Subjects.Count, result.EntrySubjects.Count);
        }

        [TestMethod]
        public void Attest_AddsJsonToContentTypesBeforeHashingIt()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);

            PackageAttestationResult result = PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));

            string contentTypes = Encoding.UTF8.GetString(TestPackages.Entries(nupkg)["[Content_Types].xml"]);
            Assert.IsTrue(result.ContentTypesChanged);
            StringAssert.Contains(contentTypes, "  <Default Extension=\"json\" ContentType=\"application/octet\" />\n</Types>");
            Assert.AreEqual(Sha256(Encoding.UTF8.GetBytes(contentTypes)),
                result.EntrySubjects.Single(s => s.Name == "[Content_Types].xml").Digest["sha256"]);
        }

        [TestMethod]
        public void Attest_LeavesContentTypesAloneWhenJsonIsThere()
        {
            using var scratch = new Scratch();
            string withJson = TestPackages.ContentTypesWithoutJson.Replace("</Types>", "  <Default Extension=\"JSON\" ContentType=\"application/octet\" />\n</Types>");
            string nupkg = TestPackages.Create(scratch.Path, contentTypes: withJson);

            PackageAttestationResult result = PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));

            Assert.IsFalse(result.ContentTypesChanged);
            Assert.AreEqual(withJson, Encoding.UTF8.GetString(TestPackages.Entries(nupkg)["[Content_Types].xml"]));
        }

        [TestMethod]
        public void Attest_KeepsTheCompressedDataOfExistingEntries()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);
            var before = RawEntries(nupkg);

            PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));

            var after = RawEntries(nupkg);
            foreach (var entry in before.Where(e => e.Key != "[Content_Types].xml"))
                CollectionAssert.AreEqual(entry.Value, after[entry.Key], entry.Key);
        }

        [TestMethod]
        public void Attest_WritesTheOuterBundleForTheFinishedPackage()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);

            PackageAttestationResult result = PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));

            Assert.AreEqual(nupkg + ".sigstore.json", result.OuterBundlePath);
            VerifiedStatement outer = BundleVerifier.Verify(SigstoreBundle.Parse(File.ReadAllBytes(result.OuterBundlePath)), new[] { PackageKeys.Acme.PublicKey });
            Assert.AreEqual("Acme.Lib.1.2.3.nupkg", outer.Subjects.Single().Name);
            byte[] bytes = File.ReadAllBytes(nupkg);
            outer.RequireSubjectDigest("sha256", Sha256(bytes), "the package");
            outer.RequireSubjectDigest("sha512", HexEncoding.ToLowerHex(SHA512.HashData(bytes)), "the package");
            Assert.AreEqual(PackageContentHash.ComputeHex(nupkg), outer.Subjects[0].Digest["sha512"]);
        }

        [TestMethod]
        public void Attest_TwiceReplacesTheEmbeddedStatement()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);
            PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));

            PackageAttestationResult second = PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));

            Assert.AreEqual(1, TestPackages.Entries(nupkg).Keys.Count(k => k == PackageAttestation.EmbeddedBundleEntryName));
            Assert.IsFalse(second.EntrySubjects.Any(s => s.Name == PackageAttestation.EmbeddedBundleEntryName));
        }

        [TestMethod]
        public void Attest_RefusesASignedPackage()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path, extra: new Dictionary<string, byte[]> { [".signature.p7s"] = new byte[] { 1, 2, 3 } });

            AssertRejectedUnchanged(nupkg, "already signed");
        }

        [TestMethod]
        [DataRow("../evil.dll", "'..' path segment")]
        [DataRow("lib/%2e%2e/%2e%2e/evil.dll", "'..' path segment")]
        [DataRow("/etc/evil.dll", "absolute path")]
        [DataRow("lib\\net10.0\\evil.dll", "backslash")]
        [DataRow("lib/evil\0.dll", "NUL")]
        [DataRow("C:/evil.dll", "':'")]
        [DataRow("lib//evil.dll", "empty path segment")]
        public void Attest_RejectsOddEntryNames(string name, string why)
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path, extra: new Dictionary<string, byte[]> { [name] = new byte[] { 1 } });

            AssertRejectedUnchanged(nupkg, why);
        }

        [TestMethod]
        public void Attest_RejectsNamesThatDifferOnlyInCase()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path, extra: new Dictionary<string, byte[]> { ["lib/net10.0/ACME.LIB.DLL"] = new byte[] { 1 } });

            AssertRejectedUnchanged(nupkg, "duplicate");
        }

        [TestMethod]
        public void Attest_RejectsAnEntryThatInflatesLikeABomb()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path, extra: new Dictionary<string, byte[]> { ["content/zeros.bin"] = new byte[8 * 1024 * 1024] });

            AssertRejectedUnchanged(nupkg, "zip bomb");
        }

        [TestMethod]
        public void Attest_RejectsMoreEntriesThanTheLimit()
        {
            using var scratch = new Scratch();
            var extra = Enumerable.Range(0, PackageLimits.MaxEntries).ToDictionary(i => "content/f" + i + ".txt", i => new byte[] { 1 });
            string nupkg = TestPackages.Create(scratch.Path, extra: extra);

            AssertRejectedUnchanged(nupkg, "over the limit of 10000");
        }

        [TestMethod]
        public void Attest_RejectsMoreFilesThanAStatementMayList()
        {
            using var scratch = new Scratch();
            var extra = Enumerable.Range(0, PackageLimits.MaxStatementSubjects).ToDictionary(i => "content/f" + i + ".txt", i => new byte[] { 1 });
            string nupkg = TestPackages.Create(scratch.Path, extra: extra);

            AssertRejectedUnchanged(nupkg, "at most 1024 subjects");
        }

        [TestMethod]
        public void Attest_LeavesThePackageUntouchedWhenSigningFails()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);
            byte[] before = File.ReadAllBytes(nupkg);

            Assert.ThrowsExactly<InvalidOperationException>(() =>
                PackageAttestation.Attest(nupkg, _ => throw new InvalidOperationException("signer down")));

            CollectionAssert.AreEqual(before, File.ReadAllBytes(nupkg));
            Assert.AreEqual(1, Directory.GetFiles(scratch.Path).Length, "no temporary file is left behind");
        }

        private static void AssertRejectedUnchanged(string nupkg, string expectedReason)
        {
            byte[] before = File.ReadAllBytes(nupkg);
            var error = Assert.ThrowsExactly<ProvenanceException>(() => PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme)));
            Assert.AreEqual(DiagnosticCodes.PackageUnreadable, error.Code);
            StringAssert.Contains(error.Message, expectedReason);
            StringAssert.Contains(error.Message, Path.GetFileName(nupkg));
            CollectionAssert.AreEqual(before, File.ReadAllBytes(nupkg));
            Assert.IsFalse(File.Exists(nupkg + ".sigstore.json"));
        }

        /// <summary>Each entry's compressed bytes, read from the local header on (what a re-compression would change).</summary>
        internal static Dictionary<string, byte[]> RawEntries(string nupkg)
        {
            byte[] file = File.ReadAllBytes(nupkg);
            var result = new Dictionary<string, byte[]>();
            int eocd = file.Length - 22;
            while (BitConverter.ToUInt32(file, eocd) != 0x06054b50) eocd--;
            int count = BitConverter.ToUInt16(file, eocd + 10);
            int cd = (int)BitConverter.ToUInt32(file, eocd + 16);
            for (int i = 0; i < count; i++)
            {
                int method = BitConverter.ToUInt16(file, cd + 10);
                int compressed = (int)BitConverter.ToUInt32(file, cd + 20);
                int nameLength = BitConverter.ToUInt16(file, cd + 28), extra = BitConverter.ToUInt16(file, cd + 30), comment = BitConverter.ToUInt16(file, cd + 32);
                int local = (int)BitConverter.ToUInt32(file, cd + 42);
                string name = Encoding.UTF8.GetString(file, cd + 46, nameLength);
                int data = local + 30 + BitConverter.ToUInt16(file, local + 26) + BitConverter.ToUInt16(file, local + 28);
                byte[] raw = new byte[compressed + 2];
                raw[0] = (byte)method;
                Array.Copy(file, data, raw, 2, compressed);
                result[name] = raw;
                cd += 46 + nameLength + extra + comment;
            }
            return result;
        }

        private static string Sha256(byte[] bytes) => HexEncoding.ToLowerHex(SHA256.HashData(bytes));
    }
}
