using System;
using System.Text;
using Provenance.Json;

namespace Provenance.Keyless
{
    /// <summary>
    /// An OIDC identity token (a JWT) and the claims signing needs. The token itself is a credential: it is never part
    /// of <see cref="ToString"/>, a message or a log, and its signature is Fulcio's to check, not ours.
    /// </summary>
    public sealed class OidcToken
    {
        private OidcToken(string value, string issuer, string subject, string? email, DateTimeOffset? expiresAt, string source)
        {
            Value = value;
            Issuer = issuer;
            Subject = subject;
            Email = email;
            ExpiresAt = expiresAt;
            Source = source;
        }

        /// <summary>The JWT; only for the Authorization of Fulcio's request.</summary>
        internal string Value { get; }

        public string Issuer { get; }
        public string Subject { get; }
        public string? Email { get; }
        public DateTimeOffset? ExpiresAt { get; }

        /// <summary>Where the token came from, e.g. "GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL)"; named by errors.</summary>
        public string Source { get; }

        /// <summary>
        /// What the proof of possession signs: Fulcio checks a signature over the identity it will put in the
        /// certificate, which is the email for the email-based issuers and the subject for every other (as sigstore-js).
        /// </summary>
        public string ProofOfPossessionChallenge =>
            (Issuer == "https://accounts.google.com" || Issuer == "https://oauth2.sigstore.dev/auth") && !string.IsNullOrEmpty(Email)
                ? Email!
                : Subject;

        public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt.HasValue && ExpiresAt.Value <= now;

        /// <summary>Reads the claims of a JWT (compact form); PROV1022 naming <paramref name="source"/> when it is none.</summary>
        public static OidcToken Parse(string token, string source)
        {
            if (source == null) throw new ArgumentNullException(nameof(source));
            string value = (token ?? "").Trim();
            string[] parts = value.Split('.');
            if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
                throw Invalid(source, "is not a JSON Web Token (three base64url parts separated by '.')");
            JsonObject claims;
            try
            {
                claims = JsonReader.Parse(Base64Url(parts[1])) as JsonObject ?? throw new FormatException("the claims are not a JSON object");
            }
            catch (FormatException ex)
            {
                throw Invalid(source, "has unreadable claims: " + ex.Message.TrimEnd('.'));
            }
            string? issuer = claims.GetString("iss");
            string? subject = claims.GetString("sub");
            if (string.IsNullOrEmpty(issuer)) throw Invalid(source, "has no 'iss' claim");
            if (string.IsNullOrEmpty(subject)) throw Invalid(source, "has no 'sub' claim");
            DateTimeOffset? expires = null;
            if (claims["exp"] is JsonNumber exp)
            {
                if (!exp.TryGetInt64(out long seconds) || seconds < 0 || seconds > 253402300799)
                    throw Invalid(source, "has an 'exp' claim that is not a time");
                expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
            return new OidcToken(value, issuer!, subject!, claims.GetString("email"), expires, source);
        }

        /// <summary>PROV1022 unless the token is still valid <paramref name="now"/>.</summary>
        public void RequireUnexpired(DateTimeOffset now)
        {
            if (IsExpiredAt(now))
                throw Invalid(Source, $"expired at {ExpiresAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; CI tokens live minutes, so sign earlier in the job or request a fresh token");
        }

        public override string ToString() => $"OIDC token from {Source} for '{Subject}' issued by {Issuer}";

        private static byte[] Base64Url(string text)
        {
            string base64 = text.Replace('-', '+').Replace('_', '/');
            switch (base64.Length % 4)
            {
                case 2: base64 += "=="; break;
                case 3: base64 += "="; break;
                case 1: throw new FormatException("bad base64url length");
            }
            return Convert.FromBase64String(base64);
        }

        internal static ProvenanceException Invalid(string source, string what) =>
            new ProvenanceException(DiagnosticCodes.OidcTokenInvalid, $"The OIDC token from {source} {what}.");
    }
}
