using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;
using Provenance.Packages;

namespace Provenance.MSBuild.Policy
{
    /// <summary>
    /// Keeps a DeclaredPolicy with what it was derived from, so that the gate, which runs on every build, pays for an
    /// evaluation (hundreds of milliseconds) only when an input changed. A hit costs a file read and a few dozen stats.
    /// </summary>
    /// <remarks>
    /// Key: the host MSBuild (its Microsoft.Build.dll: SDK updates, global.json switching SDKs), the project path, the
    /// global properties, a hash of the whole environment (every variable is an MSBuild property). Probes, re-checked on a
    /// read: every file of the import closure outside the SDK/MSBuild install (path, size, time); every path an Import
    /// names, also one not imported (a file that appears later, e.g. eng/provenance.props behind Exists(), or a new
    /// obj/*.props); every Exists('...') in a condition of those files; and, up from the project, each folder where a
    /// Directory.Build.props/.targets, Directory.Packages.props or global.json could appear and shadow the one in use.
    /// Anything that cannot be probed (an import path with a wildcard in a folder) makes the result uncacheable.
    /// </remarks>
    internal static class DeclaredPolicyCache
    {
        // 2: policy lines carry the certificate identity metadata; a version-1 file is a miss, never read short.
        private const string Header = "provenance-declared-policy-cache 2";
        private const string Null = "\\-";

