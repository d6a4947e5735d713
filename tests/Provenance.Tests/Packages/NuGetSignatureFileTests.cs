using System;
using System.IO;
using System.IO.Compression;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    /// <summary>
    /// '.signature.p7s' may stay out of a package's statement only when it is what NuGet writes there (a CMS SignedData
    /// ContentInfo): any other bytes under that name are an addition the statement does not cover.
    /// </summary>
    [TestClass]
    public sealed class NuGetSignatureFileTests
    {
        private const string Id = "Acme.Lib";
        private const string Version = "1.2.3";

        [TestMethod]
        public void RandomBytes_AreNotASignature_AndTheReasonNamesTheFile()
        {
            using var scratch = new Scratch();
            var random = new byte[4096];
            new Random(7).NextBytes(random);
            random[0] = 0x30; // even with a plausible first byte
            File.WriteAllBytes(scratch.File(NuGetSignatureFile.FileName), random);

            bool exempt = NuGetFolderLayout.IsBookkeeping(scratch.Path, NuGetSignatureFile.FileName, Id, Version, out string? problem);

            Assert.IsFalse(exempt);
            Assert.IsNotNull(problem);
            StringAssert.Contains(problem, "'.signature.p7s'");
        }

        [TestMethod]
        public void TextAndTruncatedDer_AreNotASignature()
        {
            Assert.IsNotNull(NuGetSignatureFile.Problem(System.Text.Encoding.ASCII.GetBytes("not a signature at all")));
            Assert.IsNotNull(NuGetSignatureFile.Problem(new byte[] { 0x30, 0x82, 0x01, 0x00 }), "a SEQUENCE header without its content");
            Assert.IsNotNull(NuGetSignatureFile.Problem(Array.Empty<byte>()));
        }

        [TestMethod]
        public void AContentInfoOfAnotherType_IsNotASignature()
        {
            byte[] data = new ContentInfo(CmsObjectIdentifiers.Data, new DerOctetString(new byte[] { 1, 2, 3 })).GetEncoded(Asn1Encodable.Der);

            string? problem = NuGetSignatureFile.Problem(data);

            Assert.IsNotNull(problem);
            StringAssert.Contains(problem, CmsObjectIdentifiers.Data.Id);
        }

        [TestMethod]
        public void AFileOverTheLimit_IsRefusedBeforeItIsParsed()
        {
            using var scratch = new Scratch();
            string path = scratch.File(NuGetSignatureFile.FileName);
            using (var stream = new FileStream(path, FileMode.CreateNew)) stream.SetLength(NuGetSignatureFile.MaxBytes + 1L);

            string? problem = NuGetSignatureFile.FileProblem(path);

            Assert.IsNotNull(problem);
            StringAssert.Contains(problem, "limit");
        }

        [TestMethod]
        public void OtherBookkeepingFiles_AreExemptByName_AndOtherFilesAreNot()
        {
            using var scratch = new Scratch();

            Assert.IsTrue(NuGetFolderLayout.IsBookkeeping(scratch.Path, ".nupkg.metadata", Id, Version, out string? metadataProblem));
            Assert.IsNull(metadataProblem);
            Assert.IsFalse(NuGetFolderLayout.IsBookkeeping(scratch.Path, "lib/net10.0/extra.dll", Id, Version, out string? extraProblem));
            Assert.IsNull(extraProblem, "an ordinary added file is for the caller to report");
        }

        /// <summary>A real author signature made by `dotnet nuget sign`, as NuGet extracts it on restore.</summary>
        [TestMethod]
        [Timeout(300_000)]
        public void ARealSignatureByDotnetNuGetSign_IsStillExempt()
        {
            using var scratch = new Scratch();
            string nupkg = TestPackages.Create(scratch.Path);
            PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));
            NuGetTools.Sign(nupkg);
            string folder = Directory.CreateDirectory(scratch.File("restored")).FullName;
            using (ZipArchive zip = ZipFile.OpenRead(nupkg))
            {
                zip.GetEntry(NuGetSignatureFile.FileName)!.ExtractToFile(Path.Combine(folder, NuGetSignatureFile.FileName));
            }

            bool exempt = NuGetFolderLayout.IsBookkeeping(folder, NuGetSignatureFile.FileName, Id, Version, out string? problem);

            Assert.IsNull(problem, problem);
            Assert.IsTrue(exempt);
            Assert.IsNotNull(NuGetSignatureFile.Problem(Append(File.ReadAllBytes(Path.Combine(folder, NuGetSignatureFile.FileName)), 0)),
                "the same signature with a byte after it is not exempt");
        }

        private static byte[] Append(byte[] bytes, byte extra)
        {
            var result = new byte[bytes.Length + 1];
            Buffer.BlockCopy(bytes, 0, result, 0, bytes.Length);
            result[bytes.Length] = extra;
            return result;
        }
    }
}
