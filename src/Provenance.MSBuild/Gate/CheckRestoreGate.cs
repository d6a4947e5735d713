using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Provenance.Gate;

namespace Provenance.MSBuild.Gate
{
    /// <summary>
    /// The build's first step (an InitialTarget): is the restore this build is about to use the one the gate passed,
    /// with every package file and policy input unchanged? Then it repeats the gate's summary and costs a listing of
    /// the package folders. Otherwise <see cref="NeedsGate"/> tells the target to run the gate again in an evaluation
    /// without package imports. A quarantined restore is an error here too, naming the cause.
    /// </summary>
    public sealed class CheckRestoreGate : Task
    {
        [Required] public string ProjectPath { get; set; } = "";
        [Required] public string StateFile { get; set; } = "";
        public string? ProjectAssetsFile { get; set; }
        public string? NuGetPropsFile { get; set; }

        [Output] public bool NeedsGate { get; set; }

        public override bool Execute()
        {
            // In the restore's own evaluation (and the gate's re-runs) there is nothing imported to check before: the gate follows.
            if (PackageFreeEvaluation.IsGateRun(BuildEngine)) return true;
            try
            {
                if (RestoreQuarantine.IsQuarantined(NuGetPropsFile))
                {
                    Log.LogProvenanceError(DiagnosticCodes.RestoreRejected,
                        "The provenance gate rejected the last restore of this project; run 'dotnet restore' after fixing its errors.", ProjectPath);
                    return false;
                }
                if (string.IsNullOrEmpty(ProjectAssetsFile) || !File.Exists(ProjectAssetsFile)) return true; // nothing restored, nothing to use
                string? summary = GateState.TryReuse(StateFile, acceptRecent: true);
                if (summary == null) NeedsGate = true;
                else Log.LogMessage(null, DiagnosticCodes.VerificationSummary, null, ProjectPath, 0, 0, 0, 0, MessageImportance.Normal, summary);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                NeedsGate = true; // an unreadable state is no state: judge again
            }
            return !Log.HasLoggedErrors;
        }
    }
}
