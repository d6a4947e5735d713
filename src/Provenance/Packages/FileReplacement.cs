using System;
using System.IO;

namespace Provenance.Packages
{
    /// <summary>A temporary file beside the destination, then a rename: a reader never sees a half-written package.</summary>
    internal static class FileReplacement
    {
        public static string TempPathBeside(string path) =>
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");

        public static void Replace(string source, string destination)
        {
#if NETFRAMEWORK
            if (File.Exists(destination)) File.Replace(source, destination, null);
            else File.Move(source, destination);
#else
            File.Move(source, destination, overwrite: true);
#endif
        }

        public static void DeleteQuietly(string path)
        {
            try { if (File.Exists(path)) File.Delete(path); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
