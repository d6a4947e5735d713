using System;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Provenance.Sigstore
{
    /// <summary>
    /// A public key of the Sigstore ecosystem: wider than <see cref="Signing.VerificationKey"/> (which only admits the
    /// keys we sign with), because Fulcio intermediates and TSAs use P-384, old CT logs RSA-2048/4096 in PKCS#1 form, and
    /// Rekor v2 Ed25519. The hash follows the key as sigstore-go's default does: P-256 SHA-256, P-384 SHA-384,
    /// P-521 SHA-512, RSA SHA-256; Ed25519 signs the message itself. Verification never throws for bad signatures.
    /// </summary>
    internal sealed class SigstoreKey
    {
        private readonly AsymmetricKeyParameter _key;

        private SigstoreKey(AsymmetricKeyParameter key)
        {
            _key = key;
            SubjectPublicKeyInfo = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key).GetDerEncoded();
        }

        /// <summary>Canonical DER SubjectPublicKeyInfo: two keys are the same key when these bytes are.</summary>
        public byte[] SubjectPublicKeyInfo { get; }

        public bool IsEd25519 => _key is Ed25519PublicKeyParameters;

        /// <summary>The raw 32-byte Ed25519 key (signed-note key IDs hash it), or null for other algorithms.</summary>
        public byte[]? Ed25519Raw => (_key as Ed25519PublicKeyParameters)?.GetEncoded();

        /// <summary>Null when the bytes are not a supported public key (no exception: callers decide what that means).</summary>
        public static SigstoreKey? TryFromSubjectPublicKeyInfo(byte[] der)
        {
            try
            {
                var info = Org.BouncyCastle.Asn1.X509.SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
                return FromParameter(PublicKeyFactory.CreateKey(info));
            }
            catch (Exception ex) when (Crypto.IsParseFailure(ex))
            {
                return null;
            }
        }

        /// <summary>A trusted-root key: SPKI DER, or a PKCS#1 RSAPublicKey when keyDetails says PKCS1_RSA_*.</summary>
        public static SigstoreKey? TryFromTrustedRoot(byte[] raw, string? keyDetails)
        {
            if (keyDetails != null && keyDetails.StartsWith("PKCS1_RSA_", StringComparison.Ordinal))
            {
                try
                {
                    var rsa = RsaPublicKeyStructure.GetInstance(Asn1Object.FromByteArray(raw));
                    return FromParameter(new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent));
                }
                catch (Exception ex) when (Crypto.IsParseFailure(ex))
                {
                    return null;
                }
            }
            return TryFromSubjectPublicKeyInfo(raw);
        }

        public static SigstoreKey? TryFromCertificate(X509Certificate certificate)
        {
            try { return FromParameter(certificate.GetPublicKey()); }
            catch (Exception ex) when (Crypto.IsParseFailure(ex)) { return null; }
        }

        private static SigstoreKey? FromParameter(AsymmetricKeyParameter key)
        {
            if (key.IsPrivate) return null;
            switch (key)
            {
                case ECPublicKeyParameters ec when ec.Parameters.Curve.FieldSize is 256 or 384 or 521:
                case Ed25519PublicKeyParameters _:
                case RsaKeyParameters rsa when rsa.Modulus.BitLength >= 2048 && rsa.Modulus.BitLength <= 16384:
                    return new SigstoreKey(key);
                default:
                    return null;
            }
        }

        /// <summary>The digest this key's signatures are made over (null for Ed25519, which signs the message).</summary>
        public string? HashName => _key switch
        {
            ECPublicKeyParameters ec => ec.Parameters.Curve.FieldSize switch { 384 => "SHA-384", 521 => "SHA-512", _ => "SHA-256" },
            RsaKeyParameters _ => "SHA-256",
            _ => null,
        };

        /// <summary>A signature over <paramref name="data"/> (ECDSA: DER; RSA: PKCS#1 v1.5; Ed25519: pure).</summary>
        public bool Verify(byte[] data, byte[] signature)
        {
            try
            {
                if (_key is Ed25519PublicKeyParameters ed)
                {
                    var signer = new Ed25519Signer();
                    signer.Init(false, ed);
                    signer.BlockUpdate(data, 0, data.Length);
                    return signer.VerifySignature(signature);
                }
                string hash = HashName!;
                return VerifyDigest(hash, Crypto.Hash(hash, data), signature);
            }
            catch (Exception ex) when (Crypto.IsParseFailure(ex))
            {
                return false;
            }
        }

        /// <summary>
        /// A signature over a message known only by its digest (hashedrekord): ECDSA and RSA sign the digest, so this is
        /// exact; Ed25519 cannot be checked this way and returns false.
        /// </summary>
        public bool VerifyDigest(string hashName, byte[] digest, byte[] signature)
        {
            try
            {
                switch (_key)
                {
                    case ECPublicKeyParameters ec:
                    {
                        if (!TryDecodeEcdsa(signature, out BigInteger r, out BigInteger s)) return false;
                        var signer = new ECDsaSigner();
                        signer.Init(false, ec);
                        return signer.VerifySignature(digest, r, s);
                    }
                    case RsaKeyParameters rsa:
                    {
                        DerObjectIdentifier oid = hashName switch
                        {
                            "SHA-256" => NistObjectIdentifiers.IdSha256,
                            "SHA-384" => NistObjectIdentifiers.IdSha384,
                            "SHA-512" => NistObjectIdentifiers.IdSha512,
                            _ => throw new ArgumentException("unsupported hash " + hashName),
                        };
                        // NullDigest passes the precomputed digest through; RsaDigestSigner wraps it in a DigestInfo.
                        var signer = new RsaDigestSigner(new NullDigest(), oid);
                        signer.Init(false, rsa);
                        signer.BlockUpdate(digest, 0, digest.Length);
                        return signer.VerifySignature(signature);
                    }
                    default:
                        return false;
                }
            }
            catch (Exception ex) when (Crypto.IsParseFailure(ex))
            {
                return false;
            }
        }

        /// <summary>Strict DER ECDSA-Sig-Value: a SEQUENCE of two positive INTEGERs and nothing after it.</summary>
        private static bool TryDecodeEcdsa(byte[] signature, out BigInteger r, out BigInteger s)
        {
            r = s = BigInteger.Zero;
            if (signature.Length < 8 || signature.Length > 256) return false;
            if (!(Asn1Object.FromByteArray(signature) is Asn1Sequence seq) || seq.Count != 2) return false;
            if (!(seq[0] is DerInteger ri) || !(seq[1] is DerInteger si)) return false;
            r = ri.PositiveValue;
            s = si.PositiveValue;
            return ri.Value.SignValue > 0 && si.Value.SignValue > 0;
        }

        public bool SameKeyAs(SigstoreKey other) => Org.BouncyCastle.Utilities.Arrays.AreEqual(SubjectPublicKeyInfo, other.SubjectPublicKeyInfo);

        internal AsymmetricKeyParameter Parameter => _key;
    }
}
