using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Provenance.Capture
{
    /// <summary>
    /// Recognises a secret by the shape of a value, whatever its name: a user opting a variable into the statement
    /// (ProvenanceEnvironmentVariables) or a -p: property need not have called it TOKEN. Shapes:
    /// <list type="bullet">
    /// <item>a URL with user-info (https://user:pw@host/...);</item>
    /// <item>a credential parameter: ?sig=, &amp;token=, ?password=, ;AccountKey= (query, fragment, connection string);</item>
    /// <item>a webhook URL, whose path is the secret (hooks.slack.com/services/..., discord.com/api/webhooks/...,
    /// *.webhook.office.com, any .../hooks/&lt;id&gt; or .../webhooks/&lt;id&gt;);</item>
    /// <item>a PEM block, a JWT, a token with a well-known prefix (ghp_, github_pat_, glpat-, xoxb-, AKIA..., npm_);</item>
    /// <item>a long high-entropy string (32+ characters of base64 or base62 that is not a hex digest or a path).</item>
    /// </list>
    /// Like <see cref="SecretNames"/> it errs towards redaction: a false positive costs one redacted value.
    /// </summary>
    public static class SecretValues
    {
        private const int MinimumTokenLength = 32;

        // header.payload.signature, each base64url; a JSON header always starts with "{" = "eyJ" or "eyA".
        private static readonly Regex Jwt = new Regex(@"ey[JA][A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant);

        // Prefixes that vendors put on credentials precisely so that scanners can find them.
        private static readonly Regex KnownToken = new Regex(
            @"(?<![A-Za-z0-9])(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{16,}|gl(dt|ptt|rt|cbt)-[A-Za-z0-9_-]{16,}" +
            @"|xox[abposr]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,}|(AKIA|ASIA)[A-Z0-9]{16}|npm_[A-Za-z0-9]{30,}|pypi-[A-Za-z0-9_-]{30,}" +
            @"|oy2[a-z0-9]{43}|sk_(live|test)_[A-Za-z0-9]{16,}|AIza[A-Za-z0-9_-]{30,})",
            RegexOptions.CultureInvariant);

        // name=value where the name is a credential: in a query (?sig=), a fragment (#access_token=), a connection
        // string (;Password=) or a command line (--token=).
        private static readonly Regex Parameter = new Regex(@"(?:^|[?&;#,\s-])([A-Za-z][A-Za-z0-9_.-]*)\s*=\s*([^&;#,\s]+)", RegexOptions.CultureInvariant);

        // Query and connection-string names that carry a secret but do not look secret to SecretNames: an Azure SAS
        // "sig", AWS and Google signed URLs, Azure Functions' "code".
        private static readonly HashSet<string> CredentialParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "sig", "signature", "code", "x-amz-signature", "x-goog-signature", "x-amz-security-token", "sharedaccesssignature",
            "accountkey", "sharedaccesskey", "client_secret", "private_token", "apikey", "api_key", "pw", "pwd", "pass",
        };

        // Webhook services: the URL path itself is the credential (anyone holding it can post).
        private static readonly string[] WebhookHostPaths =
        {
            "hooks.slack.com/", "discord.com/api/webhooks/", "discordapp.com/api/webhooks/", "ptb.discord.com/api/webhooks/",
            "canary.discord.com/api/webhooks/", "outlook.office.com/webhook/", "outlook.office365.com/webhook/",
            "hooks.zapier.com/hooks/", "api.telegram.org/bot", "maker.ifttt.com/trigger/",
        };

        /// <summary>True when the value holds a secret in any of the shapes above.</summary>
        public static bool LooksSecret(string? value)
        {
            if (string.IsNullOrEmpty(value)) return false;
            string text = value!;
            if (text.IndexOf("-----BEGIN ", StringComparison.Ordinal) >= 0) return true;
            if (UrlSanitizer.ContainsUserInfo(text)) return true;
            if (HasCredentialParameter(text)) return true;
            if (HasWebhookPath(text)) return true;
            if (Jwt.IsMatch(text) || KnownToken.IsMatch(text)) return true;
            return HasHighEntropyToken(text);
        }

        /// <summary>
        /// True when removing user-info, query and fragment would not be enough: the secret sits in the path (a
        /// webhook, a token pasted into the path) or the value is not a single URL.
        /// </summary>
        internal static bool SecretOutsideQuery(string sanitizedUrl) =>
            HasWebhookPath(sanitizedUrl) || Jwt.IsMatch(sanitizedUrl) || KnownToken.IsMatch(sanitizedUrl) || HasHighEntropyToken(sanitizedUrl)
            || sanitizedUrl.IndexOf("-----BEGIN ", StringComparison.Ordinal) >= 0;

        internal static bool HasCredentialParameter(string text)
        {
            foreach (Match match in Parameter.Matches(text))
            {
                string name = match.Groups[1].Value;
                if (CredentialParameters.Contains(name) || SecretNames.LooksSecret(name)) return true;
            }
            return false;
        }

        internal static bool HasWebhookPath(string text)
        {
            int search = 0;
            while (true)
            {
                int schemeEnd = text.IndexOf("://", search, StringComparison.Ordinal);
                if (schemeEnd < 0) return false;
                int start = schemeEnd + 3;
                int end = start;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != ';' && text[end] != ',' && text[end] != '"') end++;
                string url = text.Substring(start, end - start);
                int at = url.LastIndexOf('@', Math.Max(0, IndexOrLength(url, '/') - 1));
                if (at >= 0 && at < IndexOrLength(url, '/')) url = url.Substring(at + 1);
                if (IsWebhook(url)) return true;
                search = start;
            }
        }

        private static int IndexOrLength(string s, char c)
        {
            int i = s.IndexOf(c);
            return i < 0 ? s.Length : i;
        }

        /// <summary>host/path without scheme: a known service, an Office 365 connector, or a generic hooks/&lt;id&gt; path.</summary>
        private static bool IsWebhook(string hostAndPath)
        {
            foreach (string prefix in WebhookHostPaths)
                if (hostAndPath.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && hostAndPath.Length > prefix.Length) return true;
            int slash = hostAndPath.IndexOf('/');
            if (slash < 0) return false;
            string host = hostAndPath.Substring(0, slash);
            if (host.EndsWith(".webhook.office.com", StringComparison.OrdinalIgnoreCase)) return true;
            string[] segments = hostAndPath.Substring(slash + 1).Split('/', '?', '#');
            for (int i = 0; i + 1 < segments.Length; i++)
            {
                string segment = segments[i];
                bool hookSegment = segment.Equals("hooks", StringComparison.OrdinalIgnoreCase) || segment.Equals("webhooks", StringComparison.OrdinalIgnoreCase)
                    || segment.Equals("webhook", StringComparison.OrdinalIgnoreCase);
                if (hookSegment && segments[i + 1].Length > 0) return true;
            }
            return false;
        }

        /// <summary>
        /// A run of 32+ base64/base62 characters that reads as random: letters and digits, Shannon entropy of at least
        /// 3.8 bits per character, and short "words" (random text changes between upper case, lower case and digits
        /// every two or three characters; identifiers such as ContinuousIntegrationBuild do not). Hex-only runs (commit
        /// ids, digests, GUIDs) and paths (a slash every few characters) are facts a statement records on purpose.
        /// </summary>
        internal static bool HasHighEntropyToken(string text)
        {
            int i = 0;
            while (i < text.Length)
            {
                if (!IsTokenChar(text[i])) { i++; continue; }
                int start = i;
                while (i < text.Length && IsTokenChar(text[i])) i++;
                string run = text.Substring(start, i - start).TrimEnd('=');
                if (run.Length >= MinimumTokenLength && LooksRandom(run)) return true;
            }
            return false;
        }

        private static bool IsTokenChar(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';

        private static bool LooksRandom(string run)
        {
            int slashes = 0, letters = 0, digits = 0;
            bool hexOnly = true; // every piece between separators is hex: "1.0.0+<commit>", a GUID, a digest
            foreach (char c in run)
            {
                if (c == '/') slashes++;
                if (char.IsLetter(c)) letters++;
                if (char.IsDigit(c)) digits++;
                if (char.IsLetterOrDigit(c) && !Uri.IsHexDigit(c)) hexOnly = false;
            }
            if (hexOnly || letters == 0 || digits == 0) return false;
            if (run[0] == '/' || slashes * 12 > run.Length) return false;
            return Entropy(run) >= 3.8 && Math.Min(AverageWordLength(run, ignoreCase: false), AverageWordLength(run, ignoreCase: true)) <= 3.3;
        }

        private static double Entropy(string run)
        {
            var counts = new Dictionary<char, int>();
            foreach (char c in run) counts[c] = counts.TryGetValue(c, out int n) ? n + 1 : 1;
            double entropy = 0;
            foreach (int count in counts.Values)
            {
                double p = (double)count / run.Length;
                entropy -= p * Math.Log(p, 2);
            }
            return entropy;
        }

        /// <summary>
        /// Letters and digits per word, a word being a digit run or a letter run (with case: "Build", "NET", "a"; without:
        /// any letter run). Random text has short words in at least one of the two readings.
        /// </summary>
        private static double AverageWordLength(string run, bool ignoreCase)
        {
            int words = 0, characters = 0, previous = -1;
            for (int i = 0; i < run.Length; i++)
            {
                char c = run[i];
                int kind = char.IsDigit(c) ? 0 : !char.IsLetter(c) ? -1 : ignoreCase ? 1 : char.IsUpper(c) ? 2 : 1;
                if (kind < 0) { previous = -1; continue; }
                characters++;
                // Case-sensitive: "Build" is one word (an upper case letter may start a lower case run), "BUILD" too.
                bool continues = kind == previous || (!ignoreCase && previous == 2 && kind == 1 && (i < 2 || !char.IsUpper(run[i - 2])));
                if (!continues) words++;
                previous = kind;
            }
            return words == 0 ? double.MaxValue : (double)characters / words;
        }
    }
}
