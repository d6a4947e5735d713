using System;
using System.Collections.Generic;
using System.IO;

namespace Provenance.Packages
{
    /// <summary>Size and last write time of every file under a package folder: what the cache compares.</summary>
    internal sealed class FolderSnapshot
    {
        public static readonly StringComparer PathComparer =
            Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        private FolderSnapshot(Dictionary<string, FileStamp> files) => Files = files;

        /// <summary>Relative paths with '/' separators.</summary>
        public Dictionary<string, FileStamp> Files { get; }

        /// <summary>Null when the folder does not exist.</summary>
        public static FolderSnapshot? Take(string folder)
        {
            var directory = new DirectoryInfo(folder);
            if (!directory.Exists) return null;
            string root = directory.FullName.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var files = new Dictionary<string, FileStamp>(PathComparer);
#if NET
            // The raw enumeration hands out size and time without a FileInfo per file: this is the whole cost of a cached build.
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
            var entries = new System.IO.Enumeration.FileSystemEnumerable<KeyValuePair<string, FileStamp>>(directory.FullName,
                (ref System.IO.Enumeration.FileSystemEntry entry) => new KeyValuePair<string, FileStamp>(
                    Relative(entry.Directory, entry.FileName, root.Length), new FileStamp(entry.Length, entry.LastWriteTimeUtc.UtcTicks)),
                options) { ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry entry) => !entry.IsDirectory };
            foreach (var entry in entries) files[entry.Key] = entry.Value;
#else
            foreach (FileInfo file in directory.EnumerateFiles("*", SearchOption.AllDirectories))
                files[file.FullName.Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/')] = new FileStamp(file.Length, file.LastWriteTimeUtc.Ticks);
#endif
            return new FolderSnapshot(files);
        }

#if NET
        private static string Relative(ReadOnlySpan<char> directory, ReadOnlySpan<char> fileName, int rootLength)
        {
            string relative = directory.Length + 1 > rootLength
                ? string.Concat(directory.Slice(rootLength), Path.DirectorySeparatorChar.ToString().AsSpan(), fileName)
                : fileName.ToString();
            return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
        }
#endif
    }

    internal readonly struct FileStamp : IEquatable<FileStamp>
    {
        public FileStamp(long length, long lastWriteUtcTicks)
        {
            Length = length;
            LastWriteUtcTicks = lastWriteUtcTicks;
        }

        public long Length { get; }
        public long LastWriteUtcTicks { get; }

        public bool Equals(FileStamp other) => Length == other.Length && LastWriteUtcTicks == other.LastWriteUtcTicks;
        public override bool Equals(object? obj) => obj is FileStamp other && Equals(other);
        public override int GetHashCode() => Length.GetHashCode() ^ LastWriteUtcTicks.GetHashCode();
    }
}
