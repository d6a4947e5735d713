using System;
using System.Collections.Generic;
using System.Linq;

namespace Provenance.Cli.Diff
{
    internal enum ChangeKind { Added, Removed, Changed }

    /// <summary>One key whose value differs: only in B (added), only in A (removed), or in both with other values.</summary>
    internal sealed class DiffEntry
    {
        public DiffEntry(string group, string key, ChangeKind change, string? a, string? b)
        {
            Group = group;
            Key = key;
            Change = change;
            A = a;
            B = b;
        }

        public string Group { get; }
        public string Key { get; }
        public ChangeKind Change { get; }
        public string? A { get; }
        public string? B { get; }

        public string ChangeName => Change switch { ChangeKind.Added => "added", ChangeKind.Removed => "removed", _ => "changed" };
    }

    /// <summary>
    /// What differs between two statements, group by group in <see cref="StatementFacts.GroupOrder"/>. Used by
    /// `diff` as is, and by `rebuild` to say which input or setting made a rebuild differ.
    /// </summary>
    internal sealed class ProvenanceDiff
    {
        private ProvenanceDiff(IReadOnlyList<DiffEntry> entries) => Entries = entries;

        public IReadOnlyList<DiffEntry> Entries { get; }
        public bool Identical => Entries.Count == 0;

        public IEnumerable<IGrouping<string, DiffEntry>> Groups => Entries.GroupBy(e => e.Group);

        public static ProvenanceDiff Compare(StatementFacts a, StatementFacts b)
        {
            var entries = new List<DiffEntry>();
            foreach (string group in StatementFacts.GroupOrder)
            {
                IReadOnlyDictionary<string, string> left = a[group];
                IReadOnlyDictionary<string, string> right = b[group];
                foreach (string key in left.Keys.Union(right.Keys).OrderBy(k => k, StringComparer.Ordinal))
                {
                    bool inA = left.TryGetValue(key, out string? va);
                    bool inB = right.TryGetValue(key, out string? vb);
                    if (inA && inB)
                    {
                        if (!string.Equals(va, vb, StringComparison.Ordinal)) entries.Add(new DiffEntry(group, key, ChangeKind.Changed, va, vb));
                    }
                    else if (inA) entries.Add(new DiffEntry(group, key, ChangeKind.Removed, va, null));
                    else entries.Add(new DiffEntry(group, key, ChangeKind.Added, null, vb));
                }
            }
            return new ProvenanceDiff(entries);
        }

        /// <summary>The same comparison without the entries a caller knows to differ for reasons of its own.</summary>
        public ProvenanceDiff Without(Func<DiffEntry, bool> expected) => new ProvenanceDiff(Entries.Where(e => !expected(e)).ToList());
    }
}
