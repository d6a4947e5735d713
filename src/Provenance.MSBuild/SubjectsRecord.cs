using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Provenance.Capture;

namespace Provenance.MSBuild
{
    /// <summary>
    /// obj/&lt;project&gt;.provenance[.publish].subjects: what a generation attested, one line per subject
    /// "sha256 TAB size TAB last-write-ticks TAB full path". The end-of-build check reads it back; size and time let it
    /// skip hashing a file nobody touched.
    /// </summary>
    internal static class SubjectsRecord
    {
        public static byte[] Create(IEnumerable<string> subjects, FileDigestCache digests)
        {
            var text = new StringBuilder();
            foreach (string path in subjects)
            {
                string full = Path.GetFullPath(path);
                var info = new FileInfo(full);
                text.Append(digests.Sha256Hex(full)).Append('\t')
                    .Append(info.Length.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(full).Append('\n');
            }
            return new UTF8Encoding(false).GetBytes(text.ToString());
        }

        public static IEnumerable<Entry> Read(string recordFile)
        {
            foreach (string line in File.ReadAllLines(recordFile, Encoding.UTF8))
            {
                string[] parts = line.Split(new[] { '\t' }, 4);
                if (parts.Length != 4) continue;
                if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long length)) continue;
                if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks)) continue;
                yield return new Entry(parts[3], parts[0], length, ticks);
            }
        }

        internal sealed class Entry
        {
            public Entry(string path, string sha256, long length, long lastWriteTicks)
            {
                Path = path;
                Sha256 = sha256;
                Length = length;
                LastWriteTicks = lastWriteTicks;
            }

            public string Path { get; }
            public string Sha256 { get; }
            public long Length { get; }
            public long LastWriteTicks { get; }
        }
    }
}
