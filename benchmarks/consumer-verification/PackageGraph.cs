using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Signing;

namespace ConsumerVerification
{
    /// <summary>
    /// A graph of attested packages: each packed like `dotnet pack` lays a package out, attested with the producer
    /// API (PackageAttestation.Attest with a PackageStatements factory and an Ed25519 key), kept in a folder feed,
    /// and extracted the way NuGet's restore leaves it (see tests/Provenance.Tests/Packages/FakeRestore.cs and
    /// RealPackageTests.cs): files without the OPC parts, the nuspec as &lt;id lowercase&gt;.nuspec, the nupkg copy,
    /// its .sha512 and a .nupkg.metadata whose contentHash is PackageContentHash's (what NuGet records).
    /// </summary>
    internal sealed class PackageGraph
    {
        public const string Repository = "https://github.com/bench/packages";
        private static readonly DateTimeOffset EntryTime = new DateTimeOffset(2024, 1, 2, 3, 4, 6, TimeSpan.Zero);

        private PackageGraph(string work, IReadOnlyList<RestoredPackageFolder> folders, SigningKey key)
        {
            Work = work;
            Folders = folders;
            Key = key;
        }

        public string Work { get; }
        public string Feed => Path.Combine(Work, "feed");
        public string PackagesRoot => Path.Combine(Work, "packages");

        /// <summary>A project.assets.json restoring every package of the graph for net10.0 from <see cref="PackagesRoot"/>: what the gate reads.</summary>
        public string AssetsFile => Path.Combine(Work, "obj", "project.assets.json");
        public string PublicKeyPath => Path.Combine(Work, "bench.pub.pem");
        public string PrivateKeyPath => Path.Combine(Work, "bench.pem");
        public IReadOnlyList<RestoredPackageFolder> Folders { get; }
        public SigningKey Key { get; }

        public static string Id(int index) => "Bench.Package" + index.ToString("D3");
        public static string Version(int index) => "1." + (index % 7) + "." + index;

        public static PackageGraph Create(string work, int count)
        {
            var key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            Directory.CreateDirectory(work);
            File.WriteAllText(Path.Combine(work, "bench.pub.pem"), key.PublicKey.ToPem());
            File.WriteAllText(Path.Combine(work, "bench.pem"), key.ToPkcs8Pem(null));
            var graph = new PackageGraph(work, new RestoredPackageFolder[count], key);
            Directory.CreateDirectory(graph.Feed);
            var folders = (RestoredPackageFolder[])graph.Folders;
            Parallel.For(0, count, i =>
            {
                string nupkg = Pack(graph.Feed, Id(i), Version(i), new Random(i));
                PackageAttestation.Attest(nupkg, PackageStatements.Factory(Predicate(i), key));
                folders[i] = Extract(nupkg, graph.PackagesRoot, Id(i), Version(i));
            });
            WriteAssets(graph);
            return graph;
        }

        /// <summary>Re-opens a graph a parent process created (the child process measurements).</summary>
        public static PackageGraph Open(string work, int count)
        {
            var folders = Enumerable.Range(0, count)
                .Select(i => new RestoredPackageFolder(Id(i), Version(i), Path.Combine(work, "packages", Id(i).ToLowerInvariant(), Version(i))))
                .ToList();
            return new PackageGraph(work, folders, null!);
        }

        public static ProvenancePolicy Policy(IReadOnlyList<TrustedKey> keys) =>
            ProvenancePolicy.Create(new[] { new ProvenancePolicyItem("*") { Require = "true", SourceRepository = Repository } }, keys);

        /// <summary>The assets file NuGet would write for a project referencing every package (targets, libraries, packageFolders).</summary>
        private static void WriteAssets(PackageGraph graph)
        {
            var target = new JsonObject();
            var libraries = new JsonObject();
            for (int i = 0; i < graph.Folders.Count; i++)
            {
                string key = Id(i) + "/" + Version(i);
                target.Add(key, new JsonObject().Add("type", "package"));
                libraries.Add(key, new JsonObject().Add("type", "package").Add("path", Id(i).ToLowerInvariant() + "/" + Version(i).ToLowerInvariant()));
            }
            JsonObject root = new JsonObject()
                .Add("version", 3)
                .Add("targets", new JsonObject().Add("net10.0", target))
                .Add("libraries", libraries)
                .Add("packageFolders", new JsonObject().Add(graph.PackagesRoot + Path.DirectorySeparatorChar, new JsonObject()))
                .Add("project", new JsonObject().Add("version", "1.0.0").Add("frameworks", new JsonObject().Add("net10.0", new JsonObject())));
            Directory.CreateDirectory(Path.GetDirectoryName(graph.AssetsFile)!);
            File.WriteAllBytes(graph.AssetsFile, JsonWriter.ToUtf8Bytes(root, indented: true));
        }

