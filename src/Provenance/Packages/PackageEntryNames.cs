using System;

namespace Provenance.Packages
{
    /// <summary>
    /// The rules for a package entry's name. A name is used as a path when NuGet extracts the package, so anything
    /// that could escape the package folder or collide with another file is rejected; NuGet unescapes names that
    /// hold '%' (PackageArchiveReader.GetFiles), so the unescaped form is checked too.
    /// </summary>
    public static class PackageEntryNames
    {
        /// <summary>Returns null when <paramref name="name"/> is acceptable, else why it is not.</summary>
        public static string? Problem(string name)
        {
            if (string.IsNullOrEmpty(name)) return "the name is empty";
            string? problem = RawProblem(name);
            if (problem != null) return problem;
            string extracted = ExtractedName(name);
            return ReferenceEquals(extracted, name) ? null : RawProblem(extracted);
        }

        /// <summary>The relative path NuGet extracts the entry to ('%XX' sequences unescaped, as NuGet does).</summary>
        public static string ExtractedName(string name) =>
            name.IndexOf('%') >= 0 ? Uri.UnescapeDataString(name) : name;

        /// <summary>True for an entry that only names a folder (a trailing '/'); it has no content to attest.</summary>
        public static bool IsDirectory(string name) => name.EndsWith("/", StringComparison.Ordinal);

        private static string? RawProblem(string name)
        {
            foreach (char c in name)
            {
                if (c == '\0') return "it holds a NUL character";
                if (c < ' ' || c == '\u007f') return "it holds a control character";
                if (c == '\\') return "it holds a backslash";
                if (c == ':') return "it holds a ':' (a drive or an alternate data stream on Windows)";
            }
            if (name.StartsWith("/", StringComparison.Ordinal)) return "it is an absolute path";
            string trimmed = IsDirectory(name) ? name.Substring(0, name.Length - 1) : name;
            foreach (string segment in trimmed.Split('/'))
            {
                if (segment.Length == 0) return "it has an empty path segment";
                if (segment == "." || segment == "..") return "it has a '" + segment + "' path segment";
            }
            return null;
        }
    }
}
