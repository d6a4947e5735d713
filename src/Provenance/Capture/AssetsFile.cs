using System;
using System.Collections.Generic;
using Provenance.Json;

namespace Provenance.Capture
{
    /// <summary>The parts of project.assets.json provenance needs: packages per target, and the framework aliases.</summary>
    internal sealed class AssetsFile
    {
        private readonly Dictionary<string, IReadOnlyList<RestoredPackage>> _targets;
        private readonly Dictionary<string, string> _aliasToFramework;

        private AssetsFile(Dictionary<string, IReadOnlyList<RestoredPackage>> targets, Dictionary<string, string> aliasToFramework)
        {
            _targets = targets;
            _aliasToFramework = aliasToFramework;
        }

        public IEnumerable<string> TargetNames => _targets.Keys;

        public static AssetsFile Parse(JsonValue document)
        {
            JsonObject root = document as JsonObject ?? throw new AssetsFormatException("the document is not a JSON object");
            JsonObject targets = RequiredObject(root, "targets", "the document");
            JsonObject libraries = RequiredObject(root, "libraries", "the document");

            var byTarget = new Dictionary<string, IReadOnlyList<RestoredPackage>>(StringComparer.OrdinalIgnoreCase);
            var packagesByKey = new Dictionary<string, RestoredPackage>(StringComparer.OrdinalIgnoreCase);
            foreach (var target in targets.Members)
            {
                JsonObject entries = target.Value as JsonObject ?? throw new AssetsFormatException($"targets \"{target.Key}\" is not an object");
                var packages = new List<RestoredPackage>();
                foreach (var entry in entries.Members)
                {
                    JsonObject library = entry.Value as JsonObject ?? throw new AssetsFormatException($"targets \"{target.Key}\" \"{entry.Key}\" is not an object");
                    if (!string.Equals(library.GetString("type"), "package", StringComparison.OrdinalIgnoreCase)) continue;
                    if (!packagesByKey.TryGetValue(entry.Key, out RestoredPackage? package))
                    {
                        package = ReadLibrary(libraries, entry.Key);
                        packagesByKey.Add(entry.Key, package);
                    }
                    packages.Add(package);
                }
                packages.Sort(ComparePackages);
                byTarget[target.Key] = packages;
            }
            return new AssetsFile(byTarget, ReadFrameworkAliases(root));
        }

        /// <summary>
        /// Finds the target: the key as given (assets v4 keys targets by alias: "net8.0", "net8.0/linux-x64"),
        /// then the alias's framework from project.frameworks, then its long form (assets v3: ".NETCoreApp,Version=v8.0").
        /// </summary>
        public bool TryGetTarget(string targetFramework, string? runtimeIdentifier, out IReadOnlyList<RestoredPackage> packages)
        {
            string suffix = string.IsNullOrEmpty(runtimeIdentifier) ? "" : "/" + runtimeIdentifier;
            var candidates = new List<string> { targetFramework };
            if (_aliasToFramework.TryGetValue(targetFramework, out string? framework)) candidates.Add(framework);
            foreach (string shortName in candidates.ToArray())
            {
                string? longName = TargetFrameworkNames.ToLongName(shortName);
                if (longName != null) candidates.Add(longName);
            }
            foreach (string candidate in candidates)
            {
                if (_targets.TryGetValue(candidate + suffix, out IReadOnlyList<RestoredPackage>? found))
                {
                    packages = found;
                    return true;
                }
            }
            packages = Array.Empty<RestoredPackage>();
            return false;
        }

        private static RestoredPackage ReadLibrary(JsonObject libraries, string key)
        {
            int slash = key.IndexOf('/');
            if (slash <= 0 || slash == key.Length - 1) throw new AssetsFormatException($"target entry \"{key}\" is not \"id/version\"");
            JsonObject library = RequiredObject(libraries, key, "libraries");
            string sha512 = library.GetString("sha512") ?? throw new AssetsFormatException($"libraries \"{key}\" has no \"sha512\"");
            byte[] hash;
            try { hash = Convert.FromBase64String(sha512); }
            catch (FormatException) { throw new AssetsFormatException($"libraries \"{key}\" \"sha512\" is not base64"); }
            if (hash.Length != 64) throw new AssetsFormatException($"libraries \"{key}\" \"sha512\" is not a SHA-512 hash");
            return new RestoredPackage(key.Substring(0, slash), key.Substring(slash + 1), HexEncoding.ToLowerHex(hash), library.GetString("path"));
        }

        /// <summary>project.frameworks: alias (the key) to its framework's short name ("framework" member, assets v4).</summary>
        private static Dictionary<string, string> ReadFrameworkAliases(JsonObject root)
        {
            var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            JsonObject? frameworks = root.GetObject("project")?.GetObject("frameworks");
            if (frameworks == null) return aliases;
            foreach (var member in frameworks.Members)
            {
                string? framework = (member.Value as JsonObject)?.GetString("framework");
                if (!string.IsNullOrEmpty(framework)) aliases[member.Key] = framework!;
                string? alias = (member.Value as JsonObject)?.GetString("targetAlias");
                if (!string.IsNullOrEmpty(alias) && !aliases.ContainsKey(alias!)) aliases[alias!] = framework ?? member.Key;
            }
            return aliases;
        }

        private static JsonObject RequiredObject(JsonObject parent, string key, string where) =>
            parent[key] as JsonObject ?? throw new AssetsFormatException($"{where} has no \"{key}\" object");

        private static int ComparePackages(RestoredPackage a, RestoredPackage b)
        {
            int byId = string.CompareOrdinal(a.Id, b.Id);
            return byId != 0 ? byId : string.CompareOrdinal(a.Version, b.Version);
        }
    }

    internal sealed class AssetsFormatException : FormatException
    {
        public AssetsFormatException(string message) : base(message) { }
    }
}
