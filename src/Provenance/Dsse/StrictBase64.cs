using System;

namespace Provenance.Dsse
{
    /// <summary>
    /// Decodes base64 the strict way a verifier should: padded, no whitespace, unused bits zero, so that one byte
    /// string has exactly one accepted text. DSSE (protocol.md) makes verifiers accept the URL-safe alphabet too,
    /// as protobuf's JSON mapping does; one string may not mix the two alphabets.
    /// </summary>
    internal static class StrictBase64
    {
        private const string Standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        public static bool TryDecode(string text, out byte[] bytes)
        {
            bytes = Array.Empty<byte>();
            if (text.Length % 4 != 0) return false;
            if (text.Length == 0) return true;

            bool standard = false, urlSafe = false;
            int padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith("=", StringComparison.Ordinal) ? 1 : 0;
            var normalized = new char[text.Length];
            int lastValue = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (i >= text.Length - padding) { normalized[i] = '='; continue; }
                if (c == '+' || c == '/') standard = true;
                else if (c == '-' || c == '_') { urlSafe = true; c = c == '-' ? '+' : '/'; }
                int value = Standard.IndexOf(c);
                if (value < 0) return false;
                normalized[i] = c;
                lastValue = value;
            }
            if (standard && urlSafe) return false;
            // Canonical form: the bits after the last whole byte are zero.
            int unusedBitsMask = padding == 2 ? 0x0F : padding == 1 ? 0x03 : 0;
            if ((lastValue & unusedBitsMask) != 0) return false;

            bytes = Convert.FromBase64CharArray(normalized, 0, normalized.Length);
            return true;
        }
    }
}
