using System;
using System.IO;

namespace Provenance.Capture
{
    /// <summary>
    /// Reads what a statement records of the git repository straight from the .git directory (no libgit2,
    /// no native code inside MSBuild): HEAD, refs, packed-refs, shallow, the origin URL. Only the dirty check
    /// runs the git CLI, because computing it means comparing the index with the working tree.
    /// </summary>
    public static class GitRepositoryReader
    {
        /// <summary>
        /// The repository containing <paramref name="startDirectory"/>, dirty check included; null outside a
        /// repository (or when .git is unreadable). Throws only for a null or empty argument.
        /// </summary>
        public static GitSourceInfo? Locate(string startDirectory) => Locate(startDirectory, checkDirty: true);

        /// <summary>
        /// As <see cref="Locate(string)"/>; with <paramref name="checkDirty"/> false <see cref="GitSourceInfo.Dirty"/>
        /// stays null, for callers that cache <see cref="IsDirty"/> per repository and build.
        /// </summary>
        public static GitSourceInfo? Locate(string startDirectory, bool checkDirty)
        {
            if (string.IsNullOrEmpty(startDirectory)) throw new ArgumentException("A start directory is required.", nameof(startDirectory));
            GitDirectories? directories = GitDirectories.Find(Path.GetFullPath(startDirectory));
            if (directories == null) return null;

            GitSourceInfo? info = ReadRepository(directories);
            if (info != null && checkDirty) info.Dirty = IsDirty(info.RepositoryRoot);
            return info;
        }

        /// <summary>
        /// Whether tracked files differ from HEAD (untracked files do not count: build outputs are untracked).
        /// Null when git is missing, times out, or refuses the repository (safe.directory ownership check).
        /// </summary>
        public static bool? IsDirty(string repositoryRoot) => GitStatus.HasTrackedChanges(repositoryRoot, TimeSpan.FromSeconds(10));

        private static GitSourceInfo? ReadRepository(GitDirectories directories)
        {
            string? head = GitFiles.ReadFirstLine(Path.Combine(directories.GitDirectory, "HEAD"));
            if (head == null) return null;

            var info = new GitSourceInfo
            {
                RepositoryRoot = directories.WorkingDirectory,
                IsWorktree = directories.IsLinkedWorktree,
                IsShallow = File.Exists(Path.Combine(directories.CommonDirectory, "shallow")),
                RepositoryUrl = GitConfigReader.ReadRemoteUrl(Path.Combine(directories.CommonDirectory, "config")) is string url
                    ? UrlSanitizer.RemoveUserInfo(url)
                    : null,
            };

            // The reftable ref backend (git 2.45+) keeps refs in a binary format this reader does not parse; HEAD then
            // holds a placeholder ("ref: refs/heads/.invalid"). Record no ref and no commit rather than a wrong one.
            if (Directory.Exists(Path.Combine(directories.CommonDirectory, "reftable"))) return info;

            if (head.StartsWith("ref:", StringComparison.Ordinal))
            {
                info.Ref = head.Substring(4).Trim();
                info.Commit = GitRefResolver.Resolve(directories, info.Ref);
            }
            else if (HexEncoding.IsObjectId(head))
            {
                info.Commit = head.ToLowerInvariant();
            }
            else
            {
                return null; // not a HEAD we understand: record nothing rather than something wrong
            }
            return info;
        }
    }
}
