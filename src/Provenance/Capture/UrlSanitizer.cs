using System;

namespace Provenance.Capture
{
    /// <summary>
    /// Makes a repository or CI URL safe to record. Tokens hide in three places, and all three are removed:
    /// user-info (https://x-access-token:ghp_...@github.com/...), the query (?private_token=...) and the
    /// fragment. User names go too, even harmless ones such as ssh's "git": they say nothing about the
    /// repository and a token pasted in their place would otherwise survive. An scp-like address
    /// (git@github.com:owner/repo.git) becomes ssh://github.com/owner/repo.git so that the result is a URI
    /// that "git+&lt;url&gt;@&lt;ref&gt;" can be built from. Local paths are returned unchanged.
    /// </summary>
    public static class UrlSanitizer
    {
        public static string RemoveUserInfo(string url)
        {
            if (url == null) throw new ArgumentNullException(nameof(url));
            string trimmed = url.Trim();
            int schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd > 0 && IsScheme(trimmed, schemeEnd)) return SanitizeHierarchical(trimmed, schemeEnd);
            if (TrySplitScpLike(trimmed, out string host, out string path)) return "ssh://" + host + "/" + path.TrimStart('/');
            return trimmed;
        }

        /// <summary>True when the text holds a scheme://user@host URL anywhere (used to redact free-form values).</summary>
        public static bool ContainsUserInfo(string text)
        {
            int search = 0;
            while (true)
            {
                int schemeEnd = text.IndexOf("://", search, StringComparison.Ordinal);
                if (schemeEnd < 0) return false;
                int authorityStart = schemeEnd + 3;
                int authorityEnd = AuthorityEnd(text, authorityStart);
                if (text.IndexOf('@', authorityStart, authorityEnd - authorityStart) >= 0) return true;
                search = authorityStart;
            }
        }

        private static string SanitizeHierarchical(string url, int schemeEnd)
        {
            int authorityStart = schemeEnd + 3;
            int authorityEnd = AuthorityEnd(url, authorityStart);
            int at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
            int hostStart = at >= 0 ? at + 1 : authorityStart;

            int end = url.Length;
            int query = url.IndexOf('?', authorityEnd);
            if (query >= 0) end = query;
            int fragment = url.IndexOf('#', authorityEnd);
            if (fragment >= 0 && fragment < end) end = fragment;

            return url.Substring(0, authorityStart) + url.Substring(hostStart, end - hostStart);
        }

        private static int AuthorityEnd(string url, int authorityStart)
        {
            for (int i = authorityStart; i < url.Length; i++)
            {
                char c = url[i];
                if (c == '/' || c == '?' || c == '#' || c == '\\' || char.IsWhiteSpace(c)) return i;
            }
            return url.Length;
        }

        private static bool IsScheme(string url, int length)
        {
            if (!char.IsLetter(url[0])) return false;
            for (int i = 1; i < length; i++)
            {
                char c = url[i];
                if (!(char.IsLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) return false;
            }
            return true;
        }

        /// <summary>
        /// git's scp-like syntax: [user@]host:path, where no slash comes before the first colon
        /// (git's own rule, which also keeps C:\repo and ./a:b local paths out).
        /// </summary>
        private static bool TrySplitScpLike(string url, out string host, out string path)
        {
            host = path = "";
            int colon = url.IndexOf(':');
            if (colon <= 0) return false;
            int slash = url.IndexOfAny(new[] { '/', '\\' });
            if (slash >= 0 && slash < colon) return false;
            string authority = url.Substring(0, colon);
            int at = authority.LastIndexOf('@');
            host = at >= 0 ? authority.Substring(at + 1) : authority;
            if (host.Length <= 1) return false; // a drive letter such as C:
            path = url.Substring(colon + 1);
            int cut = path.IndexOfAny(new[] { '?', '#' });
            if (cut >= 0) path = path.Substring(0, cut);
            return true;
        }
    }
}
