using System;
using System.Collections.Generic;
using System.Text;

namespace Provenance.Capture
{
    /// <summary>
    /// Reads remote URLs from a git config file: [remote "origin"] sections (and the legacy [remote.origin]),
    /// case-insensitive section and key names, quoted values with escapes, and ; or # comments.
    /// include, includeIf and url.*.insteadOf are not followed: the URL is recorded as the config spells it.
    /// </summary>
    internal static class GitConfigReader
    {
        /// <summary>The URL of remote "origin", else of the only remote; null when there is none.</summary>
        public static string? ReadRemoteUrl(string configPath)
        {
            string[]? lines = GitFiles.ReadAllLines(configPath);
            return lines == null ? null : SelectRemoteUrl(ReadRemoteUrls(lines));
        }

        internal static string? SelectRemoteUrl(IReadOnlyDictionary<string, string> urls)
        {
            if (urls.TryGetValue("origin", out string? origin)) return origin;
            if (urls.Count == 1) foreach (var pair in urls) return pair.Value;
            return null;
        }

        /// <summary>Remote name to its first url (git fetches from the first one).</summary>
        internal static Dictionary<string, string> ReadRemoteUrls(IEnumerable<string> lines)
        {
            var urls = new Dictionary<string, string>(StringComparer.Ordinal);
            string? remote = null;
            foreach (string rawLine in lines)
            {
                string line = rawLine.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';') continue;
                if (line[0] == '[')
                {
                    remote = ParseRemoteSection(line);
                    int close = line.IndexOf(']');
                    if (close < 0) continue;
                    line = line.Substring(close + 1).Trim(); // "[remote "o"] url = x" is legal
                    if (line.Length == 0) continue;
                }
                if (remote == null) continue;

                int equals = line.IndexOf('=');
                if (equals < 0) continue;
                string key = line.Substring(0, equals).Trim();
                if (!string.Equals(key, "url", StringComparison.OrdinalIgnoreCase)) continue;
                string value = ParseValue(line.Substring(equals + 1));
                if (value.Length > 0 && !urls.ContainsKey(remote)) urls.Add(remote, value);
            }
            return urls;
        }

        /// <summary>The remote name of a [remote "name"] or [remote.name] header; null for any other section.</summary>
        private static string? ParseRemoteSection(string header)
        {
            int close = header.LastIndexOf(']');
            if (close < 0) return null;
            string inner = header.Substring(1, close - 1).Trim();
            int quote = inner.IndexOf('"');
            if (quote > 0)
            {
                string section = inner.Substring(0, quote).Trim();
                if (!string.Equals(section, "remote", StringComparison.OrdinalIgnoreCase)) return null;
                int end = inner.LastIndexOf('"');
                if (end <= quote) return null;
                return inner.Substring(quote + 1, end - quote - 1).Replace("\\\"", "\"").Replace("\\\\", "\\");
            }
            int dot = inner.IndexOf('.');
            if (dot > 0 && string.Equals(inner.Substring(0, dot), "remote", StringComparison.OrdinalIgnoreCase))
                return inner.Substring(dot + 1).ToLowerInvariant(); // legacy syntax: subsection is lowercased by git
            return null;
        }

        /// <summary>A value: quotes group, backslash escapes, an unquoted ; or # starts a comment, outer blanks trimmed.</summary>
        internal static string ParseValue(string raw)
        {
            var value = new StringBuilder(raw.Length);
            bool quoted = false;
            int trimTo = 0; // length without trailing unquoted whitespace
            for (int i = 0; i < raw.Length; i++)
            {
                char c = raw[i];
                if (c == '"') { quoted = !quoted; trimTo = value.Length; continue; }
                if (!quoted && (c == ';' || c == '#')) break;
                if (c == '\\' && i + 1 < raw.Length)
                {
                    char next = raw[++i];
                    value.Append(next == 'n' ? '\n' : next == 't' ? '\t' : next == 'b' ? '\b' : next);
                    trimTo = value.Length;
                    continue;
                }
                if (!quoted && char.IsWhiteSpace(c))
                {
                    if (value.Length > 0) value.Append(c);
                    continue;
                }
                value.Append(c);
                trimTo = value.Length;
            }
            return value.ToString(0, trimTo);
        }
    }
}
