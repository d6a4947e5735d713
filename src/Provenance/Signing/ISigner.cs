namespace Provenance.Signing
{
    /// <summary>
    /// Anything that can sign: a key held in memory (<see cref="SigningKey"/>) or an external signer such as a
    /// KMS or HSM command. Signatures use the encoding of <see cref="VerificationKey.Verify"/>.
    /// </summary>
    public interface ISigner
    {
        VerificationKey PublicKey { get; }

        byte[] Sign(byte[] data);
    }
}
