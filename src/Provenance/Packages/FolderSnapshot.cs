using System;
using System.Collections.Generic;
using System.IO;

namespace Provenance.Packages
{
    /// <summary>
    /// Size, last write time and change stamp (<see cref="FileChangeStamp"/>) of every file under a package folder:
    /// what the cache and the no-op stamp compare.
    /// </summary>
    internal sealed class FolderSnapshot
    {
        public static readonly StringComparer PathComparer =
            Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        private FolderSnapshot(Dictionary<string, FileStamp> files) => Files = files;

        /// <summary>Relative paths with '/' separators.</summary>
        public Dictionary<string, FileStamp> Files { get; }

        /// <summary>False when a file has no change stamp: such a snapshot can prove nothing about the folder as a whole.</summary>
        public bool IsFullyStamped
        {
            get
            {
                foreach (FileStamp file in Files.Values)
                    if (!file.Change.IsKnown) return false;
                return true;
            }
        }

        /// <summary>Null when the folder does not exist.</summary>
        public static FolderSnapshot? Take(string folder)
        {
            var directory = new DirectoryInfo(folder);
            if (!directory.Exists) return null;
            string root = directory.FullName.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var files = new Dictionary<string, FileStamp>(PathComparer);
#if NET
            // The raw enumeration hands out names, sizes and times without a FileInfo per file; the change stamp then
            // costs one stat call per file, which is the price of not trusting times a user can set.
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
            var entries = new System.IO.Enumeration.FileSystemEnumerable<(string Relative, long Length, long Ticks)>(directory.FullName,
                (ref System.IO.Enumeration.FileSystemEntry entry) =>
                    (Relative(entry.Directory, entry.FileName, root.Length), entry.Length, entry.LastWriteTimeUtc.UtcTicks),
                options) { ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry entry) => !entry.IsDirectory };
            foreach (var (relative, length, ticks) in entries)
                files[relative] = FileChangeStamp.Read(root + Native(relative), length, ticks);
#else
            foreach (FileInfo file in directory.EnumerateFiles("*", SearchOption.AllDirectories))
                files[file.FullName.Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/')] =
                    FileChangeStamp.Read(file.FullName, file.Length, file.LastWriteTimeUtc.Ticks);
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

        private static string Native(string relative) =>
            Path.DirectorySeparatorChar == '/' ? relative : relative.Replace('/', Path.DirectorySeparatorChar);
#endif
    }

    internal readonly struct FileStamp
    {
        public FileStamp(long length, long lastWriteUtcTicks, FileChangeStamp change)
        {
            Length = length;
            LastWriteUtcTicks = lastWriteUtcTicks;
            Change = change;
        }

        public long Length { get; }
        public long LastWriteUtcTicks { get; }
        public FileChangeStamp Change { get; }

        /// <summary>Evidence that the file is unchanged: everything equal, and a change stamp on both sides.</summary>
        public bool Matches(FileStamp other) =>
            Length == other.Length && LastWriteUtcTicks == other.LastWriteUtcTicks && Change.Matches(other.Change);
    }
}
