using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Paddings;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Provenance.Signing
{
    /// <summary>
    /// Writes "ENCRYPTED PRIVATE KEY" exactly as `openssl pkcs8 -topk8 -v2 aes-256-cbc` does (PBES2, PBKDF2 with
    /// HMAC-SHA256, AES-256-CBC), so `openssl pkey -passin` and every PKCS#8 reader can open it. The structure is
    /// built by hand because BouncyCastle's PBE factory does not let us pick the PRF.
    /// </summary>
    internal static class EncryptedPkcs8
    {
        /// <summary>
        /// PBKDF2 rounds. The key is decrypted on every build that signs, in managed code on .NET Framework too, so
        /// this stays well below OWASP's 600,000 while far above openssl's default of 2,048.
        /// </summary>
        public const int Iterations = 100_000;

        public static byte[] Encrypt(byte[] pkcs8Der, string password, SecureRandom random)
        {
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            random.NextBytes(salt);
            random.NextBytes(iv);

            var kdf = new Pkcs5S2ParametersGenerator(new Sha256Digest());
            kdf.Init(Encoding.UTF8.GetBytes(password), salt, Iterations);
            var aesKey = (KeyParameter)kdf.GenerateDerivedMacParameters(256);

            var cipher = new PaddedBufferedBlockCipher(new CbcBlockCipher(new AesEngine()), new Pkcs7Padding());
            cipher.Init(true, new ParametersWithIV(aesKey, iv));
            byte[] encrypted = cipher.DoFinal(pkcs8Der);

            var prf = new AlgorithmIdentifier(PkcsObjectIdentifiers.IdHmacWithSha256, DerNull.Instance);
            var pbes2 = new PbeS2Parameters(
                new KeyDerivationFunc(PkcsObjectIdentifiers.IdPbkdf2, new Pbkdf2Params(salt, Iterations, prf)),
                new EncryptionScheme(NistObjectIdentifiers.IdAes256Cbc, new DerOctetString(iv)));
            var info = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PkcsObjectIdentifiers.IdPbeS2, pbes2), encrypted);
            return info.GetEncoded(Asn1Encodable.Der);
        }
    }
}
