using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using Provenance.Bundles;
using Provenance.Json;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>
    /// A .nupkg read the way an independent reader would: with System.IO.Compression, not with the product's own
    /// zip code, so that what the tests compare against is not what the product computed.
    /// </summary>
    public static class Nupkg
    {
        /// <summary>Entry name → lowercase hex sha256 of its uncompressed bytes, for every entry of the package.</summary>
        public static SortedDictionary<string, string> EntrySha256(string packagePath)
        {
            var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
            using ZipArchive archive = ZipFile.OpenRead(packagePath);
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                entries.Add(entry.FullName, Convert.ToHexStringLower(SHA256.HashData(Read(entry))));
            }

            return entries;
        }

        public static IReadOnlyList<string> EntryNames(string packagePath)
        {
            using ZipArchive archive = ZipFile.OpenRead(packagePath);
            return archive.Entries.Select(e => e.FullName).OrderBy(n => n, StringComparer.Ordinal).ToList();
        }

        /// <summary>The uncompressed bytes of one entry; fails with the package's listing when it is missing.</summary>
        public static byte[] ReadEntry(string packagePath, string entryName)
        {
            using ZipArchive archive = ZipFile.OpenRead(packagePath);
            ZipArchiveEntry entry = archive.GetEntry(entryName)
                ?? throw new Microsoft.VisualStudio.TestTools.UnitTesting.AssertFailedException(
                    $"{packagePath} has no entry '{entryName}'; it has:\n  " + string.Join("\n  ", archive.Entries.Select(e => e.FullName)));
            return Read(entry);
        }

        /// <summary>Writes one entry to <paramref name="targetPath"/> (so that file-based verifiers can read it) and returns that path.</summary>
        public static string ExtractEntry(string packagePath, string entryName, string targetPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(targetPath)!);
            File.WriteAllBytes(targetPath, ReadEntry(packagePath, entryName));
            return targetPath;
        }

        public static string Sha512Hex(string path) => Convert.ToHexStringLower(SHA512.HashData(File.ReadAllBytes(path)));

        public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

        /// <summary>SHA-256 of the DSSE payload (the signed statement) of a Sigstore bundle: the digest a consumer records.</summary>
        public static string DssePayloadSha256(byte[] bundleBytes) => Sha256Hex(SigstoreBundle.Parse(bundleBytes).Envelope.Payload);

        /// <summary>The contentHash NuGet wrote into a restored package's .nupkg.metadata, as lowercase hex.</summary>
        public static string ContentHashHex(string packageFolder)
        {
            string metadataPath = Path.Combine(packageFolder, ".nupkg.metadata");
            Expect.FileExists(metadataPath);
            var metadata = (JsonObject)JsonReader.Parse(File.ReadAllBytes(metadataPath));
            string base64 = metadata.GetString("contentHash") ?? throw new Microsoft.VisualStudio.TestTools.UnitTesting.AssertFailedException(metadataPath + " has no contentHash");
            return Convert.ToHexStringLower(Convert.FromBase64String(base64));
        }

        private static byte[] Read(ZipArchiveEntry entry)
        {
            using Stream stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
    }
}
