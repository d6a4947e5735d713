using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using CsCheck;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.Tests.Fuzz
{
    /// <summary>
    /// CI runs each parser for a second or two. PROVENANCE_FUZZ_SCALE=N multiplies the iterations for a longer local hunt;
    /// a failure prints the CsCheck seed that reproduces it (CsCheck_Seed=...).
    /// </summary>
    internal static class FuzzScale
    {
        public static int Factor { get; } =
            int.TryParse(Environment.GetEnvironmentVariable("PROVENANCE_FUZZ_SCALE"), out int factor) && factor > 0 ? factor : 1;
    }

    /// <summary>One generated input and how it was made, for CsCheck's report of a failing (shrunk) example.</summary>
    internal sealed class FuzzInput
    {
        public FuzzInput(byte[] bytes, string description)
        {
            Bytes = bytes;
            Description = description;
        }

        public byte[] Bytes { get; }
        public string Description { get; }

        public override string ToString() =>
            $"{Description}; {Bytes.Length} bytes, base64 {Convert.ToBase64String(Bytes.Length > 2048 ? Bytes.AsSpan(0, 2048).ToArray() : Bytes)}";

        /// <summary>Mostly mutated corpus seeds (they get past the first checks), sometimes token soup (nothing like a seed).</summary>
        public static Gen<FuzzInput> For(IReadOnlyList<byte[]> seeds, IReadOnlyList<string> seedNames) =>
            Gen.Frequency(
                (5, Mutator.Mutated(seeds.Count).Select(m =>
                    new FuzzInput(Mutator.Apply(seeds, m.Seed, m.Edits), $"seed {seedNames[m.Seed]} edited by [{string.Join(", ", m.Edits)}]"))),
                (1, Mutator.TokenSoup.Select(b => new FuzzInput(b, "token soup"))));
    }

    /// <summary>
    /// The parsers that read package content, fuzzed: each returns or throws the exception type its code documents,
    /// never anything else (IndexOutOfRange, NullReference, ArgumentException, EncoderFallbackException, Overflow...),
    /// which would escape a consumer build's catch filters and end it (MSB4018). Every corpus file is also replayed.
    /// </summary>
    [TestClass]
    public sealed class ParserFuzzTests
    {
        public TestContext TestContext { get; set; } = null!;

        public static IEnumerable<object[]> CorpusFiles => FuzzCorpus.AllFiles();

        [TestMethod]
        [DynamicData(nameof(CorpusFiles))]
        public void Corpus_sample_gets_a_documented_answer(string parser, string file) =>
            FuzzTargets.Get(parser).Run(File.ReadAllBytes(Path.Combine(FuzzCorpus.Root, parser, file)));

        [TestMethod]
        [DataRow("json")]
        [DataRow("dsse")]
        [DataRow("bundle")]
        [DataRow("statement")]
        [DataRow("zip")]
        [DataRow("pem")]
        [DataRow("nuspec")]
        public void Mutated_input_gets_a_documented_answer(string parser)
        {
            FuzzTarget target = FuzzTargets.Get(parser);
            IReadOnlyList<string> files = FuzzCorpus.Files(parser);
            IReadOnlyList<byte[]> seeds = files.Select(File.ReadAllBytes).ToList();
            Assert.IsTrue(seeds.Count > 0, $"Fuzz/Corpus/{parser} holds no seeds");
            long executions = 0;
            var clock = Stopwatch.StartNew();

            FuzzInput.For(seeds, files.Select(Path.GetFileName).ToList()!).Sample(input =>
            {
                Interlocked.Increment(ref executions);
                target.Run(input.Bytes);
            }, iter: target.Iterations * FuzzScale.Factor, threads: 1, print: i => i.ToString());

            string line = $"fuzz {parser}: {executions} executions in {clock.Elapsed.TotalSeconds:F1} s from {seeds.Count} seeds";
            TestContext.WriteLine(line);
            Console.WriteLine(line);
        }
    }
}
