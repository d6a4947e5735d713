using System.Globalization;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Multiplier;

namespace Provenance.Signing
{
    /// <summary>
    /// Which keys we sign and verify with (README, "Use it": Ed25519, ECDSA P-256 with DER signatures, RSA >= 3072), and their one canonical in-memory form:
    /// EC keys carry the P-256 OID, so SPKI and PKCS#8 name the curve rather than spell out its parameters.
    /// </summary>
    internal static class KeyPolicy
    {
        public const int MinimumRsaBits = 3072;

        public static readonly DerObjectIdentifier P256Oid = SecObjectIdentifiers.SecP256r1;
        private static readonly X9ECParameters P256 = ECNamedCurveTable.GetByOid(P256Oid);
        public static readonly ECDomainParameters P256Domain = new ECDomainParameters(P256);

        /// <summary>The algorithm of a supported key, or null with <paramref name="whyNot"/> saying what is wrong with it.</summary>
        public static KeyAlgorithm? Classify(AsymmetricKeyParameter key, out string whyNot)
        {
            whyNot = "";
            switch (key)
            {
                case Ed25519PrivateKeyParameters _:
                case Ed25519PublicKeyParameters _:
                    return KeyAlgorithm.Ed25519;
                case ECKeyParameters ec:
                    if (IsP256(ec.Parameters)) return KeyAlgorithm.EcdsaP256Sha256;
                    whyNot = $"an EC key on curve {CurveName(ec)}; only P-256 (prime256v1) is supported";
                    return null;
                case RsaKeyParameters rsa:
                    int bits = rsa.Modulus.BitLength;
                    if (bits >= MinimumRsaBits) return KeyAlgorithm.RsaPkcs1Sha256;
                    whyNot = string.Format(CultureInfo.InvariantCulture,
                        "an RSA key of {0} bits; at least {1} bits are required", bits, MinimumRsaBits);
                    return null;
                default:
                    whyNot = $"a key of an unsupported type ({key.GetType().Name}); use Ed25519, ECDSA P-256 or RSA >= {MinimumRsaBits}";
                    return null;
            }
        }

        public static ECPrivateKeyParameters NormalizeEc(ECPrivateKeyParameters key) =>
            new ECPrivateKeyParameters("EC", key.D, P256Oid);

        public static ECPublicKeyParameters NormalizeEc(ECPublicKeyParameters key) =>
            new ECPublicKeyParameters("EC", key.Q, P256Oid);

        /// <summary>The public half of a supported private key.</summary>
        public static AsymmetricKeyParameter PublicOf(AsymmetricKeyParameter privateKey) => privateKey switch
        {
            Ed25519PrivateKeyParameters ed => ed.GeneratePublicKey(),
            ECPrivateKeyParameters ec => new ECPublicKeyParameters(
                "EC", new FixedPointCombMultiplier().Multiply(P256Domain.G, ec.D).Normalize(), P256Oid),
            RsaPrivateCrtKeyParameters rsa => new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent),
            _ => throw new System.ArgumentException("unsupported private key type " + privateKey.GetType().Name),
        };

        private static bool IsP256(ECDomainParameters parameters) =>
            parameters.Curve.Equals(P256Domain.Curve) && parameters.G.Equals(P256Domain.G) && parameters.N.Equals(P256Domain.N);

        private static string CurveName(ECKeyParameters ec)
        {
            DerObjectIdentifier? oid = ec.PublicKeyParamSet;
            if (oid == null) return $"with explicit parameters ({ec.Parameters.Curve.FieldSize} bits)";
            return ECNamedCurveTable.GetName(oid) ?? oid.Id;
        }
    }
}
