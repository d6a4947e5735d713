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
                            writer.WriteLine($"{indent}  ~ {entry.Key}  {Short(entry.A)} -> {Short(entry.B)}");
                            break;
                    }
                }
            }
        }

        /// <summary>Digests shortened to 16 hex digits, which tell two files apart for a reader; --json has them whole.</summary>
        internal static string Short(string? value)
        {
            if (string.IsNullOrEmpty(value)) return "(empty)";
            return string.Join(" ", value!.Split(' ').Select(word =>
            {
                int colon = word.IndexOf(':');
                if (colon < 0 || word.Length - colon - 1 < 40) return word;
                string hex = word.Substring(colon + 1);
                return hex.All(IsHex) ? word.Substring(0, colon + 1) + hex.Substring(0, 16) + "…" : word;
            }));
        }

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
