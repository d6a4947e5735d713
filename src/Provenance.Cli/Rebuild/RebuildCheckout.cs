using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Cli.CommandLine;

namespace Provenance.Cli.Rebuild
{
    /// <summary>
    /// The rebuild's own clone of the recorded commit, as the original build saw it: HEAD on the recorded branch or
    /// tag, the recorded remote. From a local clone (--source, shared objects) or, for a verified provenance, from the
    /// repository it names. Everything given to git was validated first (commit ids, ref names, URLs).
    /// </summary>
    internal static class RebuildCheckout
    {
        private static readonly TimeSpan GitTimeout = TimeSpan.FromMinutes(5);

        public static void Checkout(RebuildPlan plan, string source, string clone, string logs)
        {
            if (source.Length == 0) CloneRecordedRepository(plan, clone, logs);
            else CloneLocal(plan, source, clone, logs);
            // HEAD as the original had it: on the recorded branch (version tools such as Nerdbank.GitVersioning read
            // it), else detached; a recorded tag is made to point at the commit (MinVer reads tags).
            if (plan.Branch != null)
                Git(new[] { "-C", clone, "checkout", "--quiet", "--no-track", "-B", plan.Branch, plan.Commit }, clone, logs, "checkout");
            else
                Git(new[] { "-C", clone, "checkout", "--quiet", "--detach", plan.Commit }, clone, logs, "checkout");
            if (plan.Tag != null)
                Git(new[] { "-C", clone, "tag", "--force", plan.Tag, plan.Commit }, clone, logs, "tag");
            // The original build read its remote (SourceLink, RepositoryUrl): give the clone the recorded one, or none.
            if (plan.RemoteUrl != null)
                Git(new[] { "-C", clone, "remote", "set-url", "origin", plan.RemoteUrl }, clone, logs, "remote");
            else
                Git(new[] { "-C", clone, "remote", "remove", "origin" }, clone, logs, "remote");
        }

        /// <summary>
        /// No --source: clone the repository the provenance names. Its URL is the statement's word, so only https, http
        /// and file URLs are taken, git may use no other transport (ext:: runs commands), and nothing may prompt.
        /// </summary>
        private static void CloneRecordedRepository(RebuildPlan plan, string clone, string logs)
        {
            string? url = plan.RepositoryUrl;
            if (url == null || !IsCloneableUrl(url))
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildSourceUnavailable,
                    $"the provenance names no repository that can be cloned ({url ?? "none"}; https, http or file URLs only): give a local clone with --source");
            string[] transports = { "-c", "credential.helper=", "-c", "protocol.allow=never", "-c", "protocol.https.allow=always", "-c", "protocol.http.allow=always", "-c", "protocol.file.allow=always" };
            // No prompt and no stored credentials: a URL from a statement gets nothing of the user's.
            var environment = new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0", ["GIT_ASKPASS"] = "", ["SSH_ASKPASS"] = "" };
            Git(transports.Concat(new[] { "clone", "--quiet", "--no-checkout", "--", url, clone }).ToArray(), Path.GetDirectoryName(clone)!, logs, "clone", environment);
            if (!ChildProcess.Run("git", new[] { "-C", clone, "cat-file", "-e", plan.Commit + "^{commit}" }, clone, null, GitTimeout).Succeeded)
            {
                // Not on a branch or tag the clone brought (a pull request's merge commit, a deleted branch): ask for it.
                ChildProcess.Result fetched = ChildProcess.Run("git", transports.Concat(new[] { "-C", clone, "fetch", "--quiet", "origin", plan.Commit }).ToArray(), clone, environment, GitTimeout, Path.Combine(logs, "git-fetch.log"));
                if (!fetched.Succeeded)
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildSourceUnavailable, $"commit {plan.Commit} is not in {url}: {fetched.Tail(3)}");
            }
        }

        internal static bool IsCloneableUrl(string url) =>
            (url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("file:///", StringComparison.Ordinal)) &&
            url.All(c => c > ' ' && c != 0x7f);

        private static void CloneLocal(RebuildPlan plan, string source, string clone, string logs)
        {
            ChildProcess.Result isRepository = ChildProcess.Run("git", new[] { "-C", source, "rev-parse", "--git-dir" }, Directory.GetCurrentDirectory(), null, GitTimeout);
            if (!isRepository.Succeeded)
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildSourceUnavailable, $"--source '{source}' is not a git repository: {isRepository.Tail(3)}");
            ChildProcess.Result hasCommit = ChildProcess.Run("git", new[] { "-C", source, "cat-file", "-e", plan.Commit + "^{commit}" }, source, null, GitTimeout);
            if (!hasCommit.Succeeded)
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildSourceUnavailable, $"commit {plan.Commit} is not in '{source}' (fetch it: git fetch origin {plan.Commit})");
            // --shared: the clone borrows the source's objects (no copy), and nothing is written into the source clone.
            Git(new[] { "clone", "--quiet", "--shared", "--no-checkout", Path.GetFullPath(source), clone }, Path.GetDirectoryName(clone)!, logs, "clone");
        }

        private static void Git(string[] arguments, string directory, string logs, string name, IDictionary<string, string?>? environment = null)
        {
            ChildProcess.Result git = ChildProcess.Run("git", arguments, directory, environment, GitTimeout, Path.Combine(logs, "git-" + name + ".log"));
            if (!git.Succeeded)
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.RebuildSourceUnavailable, $"git {string.Join(" ", arguments)} failed: {git.Tail(5)}");
        }
    }
}
