namespace Provenance.Signing
{
    /// <summary>The signature schemes a provenance file may be signed with (README, "Use it": Ed25519, ECDSA P-256 with DER signatures, RSA >= 3072).</summary>
    public enum KeyAlgorithm
    {
        /// <summary>Ed25519 (RFC 8032): the default, small and deterministic.</summary>
        Ed25519,

        /// <summary>ECDSA on NIST P-256 with SHA-256; signatures are DER (ASN.1), as sigstore and openssl expect.</summary>
        EcdsaP256Sha256,

        /// <summary>RSA PKCS#1 v1.5 with SHA-256; keys of at least 3072 bits.</summary>
        RsaPkcs1Sha256,
    }
}
