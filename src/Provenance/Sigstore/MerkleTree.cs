using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace Provenance.Sigstore
{
    /// <summary>RFC 6962 / RFC 9162 §2.1.3.2 inclusion proofs over SHA-256 (leaf prefix 0x00, node prefix 0x01).</summary>
    internal static class MerkleTree
    {
        public static byte[] LeafHash(byte[] leaf)
        {
            var data = new byte[leaf.Length + 1];
            Buffer.BlockCopy(leaf, 0, data, 1, leaf.Length);
            return Crypto.Sha256(data);
        }

        private static byte[] NodeHash(SHA256 sha, byte[] left, byte[] right)
        {
            var data = new byte[65];
            data[0] = 1;
            Buffer.BlockCopy(left, 0, data, 1, 32);
            Buffer.BlockCopy(right, 0, data, 33, 32);
            return sha.ComputeHash(data);
        }

        /// <summary>True when <paramref name="path"/> proves <paramref name="leafHash"/> at <paramref name="index"/> in the tree of <paramref name="size"/> leaves with <paramref name="root"/>.</summary>
        public static bool VerifyInclusion(long index, long size, byte[] leafHash, IReadOnlyList<byte[]> path, byte[] root)
        {
            if (index < 0 || size <= 0 || index >= size) return false;
            ulong fn = (ulong)index, sn = (ulong)size - 1;
            byte[] r = leafHash;
            using (SHA256 sha = SHA256.Create())
            {
                foreach (byte[] p in path)
                {
                    if (p.Length != 32 || sn == 0) return false;
                    if ((fn & 1) == 1 || fn == sn)
                    {
                        r = NodeHash(sha, p, r);
                        // A left sibling at the right edge: climb past the levels where this node has no right sibling.
                        if ((fn & 1) == 0)
                            while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
                    }
                    else
                    {
                        r = NodeHash(sha, r, p);
                    }
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            return sn == 0 && Crypto.Equal(r, root);
        }
    }
}
