using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using Provenance.Cli.CommandLine;
using Provenance.Packages;

namespace Provenance.Cli.Verify
{
    /// <summary>
    /// Reads every file entry of a package once with the core's <see cref="PackageArchiveScanner"/> (entry names,
    /// duplicates, zip-bomb limits on the bytes actually inflated). For the CLI a package that breaks a rule is
    /// invalid (exit 1, PROV2003) with a one-line reason naming the entry.
    /// </summary>
    internal static class NupkgEntries
    {
        /// <summary>The package opened for reading (a file that cannot be opened is exit 2, as <see cref="InputFiles"/> says); a stream that is not a zip is disposed with its exception.</summary>
        public static ZipArchive Open(string package)
        {
            Stream stream = InputFiles.OpenRead(package, "package");
            try
            {
                return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        public static void CheckEntryCount(ZipArchive archive, string package)
        {
            if (archive.Entries.Count > PackageLimits.MaxEntries)
                throw Invalid(package, $"it has {archive.Entries.Count} entries, over the limit of {PackageLimits.MaxEntries}");
        }

        /// <summary>Every file entry (folder entries left out), in archive order.</summary>
        public static List<PackageEntry> Scan(ZipArchive archive, string package) =>
            PackageArchiveScanner.Scan(archive, (why, inner) => Invalid(package, why, inner));

        /// <summary>A small entry read whole (the embedded bundle), within its declared size and <paramref name="maxBytes"/>.</summary>
        public static byte[] ReadAll(ZipArchiveEntry entry, string package, int maxBytes) =>
            PackageArchiveScanner.ReadAll(entry, maxBytes, (why, inner) => Invalid(package, why, inner));

        /// <summary>Control characters in a hostile entry name must not reach the terminal.</summary>
        public static string Printable(string name) => PackageArchiveScanner.Printable(name);

        public static CommandFailedException Invalid(string package, string why, Exception? inner = null) =>
            new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.PackageTampered, $"{package}: {why}", inner);
    }
}
