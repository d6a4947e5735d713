using System;
using System.Collections.Generic;
using System.Linq;

namespace Provenance.Cli.Rebuild
{
    /// <summary>What a package entry turned out to be, compared with the package statement and the rebuilds.</summary>
    internal static class PackageEntryStatus
    {
        /// <summary>A subject of a rebuilt provenance: the entry, the statement and every rebuild agree.</summary>
        public const string Reproduced = "reproduced";

        /// <summary>A subject of a rebuilt provenance whose rebuild, statement or entry bytes disagree.</summary>
        public const string Differs = "differs";

        /// <summary>A subject of a provenance whose rebuild stopped before comparing (the framework's error says why).</summary>
        public const string NotRebuilt = "notRebuilt";

        /// <summary>No provenance in the package covers it (nuspec, readme, icon, content files): compared with the statement only.</summary>
        public const string NotBuiltByCompilation = "notBuiltByCompilation";

        /// <summary>An assembly's provenance bundle itself: compared with the statement only (it is what was rebuilt from).</summary>
        public const string Provenance = "provenance";

        /// <summary>Listed in the statement, absent from the package.</summary>
        public const string Missing = "missing";
    }

    /// <summary>One entry of the package: its bytes, what the statement lists, and what the rebuilds made of it.</summary>
    internal sealed class PackageEntryComparison
    {
        public PackageEntryComparison(string name, string? sha256, string? statementSha256)
        {
            Name = name;
            Sha256 = sha256;
            StatementSha256 = statementSha256;
        }

        public string Name { get; }

        /// <summary>The entry's sha256; null when the statement lists an entry the package lacks.</summary>
        public string? Sha256 { get; }

        /// <summary>The sha256 the package statement lists; null when it does not list the entry.</summary>
        public string? StatementSha256 { get; }

        public string Status { get; set; } = PackageEntryStatus.NotBuiltByCompilation;

        /// <summary>The rebuilt sha256 of a subject (the first rebuild's when several provenances cover the entry).</summary>
        public string? Rebuilt { get; set; }

        /// <summary>The provenance entries whose subjects include this entry.</summary>
        public List<string> CoveredBy { get; } = new List<string>();

        /// <summary>Why the entry fails, one sentence each; empty when it does not.</summary>
        public List<string> Problems { get; } = new List<string>();

        public bool MatchesStatement => Sha256 != null && StatementSha256 != null && string.Equals(Sha256, StatementSha256, StringComparison.Ordinal);
        public bool Failed => Problems.Count > 0;
    }

    /// <summary>One assembly provenance inside the package (one per target framework, usually) and its rebuild.</summary>
    internal sealed class FrameworkRebuild
    {
        public FrameworkRebuild(string provenanceEntry)
        {
            ProvenanceEntry = provenanceEntry;
            int slash = provenanceEntry.LastIndexOf('/');
            Folder = slash > 0 ? provenanceEntry.Substring(0, slash) : "";
        }

        /// <summary>The bundle's entry name, e.g. lib/net10.0/Lib.dll.sigstore.json.</summary>
        public string ProvenanceEntry { get; }

        /// <summary>The folder of the package it lies in (lib/net10.0); the subjects' names are relative to it.</summary>
        public string Folder { get; }

        /// <summary>The rebuild, when it got as far as comparing.</summary>
        public RebuildResult? Result { get; set; }

        /// <summary>Why the rebuild stopped before comparing (exit code, diagnostic code, message); null when it did not.</summary>
        public (int ExitCode, string? Code, string Message)? Error { get; set; }

        /// <summary>The framework the provenance names (from the rebuild), else the folder's last segment.</summary>
        public string Framework => Result?.TargetFramework ?? (Folder.Length > 0 ? Folder.Substring(Folder.LastIndexOf('/') + 1) : ProvenanceEntry);

        public bool Reproduced => Result != null && Result.Reproduced && Error == null;
    }

    internal sealed class PackageRebuildResult
    {
        public string Package { get; set; } = "";
        public string? Id { get; set; }
        public string? Version { get; set; }

        /// <summary>Whether the package statement (and each assembly provenance) was verified with --key.</summary>
        public bool Verified { get; set; }
        public string? SignerHint { get; set; }

        /// <summary>The package statement bundle's sha256 (the entry provenance/package.sigstore.json).</summary>
        public string StatementBundleSha256 { get; set; } = "";

        /// <summary>NuGet's content hash of the package (sha512, hex) and the file's sha256: the verdict's subject.</summary>
        public string ContentHashSha512 { get; set; } = "";
        public string FileSha256 { get; set; } = "";

        public List<FrameworkRebuild> Frameworks { get; } = new List<FrameworkRebuild>();
        public List<PackageEntryComparison> Entries { get; } = new List<PackageEntryComparison>();

        /// <summary>sha256 of each provenance bundle entry by name, for the verdict's inputAttestations.</summary>
        public SortedDictionary<string, string> ProvenanceSha256 { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        public string? Attestation { get; set; }
        public string WorkDirectory { get; set; } = "";
        public bool Kept { get; set; }
        public double Seconds { get; set; }

        public IEnumerable<PackageEntryComparison> BuiltEntries => Entries.Where(e => e.CoveredBy.Count > 0);

        /// <summary>Every rebuild compared and matched, every entry it covers equals its rebuild and the statement, and nothing else fails.</summary>
        public bool Reproduced => Frameworks.Count > 0 && Frameworks.All(f => f.Reproduced) && !Entries.Any(e => e.Failed);

        /// <summary>Every framework got as far as comparing (a verdict can be written).</summary>
        public bool Compared => Frameworks.All(f => f.Error == null);
    }
}
