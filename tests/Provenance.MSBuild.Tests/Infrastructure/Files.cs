using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    public static class Files
    {
        public static string Sha256Hex(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        /// <summary>Bytes and last-write time, to prove a file was not rewritten.</summary>
        public static FileSnapshot Snapshot(string path) => new FileSnapshot(path, File.ReadAllBytes(path), File.GetLastWriteTimeUtc(path));

        /// <summary>Paths relative to <paramref name="directory"/> with '/' separators, of every file below it.</summary>
        public static IReadOnlyList<string> RelativeFiles(string directory) =>
            Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/'))
                .OrderBy(path => path, StringComparer.Ordinal)
                .ToList();

        /// <summary>Moves the file's last-write time into the past, so that a rewrite shows even on coarse file-system clocks.</summary>
        public static void Age(string path) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-10));
    }

    public sealed class FileSnapshot
    {
        public FileSnapshot(string path, byte[] bytes, DateTime lastWriteTimeUtc)
        {
            Path = path;
            Bytes = bytes;
            LastWriteTimeUtc = lastWriteTimeUtc;
        }

        public string Path { get; }
        public byte[] Bytes { get; }
        public DateTime LastWriteTimeUtc { get; }

        public bool SameBytesAs(FileSnapshot other) => Bytes.AsSpan().SequenceEqual(other.Bytes);
    }
}
