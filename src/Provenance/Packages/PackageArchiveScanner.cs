using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using Provenance.Capture;

namespace Provenance.Packages
{
    /// <summary>
    /// Reads every entry of a package once: checks its name and the zip-bomb limits, and hashes its uncompressed
    /// bytes. Limits are enforced on the bytes actually inflated, not only on the sizes the zip declares.
    /// </summary>
    /// <summary>How a caller turns a finding into its own error (the build's PROV1014, the CLI's PROV2003).</summary>
    public delegate Exception ScanFailure(string why, Exception? inner);

    public static class PackageArchiveScanner
    {
        private const int BufferSize = 81920;

        /// <summary>Every file entry (folders left out), in archive order. Throws PROV1014 naming the package and entry.</summary>
        public static List<PackageEntry> Scan(ZipArchive archive, string packageDescription) =>
            Scan(archive, (why, inner) => Unreadable(packageDescription, why, inner));

        /// <summary>
        /// Every file entry (folders left out), in archive order; names, duplicates and zip-bomb limits checked. Every
        /// finding, a corrupt central directory included, is thrown as <paramref name="fail"/> makes it.
        /// </summary>
        public static List<PackageEntry> Scan(ZipArchive archive, ScanFailure fail)
        {
            // ZipArchive reads its central directory on first use of Entries, so a corrupt one surfaces here as the
            // framework's InvalidDataException: it goes through the caller's ScanFailure like every other finding.
            try { _ = archive.Entries.Count; }
            catch (InvalidDataException e) { throw fail($"its zip directory is corrupt: {e.Message}", e); }
            if (archive.Entries.Count > PackageLimits.MaxEntries)
                throw fail($"it has {archive.Entries.Count} entries, over the limit of {PackageLimits.MaxEntries}", null);

            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var entries = new List<PackageEntry>(archive.Entries.Count);
            long total = 0;
            var buffer = new byte[BufferSize];
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                string name = entry.FullName;
                string? problem = PackageEntryNames.Problem(name);
                if (problem != null) throw fail($"the entry '{Printable(name)}' is not allowed: {problem}", null);
                // Two names that differ only in case or escaping extract to the same file on some systems.
                if (!seen.Add(PackageEntryNames.ExtractedName(name)))
                    throw fail($"the entry '{name}' is a duplicate (names are compared ignoring case)", null);
                CheckDeclaredSizes(entry, fail, total);
                if (PackageEntryNames.IsDirectory(name))
                {
                    if (entry.Length != 0) throw fail($"the folder entry '{name}' has content", null);
                    continue;
                }
                string hex = Hash(entry, fail, buffer, ref total);
                entries.Add(new PackageEntry(name, entry.Length, hex));
            }
            return entries;
        }

        /// <summary>Reads a small entry completely (within the same limits), e.g. [Content_Types].xml.</summary>
        public static byte[] ReadAll(ZipArchiveEntry entry, string packageDescription, int maxBytes) =>
            ReadAll(entry, maxBytes, (why, inner) => Unreadable(packageDescription, why, inner));

        /// <summary>Reads a small entry completely, within its declared size and <paramref name="maxBytes"/>.</summary>
        public static byte[] ReadAll(ZipArchiveEntry entry, int maxBytes, ScanFailure fail)
        {
            CheckDeclaredSizes(entry, fail, 0);
            if (entry.Length > maxBytes) throw fail($"the entry '{entry.FullName}' is larger than {maxBytes} bytes", null);
            byte[]? content = null;
            try
            {
                using (Stream stream = entry.Open())
                using (var copy = new MemoryStream((int)entry.Length))
                {
                    var buffer = new byte[BufferSize];
                    int read;
                    bool overflow = false;
                    while (!overflow && (read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        overflow = copy.Length + read > entry.Length;
                        if (!overflow) copy.Write(buffer, 0, read);
                    }
                    if (!overflow) content = copy.ToArray();
                }
            }
            catch (InvalidDataException e)
            {
                // As in Hash: a corrupt entry (bad local header, unknown compression, broken deflate data) is a finding.
                throw fail($"the entry '{entry.FullName}' is corrupt: {e.Message}", e);
            }
            return content ?? throw fail($"the entry '{entry.FullName}' inflates to more than the {entry.Length} bytes it declares", null);
        }

        private static void CheckDeclaredSizes(ZipArchiveEntry entry, ScanFailure fail, long totalSoFar)
        {
            if (entry.Length < 0 || entry.CompressedLength < 0)
                throw fail($"the entry '{entry.FullName}' declares a negative size", null);
            if (totalSoFar + entry.Length > PackageLimits.MaxTotalUncompressedBytes)
                throw fail($"its entries inflate to more than {PackageLimits.MaxTotalUncompressedBytes} bytes", null);
            if (entry.Length > PackageLimits.RatioCheckedAboveBytes &&
                entry.Length / Math.Max(1, entry.CompressedLength) > PackageLimits.MaxCompressionRatio)
                throw fail($"the entry '{entry.FullName}' inflates {entry.Length / Math.Max(1, entry.CompressedLength)} times, over the limit of {PackageLimits.MaxCompressionRatio} (a zip bomb?)", null);
        }

        private static string Hash(ZipArchiveEntry entry, ScanFailure fail, byte[] buffer, ref long total)
        {
            try
            {
                using (Stream stream = entry.Open())
                using (SHA256 sha = SHA256.Create())
                {
                    long length = 0;
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        length += read;
                        total += read;
                        if (length > entry.Length)
                            throw fail($"the entry '{entry.FullName}' inflates to more than the {entry.Length} bytes it declares", null);
                        if (total > PackageLimits.MaxTotalUncompressedBytes)
                            throw fail($"its entries inflate to more than {PackageLimits.MaxTotalUncompressedBytes} bytes", null);
                        sha.TransformBlock(buffer, 0, read, null, 0);
                    }
                    if (length != entry.Length)
                        throw fail($"the entry '{entry.FullName}' inflates to {length} bytes, not the {entry.Length} it declares", null);
                    sha.TransformFinalBlock(buffer, 0, 0);
                    return HexEncoding.ToLowerHex(sha.Hash!);
                }
            }
            catch (InvalidDataException e)
            {
                throw fail($"the entry '{entry.FullName}' is corrupt: {e.Message}", e);
            }
        }

        public static string Printable(string name)
        {
            var chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
                if (chars[i] < ' ' || chars[i] == '\u007f') chars[i] = '?';
            return new string(chars);
        }

        internal static ProvenanceException Unreadable(string packageDescription, string why, Exception? inner = null) =>
            new ProvenanceException(DiagnosticCodes.PackageUnreadable, $"The package {packageDescription} cannot be attested: {why}.", inner);
    }
}
