using System;
using Provenance.Capture;

namespace Provenance.Packages
{
    /// <summary>
    /// Compares repository URLs the way people write them: "git+https://GitHub.com/acme/lib.git@refs/heads/main"
    /// and "https://github.com/acme/lib/" name the same repository. The host compares ignoring case; the path
    /// does not (many servers are case-sensitive, and a security check fails closed).
    /// </summary>
    public static class SourceRepositoryUrl
    {
        /// <summary>scheme://host[:port]/path without git+, user info, @ref, query, fragment, trailing '/' or '.git'; null if not absolute.</summary>
        public static string? Normalize(string url)
        {
            if (url == null) throw new ArgumentNullException(nameof(url));
            string text = url.Trim();
            if (text.StartsWith("git+", StringComparison.OrdinalIgnoreCase)) text = text.Substring(4);
            text = UrlSanitizer.RemoveUserInfo(text);
            int cut = text.IndexOfAny(new[] { '?', '#' });
            if (cut >= 0) text = text.Substring(0, cut);

            int schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd <= 0) return null;
            int pathStart = text.IndexOf('/', schemeEnd + 3);
            string authority = pathStart < 0 ? text.Substring(schemeEnd + 3) : text.Substring(schemeEnd + 3, pathStart - schemeEnd - 3);
            string path = pathStart < 0 ? "" : text.Substring(pathStart);
            if (authority.Length == 0 || authority.IndexOf('@') >= 0) return null;

            int at = path.IndexOf('@');
            if (at >= 0) path = path.Substring(0, at); // the ref a statement appends: git+<url>@<ref>
            path = path.TrimEnd('/');
            if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) path = path.Substring(0, path.Length - 4).TrimEnd('/');
            return text.Substring(0, schemeEnd).ToLowerInvariant() + "://" + authority.ToLowerInvariant() + path;
        }

        public static bool SameRepository(string? a, string? b)
        {
            if (a == null || b == null) return false;
            string? left = Normalize(a), right = Normalize(b);
            return left != null && string.Equals(left, right, StringComparison.Ordinal);
        }
    }
}
