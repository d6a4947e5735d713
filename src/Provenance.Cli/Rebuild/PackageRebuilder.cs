using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml;
using Provenance.Bundles;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Diff;
using Provenance.Cli.Verify;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Signing;

namespace Provenance.Cli.Rebuild
{
    /// <summary>
    /// `rebuild &lt;file.nupkg&gt;`: a package made with Provenance.MSBuild carries a signed statement over all its entries
    /// (provenance/package.sigstore.json) and, beside each assembly, that assembly's build provenance
    /// (lib/&lt;tfm&gt;/&lt;Name&gt;.dll.sigstore.json). With --key the package is verified first, exactly as `verify
    /// &lt;file.nupkg&gt;` does; then each assembly provenance is rebuilt by <see cref="Rebuilder"/> from a folder holding
    /// the bundle and the subjects the package has of it (so the original assembly's PDB path is there to read), and
    /// every entry that is a subject of a rebuilt provenance must equal its rebuild and the statement. Entries no
    /// provenance covers (nuspec, readme, icons, content files) are listed as not built by a compilation.
    /// </summary>
    internal static class PackageRebuilder
    {
        public static bool IsPackage(string path) => path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase);

        /// <param name="keyFiles">--key, read; empty: the package and its provenances are read as claimed.</param>
        public static PackageRebuildResult Run(string package, IReadOnlyList<TrustedKeyFile> keyFiles, RebuildOptions options)
        {
            if (!File.Exists(package))
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"package '{package}' does not exist");
            var watch = Stopwatch.StartNew();
            IReadOnlyList<VerificationKey> keys = keyFiles.Where(k => k.Key != null).Select(k => k.Key!).ToList();
            var result = new PackageRebuildResult { Package = package, Kept = options.Keep };

            // The package statement first, with the verifier `verify <file.nupkg>` uses: every entry listed with its
            // sha256, none added or missing, the bundle beside the package when present. Nothing is extracted or built before.
            if (keys.Count > 0)
            {
                VerificationOutcome outcome = new NupkgVerifier().Verify(new VerifyOptions(package, null, keyFiles));
                result.Verified = true;
                result.SignerHint = outcome.SignerHint;
            }

