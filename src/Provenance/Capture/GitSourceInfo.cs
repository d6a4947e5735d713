using System.Threading.Tasks;

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
        public bool? Dirty
        {
            get
            {
                // The first reader waits for a check started by DirtyWhenDone; later readers get the stored answer.
                Task<bool?>? pending = _pendingDirty;
                if (pending != null)
                {
                    _dirty = pending.GetAwaiter().GetResult();
                    _pendingDirty = null;
                }
                return _dirty;
            }
            set
            {
                _pendingDirty = null;
                _dirty = value;
            }
        }

        /// <summary>
        /// Dirty is the result of <paramref name="check"/>, awaited only when Dirty is first read. `git status` is a
        /// process start (15-80 ms on a loaded machine), the largest fixed cost of a generation after the key: a caller
        /// starts it first and hashes the inputs meanwhile.
        /// </summary>
        public void DirtyWhenDone(Task<bool?> check)
        {
            _dirty = null;
            _pendingDirty = check;
        }

        private bool? _dirty;
        private Task<bool?>? _pendingDirty;

        /// <summary>A shallow clone (.git/shallow exists): the history behind the commit was not available to the build.</summary>
        public bool IsShallow { get; set; }

        /// <summary>A linked worktree (git worktree add); submodules, which also use a .git file, are not.</summary>
        public bool IsWorktree { get; set; }
    }
}
