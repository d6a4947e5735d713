namespace Provenance.Cli.Inspect
{
    /// <summary>
    /// A bundle with a public-key hint does not name its algorithm, and inspect has no key. The signature's
    /// shape still tells: Ed25519 is 64 raw bytes, ECDSA P-256 a DER SEQUENCE of at most 72 bytes, RSA the
    /// modulus size. Reported as a guess ("by signature shape"); verification never relies on it.
    /// </summary>
    internal static class SignatureShape
    {
        public static string Guess(byte[]? signature)
        {
            if (signature == null || signature.Length == 0) return "unknown";
            bool derSequence = signature.Length >= 8 && signature[0] == 0x30 && signature[1] == signature.Length - 2;
            if (derSequence && signature.Length <= 72) return "ecdsa-p256";
            if (signature.Length == 64) return "ed25519";
            if (signature.Length >= 256 && signature.Length % 128 == 0) return "rsa-" + (signature.Length * 8);
            return "unknown";
        }
    }
}
