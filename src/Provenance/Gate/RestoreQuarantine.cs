using System.IO;
using System.Security;
using System.Text;

namespace Provenance.Gate
{
    /// <summary>
    /// A rejected restore must leave nothing usable. NuGet has already written obj/&lt;project&gt;.nuget.g.props and
    /// .targets, which import every restored package's build files into the next build's evaluation, before any
    /// target of ours could run. The gate replaces both with a file that imports nothing and fails the build with
    /// PROV2011 first thing, and deletes project.nuget.cache so that the next restore is not a no-op and NuGet
    /// writes its files again (they come back only through a restore, which the gate judges again).
    /// </summary>
    public static class RestoreQuarantine
    {
        public static void Apply(string? nuGetPropsFile, string? nuGetTargetsFile, string? nuGetCacheFile, string reportFile)
        {
            byte[] content = new UTF8Encoding(false).GetBytes(Content(reportFile));
            foreach (string? file in new[] { nuGetPropsFile, nuGetTargetsFile })
                if (!string.IsNullOrEmpty(file)) AtomicFile.Write(file!, content);
            if (!string.IsNullOrEmpty(nuGetCacheFile) && File.Exists(nuGetCacheFile)) File.Delete(nuGetCacheFile!);
        }

        /// <summary>Whether a file is one this class wrote (the build-time check then explains instead of re-judging).</summary>
        public static bool IsQuarantined(string? nuGetPropsFile) =>
            !string.IsNullOrEmpty(nuGetPropsFile) && File.Exists(nuGetPropsFile) && File.ReadAllText(nuGetPropsFile!).Contains(Marker);

        private const string Marker = "provenance-gate-quarantine";

        // MSBuild expands $(...), @(...) and %(...) in a task parameter and splits on ';': escape them before XML-escaping.
        private static string MSBuildEscape(string text) =>
            text.Replace("%", "%25").Replace("$", "%24").Replace("@", "%40").Replace(";", "%3B").Replace("*", "%2A").Replace("?", "%3F");

        private static string Content(string reportFile)
        {
            string message = "The provenance gate rejected the last restore of this project, so none of its restored packages is imported " +
                "(details: " + reportFile + "). Fix the cause (see the errors of that restore), then run 'dotnet restore' again.";
            return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" +
                "<!-- " + Marker + ": written by Provenance.MSBuild in place of NuGet's file after a rejected restore. -->\n" +
                "<Project InitialTargets=\"_ProvenanceRestoreRejected\">\n" +
                "  <Target Name=\"_ProvenanceRestoreRejected\">\n" +
                "    <Error Code=\"" + DiagnosticCodes.RestoreRejected + "\" HelpLink=\"" + DiagnosticCodes.HelpLink(DiagnosticCodes.RestoreRejected) +
                "\" Text=\"" + SecurityElement.Escape(MSBuildEscape(message)) + "\" />\n" +
                "  </Target>\n" +
                "</Project>\n";
        }
    }
}
