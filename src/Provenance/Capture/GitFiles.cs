using System;
using System.IO;

namespace Provenance.Capture
{
    internal static class GitFiles
    {
        /// <summary>The first line of a small git metadata file, trimmed; null when it does not exist or cannot be read.</summary>
        public static string? ReadFirstLine(string path)
        {
            try
            {
                if (!File.Exists(path)) return null;
                using (var reader = new StreamReader(path))
                {
                    return reader.ReadLine()?.Trim();
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        public static string[]? ReadAllLines(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllLines(path) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
