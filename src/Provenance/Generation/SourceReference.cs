using System;
using Provenance.Capture;
using Provenance.Slsa;

namespace Provenance.Generation
{
    /// <summary>The source as SLSA names it: uri "git+&lt;repository url&gt;@&lt;ref&gt;", digest {"gitCommit": id}.</summary>
    internal static class SourceReference
    {
        /// <summary>Null when neither a URL nor a commit is known (a repository without commits and remotes).</summary>
        public static ResourceDescriptor? ToDescriptor(GitSourceInfo source)
        {
            string? uri = Uri(source);
            string? commit = Commit(source);
            if (uri == null && commit == null) return null;
            var descriptor = new ResourceDescriptor { Uri = uri };
            if (commit != null) descriptor.WithDigest("gitCommit", commit);
            return descriptor;
        }

        private static string? Uri(GitSourceInfo source)
        {
            if (string.IsNullOrEmpty(source.RepositoryUrl)) return null;
            // Canonical here, the one place a statement records the repository: the task may have taken the URL from
            // RepositoryUrl or the SDK instead of our reader, and every project of a repository must name it alike.
            string url = RepositoryUrl.Canonical(source.RepositoryUrl!);
            if (url.Length == 0) return null;
            return "git+" + url + (string.IsNullOrEmpty(source.Ref) ? "" : "@" + source.Ref);
        }

        private static string? Commit(GitSourceInfo source)
        {
            if (string.IsNullOrEmpty(source.Commit)) return null;
            string commit = source.Commit!.Trim();
            if (!HexEncoding.IsObjectId(commit))
                throw new ArgumentException($"Source.Commit '{commit}' is not a full 40- or 64-hex-digit commit id.", nameof(source));
            return commit.ToLowerInvariant();
        }
    }
}
