using System;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Provenance.Signing
{
    /// <summary>
    /// Signs and verifies with BouncyCastle on both runtimes, so a signature made inside Visual Studio's MSBuild
    /// (.NET Framework) is byte-for-byte what `dotnet build` makes. Every scheme is deterministic: ECDSA takes its
    /// nonce from RFC 6979, so the same key and payload give the same provenance file.
    /// </summary>
    internal static class SignatureSchemes
    {
        public static byte[] Sign(KeyAlgorithm algorithm, AsymmetricKeyParameter privateKey, byte[] data)
        {
            Org.BouncyCastle.Crypto.ISigner signer = Create(algorithm);
            signer.Init(true, privateKey);
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        }

        /// <summary>False for any signature that does not verify, including one that is not even well formed.</summary>
        public static bool Verify(KeyAlgorithm algorithm, AsymmetricKeyParameter publicKey, byte[] data, byte[] signature)
        {
            if (algorithm == KeyAlgorithm.Ed25519 && signature.Length != Ed25519PrivateKeyParameters.SignatureSize) return false;
            try
            {
                Org.BouncyCastle.Crypto.ISigner verifier = Create(algorithm);
                verifier.Init(false, publicKey);
                verifier.BlockUpdate(data, 0, data.Length);
                // ECDSA: StandardDsaEncoding re-encodes (r, s) and compares, so only strict DER is accepted.
                return verifier.VerifySignature(signature);
            }
            catch (Exception ex) when (ex is CryptoException || ex is ArgumentException || ex is InvalidOperationException || ex is FormatException)
            {
                return false;
            }
        }

        private static Org.BouncyCastle.Crypto.ISigner Create(KeyAlgorithm algorithm) => algorithm switch
        {
            KeyAlgorithm.Ed25519 => new Ed25519Signer(),
            KeyAlgorithm.EcdsaP256Sha256 => new DsaDigestSigner(
                new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest())), new Sha256Digest(), StandardDsaEncoding.Instance),
            KeyAlgorithm.RsaPkcs1Sha256 => new RsaDigestSigner(new Sha256Digest()),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
        };
    }
}
