using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Signing;

namespace Provenance.Tests.Packages
{
    /// <summary>A temporary folder for one test, deleted afterwards.</summary>
    internal sealed class Scratch : IDisposable
    {
        public Scratch()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "prov-pkg-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Packages laid out the way `dotnet pack` writes them, built with System.IO.Compression.</summary>
    internal static class TestPackages
    {
        public const string ContentTypesWithoutJson =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\n" +
            "  <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\" />\n" +
            "  <Default Extension=\"psmdcp\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\" />\n" +
            "  <Default Extension=\"dll\" ContentType=\"application/octet\" />\n" +
            "  <Default Extension=\"nuspec\" ContentType=\"application/octet\" />\n" +
            "  <Default Extension=\"xml\" ContentType=\"application/octet\" />\n</Types>";

        public static string Nuspec(string id, string version) =>
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\">\n" +
            $"  <metadata>\n    <id>{id}</id>\n    <version>{version}</version>\n    <authors>Acme</authors>\n    <description>Test.</description>\n  </metadata>\n</package>";

        /// <summary>Writes &lt;id&gt;.&lt;version&gt;.nupkg into <paramref name="folder"/> with a dll, its xml docs and <paramref name="extra"/> files.</summary>
        public static string Create(string folder, string id = "Acme.Lib", string version = "1.2.3",
            IDictionary<string, byte[]>? extra = null, string? contentTypes = null)
        {
            string path = Path.Combine(folder, id + "." + version + ".nupkg");
            var files = new List<KeyValuePair<string, byte[]>>
            {
                Entry("_rels/.rels", "<?xml version=\"1.0\" encoding=\"utf-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\" />"),
                Entry(id + ".nuspec", Nuspec(id, version)),
                new KeyValuePair<string, byte[]>("lib/net10.0/" + id + ".dll", Bytes(id + version, 20_000)),
                Entry("lib/net10.0/" + id + ".xml", "<doc><assembly><name>" + id + "</name></assembly></doc>"),
            };
            if (extra != null) files.AddRange(extra);
            files.Add(Entry("[Content_Types].xml", contentTypes ?? ContentTypesWithoutJson));
            files.Add(Entry("package/services/metadata/core-properties/0123456789abcdef.psmdcp", "<coreProperties />"));
            WriteZip(path, files);
            return path;
        }

        public static void WriteZip(string path, IEnumerable<KeyValuePair<string, byte[]>> files)
        {
            using (var stream = new FileStream(path, FileMode.Create))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                foreach (var file in files)
                {
                    ZipArchiveEntry entry = zip.CreateEntry(file.Key, CompressionLevel.Optimal);
                    entry.LastWriteTime = new DateTimeOffset(2024, 1, 2, 3, 4, 6, TimeSpan.Zero);
                    using (Stream s = entry.Open()) s.Write(file.Value, 0, file.Value.Length);
                }
            }
        }

        public static KeyValuePair<string, byte[]> Entry(string name, string text) =>
            new KeyValuePair<string, byte[]>(name, Encoding.UTF8.GetBytes(text));

        /// <summary>Deterministic pseudo-random bytes (an incompressible "assembly").</summary>
        public static byte[] Bytes(string seed, int length)
        {
            var result = new byte[length];
            using (SHA256 sha = SHA256.Create())
            {
                byte[] block = sha.ComputeHash(Encoding.UTF8.GetBytes(seed));
                for (int i = 0; i < length; i++)
                {
                    if (i % 32 == 0 && i > 0) block = sha.ComputeHash(block);
                    result[i] = block[i % 32];
                }
            }
            return result;
        }

        public static Dictionary<string, byte[]> Entries(string nupkg)
        {
            using (ZipArchive zip = ZipFile.OpenRead(nupkg))
                return zip.Entries.ToDictionary(e => e.FullName, e =>
                {
                    using (Stream s = e.Open()) using (var m = new MemoryStream()) { s.CopyTo(m); return m.ToArray(); }
                });
        }
    }

    /// <summary>Predicates as the generator writes them, with the fields the consumer policy reads.</summary>
    internal static class TestPredicates
    {
        public const string Repository = "https://github.com/acme/lib";

        public static JsonObject Create(string? sourceUri = "git+" + Repository + "@refs/heads/main", string keySource = "file")
        {
            var external = new JsonObject().Add("project", "src/Acme.Lib/Acme.Lib.csproj");
            if (sourceUri != null)
                external.Add("source", new JsonObject().Add("uri", sourceUri).Add("digest", new JsonObject().Add("gitCommit", new string('a', 40))));
            return new JsonObject()
                .Add("buildDefinition", new JsonObject()
                    .Add("buildType", "https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/buildtype-v1.md")
                    .Add("externalParameters", external)
                    .Add("internalParameters", new JsonObject().Add("signingKeySource", keySource))
                    .Add("resolvedDependencies", new JsonArray()))
                .Add("runDetails", new JsonObject()
                    .Add("builder", new JsonObject().Add("id", "https://example.test/builder"))
                    .Add("metadata", new JsonObject().Add("startedOn", "2024-01-02T03:04:05Z").Add("finishedOn", "2024-01-02T03:04:06Z")));
        }

        public static PackageBundleFactory Factory(ISigner signer, JsonObject? predicate = null) =>
            PackageStatements.Factory(predicate ?? Create(), signer);
    }

    /// <summary>Test keys, generated once per run.</summary>
    internal static class PackageKeys
    {
        private static readonly Lazy<SigningKey> LazyAcme = new Lazy<SigningKey>(() => SigningKey.Generate(KeyAlgorithm.Ed25519));
        private static readonly Lazy<SigningKey> LazyOther = new Lazy<SigningKey>(() => SigningKey.Generate(KeyAlgorithm.Ed25519));

        public static SigningKey Acme => LazyAcme.Value;
        public static SigningKey Other => LazyOther.Value;

        public static IReadOnlyList<TrustedKey> Trusted(params SigningKey[] keys) =>
            keys.Select(k => new TrustedKey(k.PublicKey, null)).ToList();
    }
}
