using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Provenance.Signing
{
    /// <summary>
    /// A public key: what consumers trust and what verifies a signature. Identified by <see cref="Hint"/>, the
    /// cosign / sigstore-go key hint: padded base64 of SHA-256 over the DER SubjectPublicKeyInfo.
    /// </summary>
    public sealed class VerificationKey
    {
        private const string PublicKeyLabel = "PUBLIC KEY";
        private readonly AsymmetricKeyParameter _key;
        private readonly byte[] _spki;

        private VerificationKey(KeyAlgorithm algorithm, AsymmetricKeyParameter key, byte[] spki)
        {
            Algorithm = algorithm;
            _key = key;
            _spki = spki;
            using (SHA256 sha256 = SHA256.Create()) Hint = Convert.ToBase64String(sha256.ComputeHash(spki));
        }

        public KeyAlgorithm Algorithm { get; }

        /// <summary>The DER SubjectPublicKeyInfo (a copy: callers cannot change the key behind our back).</summary>
        public byte[] SubjectPublicKeyInfo => (byte[])_spki.Clone();

        public string Hint { get; }

        /// <summary>Reads an SPKI "PUBLIC KEY" PEM; anything else, or an unsupported key, is PROV3003 naming the source.</summary>
        public static VerificationKey FromPem(string pem, string sourceDescription)
        {
            if (sourceDescription == null) throw new ArgumentNullException(nameof(sourceDescription));
            if (string.IsNullOrWhiteSpace(pem)) throw Invalid(sourceDescription, "is empty");
            IReadOnlyList<PemBlock> blocks;
            try { blocks = PemBlock.ReadAll(pem); }
            catch (FormatException) { throw Invalid(sourceDescription, "is not a valid PEM file"); }
            List<PemBlock> keys = blocks.Where(b => b.Label == PublicKeyLabel).ToList();
            if (keys.Count == 0)
                throw Invalid(sourceDescription, blocks.Any(b => b.Label.Contains("PRIVATE"))
                    ? "holds a private key; give the public key (`dotnet provenance keygen` writes it beside the private key)"
                    : "holds no '-----BEGIN PUBLIC KEY-----' block");
            if (keys.Count > 1) throw Invalid(sourceDescription, "holds more than one public key");
            return FromSubjectPublicKeyInfo(keys[0].Der, sourceDescription);
        }

        /// <summary>Reads a DER SubjectPublicKeyInfo; malformed or unsupported keys are PROV3003.</summary>
        public static VerificationKey FromSubjectPublicKeyInfo(byte[] der) =>
            FromSubjectPublicKeyInfo(der ?? throw new ArgumentNullException(nameof(der)), "the public key");

        private static VerificationKey FromSubjectPublicKeyInfo(byte[] der, string source)
        {
            AsymmetricKeyParameter key;
            try
            {
                // FromByteArray rejects trailing bytes; the key is then re-encoded, so the hint is over canonical DER.
                var info = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
                key = PublicKeyFactory.CreateKey(info);
            }
            catch (Exception ex) when (!(ex is ProvenanceException))
            {
                throw Invalid(source, "is corrupt or not a public key we can read");
            }
            if (key.IsPrivate) throw Invalid(source, "is not a public key");
            KeyAlgorithm? algorithm = KeyPolicy.Classify(key, out string whyNot);
            if (algorithm == null) throw Invalid(source, "holds " + whyNot);
            return FromKey(algorithm.Value, key);
        }

        internal static VerificationKey FromKey(KeyAlgorithm algorithm, AsymmetricKeyParameter publicKey)
        {
            if (publicKey is ECPublicKeyParameters ec) publicKey = KeyPolicy.NormalizeEc(ec);
            byte[] spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetEncoded(Asn1Encodable.Der);
            return new VerificationKey(algorithm, publicKey, spki);
        }

        /// <summary>"-----BEGIN PUBLIC KEY-----", 64-character lines, "\n" line ends.</summary>
        public string ToPem() => PemBlock.Write(PublicKeyLabel, _spki);

        /// <summary>True when <paramref name="signature"/> (DER for ECDSA) is valid over <paramref name="data"/>; never throws for bad input.</summary>
        public bool Verify(byte[] data, byte[] signature)
        {
            if (data == null) throw new ArgumentNullException(nameof(data));
            if (signature == null) throw new ArgumentNullException(nameof(signature));
            return SignatureSchemes.Verify(Algorithm, _key, data, signature);
        }

        /// <summary>Same SPKI, same key.</summary>
        public bool SameKeyAs(VerificationKey other) => other != null && Org.BouncyCastle.Utilities.Arrays.AreEqual(_spki, other._spki);

        public override string ToString() => $"{Algorithm} public key ({Hint})";

        private static ProvenanceException Invalid(string source, string what) =>
            new ProvenanceException(DiagnosticCodes.TrustedKeyInvalid,
                $"{source} {what}. Expected an SPKI public key PEM (-----BEGIN PUBLIC KEY-----) of Ed25519, ECDSA P-256 or RSA >= {KeyPolicy.MinimumRsaBits} bits.");
    }
}
