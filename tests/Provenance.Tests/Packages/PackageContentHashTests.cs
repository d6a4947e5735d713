using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NuGet.Packaging;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    [TestClass]
    public sealed class PackageContentHashTests
    {
        [TestMethod]
        public void Unsigned_IsTheSha512OfTheFile()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);

            CollectionAssert.AreEqual(SHA512.HashData(File.ReadAllBytes(nupkg)), PackageContentHash.Compute(nupkg));
            Assert.AreEqual(NuGetContentHash(nupkg), PackageContentHash.ComputeBase64(nupkg));
        }

        /// <summary>The proof issue 3 asks for: after `dotnet nuget sign`, NuGet's content hash is still our sha512.</summary>
        [TestMethod]
        public void AuthorSignedByDotnetNuGetSign_EqualsNuGetAndTheUnsignedPackage()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);
            PackageAttestationResult attested = PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));
            string unsignedSha512 = attested.PackageSubject.Digest["sha512"];

            NuGetTools.Sign(nupkg);

            Assert.IsTrue(TestPackages.Entries(nupkg).ContainsKey(".signature.p7s"), "the package is signed");
            Assert.AreEqual(NuGetContentHash(nupkg), PackageContentHash.ComputeBase64(nupkg));
            Assert.AreEqual(unsignedSha512, PackageContentHash.ComputeHex(nupkg));
        }

        [TestMethod]
        public void SignatureEntryAnywhere_AgreesWithNuGet()
        {
            using var scratch = new Scratch();
            foreach (int position in new[] { 0, 2, 5 })
            {
                string path = scratch.File("signed-at-" + position + ".nupkg");
                var files = new List<KeyValuePair<string, byte[]>>(TestPackages.Entries(TestPackages.Create(scratch.Path)));
                files.Insert(position, new KeyValuePair<string, byte[]>(".signature.p7s", TestPackages.Bytes("signature", 1500)));
                TestPackages.WriteZip(path, files);

                Assert.AreEqual(NuGetContentHash(path), PackageContentHash.ComputeBase64(path), "signature entry at " + position);
            }
        }

        [TestMethod]
        public void SignatureEntryAddedByZipUpdate_AgreesWithNuGet()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);
            using (ZipArchive zip = ZipFile.Open(nupkg, ZipArchiveMode.Update))
            {
                ZipArchiveEntry signature = zip.CreateEntry(".signature.p7s", CompressionLevel.NoCompression);
                using (Stream s = signature.Open()) s.Write(new byte[100], 0, 100);
            }

            Assert.AreEqual(NuGetContentHash(nupkg), PackageContentHash.ComputeBase64(nupkg));
        }

        [TestMethod]
        public void NotAZip_IsPROV1014()
        {
            using var scratch = new Scratch();
            string path = scratch.File("broken.nupkg");
            File.WriteAllBytes(path, TestPackages.Bytes("garbage", 5000));

            var error = Assert.ThrowsExactly<ProvenanceException>(() => PackageContentHash.Compute(path));
            Assert.AreEqual(DiagnosticCodes.PackageUnreadable, error.Code);
            StringAssert.Contains(error.Message, "broken.nupkg");
        }

        internal static string NuGetContentHash(string nupkg)
        {
            using var reader = new PackageArchiveReader(nupkg);
            return reader.GetContentHash(default, () => Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(nupkg))));
        }
    }
}
