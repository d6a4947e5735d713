using System;
using System.IO;
using Provenance.Cli.CommandLine;

namespace Provenance.Cli.Verify
{
    /// <summary>Reads the files a command was given; a file that cannot be read is exit code 2, never "invalid".</summary>
    internal static class InputFiles
    {
        public static byte[] ReadAll(string path, string what, long maxBytes)
        {
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists) throw Unreadable($"{what} '{path}' does not exist");
                if (info.Length > maxBytes) throw Unreadable($"{what} '{path}' is {info.Length} bytes, over the limit of {maxBytes}");
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw Unreadable($"{what} '{path}' could not be read: {e.Message}", e);
            }
        }

        public static Stream OpenRead(string path, string what)
        {
            try
            {
                if (!File.Exists(path)) throw Unreadable($"{what} '{path}' does not exist");
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw Unreadable($"{what} '{path}' could not be read: {e.Message}", e);
            }
        }

        private static CommandFailedException Unreadable(string message, Exception? inner = null) =>
            new CommandFailedException(ExitCodes.UsageOrUnreadable, null, message, inner);
    }
}
