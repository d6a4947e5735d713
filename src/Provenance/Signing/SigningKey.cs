using System;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Provenance.Signing
{
    /// <summary>A private key held in memory. It never appears in a message, <see cref="ToString"/> or a log.</summary>
    public sealed class SigningKey : ISigner
    {
        private const int GeneratedRsaBits = 3072;
        private readonly AsymmetricKeyParameter _privateKey;

        private SigningKey(KeyAlgorithm algorithm, AsymmetricKeyParameter privateKey)
        {
            Algorithm = algorithm;
            _privateKey = privateKey;
            PublicKey = VerificationKey.FromKey(algorithm, KeyPolicy.PublicOf(privateKey));
        }

        public KeyAlgorithm Algorithm { get; }

        public VerificationKey PublicKey { get; }

        /// <summary>
        /// Reads a private key PEM. <paramref name="sourceDescription"/> is what error messages name, e.g.
        /// "ProvenanceSigningKeyFile '/path/key.pem'". Throws <see cref="ProvenanceException"/> with PROV1002 (not a
        /// private key, corrupt), PROV1003 (encrypted, no password), PROV1004 (wrong password) or PROV1005 (unsupported).
        /// </summary>
        public static SigningKey FromPem(string pem, string? password, string sourceDescription)
        {
            if (sourceDescription == null) throw new ArgumentNullException(nameof(sourceDescription));
            var (algorithm, privateKey) = PrivateKeyPem.Read(pem ?? "", password, sourceDescription);
            return new SigningKey(algorithm, privateKey);
        }

        /// <summary>A fresh key pair; RSA keys have 3072 bits.</summary>
        public static SigningKey Generate(KeyAlgorithm algorithm)
        {
            var random = new SecureRandom();
            IAsymmetricCipherKeyPairGenerator generator;
            switch (algorithm)
            {
                case KeyAlgorithm.Ed25519:
                    generator = new Ed25519KeyPairGenerator();
                    generator.Init(new Ed25519KeyGenerationParameters(random));
                    break;
                case KeyAlgorithm.EcdsaP256Sha256:
                    generator = new ECKeyPairGenerator("EC");
                    generator.Init(new ECKeyGenerationParameters(KeyPolicy.P256Oid, random));
                    break;
                case KeyAlgorithm.RsaPkcs1Sha256:
                    generator = new RsaKeyPairGenerator();
                    generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, GeneratedRsaBits, 100));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null);
            }
            AsymmetricKeyParameter privateKey = generator.GenerateKeyPair().Private;
            if (privateKey is ECPrivateKeyParameters ec) privateKey = KeyPolicy.NormalizeEc(ec);
            return new SigningKey(algorithm, privateKey);
        }

        /// <summary>Signs <paramref name="data"/>; ECDSA signatures are DER, RSA is PKCS#1 v1.5 with SHA-256.</summary>
        public byte[] Sign(byte[] data)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            return SignatureSchemes.Sign(Algorithm, _privateKey, data);
        }

        /// <summary>
        /// PKCS#8 PEM: "PRIVATE KEY" without a password, or "ENCRYPTED PRIVATE KEY" (PBES2, PBKDF2-HMAC-SHA256,
        /// AES-256-CBC) with one, readable by `openssl pkey -passin`.
        /// </summary>
        public string ToPkcs8Pem(string? password)
        {
            if (password != null && password.Length == 0)
                throw new ArgumentException("An empty password would encrypt nothing; pass null for an unencrypted key.", nameof(password));
            // Version 0 without the optional public key: BouncyCastle adds one to Ed25519 keys (RFC 5958 v1),
            // which openssl 3.0 cannot read. openssl itself writes version 0.
            PrivateKeyInfo full = PrivateKeyInfoFactory.CreatePrivateKeyInfo(_privateKey);
            byte[] pkcs8 = new PrivateKeyInfo(full.PrivateKeyAlgorithm, full.ParsePrivateKey()).GetEncoded(Asn1Encodable.Der);
            try
            {
                return password == null
                    ? PemBlock.Write("PRIVATE KEY", pkcs8)
                    : PemBlock.Write("ENCRYPTED PRIVATE KEY", EncryptedPkcs8.Encrypt(pkcs8, password, new SecureRandom()));
            }
            finally
            {
                Array.Clear(pkcs8, 0, pkcs8.Length);
            }
        }

        public override string ToString() => $"{Algorithm} signing key ({PublicKey.Hint})";
    }
}
