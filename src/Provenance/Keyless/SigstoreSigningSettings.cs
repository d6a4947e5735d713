using System;
using System.Net.Http;

namespace Provenance.Keyless
{
    /// <summary>
    /// Where the Sigstore services are and how long to wait for them. Values are URLs and variable NAMES only: a token
    /// is never a setting (binary logs record every property). Null URLs mean "not configured"; keyless signing
    /// (<see cref="KeylessSession"/>) then uses the public-good instance for Fulcio and Rekor.
    /// </summary>
    public sealed class SigstoreSigningSettings
    {
        public const string PublicGoodFulcioUrl = "https://fulcio.sigstore.dev";
        public const string PublicGoodRekorUrl = "https://rekor.sigstore.dev";
        public const string PublicGoodTimestampUrl = "https://timestamp.sigstore.dev";

        /// <summary>Fulcio base URL (ProvenanceFulcioUrl); keyless only.</summary>
        public string? FulcioUrl { get; set; }

        /// <summary>Rekor base URL (ProvenanceRekorUrl). Keyless: public-good when null, unless <see cref="TransparencyLog"/> is false.</summary>
        public string? RekorUrl { get; set; }

        /// <summary>
        /// False: no Rekor entry for any bundle (keyless then needs <see cref="TimestampUrl"/>). True: keyless bundles get
        /// one (public-good when <see cref="RekorUrl"/> is null); a key- or certificate-signed bundle gets one only when
        /// <see cref="RekorUrl"/> is set, since publishing to a public log is a choice a key holder makes explicitly.
        /// </summary>
        public bool TransparencyLog { get; set; } = true;

        /// <summary>RFC 3161 timestamp authority base URL (ProvenanceTimestampUrl); null: no timestamp.</summary>
        public string? TimestampUrl { get; set; }

        /// <summary>Name of the variable holding the OIDC token (ProvenanceOidcTokenVariable); null: detect the CI.</summary>
        public string? OidcTokenVariable { get; set; }

        /// <summary>Bound on each service call (connect + response); a hung service must not hang the build.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Reads an environment variable; tests substitute their own.</summary>
        public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

        /// <summary>The HTTP stack; null for the platform's. Tests put an in-process service here.</summary>
        public HttpMessageHandler? HttpHandler { get; set; }
    }
}
