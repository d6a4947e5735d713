using System;
using System.Collections.Generic;
using System.Linq;

namespace Provenance.Cli.Rebuild
{
    /// <summary>One subject: the digest the provenance records and the one the rebuild produced (null: not produced).</summary>
    internal sealed class SubjectComparison
    {
        public SubjectComparison(string name, string expected, string? rebuilt)
        {
            Name = name;
            Expected = expected;
            Rebuilt = rebuilt;
        }

        public string Name { get; }
        public string Expected { get; }
        public string? Rebuilt { get; }
        public bool Match => Rebuilt != null && string.Equals(Expected, Rebuilt, StringComparison.Ordinal);

        /// <summary>For a managed assembly that differs: which sections, heaps, tables, debug entries or method bodies.</summary>
        public IReadOnlyList<string>? AssemblyDifferences { get; set; }
    }

    /// <summary>Why a rebuild differs: a code when one applies, and a sentence naming the input or setting.</summary>
    internal sealed class RebuildReason
    {
        public RebuildReason(string? code, string message)
        {
            Code = code;
            Message = message;
        }

        public string? Code { get; }
        public string Message { get; }
    }

    internal sealed class RebuildResult
    {
        public string Provenance { get; set; } = "";
        public bool Verified { get; set; }
        /// <summary>`build` or `publish`: what the rebuild ran, as the original did.</summary>
        public string Command { get; set; } = "build";

        public string Project { get; set; } = "";
        public string Commit { get; set; } = "";
        public string Configuration { get; set; } = "";
        public string TargetFramework { get; set; } = "";
        public string? RuntimeIdentifier { get; set; }
        public string? RecordedSdk { get; set; }
        public string? RebuildSdk { get; set; }
        public string? PathMap { get; set; }
        public string? RepositoryUrl { get; set; }

        /// <summary>Where --attest wrote the signed verdict, when it was asked for.</summary>
        public string? Attestation { get; set; }
        public string WorkDirectory { get; set; } = "";
        public bool Kept { get; set; }
        public List<SubjectComparison> Subjects { get; } = new List<SubjectComparison>();
        public List<RebuildReason> Reasons { get; } = new List<RebuildReason>();
        public List<string> Notes { get; } = new List<string>();

        /// <summary>Seconds per step, in the order they ran: checkout, sdk, restore, packages, build, compare.</summary>
        public List<KeyValuePair<string, double>> Timings { get; } = new List<KeyValuePair<string, double>>();

        public bool Reproduced => Subjects.Count > 0 && Subjects.All(s => s.Match);
    }
}