        // A fresh GUID per restore: keyed, no restore-time read would ever hit; it selects nothing in an evaluation.
        private static readonly HashSet<string> VolatileGlobalProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "MSBuildRestoreSessionId" };
        private static readonly Regex ExistsCall = new Regex(@"exists\s*\(\s*'([^']*)'\s*\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly char[] Wildcards = { '*', '?' };
        private static readonly StringComparison PathComparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        internal sealed class Probe
        {
            public Probe(string path, string state)
            {
                Path = path;
                State = state;
            }

            /// <summary>A file or folder path, or "folder|pattern" for a wildcard import.</summary>
            public string Path { get; }

            public string State { get; }
        }

        public static string Key(string projectPath, IReadOnlyDictionary<string, string> globalProperties)
        {
            var text = new StringBuilder();
            string msbuild = typeof(Project).Assembly.Location;
            text.Append("msbuild\t").Append(msbuild).Append('\t').Append(State(msbuild)).Append('\n');
            text.Append("project\t").Append(projectPath).Append('\n');
            foreach (KeyValuePair<string, string> property in globalProperties.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
                if (!VolatileGlobalProperties.Contains(property.Key)) text.Append("global\t").Append(property.Key).Append('=').Append(property.Value).Append('\n');
            var environment = new List<string>();
            foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
                environment.Add((string)variable.Key + "=" + (string?)variable.Value);
            environment.Sort(StringComparer.Ordinal);
            foreach (string variable in environment) text.Append("env\t").Append(variable).Append('\n');
            return Sha256(text.ToString());
        }

        public static bool TryRead(string cacheFile, string key, out DeclaredPolicy? policy)
        {
            policy = null;
            string[] lines;
            try
            {
                if (!File.Exists(cacheFile)) return false;
                lines = File.ReadAllLines(cacheFile);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;   // a cache that cannot be read is a miss, never an error
            }
            if (lines.Length < 2 || lines[0] != Header || lines[1] != "key\t" + key) return false;

            var policies = new List<ProvenancePolicyItem>();
            var keys = new List<string>();
            var declaring = new List<string>();
            foreach (string line in lines.Skip(2))
            {
                string?[] f = line.Split('\t').Select(Unescape).ToArray();
                switch (f[0])
                {
                    case "probe" when f.Length == 3:
                        if (State(f[1]!) != f[2]) return false;
                        break;
                    case "policy" when f.Length == 13:
                        policies.Add(new ProvenancePolicyItem(f[1]!)
                        {
                            Require = f[2], SourceRepository = f[3], Severity = f[4], AllowDevelopmentKey = f[5], TrustedKeys = f[6],
                            CertificateIdentity = f[7], CertificateIdentityRegex = f[8], CertificateOidcIssuer = f[9], SourceRef = f[10],
                            SignerWorkflow = f[11], AllowSelfHostedRunners = f[12],
                        });
                        break;
                    case "trustedkey" when f.Length == 2:
                        keys.Add(f[1]!);
                        break;
                    case "declaring" when f.Length == 2:
                        declaring.Add(f[1]!);
                        break;
                    default:
                        return false;   // damaged or from another version: evaluate again
                }
            }
            policy = new DeclaredPolicy(policies, keys, declaring);
            return true;
        }

        public static void Write(string cacheFile, string key, IReadOnlyList<Probe> probes, DeclaredPolicy policy)
        {
            var text = new StringBuilder();
            text.Append(Header).Append('\n').Append("key\t").Append(key).Append('\n');
            foreach (Probe probe in probes) Line(text, "probe", probe.Path, probe.State);
            foreach (ProvenancePolicyItem item in policy.Policies)
                Line(text, "policy", item.Include, item.Require, item.SourceRepository, item.Severity, item.AllowDevelopmentKey, item.TrustedKeys,
                    item.CertificateIdentity, item.CertificateIdentityRegex, item.CertificateOidcIssuer, item.SourceRef, item.SignerWorkflow,
                    item.AllowSelfHostedRunners);
            foreach (string file in policy.TrustedKeyFiles) Line(text, "trustedkey", file);
            foreach (string file in policy.DeclaringFiles) Line(text, "declaring", file);
            try
            {
                AtomicFile.WriteIfChanged(cacheFile, new UTF8Encoding(false).GetBytes(text.ToString()));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Only speed is lost: the next build evaluates again.
            }
        }

        /// <summary>What the result depends on beyond the key; null when something cannot be probed (then nothing is cached).</summary>
        public static IReadOnlyList<Probe>? Probes(Project project, IReadOnlyList<ProjectRootElement> closure)
        {
            var roots = InstallRoots(project);
            var paths = new SortedSet<string>(StringComparer.Ordinal);
            string projectDirectory = project.DirectoryPath;

            foreach (ProjectRootElement file in closure)
            {
                bool installed = IsUnder(file.FullPath, roots);
                if (!installed) paths.Add(file.FullPath);
                string directory = file.DirectoryPath;

                // Imports taken or not: SDK files import the user's files (Directory.Build.props, obj/*.props) too.
                foreach (ProjectImportElement import in file.AllChildren.OfType<ProjectImportElement>())
                {
                    if (!string.IsNullOrEmpty(import.Sdk)) continue;   // resolved by the SDK resolver: keyed by the host and global.json
                    if (!TryExpand(project, file, import.Project, import, out string expanded)) return null;
                    foreach (string part in expanded.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0))
                    {
                        string path = Full(directory, part);
                        if (path.Length == 0 || IsUnder(path, roots)) continue;
                        if (path.IndexOfAny(Wildcards) < 0)
                        {
                            paths.Add(path);
                            continue;
                        }
                        string? folder = Path.GetDirectoryName(path);
                        if (folder == null || folder.IndexOfAny(Wildcards) >= 0) return null;
                        paths.Add(folder + "|" + Path.GetFileName(path));
                    }
                }

                if (installed) continue;
                // A condition such as Exists('eng/enable-policy') turns declarations on and off without any import.
                foreach (ProjectElement element in file.AllChildren.Where(e => (e.Condition ?? "").IndexOf("exists", StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    foreach (Match match in ExistsCall.Matches(element.Condition))
                    {
                        if (!TryExpand(project, file, match.Groups[1].Value, element, out string expanded) || expanded.Trim().Length == 0) continue;
                        // Relative to the file or to the project, depending on the element: both are probed.
                        paths.Add(Full(directory, expanded.Trim()));
                        paths.Add(Full(projectDirectory, expanded.Trim()));
                    }
                }
            }

            // GetDirectoryNameOfFileAbove and the SDK's global.json lookup stop at the nearest folder that has the file; a
            // new one nearer the project would change what is imported without touching any probed file.
            var names = new[]
            {
                Property(project, "_DirectoryBuildPropsFile", "Directory.Build.props"),
                Property(project, "_DirectoryBuildTargetsFile", "Directory.Build.targets"),
                Property(project, "_DirectoryPackagesPropsFile", "Directory.Packages.props"),
                "global.json",
            }.ToList();
            for (DirectoryInfo? folder = new DirectoryInfo(projectDirectory); folder != null && names.Count > 0; folder = folder.Parent)
            {
                foreach (string name in names.ToList())
                {
                    string path = Path.Combine(folder.FullName, name);
                    paths.Add(path);
                    if (File.Exists(path)) names.Remove(name);
                }
            }

            return paths.Select(p => new Probe(p, State(p))).ToList();
        }

        /// <summary>The file's size and time, "dir" for a folder (its time changes with every file in it), "-" if absent.</summary>
        internal static string State(string path)
        {
            int bar = path.IndexOf('|');
            if (bar >= 0) return GlobState(path.Substring(0, bar), path.Substring(bar + 1));
            try
            {
                var file = new FileInfo(path);
                if (file.Exists) return file.Length.ToString(CultureInfo.InvariantCulture) + ":" + file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture);
                return Directory.Exists(path) ? "dir" : "-";
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return "?" + e.GetType().Name;
            }
        }

        private static string GlobState(string folder, string pattern)
        {
            try
            {
                // A missing folder matches nothing, as an empty one does: obj/ appearing (with this cache in it) is no change.
                IEnumerable<string> files = Directory.Exists(folder)
                    ? Directory.GetFiles(folder, pattern).OrderBy(f => f, StringComparer.Ordinal)
                    : Enumerable.Empty<string>();
                return Sha256(string.Join("\n", files.Select(f => f + "\t" + State(f))));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                return "?" + e.GetType().Name;
            }
        }

        private static bool TryExpand(Project project, ProjectRootElement file, string value, ProjectElement element, out string expanded)
        {
            try
            {
                expanded = DeclaredPolicyReader.Expand(project, file.FullPath, value, element);
                return true;
            }
            catch (ProvenanceException)
            {
                expanded = "";
                return false;
            }
        }

        /// <summary>The SDK and MSBuild folders: what is under them changes only with the host, which the key names.</summary>
        private static List<string> InstallRoots(Project project)
        {
            var roots = new[] { "MSBuildBinPath", "MSBuildToolsPath", "MSBuildExtensionsPath", "MSBuildSDKsPath", "NetCoreRoot" }
                .Select(project.GetPropertyValue)
                .Append(Path.GetDirectoryName(typeof(Project).Assembly.Location) ?? "")
                .Where(r => r.Length > 0)
                .Select(r => Path.GetFullPath(r).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar)
                .Where(r => Path.GetPathRoot(r) != r)   // a root folder as "install" would hide every file
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return roots;
        }

        private static bool IsUnder(string path, List<string> roots) => roots.Any(r => path.StartsWith(r, PathComparison));

        private static string Full(string directory, string path)
        {
            try
            {
                return Path.GetFullPath(Path.Combine(directory, path));
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                return "";
            }
        }

        private static string Property(Project project, string name, string fallback)
        {
            string value = project.GetPropertyValue(name);
            return value.Length > 0 ? value : fallback;
        }

        private static void Line(StringBuilder text, string kind, params string?[] fields)
        {
            text.Append(kind);
            foreach (string? field in fields) text.Append('\t').Append(Escape(field));
            text.Append('\n');
        }

        private static string Escape(string? value) =>
            value == null ? Null : value.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\r", "\\r").Replace("\n", "\\n");

        private static string? Unescape(string value)
        {
            if (value == Null) return null;
            if (value.IndexOf('\\') < 0) return value;
            var result = new StringBuilder(value.Length);
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c != '\\' || i + 1 == value.Length)
                {
                    result.Append(c);
                    continue;
                }
                char next = value[++i];
                result.Append(next == 't' ? '\t' : next == 'r' ? '\r' : next == 'n' ? '\n' : next);
            }
            return result.ToString();
        }

        private static string Sha256(string text)
        {
            using (SHA256 sha = SHA256.Create())
                return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        }
    }
}
