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
