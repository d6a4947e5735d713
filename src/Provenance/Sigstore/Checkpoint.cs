using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Provenance.Dsse;

namespace Provenance.Sigstore
{
    /// <summary>
    /// A transparency-log checkpoint (c2sp.org/tlog-checkpoint) in a signed note (c2sp.org/signed-note): the body
    /// "origin\nsize\nbase64(root)\n[extension lines]\n", a blank line, then "— name base64(keyhint || signature)" lines.
    /// Rekor v1 signs with ECDSA (key hint = log ID's first 4 bytes = SHA-256 of its SPKI), Rekor v2 with Ed25519
    /// (key hint = SHA-256(name "\n" 0x01 key)'s first 4 bytes, which is how its log ID is defined too). Witness
    /// cosignatures carry other key hints: they are skipped, since a trusted root names no witnesses.
    /// </summary>
    internal sealed class Checkpoint
    {
        private const string SignaturePrefix = "\u2014 ";

        private Checkpoint(string origin, long size, byte[] rootHash, byte[] signedBody, List<(string Name, byte[] Hint, byte[] Signature)> signatures)
        {
            Origin = origin;
            Size = size;
            RootHash = rootHash;
            SignedBody = signedBody;
            Signatures = signatures;
        }

        public string Origin { get; }
        public long Size { get; }
        public byte[] RootHash { get; }
        public byte[] SignedBody { get; }
        public List<(string Name, byte[] Hint, byte[] Signature)> Signatures { get; }

        public static Checkpoint? TryParse(string text, out string why)
        {
            int split = text.IndexOf("\n\n", StringComparison.Ordinal);
            if (split < 0 || !text.EndsWith("\n", StringComparison.Ordinal)) { why = "it is not a signed note (no blank line before the signatures)"; return null; }
            string body = text.Substring(0, split + 1);
            string[] lines = body.Substring(0, body.Length - 1).Split('\n');
            if (lines.Length < 3) { why = "its body lacks the origin, tree size or root hash line"; return null; }
            string origin = lines[0];
            if (origin.Length == 0) { why = "its origin line is empty"; return null; }
            string sizeText = lines[1];
            if (sizeText.Length == 0 || sizeText.Length > 19 || (sizeText.Length > 1 && sizeText[0] == '0') || !IsDigits(sizeText) ||
                !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            {
                why = "its tree size line is not a decimal number";
                return null;
            }
            if (!StrictBase64.TryDecode(lines[2], out byte[] root) || root.Length != 32) { why = "its root hash line is not a base64 SHA-256 hash"; return null; }
            foreach (string extension in lines)
                if (extension.Length == 0) { why = "its body has an empty line"; return null; }

            var signatures = new List<(string, byte[], byte[])>();
            if (split + 3 > text.Length) { why = "it has no signature"; return null; }
            string[] signatureLines = text.Substring(split + 2, text.Length - split - 3).Split('\n');
            foreach (string line in signatureLines)
            {
                if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal)) { why = "a signature line does not start with \"\u2014 \""; return null; }
                string rest = line.Substring(SignaturePrefix.Length);
                int space = rest.LastIndexOf(' ');
                if (space <= 0) { why = "a signature line has no key name"; return null; }
                if (!StrictBase64.TryDecode(rest.Substring(space + 1), out byte[] blob) || blob.Length < 5) { why = "a signature is not base64 of a key hint and signature"; return null; }
                var hint = new byte[4];
                var signature = new byte[blob.Length - 4];
                Buffer.BlockCopy(blob, 0, hint, 0, 4);
                Buffer.BlockCopy(blob, 4, signature, 0, signature.Length);
                signatures.Add((rest.Substring(0, space), hint, signature));
            }
            if (signatures.Count == 0) { why = "it has no signature"; return null; }
            why = "";
            return new Checkpoint(origin, size, root, new UTF8Encoding(false).GetBytes(body), signatures);
        }

        /// <summary>True when a signature whose key hint is the log's verifies with the log's key.</summary>
        public bool IsSignedBy(TransparencyLogInstance log)
        {
            foreach (var (_, hint, signature) in Signatures)
            {
                if (hint[0] != log.LogId[0] || hint[1] != log.LogId[1] || hint[2] != log.LogId[2] || hint[3] != log.LogId[3]) continue;
                if (log.Key.Verify(SignedBody, signature)) return true;
            }
            return false;
        }

        private static bool IsDigits(string text)
        {
            foreach (char c in text) if (c < '0' || c > '9') return false;
            return true;
        }
    }
}
