using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Json;

namespace Provenance.Packages
{
    /// <summary>
    /// Remembers, per restored package folder, the outcome and every file's size, last write time, change stamp
    /// (inode change time, inode, device: see <see cref="FileChangeStamp"/>) and digest, so a no-op build only re-lists
    /// the folders. A result is reused only when the folder holds exactly the same files with the same stamps and the
    /// rule and trusted keys (the fingerprint) are unchanged; any other change re-verifies the package, re-hashing only
    /// the files whose stamp changed. A file without a change stamp is always re-hashed: a size and time its owner can
    /// set back are no evidence. A cache file that cannot be read is ignored (it is an optimisation, never a source of
    /// trust beyond what it recorded itself).
    /// </summary>
    public sealed class VerificationCache
    {
        // 3: change stamps; a version 2 file (size and time only) must not vouch for anything.
        private const int FormatVersion = 3;
        private readonly ConcurrentDictionary<string, Entry> _entries;
        private readonly string? _path;
        private volatile bool _changed;

        private VerificationCache(string? path, ConcurrentDictionary<string, Entry> entries)
        {
            _path = path;
            _entries = entries;
        }

        /// <summary>A cache kept in memory only (tests, the CLI).</summary>
        public static VerificationCache InMemory() => new VerificationCache(null, NewDictionary());

