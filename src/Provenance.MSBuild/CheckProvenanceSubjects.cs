using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Provenance.Capture;

namespace Provenance.MSBuild
{
    /// <summary>
    /// The end-of-build check: every file a generation attested must still hold the bytes it was attested with. A
    /// step that rewrote one afterwards (signing, obfuscation, merging) is PROV1017 naming the file: the bundle beside
    /// it would fail every verifier. A subject that was deleted afterwards is a PROV1017 warning: the statement then
    /// names a file that does not ship, which misleads no verifier of the files that do.
    /// </summary>
    public sealed class CheckProvenanceSubjects : Task
    {
        /// <summary>Subjects records written by GenerateProvenance (a missing record: nothing was attested yet).</summary>
        public ITaskItem[] RecordFiles { get; set; } = Array.Empty<ITaskItem>();
        public string ProjectPath { get; set; } = "";

        public override bool Execute()
        {
            FileDigestCache digests = BuildCache.GetOrAdd(BuildEngine, "digests", () => new FileDigestCache());
            foreach (ITaskItem record in RecordFiles)
            {
                string path = record.GetMetadata("FullPath");
                if (!File.Exists(path)) continue;
                foreach (SubjectsRecord.Entry entry in SubjectsRecord.Read(path))
                {
                    try { Check(entry, digests); }
                    catch (ProvenanceException error)
                    {
                        Log.LogProvenanceError(error, ProjectPath);
                    }
                }
            }
            return !Log.HasLoggedErrors;
        }

        private void Check(SubjectsRecord.Entry entry, FileDigestCache digests)
        {
            var info = new FileInfo(entry.Path);
            if (!info.Exists)
            {
                Log.LogWarning(null, DiagnosticCodes.SubjectChangedAfterAttestation, null, DiagnosticCodes.HelpLink(DiagnosticCodes.SubjectChangedAfterAttestation),
                    entry.Path, 0, 0, 0, 0, $"'{entry.Path}' was attested, then deleted by a later step of the build; its provenance still lists it.");
                return;
            }
            if (info.Length == entry.Length && info.LastWriteTimeUtc.Ticks == entry.LastWriteTicks) return;
            if (string.Equals(digests.Sha256Hex(entry.Path), entry.Sha256, StringComparison.Ordinal)) return;
            Log.LogError(null, DiagnosticCodes.SubjectChangedAfterAttestation, null, DiagnosticCodes.HelpLink(DiagnosticCodes.SubjectChangedAfterAttestation),
                entry.Path, 0, 0, 0, 0,
                $"'{entry.Path}' changed after its provenance was signed, so its bundle no longer matches it. Name the target that rewrites it in ProvenanceGenerateAfterTargets (e.g. <ProvenanceGenerateAfterTargets>MySignTarget</ProvenanceGenerateAfterTargets>) so that the final bytes are attested.");
        }
    }
}
