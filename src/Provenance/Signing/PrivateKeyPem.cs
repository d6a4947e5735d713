using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Provenance.Signing
{
    /// <summary>
    /// Reads a private key PEM: PKCS#8 ("PRIVATE KEY"), encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY", PBES2 as
    /// openssl writes it), and the traditional openssl forms "EC PRIVATE KEY" (SEC1) and "RSA PRIVATE KEY" (PKCS#1).
    /// Every failure is a <see cref="ProvenanceException"/> whose message names the source, never the key or password.
    /// </summary>
    internal static class PrivateKeyPem
    {
        private const string Pkcs8Label = "PRIVATE KEY";
        private const string EncryptedPkcs8Label = "ENCRYPTED PRIVATE KEY";
        private const string Sec1Label = "EC PRIVATE KEY";
        private const string Pkcs1Label = "RSA PRIVATE KEY";

        private static readonly HashSet<string> PrivateLabels = new HashSet<string>(StringComparer.Ordinal)
        {
            Pkcs8Label, EncryptedPkcs8Label, Sec1Label, Pkcs1Label,
        };

        private static readonly HashSet<string> PublicLabels = new HashSet<string>(StringComparer.Ordinal)
        {
            "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE", "TRUSTED CERTIFICATE",
        };

        private static readonly HashSet<string> SupportedKeyOids = new HashSet<string>(StringComparer.Ordinal)
        {
            EdECObjectIdentifiers.id_Ed25519.Id, X9ObjectIdentifiers.IdECPublicKey.Id, PkcsObjectIdentifiers.RsaEncryption.Id,
        };

        public static (KeyAlgorithm Algorithm, AsymmetricKeyParameter PrivateKey) Read(string pem, string? password, string source)
        {
            PemBlock block = FindPrivateKeyBlock(pem, source);
            AsymmetricKeyParameter key = block.Label switch
            {
                EncryptedPkcs8Label => Decrypt(block.Der, password, source),
                Pkcs8Label => FromPrivateKeyInfo(Parse(source, () => PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(block.Der))), source),
                Sec1Label => FromPrivateKeyInfo(Parse(source, () => Sec1ToPkcs8(block.Der)), source),
                _ => Parse(source, () => Pkcs1ToKey(block.Der)),
            };
            if (!key.IsPrivate) throw Invalid(source, "does not hold a private key");
            KeyAlgorithm? algorithm = KeyPolicy.Classify(key, out string whyNot);
            if (algorithm == null) throw new ProvenanceException(DiagnosticCodes.SigningKeyUnsupported, $"{source} holds {whyNot}.");
            if (key is ECPrivateKeyParameters ec) key = KeyPolicy.NormalizeEc(ec);
            return (algorithm.Value, key);
        }

        private static PemBlock FindPrivateKeyBlock(string pem, string source)
        {
            if (string.IsNullOrWhiteSpace(pem)) throw Invalid(source, "is empty");
            IReadOnlyList<PemBlock> blocks;
            try { blocks = PemBlock.ReadAll(pem); }
            catch (FormatException) { throw Invalid(source, "is not a valid PEM file"); }

            List<PemBlock> privateBlocks = blocks.Where(b => PrivateLabels.Contains(b.Label)).ToList();
            if (privateBlocks.Count == 1)
            {
                PemBlock block = privateBlocks[0];
                if (block.HasHeaders)
                    throw Invalid(source, "uses openssl's legacy PEM encryption; convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`");
                return block;
            }
            if (privateBlocks.Count > 1) throw Invalid(source, "holds more than one private key");
            if (blocks.Any(b => PublicLabels.Contains(b.Label))) throw Invalid(source, "holds a public key or certificate, not a private key");
            if (blocks.Count == 0) throw Invalid(source, "holds no PEM block");
            throw Invalid(source, $"holds a '{blocks[0].Label}' block, not a private key");
        }

        private static AsymmetricKeyParameter Decrypt(byte[] der, string? password, string source)
        {
            if (string.IsNullOrEmpty(password))
                throw new ProvenanceException(DiagnosticCodes.SigningKeyNeedsPassword, $"{source} is encrypted and no password was given.");
            EncryptedPrivateKeyInfo encrypted = Parse(source, () => EncryptedPrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der)));
            PrivateKeyInfo info;
            try
            {
                info = PrivateKeyInfoFactory.CreatePrivateKeyInfo(password!.ToCharArray(), encrypted);
                // A wrong password usually fails the CBC padding check; when it does not, the plaintext is not DER.
                info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(info.GetEncoded()));
            }
            catch (SecurityUtilityException)
            {
                throw new ProvenanceException(DiagnosticCodes.SigningKeyUnsupported,
                    $"{source} is encrypted with a scheme we do not support; use PBES2 with AES (`openssl pkcs8 -topk8 -v2 aes-256-cbc`).");
            }
            catch (Exception ex) when (!(ex is ProvenanceException))
            {
                throw new ProvenanceException(DiagnosticCodes.SigningKeyWrongPassword, $"{source} could not be decrypted: the password is wrong.");
            }
            return FromPrivateKeyInfo(info, source);
        }

        private static AsymmetricKeyParameter FromPrivateKeyInfo(PrivateKeyInfo info, string source)
        {
            string oid = info.PrivateKeyAlgorithm.Algorithm.Id;
            if (!SupportedKeyOids.Contains(oid))
                throw new ProvenanceException(DiagnosticCodes.SigningKeyUnsupported,
                    $"{source} holds a key of an unsupported algorithm (OID {oid}); use Ed25519, ECDSA P-256 or RSA >= {KeyPolicy.MinimumRsaBits}.");
            return Parse(source, () => PrivateKeyFactory.CreateKey(info));
        }

        /// <summary>SEC1 keeps the curve inside the key; PKCS#8 keeps it in the algorithm identifier.</summary>
        private static PrivateKeyInfo Sec1ToPkcs8(byte[] der)
        {
            ECPrivateKeyStructure sec1 = ECPrivateKeyStructure.GetInstance(Asn1Object.FromByteArray(der));
            Asn1Object curve = sec1.GetParameters() ?? throw new FormatException("SEC1 key without curve parameters");
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, curve), sec1);
        }

        private static AsymmetricKeyParameter Pkcs1ToKey(byte[] der)
        {
            RsaPrivateKeyStructure rsa = RsaPrivateKeyStructure.GetInstance(Asn1Object.FromByteArray(der));
            return new RsaPrivateCrtKeyParameters(rsa.Modulus, rsa.PublicExponent, rsa.PrivateExponent,
                rsa.Prime1, rsa.Prime2, rsa.Exponent1, rsa.Exponent2, rsa.Coefficient);
        }

        /// <summary>Runs a parse step; any failure of a library parser is a corrupt key (PROV1002).</summary>
        private static T Parse<T>(string source, Func<T> parse)
        {
            try { return parse(); }
            catch (Exception ex) when (!(ex is ProvenanceException))
            {
                throw Invalid(source, "is corrupt or not a key we can read");
            }
        }

        private static ProvenanceException Invalid(string source, string what) =>
            new ProvenanceException(DiagnosticCodes.SigningKeyInvalid,
                $"{source} {what}. Expected a PKCS#8 private key PEM (a \"BEGIN PRIVATE KEY\" or \"BEGIN ENCRYPTED PRIVATE KEY\" block).");
    }
}