        /// <summary>Loads the cache file (typically obj/provenance.verification.cache.json); missing or unreadable means empty.</summary>
        public static VerificationCache Load(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var entries = NewDictionary();
            try
            {
                if (File.Exists(path) && JsonReader.Parse(File.ReadAllBytes(path)) is JsonObject root && IsCurrentFormat(root))
                {
                    foreach (JsonValue value in root.GetArray("packages")?.Items ?? Array.Empty<JsonValue>())
                    {
                        if (value is JsonObject json && Entry.FromJson(json) is Entry entry) entries[entry.Folder] = entry;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonFormatException) { entries.Clear(); }
            return new VerificationCache(path, entries);
        }

        public int Count => _entries.Count;

        /// <summary>Writes the cache atomically when something changed since it was loaded.</summary>
        public void Save()
        {
            if (_path == null || !_changed) return;
            var packages = new JsonArray();
            foreach (Entry entry in _entries.Values.OrderBy(e => e.Folder, StringComparer.Ordinal)) packages.Add(entry.ToJson());
            var root = new JsonObject().Add("version", FormatVersion).Add("packages", packages);
            AtomicFile.Write(_path, JsonWriter.ToUtf8Bytes(root));
            _changed = false;
        }

        /// <summary>Keeps only the given folders: packages no longer restored drop out of the file.</summary>
        public void Retain(IEnumerable<string> folders)
        {
            var keep = new HashSet<string>(folders.Select(Path.GetFullPath), FolderSnapshot.PathComparer);
            foreach (string folder in _entries.Keys.ToList())
                if (!keep.Contains(folder) && _entries.TryRemove(folder, out _)) _changed = true;
        }

        internal PackageVerificationResult? TryGetResult(string folder, string fingerprint, FolderSnapshot snapshot)
        {
            if (!_entries.TryGetValue(folder, out Entry? entry) || entry.Fingerprint != fingerprint) return null;
            if (entry.Files.Count != snapshot.Files.Count) return null;
            foreach (var file in snapshot.Files)
            {
                if (!entry.Files.TryGetValue(file.Key, out CachedFile cached) || !cached.Stamp.Matches(file.Value)) return null;
            }
            return entry.Result;
        }

        /// <summary>The digest recorded for a file whose stamp is unchanged; null otherwise.</summary>
        internal string? Digest(string folder, string relativePath, FileStamp stamp)
        {
            if (_entries.TryGetValue(folder, out Entry? entry) && entry.Files.TryGetValue(relativePath, out CachedFile cached) &&
                cached.Stamp.Matches(stamp))
                return cached.Digest;
            return null;
        }

        internal void Store(string folder, string fingerprint, FolderSnapshot snapshot, PackageVerificationResult result, IReadOnlyDictionary<string, string> digests)
        {
            var files = new Dictionary<string, CachedFile>(FolderSnapshot.PathComparer);
            foreach (var file in snapshot.Files)
                files[file.Key] = new CachedFile(file.Value, file.Value.Change.IsKnown && digests.TryGetValue(file.Key, out string? digest) ? digest : null);
            _entries[folder] = new Entry(folder, fingerprint, result, files);
            _changed = true;
        }

        private static bool IsCurrentFormat(JsonObject root) =>
            root["version"] is JsonNumber number && number.TryGetInt64(out long version) && version == FormatVersion;

        private static ConcurrentDictionary<string, Entry> NewDictionary() => new ConcurrentDictionary<string, Entry>(FolderSnapshot.PathComparer);

        private readonly struct CachedFile
        {
            public CachedFile(FileStamp stamp, string? digest)
            {
                Stamp = stamp;
                Digest = digest;
            }

            public FileStamp Stamp { get; }
            public string? Digest { get; }
        }

        private sealed class Entry
        {
            public Entry(string folder, string fingerprint, PackageVerificationResult result, Dictionary<string, CachedFile> files)
            {
                Folder = folder;
                Fingerprint = fingerprint;
                Result = result;
                Files = files;
            }

            public string Folder { get; }
            public string Fingerprint { get; }
            public PackageVerificationResult Result { get; }
            public Dictionary<string, CachedFile> Files { get; }

            public JsonObject ToJson()
            {
                var files = new JsonArray();
                foreach (var file in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    // [path, length, last write ticks (UTC), change time, file id, device, digest or ""], or without
                    // the change stamp [path, length, ticks, ""] (never matches): arrays keep the file small and quick to read.
                    FileStamp stamp = file.Value.Stamp;
                    var array = new JsonArray().Add(new JsonString(file.Key)).Add(new JsonNumber(stamp.Length)).Add(new JsonNumber(stamp.LastWriteUtcTicks));
                    if (stamp.Change.IsKnown)
                        array.Add(new JsonNumber(stamp.Change.ChangeTime)).Add(new JsonNumber(stamp.Change.FileId)).Add(new JsonNumber(stamp.Change.Device));
                    files.Add(array.Add(new JsonString(file.Value.Digest ?? "")));
                }
                return new JsonObject()
                    .Add("folder", Folder)
                    .Add("fingerprint", Fingerprint)
                    .Add("result", VerificationReport.ToJson(Result))
                    .Add("files", files);
            }

            public static Entry? FromJson(JsonObject json)
            {
                string? folder = json.GetString("folder"), fingerprint = json.GetString("fingerprint");
                PackageVerificationResult? result = json.GetObject("result") is JsonObject r ? VerificationReport.FromJson(r) : null;
                if (folder == null || fingerprint == null || result == null || !(json.GetArray("files") is JsonArray array)) return null;
                var files = new Dictionary<string, CachedFile>(FolderSnapshot.PathComparer);
                foreach (JsonValue value in array.Items)
                {
                    if (!(value is JsonArray file) || (file.Count != 4 && file.Count != 7)) return null;
                    if (!(file[0] is JsonString path) || !(file[file.Count - 1] is JsonString digest)) return null;
                    if (!ReadInt64(file[1], out long bytes) || !ReadInt64(file[2], out long time)) return null;
                    FileChangeStamp change = FileChangeStamp.Unknown;
                    if (file.Count == 7)
                    {
                        if (!ReadInt64(file[3], out long changeTime) || !ReadInt64(file[4], out long fileId) || !ReadInt64(file[5], out long device)) return null;
                        change = new FileChangeStamp(changeTime, fileId, device);
                    }
                    files[path.Value] = new CachedFile(new FileStamp(bytes, time, change), digest.Value.Length == 0 ? null : digest.Value);
                }
                return new Entry(folder, fingerprint, result, files);
            }

            private static bool ReadInt64(JsonValue value, out long result)
            {
                result = 0;
                return value is JsonNumber number && number.TryGetInt64(out result);
            }
        }
    }
}
