using System.Security.Cryptography;
using Provenance.Capture;

namespace Provenance.Packages
{
    public static class FileDigests
    {
        public static string Sha256Hex(byte[] bytes)
        {
            using (SHA256 sha = SHA256.Create()) return HexEncoding.ToLowerHex(sha.ComputeHash(bytes));
        }
    }
}
