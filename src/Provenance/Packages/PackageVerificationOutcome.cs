namespace Provenance.Packages
{
    /// <summary>What verifying one restored package found (issue 3).</summary>
    public enum PackageVerificationOutcome
    {
        /// <summary>Signed by a trusted key, every file as signed, the policy's source and key rules met.</summary>
        Verified,

        /// <summary>The package carries no provenance (PROV2001).</summary>
        NotAttested,

        /// <summary>The provenance is not signed by a key the consumer trusts for this package (PROV2002).</summary>
        UntrustedSigner,

        /// <summary>A file was changed, added or removed, or the provenance itself was altered (PROV2003).</summary>
        Tampered,

        /// <summary>Genuine, but built from another source repository than the policy requires (PROV2004).</summary>
        PolicyViolation,

        /// <summary>Genuine, but signed with a development key the policy does not allow (PROV2005).</summary>
        DevelopmentKey,
    }
}
