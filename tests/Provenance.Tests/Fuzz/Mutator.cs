using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;

namespace Provenance.Tests.Fuzz
{
    /// <summary>One edit of a seed. Positions are taken modulo the current length, so every edit applies to any input.</summary>
    internal readonly record struct Mutation(int Kind, int Position, int Length, int Value)
    {
        public override string ToString() => $"{Mutator.KindNames[Kind]}@{Position}/{Length}/{Value}";
    }

    /// <summary>
    /// Mutation-based fuzzing with CsCheck: an input is a seed from the committed corpus plus a short list of edits, or a
    /// soup of hostile tokens. Both are plain CsCheck generators, so a failure shrinks to fewer, smaller edits.
    /// </summary>
    internal static class Mutator
    {
        public static readonly string[] KindNames =
        {
            "flipBit", "setByte", "insertToken", "deleteRange", "duplicateRange", "truncate", "spliceSeed", "setInteger",
        };

        /// <summary>Fragments that broke, or could break, a reader of JSON, PEM, XML or zip: inserted at random places.</summary>
        public static readonly byte[][] Tokens = new[]
        {
            "\\ud800", "\\udc00", "\\udbff\\udfff", "\\ud800\\u0041", "\\u0000", "\\u00", "\\uZZZZ", "\\", "\"", "\"\"",
            "[[[[[[[[[[[[[[[[", "]]]]", "{\"a\":1,\"a\":2}", "{", "}", ",", ":", "null", "true", "-", "-0", "1e999999999",
            "99999999999999999999999999999999999999", "0.0000000000000000000000001e-99999", "1.", "\"payloadType\":\"\\ud800\"",
            "\"signatures\":[]", "\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"", "\"subject\":[{}]",
            "=", "==", "====", "-_", "+/", "AAAA", "-----BEGIN PUBLIC KEY-----\n", "\n-----END PUBLIC KEY-----\n", "-----",
            "-----BEGIN -----", "Proc-Type: 4,ENCRYPTED\n", "\r\n", "\r",
            "<!DOCTYPE package [<!ENTITY a \"aaaaaaaa\">]>", "&a;", "<id>", "</id>", "<metadata>", "<version>", "<![CDATA[x]]>",
            "<?xml version=\"1.0\" encoding=\"utf-16\"?>", "xmlns:x=\"y\"", "&#0;", "&#xD800;",
        }.Select(Encoding.UTF8.GetBytes).Concat(new[]
        {
            new byte[] { 0xEF, 0xBB, 0xBF }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xC0, 0x80 }, new byte[] { 0xFF, 0xFE },
            new byte[] { 0x50, 0x4B, 0x05, 0x06 }, new byte[] { 0x50, 0x4B, 0x01, 0x02 }, new byte[] { 0x50, 0x4B, 0x03, 0x04 },
            new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, new byte[] { 0, 0, 0, 0 },
        }).ToArray();

        /// <summary>Little-endian integers at zip field boundaries: counts, sizes and offsets that overflow or point outside.</summary>
        private static readonly uint[] Integers = { 0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0xFFFE, 0x7FFF, 0x8000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 46, 22, 30 };

        public static Gen<Mutation> Edit { get; } =
            Gen.Select(Gen.Int[0, KindNames.Length - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, 64], Gen.Int[0, int.MaxValue],
                (kind, position, length, value) => new Mutation(kind, position, length, value));

        /// <summary>A seed (by index) and 0..8 edits of it.</summary>
        public static Gen<(int Seed, Mutation[] Edits)> Mutated(int seedCount) =>
            Gen.Select(Gen.Int[0, seedCount - 1], Edit.Array[0, 8]);

        /// <summary>1..24 tokens and raw bytes, for parsers to meet inputs no seed resembles.</summary>
        public static Gen<byte[]> TokenSoup { get; } =
            Gen.Frequency(
                (3, Gen.Int[0, Tokens.Length - 1].Select(i => Tokens[i])),
                (1, Gen.Byte.Array[1, 4]))
            .Array[1, 24]
            .Select(parts => parts.SelectMany(p => p).ToArray());

        public static byte[] Apply(IReadOnlyList<byte[]> seeds, int seed, IEnumerable<Mutation> edits)
        {
            var data = new List<byte>(seeds[seed]);
            foreach (Mutation m in edits) Apply(data, seeds, m);
            return data.ToArray();
        }

        private static void Apply(List<byte> data, IReadOnlyList<byte[]> seeds, Mutation m)
        {
            int pos = data.Count == 0 ? 0 : m.Position % (data.Count + 1);
            int at = data.Count == 0 ? 0 : m.Position % data.Count;
            switch (m.Kind)
            {
                case 0: // flip one bit
                    if (data.Count > 0) data[at] ^= (byte)(1 << (m.Value % 8));
                    break;
                case 1: // set one byte
                    if (data.Count > 0) data[at] = (byte)m.Value;
                    break;
                case 2: // insert a hostile token
                    data.InsertRange(pos, Tokens[m.Value % Tokens.Length]);
                    break;
                case 3: // delete a range
                    data.RemoveRange(at, Math.Min(m.Length, data.Count - at));
                    break;
                case 4: // duplicate a range in place (repeated members, nested structure)
                    if (data.Count > 0) data.InsertRange(at, data.GetRange(at, Math.Min(m.Length, data.Count - at)));
                    break;
                case 5: // truncate
                    data.RemoveRange(pos, data.Count - pos);
                    break;
                case 6: // replace the tail with another seed's tail
                    byte[] other = seeds[m.Value % seeds.Count];
                    int from = other.Length == 0 ? 0 : m.Length * 7919 % (other.Length + 1);
                    data.RemoveRange(pos, data.Count - pos);
                    data.AddRange(other.Skip(from));
                    break;
                default: // overwrite a little-endian 16- or 32-bit integer (zip counts, sizes, offsets)
                    uint value = Integers[m.Value % Integers.Length];
                    int width = m.Length % 2 == 0 ? 2 : 4;
                    for (int i = 0; i < width && at + i < data.Count; i++) data[at + i] = (byte)(value >> (8 * i));
                    break;
            }
            // Keep inputs small: large ones only slow the run down, they do not reach new code.
            if (data.Count > 256 * 1024) data.RemoveRange(256 * 1024, data.Count - 256 * 1024);
        }
    }
}
