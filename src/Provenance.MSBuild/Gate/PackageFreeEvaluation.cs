using System;
using System.Collections.Generic;
using Microsoft.Build.Framework;

namespace Provenance.MSBuild.Gate
{
    /// <summary>
    /// Whether the calling project's evaluation imported no restored package's build files: NuGet's restore evaluates
    /// with the global property MSBuildRestoreSessionId (and without NuGet's generated imports), and the gate's own
    /// re-runs pass ExcludeRestorePackageImports=true. Only global properties count: a package imported into an
    /// evaluation can set any ordinary property, never a global one.
    /// </summary>
    internal static class PackageFreeEvaluation
    {
        /// <summary>
        /// Whether this evaluation is one the gate itself runs in: NuGet's restore, or the gate's own re-runs (which set
        /// the global _ProvenanceGateRun). A user's -p:ExcludeRestorePackageImports=true on a build is not: that build
        /// still compiles against the restored packages, so it is still checked.
        /// </summary>
        public static bool IsGateRun(IBuildEngine engine)
        {
            IReadOnlyDictionary<string, string>? global = (engine as IBuildEngine6)?.GetGlobalProperties();
            if (global == null) return false;
            return (global.TryGetValue("MSBuildRestoreSessionId", out string? session) && !string.IsNullOrEmpty(session)) ||
                (global.TryGetValue("_ProvenanceGateRun", out string? run) && string.Equals(run, "true", StringComparison.OrdinalIgnoreCase));
        }

        public static bool Holds(IBuildEngine engine)
        {
            IReadOnlyDictionary<string, string>? global = (engine as IBuildEngine6)?.GetGlobalProperties();
            if (global == null) return false;
            return (global.TryGetValue("MSBuildRestoreSessionId", out string? session) && !string.IsNullOrEmpty(session)) ||
                (global.TryGetValue("ExcludeRestorePackageImports", out string? exclude) && string.Equals(exclude, "true", StringComparison.OrdinalIgnoreCase));
        }
    }
}
