using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Capture;
using Provenance.Json;

namespace Provenance.Packages
{
    /// <summary>
    /// Everything a restore of one project brought onto the machine that can run code in its build, each package once
    /// with the folder it was restored to: every package of every target of project.assets.json (direct, transitive,
    /// GlobalPackageReference), every PackageDownload, the MSBuild project SDKs that global.json pins (resolved from
    /// NuGet into the same packages folder), and the local tools of .config/dotnet-tools.json. The gate judges the
    /// whole list; a restore that brings in something we do not list here is a hole, so keep it complete.
    /// </summary>
    public sealed class RestoreInventory
    {
        private const int MaxAssetsBytes = 512 * 1024 * 1024;
        private const int MaxSmallJsonBytes = 1024 * 1024;

        private RestoreInventory(IReadOnlyList<string> targets, IReadOnlyList<InventoryPackage> packages, IReadOnlyList<string> packageFolders, IReadOnlyList<string> inputFiles)
        {
            Targets = targets;
            Packages = packages;
            PackageFolders = packageFolders;
            InputFiles = inputFiles;
        }

        /// <summary>The assets file's targets ("net8.0", "net8.0/linux-x64").</summary>
        public IReadOnlyList<string> Targets { get; }

        /// <summary>Sorted by id, then version (ignoring case, as NuGet compares ids).</summary>
        public IReadOnlyList<InventoryPackage> Packages { get; }

        /// <summary>Where restore looks for packages, in order: the global packages folder, then fallback folders.</summary>
        public IReadOnlyList<string> PackageFolders { get; }

        /// <summary>The files this inventory was read from (assets file, global.json, dotnet-tools.json): a change to any means "read again".</summary>
        public IReadOnlyList<string> InputFiles { get; }

        /// <summary>
        /// Reads the inventory of a restore. <paramref name="packagesRoot"/> (NuGetPackageRoot) is searched first;
        /// <paramref name="projectDirectory"/> is where the search for global.json and .config/dotnet-tools.json
        /// starts (null: not searched). PROV1010 when the assets file is missing or malformed.
        /// </summary>
        public static RestoreInventory Read(string assetsFile, string? packagesRoot, string? projectDirectory)
        {
            string fullPath = Path.GetFullPath(assetsFile);
            JsonObject root = ReadAssets(fullPath);
            JsonObject targets = root.GetObject("targets") ?? throw Invalid(fullPath, "it has no \"targets\" object");
            JsonObject libraries = root.GetObject("libraries") ?? throw Invalid(fullPath, "it has no \"libraries\" object");

            var folders = new List<string>();
            if (!string.IsNullOrEmpty(packagesRoot)) folders.Add(Path.GetFullPath(packagesRoot!));
            foreach (var member in root.GetObject("packageFolders")?.Members ?? Array.Empty<KeyValuePair<string, JsonValue>>())
                if (member.Key.Length > 0 && !folders.Contains(Path.GetFullPath(member.Key), FolderSnapshot.PathComparer)) folders.Add(Path.GetFullPath(member.Key));
            if (folders.Count == 0) throw Invalid(fullPath, "it names no packageFolders");

            var inventory = new Builder(folders);
            foreach (var target in targets.Members)
            {
                if (!(target.Value is JsonObject entries)) throw Invalid(fullPath, $"targets \"{target.Key}\" is not an object");
                foreach (var entry in entries.Members)
                {
                    if (!(entry.Value is JsonObject library)) throw Invalid(fullPath, $"targets \"{target.Key}\" \"{entry.Key}\" is not an object");
                    if (!string.Equals(library.GetString("type"), "package", StringComparison.OrdinalIgnoreCase)) continue;
                    (string id, string version) = SplitKey(fullPath, entry.Key);
                    string? path = (libraries[entry.Key] as JsonObject)?.GetString("path");
                    inventory.Add(id, version, path, target.Key);
                }
            }

            // PackageDownload: restored into the packages folder, never in "targets", yet an MSBuild file can use it.
            foreach (var framework in root.GetObject("project")?.GetObject("frameworks")?.Members ?? Array.Empty<KeyValuePair<string, JsonValue>>())
            {
                foreach (JsonValue download in (framework.Value as JsonObject)?.GetArray("downloadDependencies")?.Items ?? Array.Empty<JsonValue>())
                {
                    string? id = (download as JsonObject)?.GetString("name");
                    string? range = (download as JsonObject)?.GetString("version");
                    if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(range)) throw Invalid(fullPath, $"a downloadDependencies entry of \"{framework.Key}\" has no name or version");
                    // A PackageDownload version is always exact: the project says "[1.2.3]" (several ';'-separated), the
                    // assets file writes the range "[1.2.3, 1.2.3]". Anything else is not a download NuGet would do.
                    foreach (string exact in range!.Split(';').Select(v => v.Trim()).Where(v => v.Length > 0))
                        inventory.Add(id!, ExactVersion(fullPath, id!, exact), null, "PackageDownload (" + framework.Key + ")");
                }
            }

