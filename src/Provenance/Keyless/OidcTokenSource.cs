using System;
using System.Net.Http;
using System.Text.RegularExpressions;
using Provenance.Json;

namespace Provenance.Keyless
{
    /// <summary>
    /// Finds the CI's OIDC identity token, in this order: the variable named by ProvenanceOidcTokenVariable (any CI),
    /// GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL + ACTIONS_ID_TOKEN_REQUEST_TOKEN, audience "sigstore"), GitLab
    /// (SIGSTORE_ID_TOKEN, declared under id_tokens with aud: sigstore). An explicit setting wins over detection so
    /// a user can override what the CI offers.
    /// </summary>
    public static class OidcTokenSource
    {
        public const string GitHubRequestUrlVariable = "ACTIONS_ID_TOKEN_REQUEST_URL";
        public const string GitHubRequestTokenVariable = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
        public const string GitLabTokenVariable = "SIGSTORE_ID_TOKEN";
        public const string Audience = "sigstore";

        private static readonly Regex VariableName = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        /// <summary>True when a token can be had without asking anyone (ProvenanceSigningMode=auto decides on it).</summary>
        public static bool IsAvailable(SigstoreSigningSettings settings)
        {
            if (!string.IsNullOrEmpty(settings.OidcTokenVariable)) return !string.IsNullOrWhiteSpace(settings.GetEnvironmentVariable(settings.OidcTokenVariable!));
            return (!string.IsNullOrEmpty(settings.GetEnvironmentVariable(GitHubRequestUrlVariable))
                    && !string.IsNullOrEmpty(settings.GetEnvironmentVariable(GitHubRequestTokenVariable)))
                || !string.IsNullOrWhiteSpace(settings.GetEnvironmentVariable(GitLabTokenVariable));
        }

        /// <summary>A description of where the token will come from, with no secret: part of the session's cache key.</summary>
        internal static string Describe(SigstoreSigningSettings settings)
        {
            if (!string.IsNullOrEmpty(settings.OidcTokenVariable)) return "variable:" + settings.OidcTokenVariable;
            if (!string.IsNullOrEmpty(settings.GetEnvironmentVariable(GitHubRequestUrlVariable))) return "github-actions";
            if (!string.IsNullOrEmpty(settings.GetEnvironmentVariable(GitLabTokenVariable))) return "variable:" + GitLabTokenVariable;
            return "none";
        }

        internal static OidcToken Acquire(SigstoreSigningSettings settings, SigstoreHttp http)
        {
            string? variable = settings.OidcTokenVariable;
            if (!string.IsNullOrEmpty(variable))
            {
                if (!VariableName.IsMatch(variable!))
                    throw new ProvenanceException(DiagnosticCodes.KeyMaterialInProperty,
                        "The property ProvenanceOidcTokenVariable must be the NAME of an environment variable (letters, digits, '_'), not the token.");
                return FromVariable(settings, variable!, $"the environment variable '{variable}' (ProvenanceOidcTokenVariable)");
            }
            string? requestUrl = settings.GetEnvironmentVariable(GitHubRequestUrlVariable);
            string? requestToken = settings.GetEnvironmentVariable(GitHubRequestTokenVariable);
            if (!string.IsNullOrEmpty(requestUrl) || !string.IsNullOrEmpty(requestToken))
            {
                if (string.IsNullOrEmpty(requestUrl) || string.IsNullOrEmpty(requestToken))
                    throw Unavailable($"GitHub Actions sets only one of {GitHubRequestUrlVariable} and {GitHubRequestTokenVariable}; the job needs 'permissions: id-token: write'");
                return FromGitHub(requestUrl!, requestToken!, http);
            }
            if (!string.IsNullOrWhiteSpace(settings.GetEnvironmentVariable(GitLabTokenVariable)))
                return FromVariable(settings, GitLabTokenVariable, $"GitLab ({GitLabTokenVariable})");
            throw Unavailable(
                "no OIDC token is available. On GitHub Actions give the job 'permissions: id-token: write'; on GitLab declare " +
                $"'id_tokens: {GitLabTokenVariable}: aud: sigstore'; on any other CI put the token in a variable and name it with ProvenanceOidcTokenVariable");
        }

        private static OidcToken FromVariable(SigstoreSigningSettings settings, string name, string source)
        {
            string? value = settings.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(value)) throw Unavailable($"{source} is not set or is empty");
            return OidcToken.Parse(value!, source);
        }

        /// <summary>GitHub's token endpoint: GET &lt;url&gt;&amp;audience=sigstore with the request token as bearer; answers {"value": jwt}.</summary>
        private static OidcToken FromGitHub(string requestUrl, string requestToken, SigstoreHttp http)
        {
            const string source = "GitHub Actions (" + GitHubRequestUrlVariable + ")";
            if (!Uri.TryCreate(requestUrl, UriKind.Absolute, out Uri? url) || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && ServiceUrl.IsLoopback(url))))
                throw Unavailable($"{GitHubRequestUrlVariable} is not an https URL");
            var withAudience = new Uri(requestUrl + (string.IsNullOrEmpty(url.Query) ? "?" : "&") + "audience=" + Audience);
            const string name = "The GitHub Actions OIDC token endpoint";
            HttpAnswer answer = http.Send(SigstoreService.OidcToken, DiagnosticCodes.OidcTokenUnavailable, name, HttpMethod.Get, withAudience,
                null, null, "application/json", requestToken, requestToken);
            if (!answer.IsSuccess)
                throw SigstoreHttp.Failure(DiagnosticCodes.OidcTokenUnavailable, name, withAudience,
                    $"answered HTTP {answer.Status}: {SigstoreHttp.Excerpt(answer.Body, requestToken)}; the job needs 'permissions: id-token: write'");
            string? jwt = null;
            try { jwt = (JsonReader.ParseLenient(answer.Body) as JsonObject)?.GetString("value"); }
            catch (FormatException) { }
            if (string.IsNullOrEmpty(jwt))
                throw SigstoreHttp.Failure(DiagnosticCodes.OidcTokenUnavailable, name, withAudience, "answered without a token ('value')");
            return OidcToken.Parse(jwt!, source);
        }

        private static ProvenanceException Unavailable(string what) =>
            new ProvenanceException(DiagnosticCodes.OidcTokenUnavailable, "Keyless signing needs an OIDC token, but " + what + ".");
    }
}
