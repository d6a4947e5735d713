using System;
using System.Text;

namespace Provenance.Capture
{
    /// <summary>
    /// The one form a statement records for a repository (docs/buildtype-v2.md, "Repository URL"). The same repository
    /// reaches a build as git's origin (https://github.com/o/r.git), as RepositoryUrl (https://github.com/o/r), over ssh
    /// (git@github.com:o/r.git) or with a token in it; recording each as written made two projects of one repository
    /// name different sources, and a consumer policy could match one and not the other.
    /// <list type="bullet">
    /// <item>no user-info, query or fragment (<see cref="UrlSanitizer"/>): credentials never reach a statement;</item>
    /// <item>ssh://, git:// and scp-like addresses become https:// (the repository's web identity; the ssh port goes);</item>
    /// <item>lowercase scheme and host, no default port, no trailing "/" or ".git", no empty path segments;</item>
    /// <item>Azure DevOps in its current form: https://dev.azure.com/&lt;org&gt;/&lt;project&gt;/_git/&lt;repo&gt;, also for
    /// ssh.dev.azure.com:v3/... and &lt;org&gt;.visualstudio.com addresses;</item>
    /// <item>a local path (a mirror on a build machine) becomes a file:// URL, otherwise unchanged.</item>
    /// </list>
    /// The path keeps its case: whether case matters is the host's rule, applied when comparing
    /// (<see cref="Provenance.Packages.SourceRepositoryUrl.SameRepository"/>), not a fact to erase from the record.
    /// </summary>
    public static class RepositoryUrl
    {
        /// <summary>The canonical form of a remote URL, scp-like address or local path; "" for an empty value.</summary>
        public static string Canonical(string url)
        {
            if (url == null) throw new ArgumentNullException(nameof(url));
            string text = url.Trim();
            if (text.Length == 0) return "";
            if (text.StartsWith("git+", StringComparison.OrdinalIgnoreCase)) text = text.Substring(4);

            // Removes user-info, query and fragment, and turns git@host:path into ssh://host/path.
            string sanitized = UrlSanitizer.RemoveUserInfo(text);
            int schemeEnd = sanitized.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd <= 0) return FileUrl(sanitized);

            string scheme = sanitized.Substring(0, schemeEnd).ToLowerInvariant();
            int pathStart = sanitized.IndexOf('/', schemeEnd + 3);
            string authority = pathStart < 0 ? sanitized.Substring(schemeEnd + 3) : sanitized.Substring(schemeEnd + 3, pathStart - schemeEnd - 3);
            string path = pathStart < 0 ? "" : sanitized.Substring(pathStart);
            if (scheme == "file") return "file://" + authority + TrimEnd(path, stripGitSuffix: false);

            SplitPort(authority.ToLowerInvariant(), out string host, out string? port);
            bool sshLike = scheme == "ssh" || scheme == "git" || scheme == "git+ssh" || scheme == "ssh+git";
            if (sshLike)
            {
                // The ssh or git-daemon port says nothing about where the repository's web identity lives.
                scheme = "https";
                port = null;
            }
            if ((scheme == "https" && port == "443") || (scheme == "http" && port == "80")) port = null;
            path = TrimEnd(CollapseSlashes(path), stripGitSuffix: true);

            if (TryAzureDevOps(host, path, out string azurePath))
            {
                host = "dev.azure.com";
                path = azurePath;
                port = null;
            }
            return scheme + "://" + host + (port == null ? "" : ":" + port) + path;
        }

        /// <summary>
        /// ssh.dev.azure.com/v3/org/project/repo and vs-ssh.visualstudio.com/v3/org/project/repo (ssh), and
        /// org.visualstudio.com/[DefaultCollection/]project/_git/repo (the legacy https form) name the repository
        /// Azure DevOps serves at dev.azure.com/org/project/_git/repo.
        /// </summary>
        private static bool TryAzureDevOps(string host, string path, out string canonicalPath)
        {
            canonicalPath = path;
            string[] segments = path.TrimStart('/').Split('/');
            if (host == "ssh.dev.azure.com" || host == "vs-ssh.visualstudio.com")
            {
                if (segments.Length != 4 || !string.Equals(segments[0], "v3", StringComparison.OrdinalIgnoreCase)) return false;
                canonicalPath = "/" + segments[1] + "/" + segments[2] + "/_git/" + segments[3];
                return true;
            }
            const string legacySuffix = ".visualstudio.com";
            if (host.EndsWith(legacySuffix, StringComparison.Ordinal) && host.Length > legacySuffix.Length)
            {
                string organization = host.Substring(0, host.Length - legacySuffix.Length);
                if (organization.IndexOf('.') >= 0 || path.Length == 0) return false;
                int start = segments.Length > 0 && string.Equals(segments[0], "DefaultCollection", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
                canonicalPath = "/" + organization + "/" + string.Join("/", segments, start, segments.Length - start);
                return true;
            }
            return false;
        }

        private static void SplitPort(string authority, out string host, out string? port)
        {
            // [v6::1]:8080 keeps its brackets; only a colon after the last ']' starts a port.
            int colon = authority.LastIndexOf(':');
            if (colon > 0 && colon > authority.LastIndexOf(']'))
            {
                host = authority.Substring(0, colon);
                port = authority.Substring(colon + 1);
                if (port.Length == 0) port = null;
                return;
            }
            host = authority;
            port = null;
        }

        private static string CollapseSlashes(string path)
        {
            if (path.IndexOf("//", StringComparison.Ordinal) < 0) return path;
            var result = new StringBuilder(path.Length);
            foreach (char c in path)
            {
                if (c == '/' && result.Length > 0 && result[result.Length - 1] == '/') continue;
                result.Append(c);
            }
            return result.ToString();
        }

        private static string TrimEnd(string path, bool stripGitSuffix)
        {
            path = path.TrimEnd('/');
            if (stripGitSuffix && path.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) path = path.Substring(0, path.Length - 4).TrimEnd('/');
            return path;
        }

        /// <summary>A remote that is a local path becomes a file:// URL; its name (r.git) is the folder's and stays.</summary>
        private static string FileUrl(string path)
        {
            string slashes = path.Replace('\\', '/');
            if (slashes.Length > 1) slashes = slashes.TrimEnd('/');
            return "file://" + (slashes.StartsWith("/", StringComparison.Ordinal) ? "" : "/") + slashes;
        }
    }
}
