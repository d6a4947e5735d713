using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Tests.Packages;
using Provenance.Verification;

namespace Provenance.Tests.Fuzz
{
    /// <summary>Issue 6, bullet 7, and every crash the fuzzer found: each stays fixed.</summary>
    [TestClass]
    public sealed class HostileInputRegressionTests
    {
        [TestMethod]
        [DataRow("\"\\ud800\"")]
        [DataRow("\"\\udc00\"")]
        [DataRow("\"\\udc00\\ud800\"")]
        [DataRow("\"\\ud800abc\"")]
        [DataRow("\"\\ud800\\u0041\"")]
        [DataRow("{\"\\udbff\":1}")]
        public void A_lone_surrogate_escape_is_malformed_json(string json)
        {
            var e = Assert.ThrowsExactly<JsonFormatException>(() => JsonReader.Parse(Encoding.UTF8.GetBytes(json)));
            StringAssert.Contains(e.Message, "surrogate");
        }

        [TestMethod]
        public void A_lone_surrogate_in_string_input_is_malformed_json_too() =>
            Assert.ThrowsExactly<JsonFormatException>(() => JsonReader.Parse("[\"a\ud800\"]"));

        [TestMethod]
        public void A_surrogate_pair_escape_is_one_character()
        {
            Assert.AreEqual("\U0001F600", JsonReader.Parse(Encoding.UTF8.GetBytes("\"\\ud83d\\ude00\"")).AsString());
            Assert.AreEqual("x\U0001F600", JsonReader.Parse("\"x\U0001F600\"").AsString());
        }

        [TestMethod]
        public void A_bundle_whose_payload_type_is_a_lone_surrogate_is_malformed()
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(FuzzCorpus.Root, "bundle", "payload-type-lone-surrogate.sigstore.json"));

            var e = Assert.ThrowsExactly<VerificationException>(() => SigstoreBundle.Parse(bytes));

            Assert.AreEqual(VerificationFailureReason.Malformed, e.Reason);
            Assert.AreEqual(DiagnosticCodes.PackageTampered, e.Code);
        }

        [TestMethod]
        public void A_restored_package_with_a_lone_surrogate_payload_type_is_tampered_and_its_neighbour_still_verified()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder hostile = RestoredPackageVerifierTests.Restore(scratch, id: "Acme.Lib");
            RestoredPackageFolder neighbour = RestoredPackageVerifierTests.Restore(scratch, id: "Acme.Other");
            string bundle = Path.Combine(hostile.FolderPath, "provenance", "package.sigstore.json");
            string text = File.ReadAllText(bundle);
            File.WriteAllText(bundle, text.Replace("\"payloadType\": \"application/vnd.in-toto+json\"", "\"payloadType\": \"\\ud800\""), new UTF8Encoding(false));

            IReadOnlyList<PackageVerificationResult> results = Verifier().VerifyAll(new[] { hostile, neighbour });

            Assert.AreEqual(PackageVerificationOutcome.Tampered, results[0].Outcome, results[0].Reason);
            Assert.AreEqual(DiagnosticCodes.PackageTampered, results[0].Code);
            StringAssert.Contains(results[0].Reason, "provenance/package.sigstore.json");
            StringAssert.Contains(results[0].Reason, "surrogate");
            Assert.AreEqual(PackageVerificationOutcome.Verified, results[1].Outcome, results[1].Reason);
        }

        [TestMethod]
        public void A_package_whose_folder_cannot_even_be_listed_is_tampered_and_the_others_are_still_judged()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder good = RestoredPackageVerifierTests.Restore(scratch);
            // A NUL in the path makes Path.GetFullPath throw ArgumentException, before any check of the folder starts.
            var broken = new RestoredPackageFolder("Acme.Broken", "1.0.0", scratch.File("bro\0ken"));

            IReadOnlyList<PackageVerificationResult> results = Verifier().VerifyAll(new[] { broken, good });

            Assert.AreEqual(PackageVerificationOutcome.Tampered, results[0].Outcome);
            StringAssert.Contains(results[0].Reason, "Acme.Broken 1.0.0");
            Assert.AreEqual(PackageVerificationOutcome.Verified, results[1].Outcome, results[1].Reason);
        }

        [TestMethod]
        public void Only_process_level_failures_are_fatal_to_a_package_check()
        {
            Assert.IsTrue(PackageFolderCheck.IsFatal(new OutOfMemoryException()));
            Assert.IsFalse(PackageFolderCheck.IsFatal(new ArgumentException("x")));
            Assert.IsFalse(PackageFolderCheck.IsFatal(new IndexOutOfRangeException()));
            Assert.IsFalse(PackageFolderCheck.IsFatal(new EncoderFallbackException()));
        }

        /// <summary>Found by the fuzzer: a corrupt central directory escaped Scan as the framework's InvalidDataException.</summary>
        [TestMethod]
        public void A_corrupt_central_directory_goes_through_the_callers_scan_failure()
        {
            byte[] zip = File.ReadAllBytes(Path.Combine(FuzzCorpus.Root, "zip", "zip64-marker.nupkg"));
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);

            var e = Assert.ThrowsExactly<ProvenanceException>(() => PackageArchiveScanner.Scan(archive, "'zip64-marker.nupkg'"));

            Assert.AreEqual(DiagnosticCodes.PackageUnreadable, e.Code);
            StringAssert.Contains(e.Message, "zip directory is corrupt");
        }

        /// <summary>The same contract for ReadAll: an entry the framework cannot open is the caller's finding.</summary>
        [TestMethod]
        public void An_entry_with_an_unknown_compression_method_goes_through_the_callers_scan_failure()
        {
            var ms = new MemoryStream();
            using (var writer = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            using (Stream s = writer.CreateEntry("[Content_Types].xml", CompressionLevel.NoCompression).Open())
                s.Write(Encoding.UTF8.GetBytes("<Types/>"));
            byte[] bytes = ms.ToArray();
            int central = bytes.AsSpan().IndexOf(new byte[] { 0x50, 0x4B, 0x01, 0x02 });
            bytes[central + 10] = 99; // compression method in the central directory record: none the framework knows
            bytes[central + 11] = 0;
            using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);

            var e = Assert.ThrowsExactly<ProvenanceException>(() => PackageArchiveScanner.ReadAll(archive.Entries[0], "'x.nupkg'", 1024));

            Assert.AreEqual(DiagnosticCodes.PackageUnreadable, e.Code);
            StringAssert.Contains(e.Message, "is corrupt");
        }

        [TestMethod]
        public void A_truncated_zip_directory_is_invalid_data()
        {
            byte[] zip = File.ReadAllBytes(Path.Combine(FuzzCorpus.Root, "zip", "small.nupkg"));
            byte[] truncated = zip.AsSpan(0, zip.Length - 30).ToArray();
            Assert.ThrowsExactly<InvalidDataException>(() => ZipDirectory.Read(new MemoryStream(truncated)));
        }

        private static RestoredPackageVerifier Verifier() =>
            new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), RestoredPackageVerifierTests.Policy());
    }
}
