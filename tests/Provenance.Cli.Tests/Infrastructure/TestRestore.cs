using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>
    /// A hand-laid restore: packages under &lt;root&gt;/packages laid out as NuGet restores them, and a minimal
    /// project.assets.json (targets, libraries with type/path/sha512, packageFolders, project.frameworks).
    /// </summary>
    internal sealed class TestRestore
    {
        private readonly Dictionary<string, (string Id, string Version, string Sha512)> _libraries = new Dictionary<string, (string, string, string)>();
        private readonly Dictionary<string, List<string>> _targets = new Dictionary<string, List<string>>();

        public TestRestore(string root)
        {
            Root = root;
            PackagesRoot = Directory.CreateDirectory(Path.Combine(root, "packages")).FullName;
            Feed = Directory.CreateDirectory(Path.Combine(root, "feed")).FullName;
        }

        public string Root { get; }
        public string PackagesRoot { get; }
        public string Feed { get; }
        public string AssetsFile => Path.Combine(Root, "obj", "project.assets.json");

        public string FolderOf(string id, string version) => Path.Combine(PackagesRoot, id.ToLowerInvariant(), version.ToLowerInvariant());

        /// <summary>Packs (attested when <paramref name="signer"/> is given), restores, and lists the package under the targets.</summary>
        public TestRestore Add(string id, string version, ISigner? signer, params string[] targets)
        {
            string feedFolder = Directory.CreateDirectory(Path.Combine(Feed, id + "." + version)).FullName;
            string nupkg = signer != null ? TestNupkgs.CreateAttested(feedFolder, signer, id, version) : TestNupkgs.Create(feedFolder, id, version);
            string sha512 = TestNupkgs.Restore(nupkg, PackagesRoot, id, version);
            _libraries[id + "/" + version] = (id, version, sha512);
            foreach (string target in targets)
            {
                if (!_targets.TryGetValue(target, out List<string>? list)) _targets[target] = list = new List<string>();
                list.Add(id + "/" + version);
            }
            return this;
        }

        public string WriteAssets()
        {
            var targets = new JsonObject();
            foreach (var target in _targets)
            {
                var entries = new JsonObject();
                foreach (string key in target.Value) entries.Add(key, new JsonObject().Add("type", "package"));
                targets.Add(target.Key, entries);
            }
            var libraries = new JsonObject();
            foreach (var library in _libraries)
            {
                libraries.Add(library.Key, new JsonObject()
                    .Add("sha512", library.Value.Sha512)
                    .Add("type", "package")
                    .Add("path", library.Value.Id.ToLowerInvariant() + "/" + library.Value.Version.ToLowerInvariant())
                    .Add("files", new JsonArray()));
            }
            var frameworks = new JsonObject();
            foreach (string target in _targets.Keys.Where(t => t.IndexOf('/') < 0))
                frameworks.Add(target, new JsonObject().Add("targetAlias", target));
            JsonObject root = new JsonObject()
                .Add("version", 3)
                .Add("targets", targets)
                .Add("libraries", libraries)
                .Add("packageFolders", new JsonObject().Add(PackagesRoot + Path.DirectorySeparatorChar, new JsonObject()))
                .Add("project", new JsonObject().Add("version", "1.0.0").Add("frameworks", frameworks));
            Directory.CreateDirectory(Path.GetDirectoryName(AssetsFile)!);
            File.WriteAllBytes(AssetsFile, JsonWriter.ToUtf8Bytes(root, indented: true));
            return AssetsFile;
        }
    }
}