            var inputs = new List<string> { fullPath };
            if (projectDirectory != null)
            {
                string? globalJson = FindUpwards(projectDirectory, GlobalJsonName);
                if (globalJson != null)
                {
                    inputs.Add(globalJson);
                    foreach (var sdk in ReadSmallJson(globalJson).GetObject("msbuild-sdks")?.Members ?? Array.Empty<KeyValuePair<string, JsonValue>>())
                        if (sdk.Value is JsonString version && version.Value.Length > 0) inventory.AddIfRestored(sdk.Key, version.Value, "MSBuild project SDK (" + globalJson + ")");
                }
                string? tools = FindUpwards(projectDirectory, ToolsManifestName);
                if (tools != null)
                {
                    inputs.Add(tools);
                    foreach (var tool in ReadSmallJson(tools).GetObject("tools")?.Members ?? Array.Empty<KeyValuePair<string, JsonValue>>())
                    {
                        string? version = (tool.Value as JsonObject)?.GetString("version");
                        if (!string.IsNullOrEmpty(version)) inventory.AddIfRestored(tool.Key, version!, "local tool (" + tools + ")");
                    }
                }
            }
            return new RestoreInventory(targets.Members.Select(m => m.Key).ToList(), inventory.Sorted(), folders, inputs);
        }

        private static string ExactVersion(string path, string id, string range)
        {
            if (!range.StartsWith("[", StringComparison.Ordinal) || !range.EndsWith("]", StringComparison.Ordinal))
                throw Invalid(path, $"the PackageDownload of {id} has the version \"{range}\", which is not exact");
            string[] bounds = range.Substring(1, range.Length - 2).Split(',').Select(b => b.Trim()).ToArray();
            if (bounds.Length > 2 || bounds[0].Length == 0 || (bounds.Length == 2 && !string.Equals(bounds[0], bounds[1], StringComparison.OrdinalIgnoreCase)))
                throw Invalid(path, $"the PackageDownload of {id} has the version \"{range}\", which is not exact");
            return bounds[0];
        }

        private const string GlobalJsonName = "global.json";
        private static readonly string ToolsManifestName = Path.Combine(".config", "dotnet-tools.json");

        /// <summary>
        /// The files besides the assets file that <see cref="Read"/> would read for a project (global.json and
        /// .config/dotnet-tools.json, found upwards): cheap, so that a no-op can be recognised before the assets file is parsed.
        /// </summary>
        public static IReadOnlyList<string> SideFilesFor(string projectDirectory) =>
            new[] { FindUpwards(projectDirectory, GlobalJsonName), FindUpwards(projectDirectory, ToolsManifestName) }
                .Where(f => f != null).Select(f => f!).ToList();

