using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    [TestClass]
    public sealed class FileDigestCacheTests
    {
        private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

        [TestMethod]
        public void Digests_are_lowercase_hex_of_the_content()
        {
            using var scratch = new ScratchDirectory();
            string path = scratch.File("abc.txt", "abc");
            var cache = new FileDigestCache();
            Assert.AreEqual(AbcSha256, cache.Sha256Hex(path));
            Assert.AreEqual("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", cache.Sha512Hex(path));
        }

        [TestMethod]
        public void An_unchanged_stamp_reuses_the_entry_and_a_changed_one_rehashes()
        {
            using var scratch = new ScratchDirectory();
            string path = scratch.File("f.txt", "abc");
            var cache = new FileDigestCache();
            DateTime stamp = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            File.SetLastWriteTimeUtc(path, stamp);
            Assert.AreEqual(AbcSha256, cache.Sha256Hex(path));

            File.WriteAllText(path, "xyz"); // same length
            File.SetLastWriteTimeUtc(path, stamp);
            Assert.AreEqual(AbcSha256, cache.Sha256Hex(path), "same path, length and time: the cached digest");

            File.SetLastWriteTimeUtc(path, stamp.AddSeconds(1));
            Assert.AreNotEqual(AbcSha256, cache.Sha256Hex(path));
        }

        [TestMethod]
        public void A_missing_file_fails_with_PROV1011_naming_it()
        {
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => new FileDigestCache().Sha256Hex("/no/such/file.cs"));
            Assert.AreEqual(DiagnosticCodes.InputFileUnreadable, ex.Code);
            StringAssert.Contains(ex.Message, "file.cs");
        }

        [TestMethod]
        public void Parallel_callers_get_the_same_digest()
        {
            using var scratch = new ScratchDirectory();
            string path = scratch.File("big.bin", new string('x', 3 * 1024 * 1024 + 17));
            var cache = new FileDigestCache();
            var results = new string[32];
            Parallel.For(0, results.Length, i => results[i] = cache.Sha256Hex(path));
            foreach (string result in results) Assert.AreEqual(results[0], result);
            Assert.AreEqual(1, cache.Count);
        }
    }
}
