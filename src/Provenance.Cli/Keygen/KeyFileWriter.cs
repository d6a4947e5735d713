using System;
using System.IO;
using System.Text;

namespace Provenance.Cli.Keygen
{
    /// <summary>
    /// Writes key files through a temporary file and a rename. The private key's temporary file is created
    /// with owner-only permissions (0600) on Unix, so the secret is never readable by others, not even for
    /// the moment between creating the file and changing its mode.
    /// </summary>
    internal static class KeyFileWriter
    {
        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false);

        public static void Write(string path, string pem, bool ownerOnly, bool overwrite)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            string temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = ownerOnly
                    ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            }
            try
            {
                using (var stream = new FileStream(temp, options))
                {
                    byte[] bytes = Utf8NoBom.GetBytes(pem);
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }
                // Without overwrite the rename fails if the file appeared since we checked: never clobber a key.
                File.Move(temp, path, overwrite);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
    }
}
