using System;
using System.IO;
using System.Security.Cryptography;
using Provenance.Capture;

namespace Provenance.Packages
{
    /// <summary>Streams a file once through one or two hash algorithms.</summary>
    internal static class FileHashes
    {
        private const int BufferSize = 1024 * 1024;

        public static string Sha256Hex(string path) => HexEncoding.ToLowerHex(Compute(path, SHA256.Create(), null).Item1);

        /// <summary>SHA-256 and SHA-512 of the file in one read.</summary>
        public static (string Sha256, string Sha512) Sha256AndSha512Hex(string path)
        {
            var (first, second) = Compute(path, SHA256.Create(), SHA512.Create());
            return (HexEncoding.ToLowerHex(first), HexEncoding.ToLowerHex(second!));
        }

        private static (byte[], byte[]?) Compute(string path, HashAlgorithm first, HashAlgorithm? second)
        {
            using (first)
            using (second)
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.SequentialScan))
            {
                var buffer = new byte[Math.Min(BufferSize, Math.Max(4096, stream.Length))];
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    first.TransformBlock(buffer, 0, read, null, 0);
                    second?.TransformBlock(buffer, 0, read, null, 0);
                }
                first.TransformFinalBlock(buffer, 0, 0);
                second?.TransformFinalBlock(buffer, 0, 0);
                return (first.Hash!, second?.Hash);
            }
        }
    }
}