            string work = Path.GetFullPath(options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "provenance-rebuild", Guid.NewGuid().ToString("N").Substring(0, 12)));
            if (Directory.Exists(work) && Directory.EnumerateFileSystemEntries(work).Any())
                throw new UsageException($"--work '{work}' is not empty: a package rebuild extracts into it and deletes it afterwards");
            result.WorkDirectory = work;
            try
            {
                using (ZipArchive archive = NupkgEntries.Open(package))
                    Execute(package, archive, keys, options, work, result);
            }
            catch (InvalidDataException e)
            {
                throw NupkgEntries.Invalid(package, $"it cannot be read as a zip: {e.Message}", e);
            }
            finally
            {
                if (!options.Keep) TryDelete(work);
            }
            result.Seconds = watch.Elapsed.TotalSeconds;
            return result;
        }

        private static void Execute(string package, ZipArchive archive, IReadOnlyList<VerificationKey> keys, RebuildOptions options, string work, PackageRebuildResult result)
        {
            // Names, duplicates and zip-bomb limits on the bytes actually inflated (the verifier's scanner): a hostile
            // entry is PROV2003 here, before anything is written.
            List<PackageEntry> entries = NupkgEntries.Scan(archive, package);
            var byExtractedName = new Dictionary<string, PackageEntry>(StringComparer.Ordinal);
            foreach (PackageEntry entry in entries) byExtractedName[PackageEntryNames.ExtractedName(entry.Name)] = entry;
            PackageEntry statementEntry = entries.FirstOrDefault(e => e.Name == PackageAttestation.EmbeddedBundleEntryName)
                ?? throw new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.PackageNotAttested,
                    $"{package}: it has no provenance ({PackageAttestation.EmbeddedBundleEntryName} is missing), so there is nothing to rebuild from");
            result.StatementBundleSha256 = statementEntry.Sha256Hex;
            (result.Id, result.Version) = ReadIdentity(archive, entries, package);

            string extracted = Path.Combine(work, "package");
            Directory.CreateDirectory(extracted);
            string statementFile = Extract(archive, statementEntry, extracted, package);
            Dictionary<string, string> listed = StatementSubjects(ReadStatement(statementFile, keys, package), package);

            var names = new HashSet<string>(entries.Select(e => e.Name), StringComparer.Ordinal);
            // Build provenance beside an assembly: <file>.sigstore.json next to <file>, anywhere but provenance/.
            List<PackageEntry> provenances = entries
                .Where(e => e.Name != PackageAttestation.EmbeddedBundleEntryName && e.Name.EndsWith(BundleFileVerifier.BundleSuffix, StringComparison.OrdinalIgnoreCase))
                .Where(e => names.Contains(e.Name.Substring(0, e.Name.Length - BundleFileVerifier.BundleSuffix.Length)))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            if (provenances.Count == 0)
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildNotPossible,
                    $"{package}: no assembly in it has its build provenance beside it (<assembly>{BundleFileVerifier.BundleSuffix}), so there is nothing to rebuild; " +
                    "only the package statement can be checked (verify <file.nupkg> --key ...)");

            var subjectsOf = new Dictionary<FrameworkRebuild, List<string>>();
            var toRebuild = new List<(FrameworkRebuild Framework, PackageEntry Entry, ProvenanceFile File)>();
            foreach (PackageEntry provenance in provenances)
            {
                var framework = new FrameworkRebuild(provenance.Name);
                result.Frameworks.Add(framework);
                result.ProvenanceSha256[provenance.Name] = provenance.Sha256Hex;
                subjectsOf[framework] = new List<string>();
                try
                {
                    string bundle = Extract(archive, provenance, extracted, package);
                    ProvenanceFile file = ProvenanceFile.Read(bundle, keys);
                    // The subjects the package holds go beside the bundle: the assembly gives its PDB path (the original
                    // folder of a local build) and, on a mismatch, its sections to compare.
                    foreach (string subject in StatementFacts.From(file.Statement)[StatementFacts.Subjects].Keys)
                    {
                        subjectsOf[framework].Add(subject);
                        if (byExtractedName.TryGetValue(Join(framework.Folder, subject), out PackageEntry? entry))
                            Extract(archive, entry, extracted, package);
                    }
                    toRebuild.Add((framework, provenance, file));
                }
                catch (CommandFailedException e)
                {
                    framework.Error = (e.ExitCode, e.Code, e.Message);
                }
                catch (ProvenanceException e)
                {
                    framework.Error = (ExitCodes.UsageOrUnreadable, e.Code, e.Message);
                }
            }

            // The frameworks of one project and commit share one checkout and one build of every framework, as the
            // original `dotnet pack` built them.
            var rebuildOptions = new RebuildOptions { SourceDirectory = options.SourceDirectory, WorkDirectory = Path.Combine(work, "rebuild"), Keep = options.Keep };
            rebuildOptions.PackageSources.AddRange(options.PackageSources);
            IReadOnlyList<Rebuilder.Outcome> outcomes = Rebuilder.RunAll(toRebuild.Select(r => r.File).ToList(), rebuildOptions);
            for (int i = 0; i < toRebuild.Count; i++)
            {
                (FrameworkRebuild framework, PackageEntry provenance, _) = toRebuild[i];
                if (outcomes[i].Error is CommandFailedException failed) framework.Error = (failed.ExitCode, failed.Code, failed.Message);
                else if (outcomes[i].Error is ProvenanceException invalid) framework.Error = (ExitCodes.UsageOrUnreadable, invalid.Code, invalid.Message);
                else
                {
                    RebuildResult rebuilt = outcomes[i].Result!;
                    // The bundle's extracted copy is gone with the work folder: name it where it stays, inside the package.
                    rebuilt.Provenance = package + "!/" + provenance.Name;
                    ExplainMissingOriginal(rebuilt, framework, byExtractedName);
                    framework.Result = rebuilt;
                }
            }

            Compare(entries, listed, subjectsOf, result);
        }

        /// <summary>
        /// A rebuild reads the original folder of a local build from the original assembly's PDB path; when the package's
        /// assembly is not the one the provenance records (swapped), there is none to read, and a local
        /// build then differs by its folder alone. Said first, since the rebuild's own reasons cannot see it.
        /// </summary>
        private static void ExplainMissingOriginal(RebuildResult rebuilt, FrameworkRebuild framework, Dictionary<string, PackageEntry> entries)
        {
            if (rebuilt.Reproduced || rebuilt.PathMap != null) return;
            foreach (SubjectComparison subject in rebuilt.Subjects)
            {
                if (!subject.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !subject.Name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)) continue;
                string name = Join(framework.Folder, subject.Name);
                if (!entries.TryGetValue(name, out PackageEntry? entry) || entry.Sha256Hex == subject.Expected) continue;
                rebuilt.Reasons.Insert(0, new RebuildReason(DiagnosticCodes.RebuildMismatch,
                    $"the package's {name} is not the assembly the provenance records, so the original build's folder " +
                    "could not be read from its PDB path: a build outside CI (no ContinuousIntegrationBuild) then differs by that folder alone"));
                return;
            }
        }

        /// <summary>Every entry against the statement, and each subject of a rebuilt provenance against its rebuild.</summary>
        private static void Compare(List<PackageEntry> entries, Dictionary<string, string> listed, Dictionary<FrameworkRebuild, List<string>> subjectsOf, PackageRebuildResult result)
        {
            var byExtractedName = new Dictionary<string, PackageEntryComparison>(StringComparer.Ordinal);
            foreach (PackageEntry entry in entries)
            {
                if (entry.Name == PackageAttestation.EmbeddedBundleEntryName) continue;
                listed.TryGetValue(entry.Name, out string? statementSha256);
                var comparison = new PackageEntryComparison(entry.Name, entry.Sha256Hex, statementSha256);
                if (entry.Name == PackageAttestation.NuGetSignatureEntryName && statementSha256 == null)
                {
                    // Added by NuGet signing after attestation (verify checks it is a CMS signature): not the producer's.
                }
                else if (statementSha256 == null)
                    comparison.Problems.Add("the package statement does not list it (added after attestation)");
                else if (!comparison.MatchesStatement)
                    comparison.Problems.Add($"differs from the package statement (sha256 {Short(entry.Sha256Hex)}, listed {Short(statementSha256)})");
                if (result.ProvenanceSha256.ContainsKey(entry.Name)) comparison.Status = PackageEntryStatus.Provenance;
                result.Entries.Add(comparison);
                byExtractedName[PackageEntryNames.ExtractedName(entry.Name)] = comparison;
            }
            var names = new HashSet<string>(entries.Select(e => e.Name), StringComparer.Ordinal);
            foreach (var missing in listed.Where(l => !names.Contains(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                var comparison = new PackageEntryComparison(missing.Key, null, missing.Value) { Status = PackageEntryStatus.Missing };
                comparison.Problems.Add("the package statement lists it, the package lacks it");
                result.Entries.Add(comparison);
            }

            var notRebuilt = new HashSet<PackageEntryComparison>();
            foreach (FrameworkRebuild framework in result.Frameworks)
            {
                foreach (string subject in subjectsOf[framework])
                {
                    if (!byExtractedName.TryGetValue(Join(framework.Folder, subject), out PackageEntryComparison? entry)) continue;
                    entry.CoveredBy.Add(framework.ProvenanceEntry);
                    SubjectComparison? rebuilt = framework.Result?.Subjects.FirstOrDefault(s => s.Name == subject);
                    if (rebuilt == null)
                    {
                        notRebuilt.Add(entry);   // the framework's error says why
                        continue;
                    }
                    entry.Rebuilt ??= rebuilt.Rebuilt;
                    if (rebuilt.Rebuilt == null)
                        entry.Problems.Add($"{framework.ProvenanceEntry}: the rebuild did not produce it");
                    else if (!string.Equals(rebuilt.Rebuilt, entry.Sha256, StringComparison.Ordinal))
                        entry.Problems.Add($"differs from its rebuild by {framework.ProvenanceEntry} (sha256 {Short(entry.Sha256!)}, rebuilt {Short(rebuilt.Rebuilt)})");
                }
            }
            foreach (PackageEntryComparison entry in result.Entries.Where(e => e.CoveredBy.Count > 0))
                entry.Status = entry.Failed ? PackageEntryStatus.Differs : notRebuilt.Contains(entry) ? PackageEntryStatus.NotRebuilt : PackageEntryStatus.Reproduced;
        }

        /// <summary>The package statement, verified with the keys when given (the package was checked against it already), else as claimed.</summary>
        private static JsonObject ReadStatement(string bundlePath, IReadOnlyList<VerificationKey> keys, string package)
        {
            SigstoreBundle bundle = BundleFileVerifier.ReadBundle(bundlePath, ExitCodes.Invalid);
            try
            {
                if (keys.Count > 0) return Verification.BundleVerifier.Verify(bundle, keys, PackageLimits.MaxEntries).Statement;
                if (JsonReader.Parse(bundle.Envelope.Payload) is JsonObject statement) return statement;
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.Invalid, e.Code, $"{package}: {PackageAttestation.EmbeddedBundleEntryName}: {e.Message}", e);
            }
            catch (FormatException e)
            {
                throw NupkgEntries.Invalid(package, $"{PackageAttestation.EmbeddedBundleEntryName}: the statement cannot be read: {e.Message}", e);
            }
            throw NupkgEntries.Invalid(package, $"{PackageAttestation.EmbeddedBundleEntryName}: the DSSE payload is not a JSON object");
        }

        /// <summary>Subject name → sha256 (the first, should a claimed statement name one twice).</summary>
        private static Dictionary<string, string> StatementSubjects(JsonObject statement, string package)
        {
            var subjects = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonValue value in statement.GetArray("subject")?.Items ?? Array.Empty<JsonValue>())
            {
                string? name = (value as JsonObject)?.GetString("name");
                string? sha256 = (value as JsonObject)?.GetObject("digest")?.GetString("sha256");
                if (name == null || sha256 == null)
                    throw NupkgEntries.Invalid(package, "its statement lists a subject without a name or a sha256 digest");
                if (!subjects.ContainsKey(name)) subjects.Add(name, sha256);
            }
            return subjects;
        }

        /// <summary>
        /// Writes one entry under <paramref name="root"/> at its extracted name (validated by the scan: no '..', no
        /// absolute path, no drive) and checks the result stays inside; the bytes are bounded by the size the entry
        /// declares, which the scan checked against the package limits. Returns the file's path.
        /// </summary>
        internal static string Extract(ZipArchive archive, PackageEntry entry, string root, string package) =>
            Extract(archive.GetEntry(entry.Name) ?? throw NupkgEntries.Invalid(package, $"the entry '{NupkgEntries.Printable(entry.Name)}' cannot be found again"), root, package);

        internal static string Extract(ZipArchiveEntry entry, string root, string package)
        {
            string name = PackageEntryNames.ExtractedName(entry.FullName);
            string? problem = PackageEntryNames.Problem(entry.FullName);
            string fullRoot = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            string target = Path.GetFullPath(Path.Combine(fullRoot, name.Replace('/', Path.DirectorySeparatorChar)));
            if (problem != null || !target.StartsWith(fullRoot, StringComparison.Ordinal))
                throw NupkgEntries.Invalid(package, $"the entry '{NupkgEntries.Printable(entry.FullName)}' would be written outside the rebuild's folder");
            if (File.Exists(target)) return target;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                using (Stream input = entry.Open())
                using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
                {
                    var buffer = new byte[81920];
                    long written = 0;
                    int read;
                    while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        written += read;
                        if (written > entry.Length)
                            throw NupkgEntries.Invalid(package, $"the entry '{NupkgEntries.Printable(entry.FullName)}' inflates to more than the {entry.Length} bytes it declares");
                        output.Write(buffer, 0, read);
                    }
                }
            }
            catch (InvalidDataException e)
            {
                throw NupkgEntries.Invalid(package, $"the entry '{NupkgEntries.Printable(entry.FullName)}' is corrupt: {e.Message}", e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"'{target}' cannot be written: {e.Message}", e);
            }
            return target;
        }

        /// <summary>metadata/id and metadata/version of the nuspec at the package root (no DTD, no resolver); nulls when absent or unreadable.</summary>
        private static (string? Id, string? Version) ReadIdentity(ZipArchive archive, List<PackageEntry> entries, string package)
        {
            PackageEntry? nuspec = entries.FirstOrDefault(e => e.Name.IndexOf('/') < 0 && e.Name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            if (nuspec == null || nuspec.Length > 4 * 1024 * 1024) return (null, null);
            byte[] bytes = NupkgEntries.ReadAll(archive.GetEntry(nuspec.Name)!, package, (int)nuspec.Length);
            string? id = null, version = null;
            try
            {
                var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
                using (var reader = XmlReader.Create(new MemoryStream(bytes), settings))
                {
                    while (reader.Read())
                    {
                        if (reader.NodeType != XmlNodeType.Element || reader.Depth != 2) continue;
                        if (reader.LocalName == "id" && id == null) id = reader.ReadElementContentAsString().Trim();
                        else if (reader.LocalName == "version" && version == null) version = reader.ReadElementContentAsString().Trim();
                    }
                }
            }
            catch (XmlException)
            {
                return (null, null);
            }
            return (id, version);
        }

        private static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

        internal static string Short(string hex) => hex.Length > 16 ? hex.Substring(0, 16) + "…" : hex;

        private static void TryDelete(string directory)
        {
            try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
