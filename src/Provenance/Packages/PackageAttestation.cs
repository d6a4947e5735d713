using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Provenance.Bundles;
using Provenance.Slsa;
using Provenance.Verification;

namespace Provenance.Packages
{
    /// <summary>
    /// Producer side: gives a freshly packed .nupkg a signed statement whose subjects are all its entries
    /// (embedded as <see cref="EmbeddedBundleEntryName"/>), then writes &lt;package&gt;.sigstore.json beside it for
    /// the finished file. Runs before any NuGet signature: what signing or a registry adds later is not attested.
    /// </summary>
    public static class PackageAttestation
    {
        /// <summary>
        /// Where the package-level statement lives. NuGet extracts it like any other file (restore then finds it at
        /// &lt;packages&gt;/&lt;id&gt;/&lt;version&gt;/provenance/package.sigstore.json); no NuGet convention uses this folder.
        /// </summary>
        public const string EmbeddedBundleEntryName = "provenance/package.sigstore.json";

        /// <summary>The entry NuGet package signing adds; a signed package can no longer be changed.</summary>
        public const string NuGetSignatureEntryName = ".signature.p7s";

        public static string OuterBundlePath(string packagePath) => packagePath + ".sigstore.json";

        /// <summary>Embeds the package statement, then writes the bundle beside the package. Throws PROV1014 / PROV1012.</summary>
        public static PackageAttestationResult Attest(string packagePath, PackageBundleFactory createBundle)
        {
            var (subjects, contentTypesChanged) = EmbedStatement(packagePath, createBundle);
            ResourceDescriptor packageSubject = WriteOuterBundle(packagePath, createBundle);
            return new PackageAttestationResult(Path.GetFullPath(packagePath), OuterBundlePath(Path.GetFullPath(packagePath)),
                subjects, packageSubject, contentTypesChanged);
        }

        /// <summary>
        /// Adds the signed statement over every entry to the package, through a copy and a rename. Existing entries
        /// keep their compressed bytes; only [Content_Types].xml is rewritten, and only when it lacks "json".
        /// </summary>
        public static (IReadOnlyList<ResourceDescriptor> Subjects, bool ContentTypesChanged) EmbedStatement(string packagePath, PackageBundleFactory createBundle)
        {
            if (packagePath == null) throw new ArgumentNullException(nameof(packagePath));
            if (createBundle == null) throw new ArgumentNullException(nameof(createBundle));
            string fullPath = Path.GetFullPath(packagePath);
            string description = "'" + fullPath + "'";

            PackagePlan plan = ReadPlan(fullPath, description);
            byte[] bundle = createBundle(plan.Subjects);
            RequireBundle(bundle, description);

            string temp = FileReplacement.TempPathBeside(fullPath);
            try
            {
                File.Copy(fullPath, temp);
                WriteChanges(temp, plan, bundle);
                CheckWritten(temp, plan, bundle, description);
                FileReplacement.Replace(temp, fullPath);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"Cannot add the provenance statement to the package {description}: {e.Message}", e);
            }
            finally
            {
                FileReplacement.DeleteQuietly(temp);
            }
            return (plan.Subjects, plan.NewContentTypes != null);
        }

