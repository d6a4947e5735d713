using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Provenance.Capture;

namespace Provenance.Packages
{
    /// <summary>
    /// The SHA-512 NuGet records as a package's contentHash in .nupkg.metadata, computed without NuGet's libraries
    /// (they must not load inside MSBuild). Unsigned package: SHA-512 of the file. Signed package (it has a
    /// .signature.p7s entry): SHA-512 of the file as it was before signing, rebuilt on the fly by leaving out the
    /// signature's entry and central directory record and correcting the offsets, counts and sizes that signing
    /// changed (NuGet.Packaging SignedPackageArchiveUtility.GetPackageContentHash). So the hash an author or a
    /// registry signature leaves in place equals the SHA-512 of the package its producer built and attested.
    /// </summary>
    public static class PackageContentHash
    {
        private const int BufferSize = 1024 * 1024;
        private static readonly byte[] SignatureName = Encoding.ASCII.GetBytes(PackageAttestation.NuGetSignatureEntryName);

        /// <summary>The 64-byte hash. Throws PROV1014 when the package cannot be read as NuGet reads it.</summary>
        public static byte[] Compute(string packagePath)
        {
            if (packagePath == null) throw new ArgumentNullException(nameof(packagePath));
            try
            {
                using (var stream = new FileStream(packagePath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, FileOptions.RandomAccess))
                using (SHA512 sha = SHA512.Create())
                {
                    ZipDirectory directory = ZipDirectory.Read(stream);
                    List<ZipDirectory.Record> signatures = directory.Records.Where(IsSignature).ToList();
                    if (signatures.Count > 1) throw new InvalidDataException("it has more than one package signature entry");
                    if (signatures.Count == 0)
                    {
                        RejectUtf8SignatureName(directory);
                        stream.Position = 0;
                        return sha.ComputeHash(stream);
                    }
                    HashWithoutSignature(stream, sha, directory, signatures[0]);
                    return sha.Hash!;
                }
            }
            catch (Exception e) when (e is InvalidDataException || e is EndOfStreamException || e is IOException || e is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.PackageUnreadable, $"Cannot compute the content hash of the package '{packagePath}': {e.Message}", e);
            }
        }

        /// <summary>Lowercase hex, the form statements record.</summary>
        public static string ComputeHex(string packagePath) => HexEncoding.ToLowerHex(Compute(packagePath));

        /// <summary>Standard base64, the form .nupkg.metadata records.</summary>
        public static string ComputeBase64(string packagePath) => Convert.ToBase64String(Compute(packagePath));

        /// <summary>NuGet only counts an entry named exactly .signature.p7s without the UTF-8 name flag.</summary>
        private static bool IsSignature(ZipDirectory.Record record) => !record.Utf8Name && record.RawName.SequenceEqual(SignatureName);

        /// <summary>NuGet sees such a package as signed but cannot find its signature; it fails, and so do we.</summary>
        private static void RejectUtf8SignatureName(ZipDirectory directory)
        {
            if (directory.Records.Any(r => r.Utf8Name && r.RawName.SequenceEqual(SignatureName)))
                throw new InvalidDataException("its package signature entry is marked as a UTF-8 name, which NuGet rejects");
        }

        private static void HashWithoutSignature(Stream stream, SHA512 sha, ZipDirectory directory, ZipDirectory.Record signature)
        {
            var buffer = new byte[BufferSize];
            List<ZipDirectory.Record> byOffset = directory.Records.OrderBy(r => r.LocalHeaderOffset).ToList();
            long startOfCentralDirectory = directory.Records.Min(r => r.Position);
            for (int i = 0; i < byOffset.Count; i++)
            {
                long next = i + 1 < byOffset.Count ? byOffset[i + 1].LocalHeaderOffset : startOfCentralDirectory;
                byOffset[i].EntryTotalSize = next - byOffset[i].LocalHeaderOffset;
                if (byOffset[i].EntryTotalSize < 0) throw new InvalidDataException("an entry starts after the central directory");
            }

            // 1. Anything before the first entry, then every entry but the signature, closing the gap it leaves.
            long firstEntry = byOffset[0].LocalHeaderOffset;
            HashRange(stream, sha, buffer, 0, firstEntry);
            var newOffsets = new Dictionary<ZipDirectory.Record, long>();
            long end = 0; // NuGet lays the remaining entries out from offset 0
            foreach (ZipDirectory.Record record in byOffset)
            {
                if (record == signature) continue;
                HashRange(stream, sha, buffer, record.LocalHeaderOffset, record.EntryTotalSize);
                newOffsets[record] = end;
                end += record.EntryTotalSize;
            }

            // 2. The central directory without the signature's record, each record pointing at its entry's new offset.
            foreach (ZipDirectory.Record record in directory.Records.OrderBy(r => r.Position))
            {
                if (record == signature) continue;
                HashRange(stream, sha, buffer, record.Position, ZipDirectory.LocalHeaderOffsetField);
                HashUInt32(sha, unchecked((uint)newOffsets[record]));
                HashRange(stream, sha, buffer, record.Position + ZipDirectory.LocalHeaderOffsetField + 4,
                    record.HeaderSize - ZipDirectory.CentralDirectoryFixedSize);
            }

            // 3. The end record as it was before signing: one entry fewer, a shorter directory that starts earlier.
            ZipDirectory.Record last = directory.Records.OrderBy(r => r.Position).Last();
            long endRecord = last.Position + last.HeaderSize; // NuGet reads it right after the last record
            HashRange(stream, sha, buffer, endRecord, 8);
            var reader = new BinaryReader(stream);
            stream.Position = endRecord + 8;
            ushort entries = reader.ReadUInt16();
            ushort entriesOnDisk = reader.ReadUInt16();
            uint size = reader.ReadUInt32();
            uint offset = reader.ReadUInt32();
            HashUInt16(sha, unchecked((ushort)(entries - 1)));
            HashUInt16(sha, unchecked((ushort)(entriesOnDisk - 1)));
            HashUInt32(sha, unchecked(size - (uint)signature.HeaderSize));
            HashUInt32(sha, unchecked(offset - (uint)signature.EntryTotalSize));
            long rest = endRecord + 20;
            HashRange(stream, sha, buffer, rest, stream.Length - rest);
            sha.TransformFinalBlock(buffer, 0, 0);
        }

        private static void HashRange(Stream stream, SHA512 sha, byte[] buffer, long start, long count)
        {
            if (count < 0 || start < 0 || start + count > stream.Length) throw new InvalidDataException("a zip record points outside the file");
            stream.Position = start;
            while (count > 0)
            {
                int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
                if (read <= 0) throw new EndOfStreamException();
                sha.TransformBlock(buffer, 0, read, null, 0);
                count -= read;
            }
        }

        private static void HashUInt16(SHA512 sha, ushort value)
        {
            var bytes = new[] { (byte)value, (byte)(value >> 8) };
            sha.TransformBlock(bytes, 0, 2, null, 0);
        }

        private static void HashUInt32(SHA512 sha, uint value)
        {
            var bytes = new[] { (byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24) };
            sha.TransformBlock(bytes, 0, 4, null, 0);
        }
    }
}
