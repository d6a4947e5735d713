using System;
using System.IO;

namespace Provenance
{
    /// <summary>
    /// Writes a file through a temporary file in the same folder and a rename, so that a crash, a full disk
    /// or a parallel reader never sees a half-written provenance file (a security tool fails closed).
    /// </summary>
    public static class AtomicFile
    {
        public static void Write(string path, byte[] content)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            string temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(true);
                }
                Replace(temp, path);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        /// <summary>
        /// Writes only when the content differs from what the file holds, so that an unchanged stamp or report keeps its
        /// time and the targets that take it as an input stay up to date.
        /// </summary>
        public static void WriteIfChanged(string path, byte[] content)
        {
            if (File.Exists(path) && BytesEqual(File.ReadAllBytes(path), content)) return;
            Write(path, content);
        }

        // A loop rather than SequenceEqual: C# 14 binds that to a span API the .NET Framework task host may lack.
        private static bool BytesEqual(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return false;
            return true;
        }

        private static void Replace(string source, string destination)
        {
#if NETFRAMEWORK
            if (File.Exists(destination)) File.Replace(source, destination, null);
            else File.Move(source, destination);
#else
            File.Move(source, destination, overwrite: true);
#endif
        }
    }
}
