using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Provenance.Capture;
using Provenance.Json;

namespace Provenance.Generation
{
    /// <summary>
    /// What a rebuild needs beyond the sorted inputs (buildType v2, internalParameters.compilation and packs): the
    /// compiler's sources in the order it received them (Roslyn emits types in source order), whether and how source
    /// paths were mapped (SourceRoot/MappedPath), the compiler's command line with machine paths replaced, and the
    /// targeting/runtime/apphost packs the SDK resolved. All optional: an empty request writes none of it.
    /// </summary>
    public sealed class CompilationRecord
    {
        /// <summary>@(Compile) in item order (absolute paths): the order the compiler saw.</summary>
        public IList<string> Sources { get; set; } = new List<string>();

        /// <summary>$(DeterministicSourcePaths); null when not known.</summary>
        public bool? DeterministicSourcePaths { get; set; }

        /// <summary>@(SourceRoot): the root (absolute) and its %(MappedPath) (empty when paths are not mapped).</summary>
        public IList<KeyValuePair<string, string>> SourceRoots { get; set; } = new List<KeyValuePair<string, string>>();

        /// <summary>The compiler's arguments as CoreCompile passed them (@(CscCommandLineArgs) etc.); empty when not known.</summary>
        public IList<string> CommandLine { get; set; } = new List<string>();

        /// <summary>The NuGet packages folder and the .NET installation, replaced in the command line by nuget:/ and dotnet:/.</summary>
        public string? PackagesFolder { get; set; }
        public string? DotnetRoot { get; set; }

        /// <summary>Resolved packs: kind (targeting, runtime, apphost), id, version.</summary>
        public IList<ResolvedPack> Packs { get; set; } = new List<ResolvedPack>();
    }

    public sealed class ResolvedPack
    {
        public ResolvedPack(string kind, string id, string version)
        {
            Kind = kind;
            Id = id;
            Version = version;
        }

        public string Kind { get; }
        public string Id { get; }
        public string Version { get; }
    }

    /// <summary>Turns a <see cref="CompilationRecord"/> into JSON, with every path as a name that holds no machine path.</summary>
    public static class CompilationFacts
    {
        /// <summary>A command-line argument naming a reference: one per assembly (hundreds), already pinned by the packs and packages.</summary>
        private static readonly string[] ReferencePrefixes = { "/reference:", "-reference:", "/r:", "-r:" };

        internal static JsonObject? Compilation(CompilationRecord? record, string repositoryRoot)
        {
            if (record == null) return null;
            var paths = new PathNormalizer(repositoryRoot, record.PackagesFolder, record.DotnetRoot);
            var json = new JsonObject();
            if (record.Sources.Count > 0)
                json.Add("sources", new JsonArray(record.Sources.Select(s => (JsonValue)new JsonString(paths.Name(s)))));
            if (record.DeterministicSourcePaths.HasValue) json.Add("deterministicSourcePaths", record.DeterministicSourcePaths.Value);
            if (record.SourceRoots.Count > 0)
            {
                var roots = new SortedDictionary<string, string>(StringComparer.Ordinal);
                // MappedPath is the root itself unless paths are mapped (a local build): named like the root, never a machine path.
                foreach (var root in record.SourceRoots) roots[paths.Name(root.Key)] = string.IsNullOrEmpty(root.Value) ? "" : paths.Name(root.Value);
                json.Add("sourceRoots", new JsonArray(roots.Select(r => (JsonValue)new JsonObject().Add("path", r.Key).AddIfNotEmpty("mappedPath", r.Value))));
            }
            if (record.CommandLine.Count > 0)
            {
                IReadOnlyList<string> normalized = NormalizedCommandLine(record.CommandLine, paths);
                json.Add("commandLineSha256", Sha256Hex(string.Join("\n", normalized)));
                // The options only: sources are listed above and references are one per assembly of the packs/packages.
                var sources = new HashSet<string>(record.Sources.Select(paths.Name), StringComparer.Ordinal);
                json.Add("commandLine", new JsonArray(normalized.Where(a => !IsReference(a) && !sources.Contains(a) && !IsSourceArgument(a))
                    .Select(a => (JsonValue)new JsonString(a))));
            }
            return json;
        }

        internal static JsonArray? Packs(CompilationRecord? record)
        {
            if (record == null || record.Packs.Count == 0) return null;
            var sorted = new SortedDictionary<string, ResolvedPack>(StringComparer.Ordinal);
            foreach (ResolvedPack pack in record.Packs)
                if (!string.IsNullOrEmpty(pack.Id)) sorted[pack.Kind + "|" + pack.Id + "|" + pack.Version] = pack;
            return new JsonArray(sorted.Values.Select(p => (JsonValue)new JsonObject().Add("kind", p.Kind).Add("id", p.Id).AddIfNotEmpty("version", p.Version)));
        }

        /// <summary>
        /// Each argument with the repository root, packages folder and .NET installation replaced (so the same build in
        /// another folder gives the same text), and an argument that holds a secret redacted. Public: a rebuilder
        /// normalizes its own command line the same way to compare digests.
        /// </summary>
        public static IReadOnlyList<string> NormalizedCommandLine(IEnumerable<string> arguments, string repositoryRoot, string? packagesFolder, string? dotnetRoot) =>
            NormalizedCommandLine(arguments, new PathNormalizer(repositoryRoot, packagesFolder, dotnetRoot));

