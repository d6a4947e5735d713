using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Capture;
using Provenance.Cli.CommandLine;
using Provenance.Json;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// Every package of every target ("net8.0", "net8.0/linux-x64", ...) of project.assets.json, once each, with
    /// the folder restore put it in. Packages are read by the core's AssetsFileReader (the build's own reader); this
    /// class only lists the targets and package folders, which that reader does not expose.
    /// </summary>
    internal sealed class RestoreGraph
    {
        private const int MaxAssetsBytes = 512 * 1024 * 1024;

        private RestoreGraph(IReadOnlyList<string> targets, IReadOnlyList<GraphPackage> packages)
        {
            Targets = targets;
            Packages = packages;
        }

        public IReadOnlyList<string> Targets { get; }

        /// <summary>Sorted by id, then version (ignoring case, as NuGet compares ids).</summary>
        public IReadOnlyList<GraphPackage> Packages { get; }

        internal sealed class GraphPackage
        {
            public GraphPackage(RestoredPackageFolder folder) => Folder = folder;

            public RestoredPackageFolder Folder { get; }
            public List<string> Targets { get; } = new List<string>();
        }

        /// <param name="packagesRoot">NuGetPackageRoot or --packages; null for the assets file's first package folder.</param>
        public static RestoreGraph Read(string assetsFile, string? packagesRoot)
        {
            string fullPath = Path.GetFullPath(assetsFile);
            if (!File.Exists(fullPath))
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.AssetsFileInvalid,
                    $"there is no assets file '{fullPath}': run dotnet restore first");

            JsonObject root;
            try
            {
                var info = new FileInfo(fullPath);
                if (info.Length > MaxAssetsBytes) throw new IOException($"it is larger than {MaxAssetsBytes} bytes");
                root = JsonReader.Parse(File.ReadAllBytes(fullPath), MaxAssetsBytes) as JsonObject
                    ?? throw new JsonFormatException("the document is not a JSON object");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonFormatException)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.AssetsFileInvalid, $"the assets file '{fullPath}' cannot be read: {e.Message}", e);
            }

            List<string> targets = (root.GetObject("targets") ?? throw Invalid(fullPath, "it has no \"targets\" object"))
                .Members.Select(m => m.Key).ToList();
            // Restore writes packageFolders in the order it looks for packages: the global packages folder, then fallbacks.
            List<string> folders = (root.GetObject("packageFolders")?.Members ?? Array.Empty<KeyValuePair<string, JsonValue>>())
                .Select(m => m.Key).Where(k => k.Length > 0).ToList();
            if (!string.IsNullOrEmpty(packagesRoot)) folders.Insert(0, packagesRoot!);
            if (folders.Count == 0) throw Invalid(fullPath, "it names no packageFolders; give --packages <folder>");

            var byKey = new Dictionary<string, GraphPackage>(StringComparer.OrdinalIgnoreCase);
            foreach (string target in targets)
            {
                IReadOnlyList<RestoredPackage> packages;
                try
                {
                    packages = AssetsFileReader.ReadPackages(fullPath, target, null);
                }
                catch (ProvenanceException e)
                {
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, e.Code, e.Message, e);
                }
                foreach (RestoredPackage package in packages)
                {
                    string key = package.Id + "/" + package.Version;
                    if (!byKey.TryGetValue(key, out GraphPackage? entry))
                    {
                        string relative = package.Path ?? (package.Id.ToLowerInvariant() + "/" + package.Version.ToLowerInvariant());
                        byKey.Add(key, entry = new GraphPackage(new RestoredPackageFolder(package.Id, package.Version, FindFolder(folders, relative))));
                    }
                    entry.Targets.Add(target);
                }
            }
            List<GraphPackage> sorted = byKey.Values
                .OrderBy(p => p.Folder.Id, StringComparer.OrdinalIgnoreCase)
                .ThenBy(p => p.Folder.Version, StringComparer.OrdinalIgnoreCase)
                .ToList();
            return new RestoreGraph(targets, sorted);
        }

        /// <summary>The first package folder that holds the package; the first folder when none does (the verifier reports it missing).</summary>
        private static string FindFolder(List<string> folders, string relative)
        {
            foreach (string folder in folders)
            {
                string candidate = Path.GetFullPath(Path.Combine(folder, relative));
                if (Directory.Exists(candidate)) return candidate;
            }
            return Path.GetFullPath(Path.Combine(folders[0], relative));
        }

        private static CommandFailedException Invalid(string path, string why) =>
            new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.AssetsFileInvalid, $"the assets file '{path}' cannot be used: {why}");
    }
}
