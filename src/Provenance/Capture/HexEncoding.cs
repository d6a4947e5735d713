using System;

namespace Provenance.Capture
{
    /// <summary>Lowercase hex, the only digest form the statement records.</summary>
    internal static class HexEncoding
    {
        private const string Digits = "0123456789abcdef";

        public static string ToLowerHex(byte[] bytes)
        {
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[2 * i + 1] = Digits[bytes[i] & 0xF];
            }
            return new string(chars);
        }

        public static bool IsLowerHex(string? value, int length)
        {
            if (value == null || value.Length != length) return false;
            foreach (char c in value)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
            }
            return true;
        }

        /// <summary>A git object id: 40 hex digits (SHA-1) or 64 (SHA-256 repositories), any case.</summary>
        public static bool IsObjectId(string value)
        {
            if (value.Length != 40 && value.Length != 64) return false;
            foreach (char c in value)
            {
                if (!Uri.IsHexDigit(c)) return false;
            }
            return true;
        }
    }
}
