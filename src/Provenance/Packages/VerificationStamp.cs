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
    /// settings (assets file, keys, policy, lock file: by path, size, time and change stamp), the package folders and a
    /// digest of every file's size, time and change stamp in them (<see cref="FileChangeStamp"/>: the inode change
    /// time, which `touch -r` cannot set back). The next build re-lists those folders and, when nothing differs,
    /// repeats the summary without loading a key, parsing JSON or re-verifying: a few milliseconds instead of hundreds
    /// in a fresh MSBuild process. Any difference (a file touched in the packages folder, a new key) takes the full
    /// path, and so does a file whose change stamp the OS cannot give: size and time alone never skip verification.
    /// See docs/tamper-detection.md.
    /// </summary>
    public sealed class VerificationStamp
    {
        // 2: change stamps. A version 1 stamp vouched for sizes and times only and is not reused.
        private const string Header = "provenance-verification-stamp 2";

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

        /// <summary>
        /// A digest of the settings text plus the stamp of each named file (absent files count as absent). A file
        /// without a change stamp makes the digest unique to this call, so no stamp written with it is ever reused.
        /// </summary>
        public static string SettingsDigest(string settingsText, IEnumerable<string> files)
        {
            var text = new StringBuilder(settingsText).Append('\n');
            foreach (string file in files)
            {
                var info = new FileInfo(file);
                text.Append(info.FullName).Append('|');
                if (!info.Exists)
                {
                    text.Append("absent\n");
                    continue;
                }
                FileStamp stamp = FileChangeStamp.Read(info.FullName, info.Length, info.LastWriteTimeUtc.Ticks);
                if (!stamp.Change.IsKnown) text.Append("unstamped ").Append(Guid.NewGuid().ToString("N"));
                else Append(text, stamp);
                text.Append('\n');
            }
            return Sha256Hex(text.ToString());
        }

        /// <summary>
        /// A digest of every file's relative path and stamp in the folders; null when a folder is missing or a file has
        /// no change stamp (then nothing is stamped and nothing reused).
        /// </summary>
        public static string? FilesDigest(IEnumerable<string> folders)
        {
            var text = new StringBuilder();
            foreach (string folder in folders)
            {
                FolderSnapshot? snapshot = FolderSnapshot.Take(folder);
                if (snapshot == null || !snapshot.IsFullyStamped) return null;
                text.Append(folder).Append('\n');
                foreach (var file in snapshot.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
                    Append(text.Append(file.Key).Append('|'), file.Value).Append('\n');
            }
            return Sha256Hex(text.ToString());
        }

        private static StringBuilder Append(StringBuilder text, FileStamp stamp) =>
            text.Append(stamp.Length).Append('|').Append(stamp.LastWriteUtcTicks).Append('|')
                .Append(stamp.Change.ChangeTime).Append('|').Append(stamp.Change.FileId).Append('|').Append(stamp.Change.Device);

        /// <summary>The stored summary when settings and files are as recorded; null means "verify in full".</summary>
        public static string? TryReuse(string stampFile, string settingsDigest)
        {
            VerificationStamp? stamp = Read(stampFile);
            if (stamp == null || stamp.Settings != settingsDigest) return null;
            string? files = FilesDigest(stamp.Folders);
            return files != null && files == stamp.Files ? stamp.Summary : null;
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
