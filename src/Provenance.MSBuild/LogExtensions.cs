using Microsoft.Build.Utilities;

namespace Provenance.MSBuild
{
    internal static class LogExtensions
    {
        /// <summary>Logs a coded error with its help page; MSBuild prints it as "file : error PROV####: message".</summary>
        public static void LogProvenanceError(this TaskLoggingHelper log, ProvenanceException error, string? file = null) =>
            log.LogError(null, error.Code, null, DiagnosticCodes.HelpLink(error.Code), file ?? "", 0, 0, 0, 0, error.Message);

        public static void LogProvenanceError(this TaskLoggingHelper log, string code, string message, string? file = null) =>
            log.LogError(null, code, null, DiagnosticCodes.HelpLink(code), file ?? "", 0, 0, 0, 0, message);
    }
}
