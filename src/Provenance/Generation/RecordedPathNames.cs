using System;
using System.Collections.Generic;
using System.IO;
using Provenance.Capture;

namespace Provenance.Generation
{
    /// <summary>
    /// Turns absolute paths into the names a statement records, without leaking machine paths
    /// (docs/buildtype-v2.md, "Names of files"):
    /// <list type="bullet">
    /// <item>inside the repository root: the relative path, "/" separators (src/Lib/Lib.csproj);</item>
    /// <item>inside a restored package: nuget:&lt;id&gt;/&lt;version&gt;/&lt;path in the package&gt;;</item>
    /// <item>inside the .NET installation: dotnet:/sdk/&lt;version&gt;/... or dotnet:/packs/&lt;pack&gt;/&lt;version&gt;/...;</item>
    /// <item>anywhere else: external:&lt;file name&gt; (the digest still identifies the file).</item>
    /// </list>
    /// </summary>
    internal sealed class RecordedPathNames
    {
        public const string NuGetPrefix = "nuget:";
        public const string DotnetPrefix = "dotnet:/";
        public const string ExternalPrefix = "external:";

        private static readonly bool IsWindows = Path.DirectorySeparatorChar == '\\';
        private static readonly StringComparison PathComparison = IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        private readonly string _root;
        private readonly Dictionary<string, RestoredPackage> _packagesByFolder = new Dictionary<string, RestoredPackage>(StringComparer.OrdinalIgnoreCase);

        public RecordedPathNames(string repositoryRoot, IEnumerable<RestoredPackage> packages)
        {
            _root = Normalize(repositoryRoot);
            foreach (RestoredPackage package in packages)
            {
                // NuGet's global packages folder lays packages out as <id>/<version>, both lowercase.
                string folder = package.Path ?? (package.Id + "/" + package.Version);
                _packagesByFolder[folder.Replace('\\', '/').Trim('/').ToLowerInvariant()] = package;
            }
        }

        /// <summary>The path relative to <paramref name="baseDirectory"/> with "/" separators; null when it is not inside it.</summary>
        public static string? RelativeTo(string baseDirectory, string path)
        {
            string root = Normalize(baseDirectory);
            string full = Normalize(path);
            if (root.Length == 0) return null;
            string prefix = root.EndsWith("/", StringComparison.Ordinal) ? root : root + "/";
            if (full.Length > prefix.Length && full.StartsWith(prefix, PathComparison)) return full.Substring(prefix.Length);
            return null;
        }

        public string Name(string path, string? packageId = null)
        {
            string[] segments = Normalize(path).Split('/');
            // A restored package's file is named as the package's even when the packages folder lies inside the
            // repository (RestorePackagesPath, globalPackagesFolder): the name then does not depend on where it was.
            if (PackageName(segments, null) is string restored) return restored;
            string? relative = RelativeTo(_root, path);
            if (relative != null) return relative;
            return PackageName(segments, packageId) ?? DotnetName(segments) ?? ExternalPrefix + segments[segments.Length - 1];
        }

        private string? PackageName(string[] segments, string? packageId)
        {
            for (int i = segments.Length - 3; i >= 0; i--)
            {
                string folder = segments[i] + "/" + segments[i + 1];
                if (_packagesByFolder.TryGetValue(folder, out RestoredPackage? package))
                    return NuGetPrefix + package.Id + "/" + package.Version + "/" + Join(segments, i + 2);
                if (packageId != null && string.Equals(segments[i], packageId, StringComparison.OrdinalIgnoreCase) && StartsWithDigit(segments[i + 1]))
                    return NuGetPrefix + packageId + "/" + segments[i + 1] + "/" + Join(segments, i + 2);
            }
            return null;
        }

        /// <summary>dotnet/sdk/&lt;version&gt;/... and dotnet/packs/&lt;name&gt;/&lt;version&gt;/...: the layout of every .NET installation.</summary>
        private static string? DotnetName(string[] segments)
        {
            for (int i = segments.Length - 3; i >= 0; i--)
            {
                if (segments[i] == "sdk" && StartsWithDigit(segments[i + 1])) return DotnetPrefix + Join(segments, i);
                if (segments[i] == "packs" && i + 3 < segments.Length && StartsWithDigit(segments[i + 2])) return DotnetPrefix + Join(segments, i);
            }
            return null;
        }

        private static string Join(string[] segments, int start) => string.Join("/", segments, start, segments.Length - start);

        private static bool StartsWithDigit(string s) => s.Length > 0 && s[0] >= '0' && s[0] <= '9';

        private static string Normalize(string path)
        {
            if (string.IsNullOrEmpty(path)) return "";
            return Path.GetFullPath(path).Replace('\\', '/').TrimEnd('/') is string full && full.Length > 0 ? full : "/";
        }
    }
}