        private static IReadOnlyList<string> NormalizedCommandLine(IEnumerable<string> arguments, PathNormalizer paths) =>
            arguments.Select(a => SecretValues.LooksSecret(a) ? SecretNames.RedactedValue : External(paths.Replace(a))).ToList();

        /// <summary>
        /// An option whose value is still an absolute path (a key file, a rule set outside the repository): named by its
        /// file name only, as resolvedDependencies names external files, so the statement holds no machine path.
        /// </summary>
        private static string External(string argument)
        {
            // "/optimize+" and "/out:obj/x.dll" are options (no second '/' before the ':'); "/home/me/x.cs" is a path.
            int colon = argument.IndexOf(':');
            int slash = argument.IndexOf('/', 1);
            bool option = argument.StartsWith("-", StringComparison.Ordinal) ||
                          (argument.StartsWith("/", StringComparison.Ordinal) && (slash < 0 || (colon > 0 && colon < slash)));
            if (!option) return IsAbsolute(argument) ? RecordedPathNames.ExternalPrefix + FileName(argument) : argument;
            if (colon < 0) return argument;
            string value = argument.Substring(colon + 1).Trim('"');
            return IsAbsolute(value) ? argument.Substring(0, colon + 1) + RecordedPathNames.ExternalPrefix + FileName(value) : argument;
        }

        private static bool IsAbsolute(string value) =>
            value.StartsWith("/", StringComparison.Ordinal) || (value.Length > 2 && char.IsLetter(value[0]) && value[1] == ':' && value[2] == '/');

        private static string FileName(string path)
        {
            string trimmed = path.TrimEnd('/');
            int slash = trimmed.LastIndexOf('/');
            return slash >= 0 ? trimmed.Substring(slash + 1) : trimmed;
        }

        private static bool IsReference(string argument) => ReferencePrefixes.Any(p => argument.StartsWith(p, StringComparison.OrdinalIgnoreCase));

        /// <summary>A source file argument: no option prefix and a source extension (the project dir relative names csc receives).</summary>
        private static bool IsSourceArgument(string argument) =>
            !argument.StartsWith("/", StringComparison.Ordinal) && !argument.StartsWith("-", StringComparison.Ordinal) &&
            (argument.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || argument.EndsWith(".vb", StringComparison.OrdinalIgnoreCase) ||
             argument.EndsWith(".fs", StringComparison.OrdinalIgnoreCase) || argument.EndsWith(".fsi", StringComparison.OrdinalIgnoreCase));

        private static string Sha256Hex(string text)
        {
            using SHA256 sha = SHA256.Create();
            return HexEncoding.ToLowerHex(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }

        /// <summary>Longest root first, so a packages folder inside the repository is named as packages, not as a folder.</summary>
        private sealed class PathNormalizer
        {
            private readonly List<KeyValuePair<string, string>> _roots = new List<KeyValuePair<string, string>>();
            private readonly string _repositoryRoot;

            public PathNormalizer(string repositoryRoot, string? packagesFolder, string? dotnetRoot)
            {
                _repositoryRoot = Trim(repositoryRoot);
                Add(packagesFolder, "nuget:/");
                Add(dotnetRoot, RecordedPathNames.DotnetPrefix);
                Add(repositoryRoot, "");
                _roots.Sort((a, b) => b.Key.Length.CompareTo(a.Key.Length));
                _bareRoots.Sort((a, b) => b.Key.ToString().Length.CompareTo(a.Key.ToString().Length));
            }

            private void Add(string? root, string replacement)
            {
                if (string.IsNullOrEmpty(root)) return;
                string trimmed = Trim(root!);
                if (trimmed.Length <= 1) return;
                _roots.Add(new KeyValuePair<string, string>(trimmed + "/", replacement));
                _bareRoots.Add(new KeyValuePair<Regex, string>(
                    new Regex(Regex.Escape(trimmed) + "(?=[=,;\"]|$)", RegexOptions.CultureInvariant), replacement.Length == 0 ? "." : replacement.TrimEnd('/')));
            }

            /// <summary>A root without its slash (PathMap=$(MSBuildProjectDirectory)=...): followed by '=', ',', ';', '"' or the end.</summary>
            private readonly List<KeyValuePair<Regex, string>> _bareRoots = new List<KeyValuePair<Regex, string>>();

            private static string Trim(string path) => path.Replace('\\', '/').TrimEnd('/');

            /// <summary>A path as a name: "." for the repository root itself, else with its root replaced.</summary>
            public string Name(string path)
            {
                string normalized = path.Replace('\\', '/');
                if (string.Equals(normalized.TrimEnd('/'), _repositoryRoot, StringComparison.Ordinal)) return ".";
                return Replace(normalized);
            }

            public string Replace(string text)
            {
                string result = text.Replace('\\', '/');
                foreach (var root in _roots) result = result.Replace(root.Key, root.Value);
                foreach (var root in _bareRoots) result = root.Key.Replace(result, root.Value);
                return result;
            }
        }
    }
}
