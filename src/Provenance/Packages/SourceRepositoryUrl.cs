using System;
using Provenance.Capture;

namespace Provenance.Packages
{
    /// <summary>
    /// Compares repository URLs the way the hosting service resolves them. "git+https://GitHub.com/App-vNext/Polly.git@refs/heads/main",
    /// "git@github.com:app-vnext/polly.git" and "github.com/app-vnext/polly" name one repository, because GitHub
    /// resolves owner and repository names ignoring case. Elsewhere the path's case is kept: many servers are
    /// case-sensitive, and a security check that cannot know fails closed.
    /// </summary>
    public static class SourceRepositoryUrl
    {
        /// <summary>
        /// The canonical form (<see cref="RepositoryUrl.Canonical"/>) without git+ and the "@ref" a statement appends;
        /// a value without a scheme whose first segment is a host name ("github.com/o/r") is read as https.
        /// Null when the value is not a repository location (empty, a bare word, a local path without file://).
        /// </summary>
        public static string? Normalize(string url)
        {
            if (url == null) throw new ArgumentNullException(nameof(url));
            string text = url.Trim();
            if (text.StartsWith("git+", StringComparison.OrdinalIgnoreCase)) text = text.Substring(4);

            int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd > 0)
            {
                text = UrlSanitizer.RemoveUserInfo(text);
                int pathStart = text.IndexOf('/', schemeEnd + 3);
                if (pathStart > 0)
                {
                    int at = text.IndexOf('@', pathStart);
                    if (at >= 0) text = text.Substring(0, at); // the ref a statement appends: git+<url>@<ref>
                }
            }
            else if (LooksLikeHostAndPath(text)) text = "https://" + text;
            else if (!IsScpLike(text)) return null;

            string canonical = RepositoryUrl.Canonical(text);
            return Parse(canonical, out _, out _, out _) ? canonical : null;
        }

        /// <summary>
        /// Whether two values name the same repository: same canonical scheme family (http and https are one), host
        /// and port, and path, compared ignoring case where the host does (<see cref="PathIgnoresCase"/>).
        /// </summary>
        public static bool SameRepository(string? a, string? b)
        {
            if (a == null || b == null) return false;
            string? left = Normalize(a), right = Normalize(b);
            if (left == null || right == null) return false;
            if (!Parse(left, out string leftScheme, out string leftHost, out string leftPath)) return false;
            if (!Parse(right, out string rightScheme, out string rightHost, out string rightPath)) return false;
            if (SchemeFamily(leftScheme) != SchemeFamily(rightScheme) || !string.Equals(leftHost, rightHost, StringComparison.Ordinal)) return false;
            return string.Equals(leftPath, rightPath, PathIgnoresCase(leftHost) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }

        /// <summary>
        /// Hosts that resolve repository paths ignoring case: GitHub (github.com, GitHub Enterprise Cloud *.ghe.com,
        /// and GitHub Enterprise Server hosts named github.*), GitLab (gitlab.com and self-managed gitlab.*), and Azure
        /// DevOps (dev.azure.com, *.visualstudio.com). Any other host compares paths exactly.
        /// </summary>
        public static bool PathIgnoresCase(string host)
        {
            if (host == null) throw new ArgumentNullException(nameof(host));
            string name = host.ToLowerInvariant();
            int colon = name.LastIndexOf(':');
            if (colon > 0 && colon > name.LastIndexOf(']')) name = name.Substring(0, colon);
            if (name == "github.com" || name == "www.github.com" || name.EndsWith(".ghe.com", StringComparison.Ordinal)) return true;
            if (name == "dev.azure.com" || name == "ssh.dev.azure.com" || name.EndsWith(".visualstudio.com", StringComparison.Ordinal)) return true;
            return name == "gitlab.com" || name.StartsWith("github.", StringComparison.Ordinal) || name.StartsWith("gitlab.", StringComparison.Ordinal);
        }

        private static string SchemeFamily(string scheme) => scheme == "http" ? "https" : scheme;

        private static bool Parse(string canonical, out string scheme, out string host, out string path)
        {
            scheme = host = path = "";
            int schemeEnd = canonical.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd <= 0) return false;
            scheme = canonical.Substring(0, schemeEnd);
            int pathStart = canonical.IndexOf('/', schemeEnd + 3);
            host = pathStart < 0 ? canonical.Substring(schemeEnd + 3) : canonical.Substring(schemeEnd + 3, pathStart - schemeEnd - 3);
            path = pathStart < 0 ? "" : canonical.Substring(pathStart);
            return scheme == "file" ? path.Length > 0 : host.Length > 0;
        }

        /// <summary>
        /// "github.com/o/r": a dotted (or localhost) host, then at least owner and repository. A bare "github.com/acme"
        /// is refused rather than read as a repository no package can come from; a colon before the first slash is
        /// git's scp-like syntax, not a port.
        /// </summary>
        private static bool LooksLikeHostAndPath(string text)
        {
            int slash = text.IndexOf('/');
            if (slash <= 0) return false;
            string host = text.Substring(0, slash);
            if (host.IndexOfAny(new[] { '@', '\\', ':' }) >= 0 || host.StartsWith(".", StringComparison.Ordinal)) return false;
            if (host.IndexOf('.') <= 0 && !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return false;
            string[] segments = text.Substring(slash + 1).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            return segments.Length >= 2;
        }

        /// <summary>git's scp-like [user@]host:path (no slash before the colon, more than a drive letter before it).</summary>
        private static bool IsScpLike(string text)
        {
            int colon = text.IndexOf(':');
            if (colon <= 1) return false;
            int slash = text.IndexOfAny(new[] { '/', '\\' });
            return slash < 0 || slash > colon;
        }
    }
}
