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
    }
}
