using System;
using System.Security.Cryptography;
using System.Text;

namespace Provenance.Sigstore
{
    /// <summary>Digests, hex and the exception filter that keeps BouncyCastle's parse errors inside our contract.</summary>
    internal static class Crypto
    {
        public static byte[] Sha256(byte[] data)
        {
            using (SHA256 sha = SHA256.Create()) return sha.ComputeHash(data);
        }

        /// <summary>BouncyCastle digest names ("SHA-256", "SHA-384", "SHA-512").</summary>
        public static byte[] Hash(string name, byte[] data)
        {
            switch (name)
            {
                case "SHA-256": using (var h = SHA256.Create()) return h.ComputeHash(data);
                case "SHA-384": using (var h = SHA384.Create()) return h.ComputeHash(data);
                case "SHA-512": using (var h = SHA512.Create()) return h.ComputeHash(data);
                default: throw new ArgumentException("Unsupported digest " + name, nameof(name));
            }
        }

        public static string Hex(byte[] bytes)
        {
            const string digits = "0123456789abcdef";
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) sb.Append(digits[b >> 4]).Append(digits[b & 0xF]);
            return sb.ToString();
        }

        /// <summary>Lowercase or uppercase hex of even length; null otherwise.</summary>
        public static byte[]? FromHex(string text)
        {
            if (text.Length % 2 != 0) return null;
            var bytes = new byte[text.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                int hi = Nibble(text[2 * i]), lo = Nibble(text[2 * i + 1]);
                if (hi < 0 || lo < 0) return null;
                bytes[i] = (byte)(hi << 4 | lo);
            }
            return bytes;
        }

        private static int Nibble(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        public static bool Equal(byte[]? a, byte[]? b) => a != null && b != null && Org.BouncyCastle.Utilities.Arrays.AreEqual(a, b);

        /// <summary>
        /// What parsing hostile DER, CMS or keys with BouncyCastle may throw: its own types, and also ArgumentException,
        /// InvalidCastException, IndexOutOfRange or NullReference from deep inside its ASN.1 classes. At that boundary any
        /// of them means "these bytes are not what they claim", so all but our own errors and out-of-memory become a
        /// verification failure instead of escaping a consumer build's catch filters.
        /// </summary>
        public static bool IsParseFailure(Exception ex) =>
            !(ex is ProvenanceException) && !(ex is OutOfMemoryException) && !(ex is InsufficientExecutionStackException);
    }
}