        private static JsonObject ReadAssets(string fullPath)
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists) throw Invalid(fullPath, "the file does not exist. Run a restore first.");
            if (info.Length > MaxAssetsBytes) throw Invalid(fullPath, $"it is larger than {MaxAssetsBytes} bytes");
            try
            {
                // NuGet writes this file for us and repeats keys (one feed under two names): read it leniently.
                return JsonReader.ParseLenient(File.ReadAllBytes(fullPath), MaxAssetsBytes) as JsonObject
                    ?? throw Invalid(fullPath, "the document is not a JSON object");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonFormatException)
            {
                throw Invalid(fullPath, e.Message, e);
            }
        }

        private static JsonObject ReadSmallJson(string path)
        {
            try
            {
                var info = new FileInfo(path);
                if (info.Length > MaxSmallJsonBytes) throw new IOException($"it is larger than {MaxSmallJsonBytes} bytes");
                return JsonReader.ParseLenient(File.ReadAllBytes(path), MaxSmallJsonBytes) as JsonObject ?? new JsonObject();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonFormatException)
            {
                throw new ProvenanceException(DiagnosticCodes.AssetsFileInvalid, $"'{path}' cannot be read: {e.Message}", e);
            }
        }

        private static string? FindUpwards(string directory, string relative)
        {
            for (DirectoryInfo? current = new DirectoryInfo(directory); current != null; current = current.Parent)
            {
                string candidate = Path.Combine(current.FullName, relative);
                if (File.Exists(candidate)) return candidate;
            }
            return null;
        }

        private static (string id, string version) SplitKey(string path, string key)
        {
            int slash = key.IndexOf('/');
            if (slash <= 0 || slash == key.Length - 1) throw Invalid(path, $"target entry \"{key}\" is not \"id/version\"");
            return (key.Substring(0, slash), key.Substring(slash + 1));
        }

        private static ProvenanceException Invalid(string path, string why, Exception? inner = null) =>
            new ProvenanceException(DiagnosticCodes.AssetsFileInvalid, $"The assets file '{path}' cannot be used: {why}", inner);

        private sealed class Builder
        {
            private readonly List<string> _folders;
            private readonly Dictionary<string, InventoryPackage> _byKey = new Dictionary<string, InventoryPackage>(StringComparer.OrdinalIgnoreCase);

            public Builder(List<string> folders) => _folders = folders;

            public void Add(string id, string version, string? path, string source)
            {
                string key = id + "/" + version;
                if (!_byKey.TryGetValue(key, out InventoryPackage? entry))
                {
                    string relative = path ?? (id.ToLowerInvariant() + "/" + version.ToLowerInvariant());
                    _byKey.Add(key, entry = new InventoryPackage(new RestoredPackageFolder(id, version, FindFolder(relative))));
                }
                if (!entry.Sources.Contains(source)) entry.Sources.Add(source);
            }

            /// <summary>SDKs and tools are restored outside this project's restore: judge them when they are on disk.</summary>
            public void AddIfRestored(string id, string version, string source)
            {
                string relative = id.ToLowerInvariant() + "/" + version.ToLowerInvariant();
                if (_folders.Any(f => Directory.Exists(Path.Combine(f, relative)))) Add(id, version, null, source);
            }

            /// <summary>The first package folder that holds the package; the first folder when none does (the verifier reports it missing).</summary>
            private string FindFolder(string relative)
            {
                foreach (string folder in _folders)
                {
                    string candidate = Path.GetFullPath(Path.Combine(folder, relative));
                    if (Directory.Exists(candidate)) return candidate;
                }
                return Path.GetFullPath(Path.Combine(_folders[0], relative));
            }

            public IReadOnlyList<InventoryPackage> Sorted() => _byKey.Values
                .OrderBy(p => p.Folder.Id, StringComparer.OrdinalIgnoreCase)
                .ThenBy(p => p.Folder.Version, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }
    }

    /// <summary>One package of a restore and why it is there (targets, "PackageDownload (net8.0)", "MSBuild project SDK (...)").</summary>
    public sealed class InventoryPackage
    {
        public InventoryPackage(RestoredPackageFolder folder) => Folder = folder;

        public RestoredPackageFolder Folder { get; }
        public List<string> Sources { get; } = new List<string>();
    }
}
