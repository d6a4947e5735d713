using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;

namespace Provenance.Capture
{
    /// <summary>
    /// The version of the compiler that built the project, read from the compiler's own assembly: csc and vbc from
    /// Roslyn's (Microsoft.CodeAnalysis.CSharp / .VisualBasic), fsc from the F# compiler's fsc.dll, which ships in
    /// the SDK's FSharp folder beside Roslyn and has its own version (15.x in SDK 10.0.1xx, not Roslyn's 5.x).
    /// </summary>
    public static class CompilerVersions
    {
        private static readonly ConcurrentDictionary<string, string> Cache = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// The product version ("15.2.401-servicing.26423.113+e34a38d2..."), or "" when it cannot be found.
        /// <paramref name="location"/> is a compiler file (fsc.dll, $(DotnetFscCompilerPath), quotes allowed), the
        /// compiler's folder, or the SDK's Roslyn folder ($(RoslynTargetsPath)); for fsc the latter means the F# compiler
        /// beside it (sdk/&lt;version&gt;/FSharp), never Roslyn's version.
        /// </summary>
        public static string Read(string? compilerName, string? location)
        {
            if (string.IsNullOrWhiteSpace(location)) return "";
            string path = location!.Trim().Trim('"').Trim();
            if (path.Length == 0) return "";
            string name = (compilerName ?? "").Trim().ToLowerInvariant();
            return Cache.GetOrAdd(name + "|" + path, _ => Find(name, path));
        }

        private static string Find(string compilerName, string path)
        {
            string[] candidates;
            try { candidates = Candidates(compilerName, path); }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException) { return ""; }
            foreach (string candidate in candidates)
            {
                string? version = ProductVersion(candidate);
                if (!string.IsNullOrEmpty(version)) return version!;
            }
            return "";
        }

        /// <summary>The files whose version is the compiler's, most specific first.</summary>
        internal static string[] Candidates(string compilerName, string path)
        {
            if (File.Exists(path)) return new[] { path };
            switch (compilerName)
            {
                case "fsc":
                    string? sdkFolder = Path.GetDirectoryName(Path.GetFullPath(path).TrimEnd('/', '\\'));
                    return new[]
                    {
                        Path.Combine(path, "fsc.dll"),
                        Path.Combine(path, "fsc.exe"),
                        // RoslynTargetsPath is sdk/<version>/Roslyn; the F# compiler of that SDK is sdk/<version>/FSharp.
                        sdkFolder == null ? "" : Path.Combine(sdkFolder, "FSharp", "fsc.dll"),
                    };
                case "vbc":
                    return new[]
                    {
                        Path.Combine(path, "bincore", "Microsoft.CodeAnalysis.VisualBasic.dll"),
                        Path.Combine(path, "Microsoft.CodeAnalysis.VisualBasic.dll"),
                        Path.Combine(path, "bincore", "vbc.dll"),
                        Path.Combine(path, "vbc.exe"),
                    };
                default:
                    return new[]
                    {
                        Path.Combine(path, "bincore", "Microsoft.CodeAnalysis.CSharp.dll"),
                        Path.Combine(path, "Microsoft.CodeAnalysis.CSharp.dll"),
                        Path.Combine(path, "bincore", "Microsoft.CodeAnalysis.dll"),
                        Path.Combine(path, "Microsoft.CodeAnalysis.dll"),
                    };
            }
        }

        private static string? ProductVersion(string path)
        {
            if (path.Length == 0 || !File.Exists(path)) return null;
            try { return FileVersionInfo.GetVersionInfo(path).ProductVersion?.Trim(); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException) { return null; }
        }
    }
}
