using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;

namespace Provenance.Sigstore
{
    /// <summary>
    /// The artifact a bundle is about, as bytes, a file or only a digest. Digests are by lowercase in-toto names
    /// ("sha256", "sha384", "sha512"); a file is read once for all three.
    /// </summary>
    public sealed class SigstoreArtifact
    {
        private readonly Dictionary<string, byte[]> _digests;
        private readonly byte[]? _bytes;

        private SigstoreArtifact(Dictionary<string, byte[]> digests, byte[]? bytes)
        {
            _digests = digests;
            _bytes = bytes;
        }

        public static SigstoreArtifact FromBytes(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            using (var stream = new MemoryStream(bytes, writable: false))
                return new SigstoreArtifact(DigestsOf(stream), (byte[])bytes.Clone());
        }

        public static SigstoreArtifact FromFile(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            using (FileStream stream = File.OpenRead(path))
                return new SigstoreArtifact(DigestsOf(stream), null);
        }

        /// <summary>Only the digest is known: enough for ECDSA and RSA signatures and for statements, not for Ed25519 messages.</summary>
        public static SigstoreArtifact FromDigest(string algorithm, byte[] digest)
        {
            if (algorithm == null) throw new ArgumentNullException(nameof(algorithm));
            if (digest == null) throw new ArgumentNullException(nameof(digest));
            int length = algorithm switch { "sha256" => 32, "sha384" => 48, "sha512" => 64, _ => throw new ArgumentException($"Unsupported digest algorithm \"{algorithm}\".", nameof(algorithm)) };
            if (digest.Length != length) throw new ArgumentException($"A {algorithm} digest is {length} bytes.", nameof(digest));
            return new SigstoreArtifact(new Dictionary<string, byte[]>(StringComparer.Ordinal) { [algorithm] = (byte[])digest.Clone() }, null);
        }

        /// <summary>The digest by in-toto name, or null when unknown.</summary>
        public byte[]? Digest(string algorithm) => _digests.TryGetValue(algorithm, out byte[]? d) ? (byte[])d.Clone() : null;

        internal IReadOnlyDictionary<string, byte[]> Digests => _digests;

        internal byte[]? Bytes => _bytes;

        private static Dictionary<string, byte[]> DigestsOf(Stream stream)
        {
            using (var sha256 = SHA256.Create())
            using (var sha384 = SHA384.Create())
            using (var sha512 = SHA512.Create())
            {
                var buffer = new byte[81920];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    sha256.TransformBlock(buffer, 0, read, null, 0);
                    sha384.TransformBlock(buffer, 0, read, null, 0);
                    sha512.TransformBlock(buffer, 0, read, null, 0);
                }
                sha256.TransformFinalBlock(buffer, 0, 0);
                sha384.TransformFinalBlock(buffer, 0, 0);
                sha512.TransformFinalBlock(buffer, 0, 0);
                return new Dictionary<string, byte[]>(StringComparer.Ordinal)
                {
                    ["sha256"] = sha256.Hash!,
                    ["sha384"] = sha384.Hash!,
                    ["sha512"] = sha512.Hash!,
                };
            }
        }
    }
}
