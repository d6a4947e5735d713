using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace Provenance.Packages
{
    /// <summary>
    /// The no-op build's shortcut. After a clean verification (no error, no warning) it records a digest of the
    /// settings (assets file, keys, policy, lock file: by path, size and time), the package folders and a digest of
    /// every file's size and time in them. The next build re-lists those folders and, when nothing differs, repeats
    /// the summary without loading a key, parsing JSON or re-verifying: a few milliseconds instead of hundreds in a
    /// fresh MSBuild process. Any difference (a file touched in the packages folder, a new key) takes the full path.
    /// </summary>
    public sealed class VerificationStamp
    {
        private const string Header = "provenance-verification-stamp 1";

        private VerificationStamp(string settings, string files, string summary, IReadOnlyList<string> folders)
        {
            Settings = settings;
            Files = files;
            Summary = summary;
            Folders = folders;
        }

        public string Settings { get; }
        public string Files { get; }
        public string Summary { get; }
        public IReadOnlyList<string> Folders { get; }

        /// <summary>A digest of the settings text plus the size and time of each named file (absent files count as absent).</summary>
        public static string SettingsDigest(string settingsText, IEnumerable<string> files)
        {
            var text = new StringBuilder(settingsText).Append('\n');
            foreach (string file in files)
            {
                var info = new FileInfo(file);
                text.Append(info.FullName).Append('|')
                    .Append(info.Exists ? info.Length + "|" + info.LastWriteTimeUtc.Ticks : "absent").Append('\n');
            }
            return Sha256Hex(text.ToString());
        }

        /// <summary>A digest of every file's relative path, size and time in the folders; null when a folder is missing.</summary>
        public static string? FilesDigest(IEnumerable<string> folders)
        {
            var text = new StringBuilder();
            foreach (string folder in folders)
            {
                FolderSnapshot? snapshot = FolderSnapshot.Take(folder);
                if (snapshot == null) return null;
                text.Append(folder).Append('\n');
                foreach (var file in snapshot.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
                    text.Append(file.Key).Append('|').Append(file.Value.Length).Append('|').Append(file.Value.LastWriteUtcTicks).Append('\n');
            }
            return Sha256Hex(text.ToString());
        }

        /// <summary>The stored summary when settings and files are as recorded; null means "verify in full".</summary>
        public static string? TryReuse(string stampFile, string settingsDigest)
        {
            VerificationStamp? stamp = Read(stampFile);
            if (stamp == null || stamp.Settings != settingsDigest) return null;
            return FilesDigest(stamp.Folders) == stamp.Files ? stamp.Summary : null;
        }

        /// <summary>
        /// Records a clean verification. <paramref name="filesBefore"/> is the files digest taken before verifying: if a
        /// file changed meanwhile, nothing is recorded, so a change during the build is never taken as verified.
        /// </summary>
        public static void Write(string stampFile, string settingsDigest, IReadOnlyList<string> folders, string? filesBefore, string summary)
        {
            string? files = FilesDigest(folders);
            if (files == null || files != filesBefore)
            {
                Delete(stampFile);
                return;
            }
            var text = new StringBuilder()
                .Append(Header).Append('\n')
                .Append("settings ").Append(settingsDigest).Append('\n')
                .Append("files ").Append(files).Append('\n')
                .Append("summary ").Append(summary.Replace('\n', ' ')).Append('\n');
            foreach (string folder in folders) text.Append("folder ").Append(folder).Append('\n');
            AtomicFile.Write(stampFile, new UTF8Encoding(false).GetBytes(text.ToString()));
        }

        /// <summary>Removes the stamp, so that the next build verifies in full (after an error or a warning).</summary>
        public static void Delete(string stampFile)
        {
            if (File.Exists(stampFile)) File.Delete(stampFile);
        }

        private static VerificationStamp? Read(string stampFile)
        {
            string[] lines;
            try
            {
                if (!File.Exists(stampFile)) return null;
                lines = File.ReadAllLines(stampFile);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
            if (lines.Length < 4 || lines[0] != Header) return null;
            string? settings = Value(lines[1], "settings "), files = Value(lines[2], "files "), summary = Value(lines[3], "summary ");
            if (settings == null || files == null || summary == null) return null;
            var folders = new List<string>();
            foreach (string line in lines.Skip(4))
            {
                string? folder = Value(line, "folder ");
                if (folder == null) return null;
                folders.Add(folder);
            }
            return new VerificationStamp(settings, files, summary, folders);
        }

        private static string? Value(string line, string prefix) =>
            line.StartsWith(prefix, StringComparison.Ordinal) ? line.Substring(prefix.Length) : null;

        private static string Sha256Hex(string text)
        {
            using (var sha = SHA256.Create())
                return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2")));
        }
    }
}
