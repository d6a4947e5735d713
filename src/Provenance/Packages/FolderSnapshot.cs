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

        private FolderSnapshot(SortedDictionary<string, FileStamp> files) => Files = files;

        /// <summary>Relative paths with '/' separators.</summary>
        public SortedDictionary<string, FileStamp> Files { get; }

        /// <summary>Null when the folder does not exist.</summary>
        public static FolderSnapshot? Take(string folder)
        {
            var directory = new DirectoryInfo(folder);
            if (!directory.Exists) return null;
            string root = directory.FullName.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var files = new SortedDictionary<string, FileStamp>(PathComparer);
            // The enumeration already carries each file's size and time: no extra stat per file.
            foreach (FileInfo file in directory.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                string relative = file.FullName.Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/');
                files[relative] = new FileStamp(file.Length, file.LastWriteTimeUtc.Ticks);
            }
            return new FolderSnapshot(files);
        }
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