        /// <summary>Writes &lt;package&gt;.sigstore.json: one subject, the package file with sha256 and sha512.</summary>
        public static ResourceDescriptor WriteOuterBundle(string packagePath, PackageBundleFactory createBundle)
        {
            if (packagePath == null) throw new ArgumentNullException(nameof(packagePath));
            if (createBundle == null) throw new ArgumentNullException(nameof(createBundle));
            string fullPath = Path.GetFullPath(packagePath);
            (string sha256, string sha512) hashes;
            try { hashes = FileHashes.Sha256AndSha512Hex(fullPath); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.PackageUnreadable, $"Cannot read the package '{fullPath}': {e.Message}", e);
            }
            var subject = new ResourceDescriptor { Name = Path.GetFileName(fullPath) }
                .WithDigest("sha256", hashes.sha256)
                .WithDigest("sha512", hashes.sha512);
            byte[] bundle = createBundle(new[] { subject });
            RequireBundle(bundle, "'" + fullPath + "'");
            try { AtomicFile.Write(OuterBundlePath(fullPath), bundle); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"Cannot write '{OuterBundlePath(fullPath)}': {e.Message}", e);
            }
            return subject;
        }

        private static PackagePlan ReadPlan(string fullPath, string description)
        {
            try
            {
                using (ZipArchive archive = ZipFile.OpenRead(fullPath))
                {
                    List<PackageEntry> entries = PackageArchiveScanner.Scan(archive, description);
                    if (entries.Any(e => e.Name == NuGetSignatureEntryName))
                        throw PackageArchiveScanner.Unreadable(description, "it is already signed (.signature.p7s); attest the package before signing it");
                    ZipArchiveEntry contentTypes = archive.GetEntry(ContentTypes.EntryName)
                        ?? throw PackageArchiveScanner.Unreadable(description, $"it has no {ContentTypes.EntryName}");
                    byte[]? newContentTypes = ContentTypes.WithDefault(
                        PackageArchiveScanner.ReadAll(contentTypes, description, ContentTypes.MaxBytes), "json", description);
                    return new PackagePlan(entries, newContentTypes, EntryTime(archive), description);
                }
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                throw PackageArchiveScanner.Unreadable(description, e.Message, e);
            }
        }

        /// <summary>New entries get the time pack gave the nuspec, so that the same build gives the same package.</summary>
        private static DateTimeOffset EntryTime(ZipArchive archive)
        {
            ZipArchiveEntry? nuspec = archive.Entries.FirstOrDefault(e => e.FullName.IndexOf('/') < 0 && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            return nuspec?.LastWriteTime ?? new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
        }

        private static void RequireBundle(byte[] bundle, string description)
        {
            if (bundle == null || bundle.Length == 0)
                throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"No provenance bundle was created for the package {description}.");
            try { SigstoreBundle.Parse(bundle); }
            catch (VerificationException e)
            {
                throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"The provenance bundle created for the package {description} is not valid: {e.Message}", e);
            }
        }

        private static void WriteChanges(string path, PackagePlan plan, byte[] bundle)
        {
            // Update mode rewrites unopened entries from their original compressed bytes.
            using (var archive = ZipFile.Open(path, ZipArchiveMode.Update))
            {
                if (plan.NewContentTypes != null)
                {
                    using (Stream stream = archive.GetEntry(ContentTypes.EntryName)!.Open())
                    {
                        stream.SetLength(0);
                        stream.Write(plan.NewContentTypes, 0, plan.NewContentTypes.Length);
                    }
                }
                archive.GetEntry(EmbeddedBundleEntryName)?.Delete();
                ZipArchiveEntry entry = archive.CreateEntry(EmbeddedBundleEntryName, CompressionLevel.Optimal);
                entry.LastWriteTime = plan.EntryTime;
                using (Stream stream = entry.Open()) stream.Write(bundle, 0, bundle.Length);
            }
        }

        /// <summary>Reads the written package back: every entry must still have the digest the statement records.</summary>
        private static void CheckWritten(string path, PackagePlan plan, byte[] bundle, string description)
        {
            var expected = plan.Subjects.ToDictionary(s => s.Name!, s => s.Digest["sha256"], StringComparer.Ordinal);
            expected[EmbeddedBundleEntryName] = FileDigests.Sha256Hex(bundle);
            using (ZipArchive archive = ZipFile.OpenRead(path))
            {
                List<PackageEntry> written = PackageArchiveScanner.Scan(archive, description);
                bool same = written.Count == expected.Count &&
                    written.All(e => expected.TryGetValue(e.Name, out string? hex) && hex == e.Sha256Hex);
                if (!same)
                    throw new ProvenanceException(DiagnosticCodes.OutputNotWritable, $"The package {description} did not read back as written; it was left unchanged.");
            }
        }

        private sealed class PackagePlan
        {
            public PackagePlan(List<PackageEntry> entries, byte[]? newContentTypes, DateTimeOffset entryTime, string description)
            {
                NewContentTypes = newContentTypes;
                EntryTime = entryTime;
                var subjects = new List<ResourceDescriptor>();
                foreach (PackageEntry entry in entries)
                {
                    if (entry.Name == EmbeddedBundleEntryName) continue; // replaced: a package attested twice
                    string hex = entry.Name == ContentTypes.EntryName && newContentTypes != null ? FileDigests.Sha256Hex(newContentTypes) : entry.Sha256Hex;
                    subjects.Add(new ResourceDescriptor { Name = entry.Name }.WithDigest("sha256", hex));
                }
                subjects.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                if (subjects.Count > PackageLimits.MaxStatementSubjects)
                    throw PackageArchiveScanner.Unreadable(description,
                        $"it has {subjects.Count} files; a provenance statement holds at most {PackageLimits.MaxStatementSubjects} subjects");
                Subjects = subjects;
            }

            public IReadOnlyList<ResourceDescriptor> Subjects { get; }
            public byte[]? NewContentTypes { get; }
            public DateTimeOffset EntryTime { get; }
        }
    }
}
