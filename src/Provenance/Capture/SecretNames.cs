using System;
using System.Collections.Generic;

namespace Provenance.Capture
{
    /// <summary>
    /// Decides whether a variable or property name probably holds a secret, so that its value is never recorded.
    /// It errs on the side of redaction: a false positive costs one redacted value, a false negative leaks a secret.
    /// </summary>
    public static class SecretNames
    {
        /// <summary>What the statement records instead of a value whose name looks secret.</summary>
        public const string RedactedValue = "***redacted***";

        // Long, unambiguous stems: matched anywhere in the name, so GITHUBTOKEN or MyDbPassword are caught
        // even without a separator.
        private static readonly string[] Stems =
        {
            "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "APIKEY", "CREDENTIAL", "CONNECTIONSTRING",
            "CONNSTR", "PRIVATEKEY", "ACCESSKEY", "SIGNINGKEY", "CLIENTKEY", "WEBHOOK", "SASURL", "SASKEY",
        };

        // Short words that are only secret as a whole word part (SIGNING_KEY, SigningKey, DB_PWD, AZURE_SAS,
        // NUGET_PAT) and harmless inside other words (KEYBOARD, MONKEY, AUTHOR, PATH, SASS).
        // PWD is included on purpose: the PWD variable (the shell's working directory) is a machine path that the
        // environment allowlist never records anyway, while Pwd/DB_PWD properties are passwords.
        // PW and CRED are what people abbreviate to (ADMIN_PW, MY_CRED); SIG is an Azure SAS signature; DSN and HMAC
        // name values that embed a key (a Sentry DSN carries its key as user-info).
        private static readonly HashSet<string> Words = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "KEY", "KEYS", "PW", "PWD", "PASS", "AUTH", "AUTHN", "AUTHZ", "OAUTH", "AUTHORIZATION", "AUTHENTICATION",
            "SAS", "SIG", "PAT", "PATS", "PRIVATE", "COOKIE", "BEARER", "JWT", "SESSION", "CRED", "CREDS", "PEM", "PFX",
            "P12", "DSN", "HMAC", "OTP", "TOTP",
        };
        // Not listed: CERT and SIGNATURE. Certificates are public, and NUGET_CERT_REVOCATION_MODE or
        // DOTNET_NUGET_SIGNATURE_VERIFICATION are settings; a certificate's password or a .pfx is caught above.

        public static bool LooksSecret(string name)
        {
            if (string.IsNullOrEmpty(name)) return false;
            string upper = name.ToUpperInvariant();
            foreach (string stem in Stems)
            {
                if (upper.IndexOf(stem, StringComparison.Ordinal) >= 0) return true;
            }
            // CONNECTION_STRING / ConnectionString split over two words.
            if (upper.IndexOf("CONNECTION", StringComparison.Ordinal) >= 0 && upper.IndexOf("STRING", StringComparison.Ordinal) >= 0)
                return true;
            foreach (string word in SplitWords(name))
            {
                if (Words.Contains(word)) return true;
            }
            return false;
        }

        /// <summary>
        /// The value to record for a named value (global property, environment variable, compiler option):
        /// <see cref="RedactedValue"/> when the name looks secret or the value holds a secret (<see cref="SecretValues"/>),
        /// except that a value that is one URL whose only secrets are its user-info, query or fragment keeps the URL
        /// without them (so RepositoryUrl or a feed stays useful). A webhook URL, whose path is the secret, is redacted.
        /// </summary>
        public static string Redact(string name, string? value)
        {
            if (LooksSecret(name)) return RedactedValue;
            if (string.IsNullOrEmpty(value)) return "";
            if (!LooksSecretValue(value)) return value!;
            string trimmed = value!.Trim();
            bool singleUrl = trimmed.IndexOfAny(new[] { ' ', '\t', ';', ',', '\n', '\r' }) < 0 && trimmed.IndexOf("://", StringComparison.Ordinal) > 0;
            if (singleUrl)
            {
                string sanitized = UrlSanitizer.RemoveUserInfo(trimmed);
                if (!LooksSecretValue(sanitized) && !SecretValues.SecretOutsideQuery(sanitized)) return sanitized;
            }
            return RedactedValue;
        }

        /// <summary>True when a value carries a secret regardless of its name (<see cref="SecretValues.LooksSecret"/>).</summary>
        public static bool LooksSecretValue(string? value) => SecretValues.LooksSecret(value);

        /// <summary>Splits SIGNING_KEY, signing-key, SigningKey and APIKeyFile into word parts.</summary>
        internal static IEnumerable<string> SplitWords(string name)
        {
            int start = 0;
            for (int i = 1; i <= name.Length; i++)
            {
                if (i == name.Length || IsBoundary(name, i))
                {
                    int begin = start;
                    while (begin < i && !char.IsLetter(name[begin])) begin++;
                    if (begin < i)
                    {
                        int end = i;
                        while (end > begin && !char.IsLetter(name[end - 1])) end--;
                        if (end > begin) yield return name.Substring(begin, end - begin);
                    }
                    start = i;
                }
            }
        }

        private static bool IsBoundary(string s, int i)
        {
            char previous = s[i - 1], current = s[i];
            if (!char.IsLetter(current) || !char.IsLetter(previous)) return true;                   // SIGNING_KEY, KEY1
            if (char.IsLower(previous) && char.IsUpper(current)) return true;                       // signingKey
            return char.IsUpper(previous) && char.IsUpper(current) && i + 1 < s.Length && char.IsLower(s[i + 1]); // APIKey
        }
    }
}
