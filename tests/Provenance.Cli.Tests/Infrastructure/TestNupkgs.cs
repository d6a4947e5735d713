using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Signing;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>
    /// Packages laid out the way `dotnet pack` writes them (built with System.IO.Compression), attested with
    /// PackageAttestation.Attest as the pack task does, and restored folders laid out the way NuGet's restore does.
    /// </summary>
    internal static class TestNupkgs
    {
        public const string Repository = "https://github.com/acme/lib";
        private static readonly DateTimeOffset EntryTime = new DateTimeOffset(2024, 1, 2, 3, 4, 6, TimeSpan.Zero);

        /// <summary>Writes &lt;folder&gt;/&lt;id&gt;.&lt;version&gt;.nupkg without provenance.</summary>
        public static string Create(string folder, string id = "Acme.Lib", string version = "1.2.3")
        {
            string path = Path.Combine(folder, id + "." + version + ".nupkg");
            var files = new List<KeyValuePair<string, byte[]>>
            {
                Text("_rels/.rels", "<?xml version=\"1.0\" encoding=\"utf-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\" />"),
                Text(id + ".nuspec",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\">\n" +
                    $"  <metadata>\n    <id>{id}</id>\n    <version>{version}</version>\n    <authors>Acme</authors>\n    <description>Test.</description>\n  </metadata>\n</package>"),
                new KeyValuePair<string, byte[]>("lib/net10.0/" + id + ".dll", Bytes(id + version, 20_000)),
                Text("lib/net10.0/" + id + ".xml", "<doc><assembly><name>" + id + "</name></assembly></doc>"),
                Text("[Content_Types].xml",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\n" +
                    "  <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\" />\n" +
                    "  <Default Extension=\"psmdcp\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\" />\n" +
                    "  <Default Extension=\"dll\" ContentType=\"application/octet\" />\n" +
                    "  <Default Extension=\"nuspec\" ContentType=\"application/octet\" />\n" +
                    "  <Default Extension=\"xml\" ContentType=\"application/octet\" />\n</Types>"),
                Text("package/services/metadata/core-properties/0123456789abcdef.psmdcp", "<coreProperties />"),
            };
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

        /// <summary>A package with its embedded statement and the bundle beside it, signed by <paramref name="signer"/>.</summary>
        public static string CreateAttested(string folder, ISigner signer, string id = "Acme.Lib", string version = "1.2.3", string keySource = "file")
        {
            string path = Create(folder, id, version);
            PackageAttestation.Attest(path, PackageStatements.Factory(Predicate(keySource), signer));
            return path;
        }

        /// <summary>A SLSA predicate as the generator writes it, with the fields the consumer policy reads.</summary>
        public static JsonObject Predicate(string keySource = "file")
        {
            var external = new JsonObject()
                .Add("project", "src/Acme.Lib/Acme.Lib.csproj")
                .Add("source", new JsonObject().Add("uri", "git+" + Repository + "@refs/heads/main").Add("digest", new JsonObject().Add("gitCommit", new string('a', 40))));
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

        /// <summary>Adds (or replaces) one entry of the package in place: the tampering an attacker would do.</summary>
        public static void SetEntry(string nupkg, string name, byte[] content)
        {
            using (ZipArchive zip = ZipFile.Open(nupkg, ZipArchiveMode.Update))
            {
                zip.GetEntry(name)?.Delete();
                ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTime;
                using (Stream s = entry.Open()) s.Write(content, 0, content.Length);
            }
        }

        public static void RemoveEntry(string nupkg, string name)
        {
            using (ZipArchive zip = ZipFile.Open(nupkg, ZipArchiveMode.Update))
                (zip.GetEntry(name) ?? throw new InvalidOperationException("no entry " + name)).Delete();
        }

        /// <summary>
        /// Lays the package out as NuGet's restore does under &lt;root&gt;/&lt;id lowercase&gt;/&lt;version&gt;/ (see
        /// NuGetFolderLayout in the core): extracted files, the nupkg copy, .nupkg.sha512 and .nupkg.metadata.
        /// Returns the base64 sha512 the assets file records.
        /// </summary>
        public static string Restore(string nupkg, string packagesRoot, string id, string version)
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
            File.WriteAllText(copy + ".sha512", Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(copy))));
            string contentHash = PackageContentHash.ComputeBase64(copy);
            File.WriteAllText(Path.Combine(folder, ".nupkg.metadata"),
                "{\n  \"version\": 2,\n  \"contentHash\": \"" + contentHash + "\",\n  \"source\": \"/feed\"\n}");
            return contentHash;
        }

        public static string WritePublicKey(string path, SigningKey key)
        {
            File.WriteAllText(path, key.PublicKey.ToPem());
            return path;
        }

        public static byte[] Bytes(string seed, int length)
        {
            var result = new byte[length];
            byte[] block = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
            for (int i = 0; i < length; i++)
            {
                if (i % 32 == 0 && i > 0) block = SHA256.HashData(block);
                result[i] = block[i % 32];
            }
            return result;
        }

        private static KeyValuePair<string, byte[]> Text(string name, string text) =>
            new KeyValuePair<string, byte[]>(name, Encoding.UTF8.GetBytes(text));
    }
}