        private static string Pack(string feed, string id, string version, Random random)
        {
            var files = new List<KeyValuePair<string, byte[]>>
            {
                Text("_rels/.rels", "<?xml version=\"1.0\" encoding=\"utf-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                    "<Relationship Type=\"http://schemas.microsoft.com/packaging/2010/07/manifest\" Target=\"/" + id + ".nuspec\" Id=\"R1\" /></Relationships>"),
                Text(id + ".nuspec", Nuspec(id, version)),
            };
            // 2 to 4 assemblies: one or two assembly names, each built for net8.0 and net10.0; the main one with its docs.
            int names = random.Next(1, 3);
            foreach (string tfm in new[] { "net8.0", "net10.0" })
            {
                for (int n = 0; n < names; n++)
                {
                    string name = n == 0 ? id : id + ".Extensions";
                    files.Add(new KeyValuePair<string, byte[]>($"lib/{tfm}/{name}.dll", Bytes(random, random.Next(20_000, 200_001))));
                }
                files.Add(Text($"lib/{tfm}/{id}.xml", XmlDoc(id, random)));
            }
            files.Add(Text("[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\" />" +
                "<Default Extension=\"psmdcp\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\" />" +
                "<Default Extension=\"dll\" ContentType=\"application/octet\" />" +
                "<Default Extension=\"xml\" ContentType=\"application/octet\" />" +
                "<Default Extension=\"nuspec\" ContentType=\"application/octet\" /></Types>"));
            files.Add(Text("package/services/metadata/core-properties/" + Guid.NewGuid().ToString("N") + ".psmdcp", "<coreProperties />"));

            string path = Path.Combine(feed, id + "." + version + ".nupkg");
            using (var stream = new FileStream(path, FileMode.Create))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                foreach (var file in files)
                {
                    ZipArchiveEntry entry = zip.CreateEntry(file.Key, CompressionLevel.Optimal);
                    entry.LastWriteTime = EntryTime;
                    using (Stream s = entry.Open()) s.Write(file.Value, 0, file.Value.Length);
                }
            }
            return path;
        }

        private static string Nuspec(string id, string version) =>
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\">\n" +
            $"  <metadata>\n    <id>{id}</id>\n    <version>{version}</version>\n    <authors>Bench</authors>\n" +
            "    <license type=\"expression\">MIT</license>\n    <licenseUrl>https://licenses.nuget.org/MIT</licenseUrl>\n" +
            $"    <description>Benchmark package {id}.</description>\n" +
            $"    <repository type=\"git\" url=\"{Repository}\" commit=\"{new string('a', 40)}\" />\n" +
            "    <dependencies>\n      <group targetFramework=\"net8.0\" />\n      <group targetFramework=\"net10.0\" />\n    </dependencies>\n" +
            "  </metadata>\n</package>";

        private static string XmlDoc(string id, Random random)
        {
            var doc = new StringBuilder("<?xml version=\"1.0\"?>\n<doc>\n  <assembly><name>" + id + "</name></assembly>\n  <members>\n");
            int members = random.Next(50, 400);
            for (int m = 0; m < members; m++)
                doc.Append("    <member name=\"M:").Append(id).Append(".Type").Append(m % 17).Append(".Method").Append(m)
                    .Append("(System.String)\"><summary>Does thing number ").Append(m).Append(" with the given value.</summary></member>\n");
            return doc.Append("  </members>\n</doc>\n").ToString();
        }

        /// <summary>A predicate shaped like the generator's, with the source the policy checks.</summary>
        private static JsonObject Predicate(int index)
        {
            var dependencies = new JsonArray();
            for (int d = 0; d < 8; d++)
                dependencies.Add(new JsonObject().Add("uri", $"pkg:nuget/Some.Dependency{d}@{d}.0.0")
                    .Add("digest", new JsonObject().Add("sha512", new string((char)('a' + d), 128))));
            return new JsonObject()
                .Add("buildDefinition", new JsonObject()
                    .Add("buildType", "https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/buildtype-v1.md")
                    .Add("externalParameters", new JsonObject()
                        .Add("project", $"src/{Id(index)}/{Id(index)}.csproj")
                        .Add("source", new JsonObject().Add("uri", "git+" + Repository + "@refs/heads/main")
                            .Add("digest", new JsonObject().Add("gitCommit", new string('a', 40)))))
                    .Add("internalParameters", new JsonObject().Add("signingKeySource", "file"))
                    .Add("resolvedDependencies", dependencies))
                .Add("runDetails", new JsonObject()
                    .Add("builder", new JsonObject().Add("id", "https://example.test/builder"))
                    .Add("metadata", new JsonObject().Add("startedOn", "2024-01-02T03:04:05Z").Add("finishedOn", "2024-01-02T03:04:06Z")));
        }

        private static RestoredPackageFolder Extract(string nupkg, string packagesRoot, string id, string version)
        {
            string folder = Path.Combine(packagesRoot, id.ToLowerInvariant(), version.ToLowerInvariant());
            Directory.CreateDirectory(folder);
            using (ZipArchive zip = ZipFile.OpenRead(nupkg))
            {
                foreach (ZipArchiveEntry entry in zip.Entries)
                {
                    string name = Uri.UnescapeDataString(entry.FullName);
                    string fileName = Path.GetFileName(name);
                    if (fileName == ".rels" || fileName == "[Content_Types].xml" || Path.GetExtension(name) == ".psmdcp") continue;
                    string target = name.IndexOf('/') < 0 && name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) ? id.ToLowerInvariant() + ".nuspec" : name;
                    string path = Path.Combine(folder, target);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    entry.ExtractToFile(path, overwrite: true);
                }
            }
            string copy = Path.Combine(folder, (id + "." + version + ".nupkg").ToLowerInvariant());
            File.Copy(nupkg, copy, overwrite: true);
            string contentHash = PackageContentHash.ComputeBase64(copy);
            File.WriteAllText(copy + ".sha512", contentHash);
            File.WriteAllText(Path.Combine(folder, ".nupkg.metadata"),
                "{\n  \"version\": 2,\n  \"contentHash\": \"" + contentHash + "\",\n  \"source\": \"" + Path.GetDirectoryName(nupkg) + "\"\n}");
            return new RestoredPackageFolder(id, version, folder);
        }

        private static KeyValuePair<string, byte[]> Text(string name, string text) => new KeyValuePair<string, byte[]>(name, Encoding.UTF8.GetBytes(text));

        private static byte[] Bytes(Random random, int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }
    }
}
