using System;
using System.Collections.Generic;
using System.Linq;

namespace Provenance.Cli.Diff
{
    /// <summary>The small comparisons `diff` and `rebuild` share.</summary>
    internal static class ListMath
    {
        /// <summary>The items of <paramref name="items"/> that <paramref name="others"/> lacks, as many times as it has them more.</summary>
        public static List<string> MultisetExcept(IEnumerable<string> items, IEnumerable<string> others)
        {
            var remaining = others.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var result = new List<string>();
            foreach (string item in items)
            {
                if (remaining.TryGetValue(item, out int count) && count > 0) remaining[item] = count - 1;
                else result.Add(item);
            }
            return result;
        }

        /// <summary>Lowercase hex digits only, of one of the given lengths (a digest, a commit id).</summary>
        public static bool IsLowerHex(string value, params int[] lengths) =>
            lengths.Contains(value.Length) && value.All(IsLowerHexDigit);

        public static bool IsLowerHexDigit(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
