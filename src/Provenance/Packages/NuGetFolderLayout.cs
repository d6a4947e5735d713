using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Provenance.Packages
{
    /// <summary>
    /// Which file NuGet's restore writes for each package entry (PackageExtractor.InstallFromSourceAsync with
    /// ShouldInclude, NuGet.Client 6.x/7.x, and a real restore): every entry under its '%'-unescaped name except
    /// any '.rels', any '[Content_Types].xml', any '*.psmdcp' and root '*.nupkg'; the root nuspec becomes
    /// '&lt;id lowercase&gt;.nuspec'; '.signature.p7s' is extracted like any file. Beside them NuGet writes its own
    /// bookkeeping: '&lt;id&gt;.&lt;version&gt;.nupkg', '.nupkg.sha512' and '.nupkg.metadata' (names lowercase).
    /// </summary>
    internal static class NuGetFolderLayout
    {
        public const string MetadataFileName = ".nupkg.metadata";

        public static string PackageFileName(string id, string version) => (id + "." + version + ".nupkg").ToLowerInvariant();

        public static string HashFileName(string id, string version) => PackageFileName(id, version) + ".sha512";

        public static string NuspecFileName(string id) => id.ToLowerInvariant() + ".nuspec";

        /// <summary>True for a root '*.nuspec' entry: NuGet extracts the package's manifest as &lt;id&gt;.nuspec.</summary>
        public static bool IsRootNuspec(string extractedName) =>
            extractedName.IndexOf('/') < 0 && extractedName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase);

        /// <summary>The folder-relative path NuGet writes the entry to, or null when NuGet leaves it in the nupkg.</summary>
        public static string? ExtractedPath(string entryName, string id, string version)
        {
            string name = PackageEntryNames.ExtractedName(entryName);
            int slash = name.LastIndexOf('/');
            string fileName = slash < 0 ? name : name.Substring(slash + 1);
            if (fileName == ".rels" || fileName == ContentTypes.EntryName) return null;
            if (Path.GetExtension(fileName) == ".psmdcp") return null;
            bool root = slash < 0;
            if (root && IsRootNuspec(name)) return NuspecFileName(id);
            if (root && name.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase)) return null;
            if (string.Equals(name, HashFileName(id, version), StringComparison.OrdinalIgnoreCase)) return null;
            if (string.Equals(name, MetadataFileName, StringComparison.OrdinalIgnoreCase)) return null;
            return name;
        }

        /// <summary>
        /// Names of files NuGet (or signing) adds to a restored folder that no statement can list. By name only: for
        /// '.signature.p7s' that is not enough (any bytes could ride along under that name), so a folder check must
        /// use the overload that also looks at the signature file.
        /// </summary>
        public static bool IsBookkeeping(string relativePath, string id, string version) =>
            relativePath == MetadataFileName ||
            relativePath == PackageAttestation.NuGetSignatureEntryName ||
            relativePath == PackageAttestation.EmbeddedBundleEntryName ||
            string.Equals(relativePath, PackageFileName(id, version), StringComparison.OrdinalIgnoreCase) ||
            string.Equals(relativePath, HashFileName(id, version), StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// True when <paramref name="relativePath"/> (present in <paramref name="packageFolder"/>, not listed by the
        /// statement) is a file NuGet or signing adds. '.signature.p7s' qualifies only when it is a CMS SignedData
        /// structure (<see cref="NuGetSignatureFile"/>); when it is not, this returns false with the tamper reason
        /// (naming '.signature.p7s') in <paramref name="problem"/>. Any other file that is not bookkeeping: false, null.
        /// </summary>
        public static bool IsBookkeeping(string packageFolder, string relativePath, string id, string version, out string? problem)
        {
            problem = null;
            if (!IsBookkeeping(relativePath, id, version)) return false;
            if (relativePath != NuGetSignatureFile.FileName) return true;
            string? notASignature = NuGetSignatureFile.FileProblem(Path.Combine(packageFolder, NuGetSignatureFile.FileName));
            if (notASignature == null) return true;
            problem = NuGetSignatureFile.Reason(notASignature);
            return false;
        }

        /// <summary>
        /// IntelliSense XML files beside a lib/ or ref/ assembly (PackageFileExtractor): with NUGET_XMLDOC_MODE=skip
        /// NuGet does not extract them, with =compress it writes '&lt;name&gt;.xml.zip' instead.
        /// </summary>
        public static HashSet<string> XmlDocFiles(IEnumerable<string> extractedNames)
        {
            var libAndRef = extractedNames.Where(f => f.StartsWith("lib/", StringComparison.OrdinalIgnoreCase) || f.StartsWith("ref/", StringComparison.OrdinalIgnoreCase)).ToList();
            var byName = new HashSet<string>(libAndRef, StringComparer.OrdinalIgnoreCase);
            var result = new HashSet<string>(StringComparer.Ordinal);
            foreach (string file in libAndRef)
            {
                if (!file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) continue;
                string stem = file.Substring(0, file.Length - 4);
                if (byName.Contains(stem + ".dll") || byName.Contains(stem + ".resources.dll") || HasAssemblyInParent(file, libAndRef))
                    result.Add(file);
            }
            return result;
        }

        /// <summary>ref/net45/fr/MyBinary.xml documents ref/net45/MyBinary.dll.</summary>
        private static bool HasAssemblyInParent(string file, List<string> libAndRef)
        {
            int fileSeparator = file.LastIndexOf('/');
            int directorySeparator = fileSeparator > 0 ? file.LastIndexOf('/', fileSeparator - 1) : -1;
            if (directorySeparator < 0) return false;
            string parent = file.Substring(0, directorySeparator) + file.Substring(fileSeparator);
            return libAndRef.Contains(parent.Substring(0, parent.Length - 4) + ".dll", StringComparer.Ordinal);
        }
    }
}
