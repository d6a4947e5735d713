using System;
using System.Security.Cryptography;
using System.Text;
using Provenance.Cli.CommandLine;
using Provenance.Signing;

namespace Provenance.Cli.Verify
{
    /// <summary>
    /// A --key file: an SPKI "PUBLIC KEY" PEM. Our own bundles are signed with the keys <see cref="VerificationKey"/>
    /// admits (Ed25519, P-256, RSA >= 3072); bundles from elsewhere (cosign, sigstore-js) may use any key Sigstore
    /// uses, so a well-formed P-384/P-521 or RSA-2048 key is accepted too, for the Sigstore verifier only.
    /// A file that is no public key is still refused up front (PROV3003, exit 2), never silently skipped.
    /// </summary>
    internal sealed class TrustedKeyFile
    {
        // Public key PEMs are a few hundred bytes (RSA-4096: under 1 KiB); the limit only stops absurd inputs.
        private const long MaxKeyFileBytes = 64 * 1024;

        private TrustedKeyFile(byte[] subjectPublicKeyInfo, VerificationKey? key)
        {
            SubjectPublicKeyInfo = subjectPublicKeyInfo;
            Key = key;
        }

        /// <summary>DER SubjectPublicKeyInfo, for the Sigstore verifier.</summary>
        public byte[] SubjectPublicKeyInfo { get; }

        /// <summary>The key as our own bundles' verifier reads it; null for a key only the Sigstore verifier supports.</summary>
        public VerificationKey? Key { get; }

        public static TrustedKeyFile Read(string path)
        {
            byte[] bytes = InputFiles.ReadAll(path, "key file", MaxKeyFileBytes);
            string pem = Encoding.UTF8.GetString(bytes);
            string description = $"--key '{path}'";
            try
            {
                VerificationKey key = VerificationKey.FromPem(pem, description);
                return new TrustedKeyFile(key.SubjectPublicKeyInfo, key);
            }
            catch (ProvenanceException e)
            {
                byte[]? other = OtherSigstoreKey(pem);
                if (other != null) return new TrustedKeyFile(other, null);
                // FromPem's message names the file and never echoes key material (a private key given by mistake).
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, e.Code, e.Message, e);
            }
        }

        /// <summary>One PUBLIC KEY block holding a valid EC (on its curve) or RSA key; null otherwise.</summary>
        private static byte[]? OtherSigstoreKey(string pem)
        {
            try
            {
                PemFields fields = PemEncoding.Find(pem);
                if (!pem.AsSpan(fields.Label).SequenceEqual("PUBLIC KEY")) return null;
                byte[] der = Convert.FromBase64String(pem.Substring(fields.Base64Data.Start.Value, fields.Base64Data.End.Value - fields.Base64Data.Start.Value));
                try
                {
                    using (ECDsa ec = ECDsa.Create())
                    {
                        ec.ImportSubjectPublicKeyInfo(der, out int read);
                        // The import refuses a point that is not on its curve (managed-key-wrong-key_fail of the
                        // Sigstore conformance suite is such a key).
                        return read == der.Length ? der : null;
                    }
                }
                catch (CryptographicException)
                {
                }
                using (RSA rsa = RSA.Create())
                {
                    rsa.ImportSubjectPublicKeyInfo(der, out int read);
                    return read == der.Length && rsa.KeySize >= 2048 ? der : null;
                }
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is CryptographicException)
            {
                return null;
            }
        }
    }
}
