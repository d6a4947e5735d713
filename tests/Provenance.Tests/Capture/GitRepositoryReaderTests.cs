using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    [TestClass]
    public sealed class GitRepositoryReaderTests
    {
        [TestMethod]
        public void A_branch_checkout_gives_ref_commit_and_the_origin_url_without_its_token()
        {
            using var scratch = new ScratchDirectory();
            string root = Git.InitWithCommit(scratch);
            Git.Run(root, "remote add origin https://x-access-token:ghp_abc123@github.com/o/r.git");
            Directory.CreateDirectory(Path.Combine(root, "src", "Lib"));

            GitSourceInfo? info = GitRepositoryReader.Locate(Path.Combine(root, "src", "Lib"));

            Assert.IsNotNull(info);
            Assert.AreEqual(Path.GetFullPath(root), info.RepositoryRoot);
            Assert.AreEqual(Git.Run(root, "rev-parse HEAD"), info.Commit);
            Assert.AreEqual("refs/heads/main", info.Ref);
            Assert.AreEqual("https://github.com/o/r.git", info.RepositoryUrl);
            Assert.AreEqual(false, info.Dirty);
            Assert.IsFalse(info.IsShallow);
            Assert.IsFalse(info.IsWorktree);
        }

        [TestMethod]
        public void Modified_tracked_files_are_dirty_untracked_files_are_not()
        {
            using var scratch = new ScratchDirectory();
            string root = Git.InitWithCommit(scratch);

            File.WriteAllText(Path.Combine(root, "untracked.txt"), "x");
            Assert.AreEqual(false, GitRepositoryReader.IsDirty(root));

            File.WriteAllText(Path.Combine(root, "a.txt"), "changed\n");
            Assert.AreEqual(true, GitRepositoryReader.IsDirty(root));
        }

        [TestMethod]
        public void The_dirty_check_can_be_left_to_the_caller()
        {
            using var scratch = new ScratchDirectory();
            string root = Git.InitWithCommit(scratch);
            Assert.IsNull(GitRepositoryReader.Locate(root, checkDirty: false)!.Dirty);
        }

        [TestMethod]
        public void IsDirty_is_unknown_where_git_refuses_to_answer()
        {
            using var scratch = new ScratchDirectory();
            Assert.IsNull(GitRepositoryReader.IsDirty(scratch.Path)); // not a repository: git exits 128
        }

        [TestMethod]
        public void A_repository_git_refuses_for_its_owner_is_still_read_but_its_dirty_state_is_unknown()
        {
            if (!Git.IsRoot() || Git.HasSafeDirectoryOverride())
                Assert.Inconclusive("needs root (to hand the repository to another user) and no safe.directory override");
            using var scratch = new ScratchDirectory();
            string root = Git.InitWithCommit(scratch);
            string commit = Git.Run(root, "rev-parse HEAD");
            Git.ChangeOwner(scratch.Path, "65534:65534"); // nobody: git now reports "dubious ownership"

            GitSourceInfo info = GitRepositoryReader.Locate(root)!;

            Assert.AreEqual(commit, info.Commit);
            Assert.IsNull(info.Dirty);
        }

        [TestMethod]
        public void A_detached_head_has_a_commit_and_no_ref()
        {
            using var scratch = new ScratchDirectory();
            string root = Git.InitWithCommit(scratch);
            Git.Run(root, "checkout -q --detach");

            GitSourceInfo info = GitRepositoryReader.Locate(root, checkDirty: false)!;

            Assert.IsNull(info.Ref);
            Assert.AreEqual(Git.Run(root, "rev-parse HEAD"), info.Commit);
        }

        [TestMethod]
        public void Packed_refs_resolve_including_a_peeled_tag_line_before_the_branch()
        {
            using var scratch = new ScratchDirectory();
            string root = Git.InitWithCommit(scratch);
            Git.Run(root, "tag -a v1 -m release");
            Git.Run(root, "pack-refs --all");
            Assert.IsFalse(File.Exists(Path.Combine(root, ".git", "refs", "heads", "main")), "the loose ref should be gone");
            StringAssert.Contains(File.ReadAllText(Path.Combine(root, ".git", "packed-refs")), "^");

            GitSourceInfo info = GitRepositoryReader.Locate(root, checkDirty: false)!;

            Assert.AreEqual("refs/heads/main", info.Ref);
            Assert.AreEqual(Git.Run(root, "rev-parse HEAD"), info.Commit);
        }

        [TestMethod]
        public void A_linked_worktree_reads_refs_and_config_from_the_common_directory()
        {
            using var scratch = new ScratchDirectory();
            string root = Git.InitWithCommit(scratch);
            Git.Run(root, "remote add origin git@github.com:o/r.git");
            string worktree = scratch.Combine("wt");
            Git.Run(root, $"worktree add -q -b feature \"{worktree}\"");
            File.WriteAllText(Path.Combine(worktree, "b.txt"), "b");
            Git.Run(worktree, "add b.txt");
            Git.Run(worktree, "commit -q -m second");

            GitSourceInfo info = GitRepositoryReader.Locate(worktree)!;

            Assert.IsTrue(info.IsWorktree);
            Assert.AreEqual(Path.GetFullPath(worktree), info.RepositoryRoot);
            Assert.AreEqual("refs/heads/feature", info.Ref);
            Assert.AreEqual(Git.Run(worktree, "rev-parse HEAD"), info.Commit);
            Assert.AreNotEqual(Git.Run(root, "rev-parse HEAD"), info.Commit);
            Assert.AreEqual("ssh://github.com/o/r.git", info.RepositoryUrl);
            Assert.AreEqual(false, info.Dirty);
        }

        [TestMethod]
        public void A_submodule_is_its_own_repository_and_not_a_worktree()
        {
            using var scratch = new ScratchDirectory();
            string library = Git.InitWithCommit(scratch, "library");
            string root = Git.InitWithCommit(scratch);
            string libraryUrl = "file://" + Path.GetFullPath(library).Replace('\\', '/');
            Git.Run(root, $"submodule add -q {libraryUrl} deps/library");

            GitSourceInfo info = GitRepositoryReader.Locate(Path.Combine(root, "deps", "library"), checkDirty: false)!;

            Assert.IsTrue(File.Exists(Path.Combine(root, "deps", "library", ".git")), "a submodule has a .git file");
            Assert.AreEqual(Path.GetFullPath(Path.Combine(root, "deps", "library")), info.RepositoryRoot);
            Assert.AreEqual(Git.Run(library, "rev-parse HEAD"), info.Commit);
            Assert.AreEqual(libraryUrl, info.RepositoryUrl);
            Assert.IsFalse(info.IsWorktree);
        }

        [TestMethod]
        public void A_shallow_clone_is_marked_shallow_and_keeps_its_file_url()
        {
            using var scratch = new ScratchDirectory();
            string origin = Git.InitWithCommit(scratch, "origin");
            File.WriteAllText(Path.Combine(origin, "a.txt"), "second\n");
            Git.Run(origin, "commit -q -am second");
            string originUrl = "file://" + Path.GetFullPath(origin).Replace('\\', '/');
            Git.Run(scratch.Path, $"clone -q --depth 1 {originUrl} clone");

            GitSourceInfo info = GitRepositoryReader.Locate(scratch.Combine("clone"), checkDirty: false)!;

            Assert.IsTrue(info.IsShallow);
            Assert.AreEqual(Git.Run(origin, "rev-parse HEAD"), info.Commit);
            Assert.AreEqual(originUrl, info.RepositoryUrl);
        }

        [TestMethod]
        public void A_repository_without_commits_has_a_ref_but_no_commit()
        {
            using var scratch = new ScratchDirectory();
            Git.Run(scratch.Path, "init -q");

            GitSourceInfo info = GitRepositoryReader.Locate(scratch.Path, checkDirty: false)!;

            Assert.AreEqual("refs/heads/main", info.Ref);
            Assert.IsNull(info.Commit);
            Assert.IsNull(info.RepositoryUrl);
        }

        [TestMethod]
        public void A_sha256_repository_gives_a_64_digit_commit()
        {
            using var scratch = new ScratchDirectory();
            string root = scratch.Combine("repo");
            Directory.CreateDirectory(root);
            Git.Run(root, "init -q --object-format=sha256");
            File.WriteAllText(Path.Combine(root, "a.txt"), "x");
            Git.Run(root, "add a.txt");
            Git.Run(root, "commit -q -m first");

            GitSourceInfo info = GitRepositoryReader.Locate(root, checkDirty: false)!;

            Assert.AreEqual(64, info.Commit!.Length);
            Assert.AreEqual(Git.Run(root, "rev-parse HEAD"), info.Commit);
        }

        [TestMethod]
        public void A_reftable_repository_records_no_ref_or_commit_rather_than_a_wrong_one()
        {
            using var scratch = new ScratchDirectory();
            string root = Git.InitWithCommit(scratch);
            Directory.CreateDirectory(Path.Combine(root, ".git", "reftable")); // what git 2.45+ --ref-format=reftable creates
            File.WriteAllText(Path.Combine(root, ".git", "HEAD"), "ref: refs/heads/.invalid\n");

            GitSourceInfo info = GitRepositoryReader.Locate(root, checkDirty: false)!;

            Assert.IsNull(info.Ref);
            Assert.IsNull(info.Commit);
        }

        [TestMethod]
        public void Outside_a_repository_there_is_nothing()
        {
            using var scratch = new ScratchDirectory();
            Assert.IsNull(GitRepositoryReader.Locate(scratch.Path));
        }

        [TestMethod]
        public void A_git_file_that_is_not_a_gitdir_pointer_is_not_a_repository()
        {
            using var scratch = new ScratchDirectory();
            scratch.File(".git", "garbage");
            Assert.IsNull(GitRepositoryReader.Locate(scratch.Path));
        }

        [TestMethod]
        public void Without_origin_the_only_remote_is_used_and_with_several_none()
        {
            using var scratch = new ScratchDirectory();
            string root = Git.InitWithCommit(scratch);
            Git.Run(root, "remote add upstream https://example.com/u/r.git");
            Assert.AreEqual("https://example.com/u/r.git", GitRepositoryReader.Locate(root, checkDirty: false)!.RepositoryUrl);

            Git.Run(root, "remote add fork https://example.com/f/r.git");
            Assert.IsNull(GitRepositoryReader.Locate(root, checkDirty: false)!.RepositoryUrl);
        }
    }
}
