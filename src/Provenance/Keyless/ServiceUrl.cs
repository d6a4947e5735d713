using System;
using System.Net;

namespace Provenance.Keyless
{
    /// <summary>
    /// Checks a configured service URL. Only https, because the OIDC token and the signatures travel to these services
    /// and a man in the middle could otherwise take the token or substitute a certificate; plain http is allowed on
    /// loopback only (a local mock or proxy), and for a timestamp authority. No user-info or query: they would end up in messages and logs.
    /// </summary>
    internal static class ServiceUrl
    {
        /// <param name="allowHttp">
        /// For a timestamp authority only: nothing secret is sent (a hash of a signature) and the answer is signed, so
        /// plain http, which many commercial TSAs still use, cannot forge a timestamp a verifier would accept.
        /// </param>
        public static Uri Parse(string value, string property, bool allowHttp = false)
        {
            if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out Uri? uri))
                throw Invalid(property, value, "is not an absolute URL");
            if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                throw Invalid(property, Describe(uri), "must not hold user-info, a query or a fragment");
            if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (allowHttp || IsLoopback(uri))))
                return new Uri(Describe(uri).TrimEnd('/') + "/");
            throw Invalid(property, Describe(uri), "must use https (http is accepted for loopback addresses only)");
        }

        /// <summary>An endpoint below a base URL that ends in '/'.</summary>
        public static Uri Endpoint(Uri baseUrl, string relativePath) => new Uri(baseUrl, relativePath);

        /// <summary>What a message may show of a URL: never its user-info or query (credentials, or what identifies a run).</summary>
        public static string Describe(Uri uri) => uri.Scheme + "://" + uri.Authority + uri.AbsolutePath;

        public static bool IsLoopback(Uri uri)
        {
            if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
            return IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address);
        }

        private static ProvenanceException Invalid(string property, string? value, string what) =>
            new ProvenanceException(DiagnosticCodes.SigstoreServiceUrlInvalid, $"{property} '{value}' {what}.");
    }
}
