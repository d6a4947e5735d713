using System;
using System.IO;
using System.Text;
using Provenance.Signing;

namespace Provenance.Keys
{
    /// <summary>
    /// The per-user development key: an Ed25519 key created on first use so that zero configuration still signs.
    /// It lives in the user's application data folder (Linux/macOS: $XDG_CONFIG_HOME or ~/.config; Windows: %APPDATA%)
    /// under Provenance.MSBuild/development-key.pem, readable by the owner only. Several builds may create it at
    /// once: each writes a private temporary file and the first rename wins; the others read the winner's key.
    /// </summary>
    public static class DevelopmentKeyStore
    {
        public const string FileName = "development-key.pem";
        public const string PublicFileName = "development-key.pub.pem";

        public static string DefaultPath()
        {
            string root = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(root))
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(root, "Provenance.MSBuild", FileName);
        }

        public static SigningKey LoadOrCreate(string path)
        {
            path = Path.GetFullPath(path);
            string description = $"the development key '{path}' (ProvenanceDevelopmentKeyFile)";
            try
            {
                if (!File.Exists(path)) Create(path);
                return SigningKey.FromPem(File.ReadAllText(path), null, description);
            }
            catch (ProvenanceException ex)
            {
                throw new ProvenanceException(DiagnosticCodes.DevelopmentKeyFailed,
                    $"The development key '{path}' is not usable ({ex.Code}: {ex.Message}). Delete it to have a new one created, or configure ProvenanceSigningKeyFile.", ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.DevelopmentKeyFailed,
                    $"The development key '{path}' cannot be created or read: {ex.Message.TrimEnd('.')}. Set ProvenanceDevelopmentKeyFile to a writable location, or configure ProvenanceSigningKeyFile.", ex);
            }
        }

        private static void Create(string path)
        {
            string directory = Path.GetDirectoryName(path)!;
            CreateOwnerOnlyDirectory(directory);
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string temp = Path.Combine(directory, "." + FileName + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                WriteOwnerOnly(temp, key.ToPkcs8Pem(null));
                try
                {
                    File.Move(temp, path); // fails if another build created it first: theirs wins
                }
                catch (IOException) when (File.Exists(path))
                {
                    return;
                }
                string publicPath = Path.Combine(directory, PublicFileName);
                AtomicFile.Write(publicPath, new UTF8Encoding(false).GetBytes(key.PublicKey.ToPem()));
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        private static void CreateOwnerOnlyDirectory(string directory)
        {
            if (Directory.Exists(directory)) return;
            Directory.CreateDirectory(directory);
#if NET
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
#endif
        }

        /// <summary>Creates the file with owner-only permissions before any key byte is written to it.</summary>
        private static void WriteOwnerOnly(string path, string content)
        {
            byte[] bytes = new UTF8Encoding(false).GetBytes(content);
#if NET
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(path, options))
#else
            // .NET Framework runs on Windows, where the user's profile folder is already private to the user.
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
#endif
            {
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
            }
        }
    }
}
