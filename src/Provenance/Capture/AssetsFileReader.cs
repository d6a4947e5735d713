using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using Provenance.Json;

namespace Provenance.Capture
{
    /// <summary>
    /// Reads the restored packages of one target from project.assets.json with our own JSON reader (NuGet's
    /// libraries must not load inside MSBuild). The sha512 is the one NuGet wrote: the contentHash of the
    /// package's .nupkg.metadata, which the statement reuses rather than re-hashes (docs/buildtype-v2.md).
    /// </summary>
    public static class AssetsFileReader
    {
        private const int MaxAssetsBytes = 512 * 1024 * 1024;
        private const int MaxCachedFiles = 64;

        // An inner build per target framework reads the same assets file; the compact result of one parse is
        // kept per (path, length, last write), never the document itself.
        private static readonly ConcurrentDictionary<string, AssetsFile> Cache = new ConcurrentDictionary<string, AssetsFile>(StringComparer.Ordinal);

        /// <summary>
        /// The packages (not project references) of the target for <paramref name="targetFramework"/> (the
        /// TargetFramework alias, a short name or the long ".NETCoreApp,Version=v8.0" form), plus "/rid" when a
        /// runtime identifier is given; sorted by id, then version. PROV1010 when the file is missing or malformed.
        /// </summary>
        public static IReadOnlyList<RestoredPackage> ReadPackages(string assetsFilePath, string targetFramework, string? runtimeIdentifier)
        {
            if (string.IsNullOrEmpty(assetsFilePath)) throw new ArgumentException("An assets file path is required.", nameof(assetsFilePath));
            if (string.IsNullOrEmpty(targetFramework)) throw new ArgumentException("A target framework is required.", nameof(targetFramework));
            string fullPath = Path.GetFullPath(assetsFilePath);
            AssetsFile assets = Load(fullPath);
            if (!assets.TryGetTarget(targetFramework, runtimeIdentifier, out IReadOnlyList<RestoredPackage> packages))
            {
                string wanted = string.IsNullOrEmpty(runtimeIdentifier) ? targetFramework : targetFramework + "/" + runtimeIdentifier;
                throw Invalid(fullPath, $"it has no target for '{wanted}' (targets: {string.Join(", ", assets.TargetNames)}). Run a restore for this framework and runtime identifier.");
            }
            return packages;
        }

        private static AssetsFile Load(string fullPath)
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists) throw Invalid(fullPath, "the file does not exist. Run a restore first.");
            string key = fullPath + "|" + info.Length + "|" + info.LastWriteTimeUtc.Ticks;
            if (Cache.TryGetValue(key, out AssetsFile? cached)) return cached;

            byte[] bytes;
            try { bytes = File.ReadAllBytes(fullPath); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { throw Invalid(fullPath, e.Message, e); }

            AssetsFile parsed;
            // Lenient: NuGet writes a feed URL twice into "sources" when two configs list it under different names, and
            // a file the SDK wrote for us must never fail a build that works without us. Strictness is for signed content.
            try { parsed = AssetsFile.Parse(JsonReader.ParseLenient(bytes, MaxAssetsBytes)); }
            catch (JsonFormatException e) { throw Invalid(fullPath, e.Message, e); }
            catch (AssetsFormatException e) { throw Invalid(fullPath, e.Message, e); }

            if (Cache.Count >= MaxCachedFiles) Cache.Clear(); // long-lived MSBuild nodes must not grow without bound
            Cache[key] = parsed;
            return parsed;
        }

        private static ProvenanceException Invalid(string path, string reason, Exception? inner = null) =>
            new ProvenanceException(DiagnosticCodes.AssetsFileInvalid, $"The assets file '{path}' cannot be used: {reason}", inner);
    }
}
