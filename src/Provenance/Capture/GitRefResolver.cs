using System;
using System.IO;

namespace Provenance.Capture
{
    /// <summary>Resolves a ref name to a commit id through loose ref files, symbolic refs and packed-refs.</summary>
    internal static class GitRefResolver
    {
        private const int MaxSymbolicDepth = 5;

        /// <summary>The lowercase object id, or null when the ref does not exist yet (a repository without commits).</summary>
        public static string? Resolve(GitDirectories directories, string refName) => Resolve(directories, refName, 0);

        private static string? Resolve(GitDirectories directories, string refName, int depth)
        {
            if (depth > MaxSymbolicDepth || !IsSafeRefName(refName)) return null;

            // Per-worktree refs (refs/bisect, refs/worktree) live in the git directory, shared ones in the common one.
            string? loose = GitFiles.ReadFirstLine(Path.Combine(directories.GitDirectory, refName))
                ?? (directories.IsLinkedWorktree ? GitFiles.ReadFirstLine(Path.Combine(directories.CommonDirectory, refName)) : null);
            if (loose != null)
            {
                if (loose.StartsWith("ref:", StringComparison.Ordinal)) return Resolve(directories, loose.Substring(4).Trim(), depth + 1);
                return HexEncoding.IsObjectId(loose) ? loose.ToLowerInvariant() : null;
            }
            return FindPacked(Path.Combine(directories.CommonDirectory, "packed-refs"), refName);
        }

        /// <summary>packed-refs: "&lt;id&gt; &lt;name&gt;" lines; "#" starts the header, "^&lt;id&gt;" peels the tag above it.</summary>
        private static string? FindPacked(string packedRefsPath, string refName)
        {
            string[]? lines = GitFiles.ReadAllLines(packedRefsPath);
            if (lines == null) return null;
            foreach (string line in lines)
            {
                if (line.Length == 0 || line[0] == '#' || line[0] == '^') continue;
                int space = line.IndexOf(' ');
                if (space <= 0) continue;
                if (line.Length - space - 1 != refName.Length || string.CompareOrdinal(line, space + 1, refName, 0, refName.Length) != 0) continue;
                string id = line.Substring(0, space);
                return HexEncoding.IsObjectId(id) ? id.ToLowerInvariant() : null;
            }
            return null;
        }

        /// <summary>Refuses names that could step out of the git directory (HEAD content is data, not a path to trust).</summary>
        private static bool IsSafeRefName(string refName) =>
            refName.Length > 0 && refName.IndexOf("..", StringComparison.Ordinal) < 0 && !Path.IsPathRooted(refName) && refName.IndexOf('\\') < 0;
    }
}
