namespace Provenance.Packages
{
    /// <summary>
    /// One ProvenancePolicy item as the project declares it: metadata values are the raw strings MSBuild gives,
    /// validated by <see cref="ProvenancePolicy.Create"/>.
    /// </summary>
    public sealed class ProvenancePolicyItem
    {
        public ProvenancePolicyItem(string include) => Include = include;

        /// <summary>A package id, a prefix ending in '*' (Acme.*), or '*'.</summary>
        public string Include { get; }

        /// <summary>"true" (the default) or "false": must a matching package be verified?</summary>
        public string? Require { get; set; }

        /// <summary>The repository the package's provenance must name as its source.</summary>
        public string? SourceRepository { get; set; }

        /// <summary>"error" (the default), "warning" or "none".</summary>
        public string? Severity { get; set; }

        /// <summary>"true" lets a package signed with a development key pass; "false" by default.</summary>
        public string? AllowDevelopmentKey { get; set; }

        /// <summary>Optional ';'-separated subset of the trusted keys: key file paths or key hints.</summary>
        public string? TrustedKeys { get; set; }

        /// <summary>The exact subject alternative name (URI or email) a certificate-signed package's certificate must carry.</summary>
        public string? CertificateIdentity { get; set; }

        /// <summary>A .NET regular expression the whole SAN must match; exclusive with <see cref="CertificateIdentity"/>.</summary>
        public string? CertificateIdentityRegex { get; set; }

        /// <summary>The exact OIDC issuer of the certificate; GitHub Actions' by default, '*' for any (or none).</summary>
        public string? CertificateOidcIssuer { get; set; }

        /// <summary>';'-separated patterns ('*' = any text) the certificate's source ref (refs/tags/v1.0) must match.</summary>
        public string? SourceRef { get; set; }

        /// <summary>';'-separated patterns the certificate's build signer URI (the workflow file at a ref) must match.</summary>
        public string? SignerWorkflow { get; set; }

        /// <summary>"true" accepts certificates issued to self-hosted runners; "false" (the default) requires github-hosted.</summary>
        public string? AllowSelfHostedRunners { get; set; }
    }
}
