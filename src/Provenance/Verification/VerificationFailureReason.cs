namespace Provenance.Verification
{
    /// <summary>Why a bundle was rejected; <see cref="VerificationException.Code"/> follows from it.</summary>
    public enum VerificationFailureReason
    {
        /// <summary>The bundle, envelope or statement is not well formed (PROV2003).</summary>
        Malformed,

        /// <summary>The signature may be sound, but no trusted key made it (PROV2002).</summary>
        UntrustedSigner,

        /// <summary>The signature does not verify with the key the bundle names: the content was changed (PROV2003).</summary>
        BadSignature,

        /// <summary>The statement is genuine but does not describe this artifact (PROV2003).</summary>
        SubjectMismatch,

        /// <summary>The trusted root (Sigstore trustedroot JSON) is malformed, so nothing can be checked against it.</summary>
        InvalidTrustedRoot,

        /// <summary>The signing certificate does not chain to a trusted certificate authority at the signing time.</summary>
        UntrustedCertificate,

        /// <summary>A transparency-log entry does not verify (log unknown, signed entry timestamp, inclusion proof,
        /// checkpoint), or it does not record this bundle's signature.</summary>
        TransparencyLogInvalid,

        /// <summary>An RFC 3161 timestamp does not verify against a trusted timestamp authority, or stamps other bytes.</summary>
        TimestampInvalid,

        /// <summary>A signed certificate timestamp (SCT) in the certificate is missing or does not verify with a trusted CT log.</summary>
        CertificateTransparencyInvalid,

        /// <summary>Fewer verified transparency-log entries, timestamps or SCTs than the verifier requires.</summary>
        InsufficientEvidence,
    }
}
