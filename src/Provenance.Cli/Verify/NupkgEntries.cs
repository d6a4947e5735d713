using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using Provenance.Cli.CommandLine;
using Provenance.Packages;

namespace Provenance.Cli.Verify
{
    /// <summary>
    /// Reads every file entry of a package once, under the same rules as the core's PackageArchiveScanner (which is
    /// internal to it): entry names by <see cref="PackageEntryNames"/>, no two names that extract to the same file,
    /// and the zip-bomb limits of <see cref="PackageLimits"/> enforced on the bytes actually inflated. A package that
    /// breaks a rule is invalid (exit 1, PROV2003) with a one-line reason naming the entry.
    /// </summary>
    internal static class NupkgEntries
    {
        private const int BufferSize = 81920;

        /// <summary>A file entry: its name exactly as the zip stores it and the SHA-256 of its uncompressed bytes.</summary>
        internal sealed class Entry
        {
            public Entry(string name, string sha256Hex)
            {
                Name = name;
                Sha256Hex = sha256Hex;
            }

            public string Name { get; }
            public string Sha256Hex { get; }
        }

        public static void CheckEntryCount(ZipArchive archive, string package)
        {
            if (archive.Entries.Count > PackageLimits.MaxEntries)
                throw Invalid(package, $"it has {archive.Entries.Count} entries, over the limit of {PackageLimits.MaxEntries}");
        }

        /// <summary>Every file entry (folder entries left out), in archive order.</summary>
        public static List<Entry> Scan(ZipArchive archive, string package)
        {
            CheckEntryCount(archive, package);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var entries = new List<Entry>(archive.Entries.Count);
            var buffer = new byte[BufferSize];
            long total = 0;
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                string name = entry.FullName;
                string? problem = PackageEntryNames.Problem(name);
                if (problem != null) throw Invalid(package, $"the entry '{Printable(name)}' is not allowed: {problem}");
                if (!seen.Add(PackageEntryNames.ExtractedName(name)))
                    throw Invalid(package, $"the entry '{name}' is a duplicate (names are compared ignoring case)");
                CheckDeclaredSizes(entry, package, total);
                if (PackageEntryNames.IsDirectory(name))
                {
                    if (entry.Length != 0) throw Invalid(package, $"the folder entry '{name}' has content");
                    continue;
                }
                entries.Add(new Entry(name, Hash(entry, package, buffer, ref total)));
            }
            return entries;
        }

        /// <summary>A small entry read whole (the embedded bundle), within its declared size and <paramref name="maxBytes"/>.</summary>
        public static byte[] ReadAll(ZipArchiveEntry entry, string package, long maxBytes)
        {
            CheckDeclaredSizes(entry, package, 0);
            if (entry.Length > maxBytes) throw Invalid(package, $"the entry '{entry.FullName}' is larger than {maxBytes} bytes");
            try
            {
                using (Stream stream = entry.Open())
                using (var copy = new MemoryStream((int)entry.Length))
                {
                    var buffer = new byte[BufferSize];
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        if (copy.Length + read > entry.Length)
                            throw Invalid(package, $"the entry '{entry.FullName}' inflates to more than the {entry.Length} bytes it declares");
                        copy.Write(buffer, 0, read);
                    }
                    if (copy.Length != entry.Length)
                        throw Invalid(package, $"the entry '{entry.FullName}' inflates to {copy.Length} bytes, not the {entry.Length} it declares");
                    return copy.ToArray();
                }
            }
            catch (InvalidDataException e)
            {
                throw Invalid(package, $"the entry '{entry.FullName}' is corrupt: {e.Message}", e);
            }
        }

        private static void CheckDeclaredSizes(ZipArchiveEntry entry, string package, long totalSoFar)
        {
            if (entry.Length < 0 || entry.CompressedLength < 0)
                throw Invalid(package, $"the entry '{entry.FullName}' declares a negative size");
            if (totalSoFar + entry.Length > PackageLimits.MaxTotalUncompressedBytes)
                throw Invalid(package, $"its entries inflate to more than {PackageLimits.MaxTotalUncompressedBytes} bytes");
            long ratio = entry.Length / Math.Max(1, entry.CompressedLength);
            if (entry.Length > PackageLimits.RatioCheckedAboveBytes && ratio > PackageLimits.MaxCompressionRatio)
                throw Invalid(package, $"the entry '{entry.FullName}' inflates {ratio} times, over the limit of {PackageLimits.MaxCompressionRatio} (a zip bomb?)");
        }

        private static string Hash(ZipArchiveEntry entry, string package, byte[] buffer, ref long total)
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
                            throw Invalid(package, $"the entry '{entry.FullName}' inflates to more than the {entry.Length} bytes it declares");
                        if (total > PackageLimits.MaxTotalUncompressedBytes)
                            throw Invalid(package, $"its entries inflate to more than {PackageLimits.MaxTotalUncompressedBytes} bytes");
                        sha.TransformBlock(buffer, 0, read, null, 0);
                    }
                    if (length != entry.Length)
                        throw Invalid(package, $"the entry '{entry.FullName}' inflates to {length} bytes, not the {entry.Length} it declares");
                    sha.TransformFinalBlock(buffer, 0, 0);
                    return Convert.ToHexString(sha.Hash!).ToLowerInvariant();
                }
            }
            catch (InvalidDataException e)
            {
                throw Invalid(package, $"the entry '{entry.FullName}' is corrupt: {e.Message}", e);
            }
        }

        /// <summary>Control characters in a hostile entry name must not reach the terminal.</summary>
        public static string Printable(string name)
        {
            char[] chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
                if (chars[i] < ' ' || chars[i] == '\u007f') chars[i] = '?';
            return new string(chars);
        }

        public static CommandFailedException Invalid(string package, string why, Exception? inner = null) =>
            new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.PackageTampered, $"{package}: {why}", inner);
    }
}
