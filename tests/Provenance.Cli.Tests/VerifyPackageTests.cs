using System.IO;
using System.IO.Compression;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Packages;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    /// <summary>`verify &lt;file.nupkg&gt;`: the embedded package statement, then the bundle beside the package.</summary>
    [TestClass]
    public sealed class VerifyPackageTests
    {
        [TestMethod]
        public void An_attested_package_is_verified_with_its_entry_count_and_signer()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);

            CliResult result = CliResult.Run("verify", nupkg, "--key", pub);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            // _rels/.rels, nuspec, dll, xml, [Content_Types].xml, psmdcp: the statement itself is not its own subject.
            Assert.AreEqual($"verified: {nupkg} (6 entries) signed by {key.PublicKey.Hint}\n", result.Stdout.Replace("\r\n", "\n"));
            Assert.AreEqual("", result.Stderr, "the bundle beside the package was found and checked");
        }

        [TestMethod]
        public void A_package_with_one_file_added_is_invalid_naming_the_entry()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);
            TestNupkgs.SetEntry(nupkg, "lib/net10.0/Evil.dll", Encoding.UTF8.GetBytes("not in the statement"));
            File.Delete(PackageAttestation.OuterBundlePath(nupkg)); // the embedded statement alone must catch it

            CliResult result = CliResult.Run("verify", nupkg, "--key", pub);

            AssertInvalid(result, "error PROV2003: ", "'lib/net10.0/Evil.dll' was added");
        }

        [TestMethod]
        public void A_package_with_one_file_added_is_invalid_with_the_bundle_beside_it_present()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);
            TestNupkgs.SetEntry(nupkg, "tools/install.ps1", Encoding.UTF8.GetBytes("Invoke-Evil"));

            CliResult result = CliResult.Run("verify", nupkg, "--key", pub);

            AssertInvalid(result, "error PROV2003: ", "'tools/install.ps1' was added");
        }

        [TestMethod]
        public void A_package_with_one_entry_changed_is_invalid_naming_the_entry()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);
            byte[] dll = TestNupkgs.Bytes("Acme.Lib1.2.3", 20_000);
            dll[100] ^= 1;
            TestNupkgs.SetEntry(nupkg, "lib/net10.0/Acme.Lib.dll", dll);

            CliResult result = CliResult.Run("verify", nupkg, "--key", pub);

            AssertInvalid(result, "error PROV2003: ", "'lib/net10.0/Acme.Lib.dll' differs from its signed provenance");
        }

        [TestMethod]
        public void A_package_with_one_entry_removed_is_invalid_naming_the_entry()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);
            TestNupkgs.RemoveEntry(nupkg, "lib/net10.0/Acme.Lib.xml");

            CliResult result = CliResult.Run("verify", nupkg, "--key", pub);

            AssertInvalid(result, "error PROV2003: ", "'lib/net10.0/Acme.Lib.xml' is missing");
        }

        [TestMethod]
        public void A_package_signed_by_another_key_is_an_untrusted_signer()
        {
            using var dir = new TempDirectory();
            string nupkg = TestNupkgs.CreateAttested(dir.Path, SigningKey.Generate(KeyAlgorithm.Ed25519));
            string other = TestNupkgs.WritePublicKey(dir.File("other.pub.pem"), SigningKey.Generate(KeyAlgorithm.Ed25519));

            CliResult result = CliResult.Run("verify", nupkg, "--key", other);

            AssertInvalid(result, "error PROV2002: ", PackageAttestation.EmbeddedBundleEntryName);
        }

        [TestMethod]
        public void An_outer_bundle_of_another_package_is_invalid()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string otherDir = Directory.CreateDirectory(dir.File("other")).FullName;
            string other = TestNupkgs.CreateAttested(otherDir, key, version: "1.2.4");
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);
            File.Copy(PackageAttestation.OuterBundlePath(other), PackageAttestation.OuterBundlePath(nupkg), overwrite: true);

            CliResult result = CliResult.Run("verify", nupkg, "--key", pub);

            AssertInvalid(result, "error PROV2003: ", "is not a subject of '" + PackageAttestation.OuterBundlePath(nupkg) + "'");
        }

        [TestMethod]
        public void An_outer_bundle_signed_by_an_untrusted_key_is_invalid_even_when_the_embedded_statement_is_fine()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            SigningKey stranger = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            PackageAttestation.WriteOuterBundle(nupkg, PackageStatements.Factory(TestNupkgs.Predicate(), stranger));
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);

            CliResult result = CliResult.Run("verify", nupkg, "--key", pub);

            AssertInvalid(result, "error PROV2002: ", PackageAttestation.OuterBundlePath(nupkg));
        }

        [TestMethod]
        public void An_explicit_bundle_is_checked_and_a_missing_one_is_unreadable()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);
            string moved = dir.File("elsewhere.json");
            File.Move(PackageAttestation.OuterBundlePath(nupkg), moved);

            Assert.AreEqual(0, CliResult.Run("verify", nupkg, "--key", pub, "--bundle", moved).ExitCode);
            CliResult missing = CliResult.Run("verify", nupkg, "--key", pub, "--bundle", dir.File("nope.json"));
            Assert.AreEqual(2, missing.ExitCode, missing.ToString());
        }

        [TestMethod]
        public void Without_the_outer_bundle_the_embedded_statement_suffices_and_a_note_says_so()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);
            File.Delete(PackageAttestation.OuterBundlePath(nupkg));

            CliResult result = CliResult.Run("verify", nupkg, "--key", pub);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stdout, "verified: ");
            StringAssert.Contains(result.Stderr, "only its embedded statement was checked");
        }

        [TestMethod]
        public void A_package_without_provenance_is_not_attested()
        {
            using var dir = new TempDirectory();
            string nupkg = TestNupkgs.Create(dir.Path);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), SigningKey.Generate(KeyAlgorithm.Ed25519));

            CliResult result = CliResult.Run("verify", nupkg, "--key", pub);

            AssertInvalid(result, "error PROV2001: ", PackageAttestation.EmbeddedBundleEntryName + " is missing");
        }

        [TestMethod]
        public void A_package_signature_added_later_is_left_out_and_the_content_hash_still_matches()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);
            // Appended the way NuGet signs: a stored entry at the end; the sha256 of the file changes, its content hash does not.
            string contentHashBefore = PackageContentHash.ComputeHex(nupkg);
            AddSignatureEntry(nupkg, TestSignatures.MinimalSignedData());
            Assert.AreEqual(contentHashBefore, PackageContentHash.ComputeHex(nupkg), "precondition: the test's signature entry keeps NuGet's content hash");

            CliResult result = CliResult.Run("verify", nupkg, "--key", pub);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "(6 entries)");
        }

        [TestMethod]
        public void A_signature_entry_that_is_not_a_CMS_SignedData_is_tampered_and_named()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);
            // A DER SEQUENCE header and nothing else: under NuGet's name, but not a signature.
            AddSignatureEntry(nupkg, new byte[] { 0x30, 0x82, 0x01, 0x00 });

            AssertInvalid(CliResult.Run("verify", nupkg, "--key", pub), "error PROV2003: ", "'.signature.p7s' is not a NuGet package signature");
        }

        /// <summary>Appended the way NuGet signs: a stored entry at the end.</summary>
        private static void AddSignatureEntry(string nupkg, byte[] content)
        {
            using ZipArchive zip = ZipFile.Open(nupkg, ZipArchiveMode.Update);
            ZipArchiveEntry signature = zip.CreateEntry(PackageAttestation.NuGetSignatureEntryName, CompressionLevel.NoCompression);
            using Stream s = signature.Open();
            s.Write(content);
        }

        [TestMethod]
        public void A_file_that_is_not_a_zip_is_invalid_and_a_missing_one_is_unreadable()
        {
            using var dir = new TempDirectory();
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), SigningKey.Generate(KeyAlgorithm.Ed25519));
            string garbage = dir.File("Acme.Lib.1.0.0.nupkg");
            File.WriteAllText(garbage, "this is not a zip file at all, but long enough to look for a directory");

            AssertInvalid(CliResult.Run("verify", garbage, "--key", pub), "error PROV2003: ", "cannot be read as a zip");
            Assert.AreEqual(2, CliResult.Run("verify", dir.File("missing.nupkg"), "--key", pub).ExitCode);
        }

        [TestMethod]
        public void An_entry_with_a_parent_path_segment_is_rejected_before_anything_is_trusted()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string nupkg = TestNupkgs.CreateAttested(dir.Path, key);
            string pub = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), key);
            TestNupkgs.SetEntry(nupkg, "lib/../../evil.dll", new byte[] { 1 });

            AssertInvalid(CliResult.Run("verify", nupkg, "--key", pub), "error PROV2003: ", "'lib/../../evil.dll' is not allowed");
        }

        private static void AssertInvalid(CliResult result, string prefix, string reasonPart)
        {
            Assert.AreEqual(1, result.ExitCode, result.ToString());
            Assert.AreEqual("", result.Stdout, result.ToString());
            StringAssert.StartsWith(result.Stderr, prefix, result.ToString());
            StringAssert.Contains(result.Stderr, reasonPart, result.ToString());
            Assert.AreEqual(1, result.Stderr.TrimEnd('\n', '\r').Split('\n').Length, "one line: " + result.Stderr);
        }
    }
}
