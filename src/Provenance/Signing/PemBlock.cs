using System;
using System.Collections.Generic;
using System.Text;

namespace Provenance.Signing
{
    /// <summary>
    /// One "-----BEGIN label-----" ... "-----END label-----" block (RFC 7468). We read PEM ourselves so that text
    /// around the blocks (openssl's "Bag Attributes", an "EC PARAMETERS" block) and CRLF line ends are handled
    /// the same on both runtimes, and so that a malformed file is one clear error rather than a library's.
    /// </summary>
    internal sealed class PemBlock
    {
        private const string BeginPrefix = "-----BEGIN ";
        private const string EndPrefix = "-----END ";
        private const string Dashes = "-----";

        private PemBlock(string label, bool hasHeaders, byte[] der)
        {
            Label = label;
            HasHeaders = hasHeaders;
            Der = der;
        }

        public string Label { get; }

        /// <summary>RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED" (openssl's legacy key encryption).</summary>
        public bool HasHeaders { get; }

        public byte[] Der { get; }

        /// <summary>Every block in <paramref name="text"/>; <see cref="FormatException"/> when one is malformed.</summary>
        public static IReadOnlyList<PemBlock> ReadAll(string text)
        {
            var blocks = new List<PemBlock>();
            string[] lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (!line.StartsWith(BeginPrefix, StringComparison.Ordinal)) continue;
                if (!line.EndsWith(Dashes, StringComparison.Ordinal) || line.Length <= BeginPrefix.Length + Dashes.Length)
                    throw new FormatException("malformed BEGIN line");
                string label = line.Substring(BeginPrefix.Length, line.Length - BeginPrefix.Length - Dashes.Length);
                string endLine = EndPrefix + label + Dashes;

                var base64 = new StringBuilder();
                bool hasHeaders = false;
                bool ended = false;
                for (i++; i < lines.Length; i++)
                {
                    string body = lines[i].Trim();
                    if (body == endLine) { ended = true; break; }
                    if (body.StartsWith(Dashes, StringComparison.Ordinal)) throw new FormatException($"unexpected line inside the {label} block");
                    if (body.IndexOf(':') >= 0 && base64.Length == 0) { hasHeaders = true; continue; }
                    base64.Append(body);
                }
                if (!ended) throw new FormatException($"the {label} block has no END line");
                if (base64.Length == 0) throw new FormatException($"the {label} block is empty");
                blocks.Add(new PemBlock(label, hasHeaders, Convert.FromBase64String(base64.ToString())));
            }
            return blocks;
        }

        /// <summary>The form openssl writes: 64-character lines, "\n" line ends, a final "\n".</summary>
        public static string Write(string label, byte[] der)
        {
            string base64 = Convert.ToBase64String(der);
            var sb = new StringBuilder();
            sb.Append(BeginPrefix).Append(label).Append(Dashes).Append('\n');
            for (int i = 0; i < base64.Length; i += 64)
                sb.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
            sb.Append(EndPrefix).Append(label).Append(Dashes).Append('\n');
            return sb.ToString();
        }
    }
}
