using System;
using System.IO;

namespace Provenance.Capture
{
    /// <summary>
    /// The three directories of a repository: the working tree, its git directory (HEAD, index; per worktree)
    /// and the common directory (refs, packed-refs, config, shallow; shared by all worktrees).
    /// </summary>
    internal sealed class GitDirectories
    {
        private GitDirectories(string workingDirectory, string gitDirectory, string commonDirectory)
        {
            WorkingDirectory = workingDirectory;
            GitDirectory = gitDirectory;
            CommonDirectory = commonDirectory;
        }

        public string WorkingDirectory { get; }
        public string GitDirectory { get; }
        public string CommonDirectory { get; }

        /// <summary>A worktree made by `git worktree add` (its git directory names a common directory).</summary>
        public bool IsLinkedWorktree => !string.Equals(GitDirectory, CommonDirectory, StringComparison.Ordinal);

        /// <summary>Walks up from <paramref name="startDirectory"/> to the first .git; null when there is none or it is unusable.</summary>
        public static GitDirectories? Find(string startDirectory)
        {
            for (DirectoryInfo? directory = new DirectoryInfo(startDirectory); directory != null; directory = directory.Parent)
            {
                string dotGit = Path.Combine(directory.FullName, ".git");
                if (Directory.Exists(dotGit)) return FromGitDirectory(directory.FullName, dotGit);
                if (File.Exists(dotGit))
                {
                    // Worktrees and submodules: a file "gitdir: <path>", the path relative to the file's folder.
                    string? line = GitFiles.ReadFirstLine(dotGit);
                    if (line == null || !line.StartsWith("gitdir:", StringComparison.Ordinal)) return null;
                    string target = line.Substring("gitdir:".Length).Trim();
                    return FromGitDirectory(directory.FullName, Path.GetFullPath(Path.Combine(directory.FullName, target)));
                }
            }
            return null;
        }

        private static GitDirectories? FromGitDirectory(string workingDirectory, string gitDirectory)
        {
            if (!File.Exists(Path.Combine(gitDirectory, "HEAD"))) return null;
            string commonDirectory = gitDirectory;
            string? common = GitFiles.ReadFirstLine(Path.Combine(gitDirectory, "commondir"));
            if (!string.IsNullOrEmpty(common)) commonDirectory = Path.GetFullPath(Path.Combine(gitDirectory, common!));
            return new GitDirectories(workingDirectory, TrimEnd(gitDirectory), TrimEnd(commonDirectory));
        }

        private static string TrimEnd(string path) =>
            path.Length > 1 ? path.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : path;
    }
}
