using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;

namespace Provenance.Tests.Fuzz
{
    /// <summary>
    /// The committed seed corpus: Fuzz/Corpus/&lt;parser&gt;/*, small real and hostile samples. Read from the source tree
    /// (as the other fixtures are), so a sample added there is replayed and mutated without touching the project file.
    /// </summary>
    internal static class FuzzCorpus
    {
        public static string Root { get; } = Path.Combine(SourceDirectory(), "Corpus");

        public static IReadOnlyList<string> Files(string parser) =>
            Directory.GetFiles(Path.Combine(Root, parser)).OrderBy(f => f, StringComparer.Ordinal).ToList();

        public static IReadOnlyList<byte[]> Seeds(string parser) => Files(parser).Select(File.ReadAllBytes).ToList();

        /// <summary>(parser, file name) for every corpus file: one replay test each.</summary>
        public static IEnumerable<object[]> AllFiles() =>
            FuzzTargets.All.SelectMany(t => Files(t.Name).Select(f => new object[] { t.Name, Path.GetFileName(f) }));

        private static string SourceDirectory([CallerFilePath] string sourceFile = "") => Path.GetDirectoryName(sourceFile)!;
    }
}
