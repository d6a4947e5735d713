namespace Provenance.Capture
{
    /// <summary>What a build records of its source repository.</summary>
    public sealed class GitSourceInfo
    {
        /// <summary>Absolute path of the working tree root.</summary>
        public string RepositoryRoot { get; set; } = "";

        /// <summary>Remote URL with any user-info (tokens, passwords) removed; null when there is no remote.</summary>
        public string? RepositoryUrl { get; set; }

        /// <summary>Full commit id of HEAD, lowercase: 40 hex digits (64 in a SHA-256 repository); null in a repository without commits.</summary>
        public string? Commit { get; set; }

        /// <summary>Symbolic ref of HEAD (refs/heads/main); null when HEAD is detached.</summary>
        public string? Ref { get; set; }

        /// <summary>Whether tracked files differ from HEAD; null when that could not be determined.</summary>
        public bool? Dirty { get; set; }

        /// <summary>A shallow clone (.git/shallow exists): the history behind the commit was not available to the build.</summary>
        public bool IsShallow { get; set; }

        /// <summary>A linked worktree (git worktree add); submodules, which also use a .git file, are not.</summary>
        public bool IsWorktree { get; set; }
    }
}
