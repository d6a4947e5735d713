using System;
using System.IO;
using System.IO.Compression;
using NuGet.Packaging;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    /// <summary>
    /// Lays a package out the way NuGet's restore does (see RealPackageTests for the real thing), with the
    /// content hash computed by NuGet.Packaging itself.
    /// </summary>
    internal static class FakeRestore
    {
        public static RestoredPackageFolder Extract(string nupkg, string packagesRoot, string id, string version)
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
                    string target = name.IndexOf('/') < 0 && name.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)
                        ? id.ToLowerInvariant() + ".nuspec"
                        : name;
                    string path = Path.Combine(folder, target);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    entry.ExtractToFile(path, overwrite: true);
                }
            }
            string copy = Path.Combine(folder, (id + "." + version + ".nupkg").ToLowerInvariant());
            File.Copy(nupkg, copy, overwrite: true);
            string sha512 = Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(File.ReadAllBytes(copy)));
            File.WriteAllText(copy + ".sha512", sha512);
            string contentHash;
            using (var reader = new PackageArchiveReader(copy))
                contentHash = reader.GetContentHash(default, () => sha512);
            File.WriteAllText(Path.Combine(folder, ".nupkg.metadata"),
                "{\n  \"version\": 2,\n  \"contentHash\": \"" + contentHash + "\",\n  \"source\": \"/feed\"\n}");
            return new RestoredPackageFolder(id, version, folder);
        }
    }
}
