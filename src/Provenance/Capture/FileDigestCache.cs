using System;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;

namespace Provenance.Capture
{
    /// <summary>
    /// Hashes files once per build process: a source file shared by many projects, or an analyzer every
    /// project loads, is read once. An entry is reused only while the file's full path, length and last
    /// write time (UTC) are unchanged. Thread-safe: MSBuild runs projects in parallel in one node.
    /// </summary>
    public sealed class FileDigestCache
    {
        // Large sequential reads keep hashing near SHA-256 throughput instead of paying a syscall per 4 KiB; a file
        // smaller than that gets a buffer of its own size (one read), not a 1 MiB one: a project's hundreds of small
        // sources each allocating 1 MiB on the large object heap cost more than hashing them.
        private const int MaxBufferSize = 1024 * 1024;
        private const int MinBufferSize = 4096;

        private readonly ConcurrentDictionary<string, Entry> _sha256 = new ConcurrentDictionary<string, Entry>(PathComparer);
        private readonly ConcurrentDictionary<string, Entry> _sha512 = new ConcurrentDictionary<string, Entry>(PathComparer);

        private static StringComparer PathComparer =>
            Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        /// <summary>Lowercase hex SHA-256 of the file. Throws PROV1011 naming the file when it cannot be read.</summary>
        public string Sha256Hex(string path) => Digest(path, _sha256, SHA256.Create);

        /// <summary>Lowercase hex SHA-512 (the NuGet content hash of an unsigned .nupkg).</summary>
        public string Sha512Hex(string path) => Digest(path, _sha512, SHA512.Create);

        /// <summary>Number of cached entries (for diagnostics and tests).</summary>
        public int Count => _sha256.Count + _sha512.Count;

        private static string Digest(string path, ConcurrentDictionary<string, Entry> cache, Func<HashAlgorithm> createAlgorithm)
        {
            if (string.IsNullOrEmpty(path)) throw new ArgumentException("A file path is required.", nameof(path));
            string fullPath;
            try { fullPath = Path.GetFullPath(path); }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException)
            {
                throw Unreadable(path, e);
            }

            Stamp before = Stamp.Of(fullPath);
            if (cache.TryGetValue(fullPath, out Entry cached) && cached.Stamp.Equals(before)) return cached.Hex;

            string hex;
            try
            {
                int bufferSize = (int)Math.Min(MaxBufferSize, Math.Max(MinBufferSize, before.Length + 1));
                using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize, FileOptions.SequentialScan))
                using (HashAlgorithm algorithm = createAlgorithm())
                {
                    hex = HexEncoding.ToLowerHex(algorithm.ComputeHash(stream));
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw Unreadable(fullPath, e);
            }

            // A file rewritten while we read it gets no entry: the next call hashes it again.
            if (Stamp.Of(fullPath).Equals(before)) cache[fullPath] = new Entry(before, hex);
            return hex;
        }

        private static ProvenanceException Unreadable(string path, Exception? inner) =>
            new ProvenanceException(DiagnosticCodes.InputFileUnreadable, $"Cannot hash '{path}': {inner?.Message ?? "the file does not exist."}", inner);

        private readonly struct Entry
        {
            public Entry(Stamp stamp, string hex)
            {
                Stamp = stamp;
                Hex = hex;
            }

            public Stamp Stamp { get; }
            public string Hex { get; }
        }

        private readonly struct Stamp : IEquatable<Stamp>
        {
            private readonly long _length;
            private readonly long _lastWriteUtcTicks;

            private Stamp(long length, long lastWriteUtcTicks)
            {
                _length = length;
                _lastWriteUtcTicks = lastWriteUtcTicks;
            }

            public long Length => _length;

            public static Stamp Of(string fullPath)
            {
                var info = new FileInfo(fullPath);
                if (!info.Exists) throw Unreadable(fullPath, null);
                return new Stamp(info.Length, info.LastWriteTimeUtc.Ticks);
            }

            public bool Equals(Stamp other) => _length == other._length && _lastWriteUtcTicks == other._lastWriteUtcTicks;
            public override bool Equals(object? obj) => obj is Stamp other && Equals(other);
            public override int GetHashCode() => _length.GetHashCode() ^ _lastWriteUtcTicks.GetHashCode();
        }
    }
}
