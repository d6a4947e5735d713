using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Provenance.Cli.Diff
{
    /// <summary>The readable report: one block per group that differs, one line per key ("-" A only, "+" B only, "~" both).</summary>
    internal static class DiffText
    {
        public static void Write(ProvenanceDiff diff, TextWriter writer, string indent = "")
        {
            foreach (var group in diff.Groups)
            {
                writer.WriteLine($"{indent}{group.Key} ({group.Count()}):");
                foreach (DiffEntry entry in group)
                {
                    switch (entry.Change)
                    {
                        case ChangeKind.Added:
                            writer.WriteLine($"{indent}  + {entry.Key}  {Short(entry.B)}");
                            break;
                        case ChangeKind.Removed:
                            writer.WriteLine($"{indent}  - {entry.Key}  {Short(entry.A)}");
                            break;
                        default:
                            if (ListChanges(entry.A, entry.B) is List<string> changes)
                            {
                                // A long list (the compiler's command line, the sources): only the items that differ.
                                writer.WriteLine($"{indent}  ~ {entry.Key}  ({Items(entry.A!).Length} items -> {Items(entry.B!).Length}):");
                                foreach (string change in changes) writer.WriteLine($"{indent}      {change}");
                            }
                            else writer.WriteLine($"{indent}  ~ {entry.Key}  {Short(entry.A)} -> {Short(entry.B)}");
                            break;
                    }
                }
            }
        }

        /// <summary>
        /// For two long lists (flattened as "a | b | c"): "- item" for each only in A, "+ item" for each only in B (as many
        /// times as one has it more), or the first position where the same items come in another order; null otherwise.
        /// </summary>
        internal static List<string>? ListChanges(string? a, string? b)
        {
            if (a == null || b == null || a.Length + b.Length < 200 || !a.Contains(" | ", StringComparison.Ordinal) || !b.Contains(" | ", StringComparison.Ordinal)) return null;
            string[] left = Items(a), right = Items(b);
            var changes = ListMath.MultisetExcept(left, right).Select(item => "- " + Short(item)).Concat(ListMath.MultisetExcept(right, left).Select(item => "+ " + Short(item))).ToList();
            if (changes.Count == 0)
            {
                int at = Enumerable.Range(0, left.Length).First(i => left[i] != right[i]);
                changes.Add($"the same items in another order, first at position {at + 1}: {Short(left[at])} -> {Short(right[at])}");
            }
            return changes;
        }

        private static string[] Items(string flattened) => flattened.Split(" | ");

        /// <summary>Digests shortened to 16 hex digits, which tell two files apart for a reader; --json has them whole.</summary>
        internal static string Short(string? value)
        {
            if (string.IsNullOrEmpty(value)) return "(empty)";
            return string.Join(" ", value!.Split(' ').Select(word =>
            {
                int colon = word.IndexOf(':');
                if (colon < 0 || word.Length - colon - 1 < 40) return word;
                string hex = word.Substring(colon + 1);
                return hex.All(ListMath.IsLowerHexDigit) ? word.Substring(0, colon + 1) + hex.Substring(0, 16) + "…" : word;
            }));
        }
    }
}
