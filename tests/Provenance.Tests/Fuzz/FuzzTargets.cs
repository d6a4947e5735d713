using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Xml;
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Signing;
using Provenance.Verification;

namespace Provenance.Tests.Fuzz
{
    /// <summary>A reader threw something its contract does not name: the bug the fuzzer looks for.</summary>
    internal sealed class UndocumentedExceptionException : Exception
    {
        public UndocumentedExceptionException(string step, Exception inner)
            : base($"{step} threw {inner.GetType().FullName} ({inner.Message}), which it does not document", inner) { }
    }

    /// <summary>
    /// One parser of package content, run on one input: it must return or throw the exception type its code documents.
    /// The name is the corpus folder (Fuzz/Corpus/&lt;name&gt;) whose files are its seeds.
    /// </summary>
    internal sealed class FuzzTarget
    {
        public FuzzTarget(string name, int iterations, Action<byte[]> run)
        {
            Name = name;
            Iterations = iterations;
            Run = run;
        }

        public string Name { get; }

        /// <summary>CsCheck iterations per CI run: each parser gets a few seconds at most.</summary>
        public int Iterations { get; }

        public Action<byte[]> Run { get; }

        public override string ToString() => Name;
    }

    internal static class FuzzTargets
    {
        /// <summary>The key that signed Corpus/bundle/real-*.sigstore.json (its private half was thrown away).</summary>
        public static VerificationKey CorpusSigner => LazySigner.Value;

        private static readonly Lazy<VerificationKey> LazySigner = new Lazy<VerificationKey>(() =>
            VerificationKey.FromPem(File.ReadAllText(Path.Combine(FuzzCorpus.Root, "pem", "corpus-signer.pub.pem")), "corpus signer"));

        private static readonly Lazy<VerificationKey> LazyOther = new Lazy<VerificationKey>(() =>
            SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256).PublicKey);

        public static IReadOnlyList<FuzzTarget> All { get; } = new[]
        {
            new FuzzTarget("json", 30000, Json),
            new FuzzTarget("dsse", 20000, Dsse),
            new FuzzTarget("bundle", 10000, Bundle),
            new FuzzTarget("statement", 20000, Statement),
            new FuzzTarget("zip", 8000, Zip),
            new FuzzTarget("pem", 20000, Pem),
            new FuzzTarget("nuspec", 20000, Nuspec),
        };

        public static FuzzTarget Get(string name) => All.Single(t => t.Name == name);

        /// <summary>JsonReader.Parse: JsonFormatException only; whatever it accepts, the writer writes and reads back the same.</summary>
        private static void Json(byte[] input)
        {
            if (!Try<JsonFormatException, JsonValue>("JsonReader.Parse", () => JsonReader.Parse(input), out JsonValue? value)) return;
            byte[] written = Must("JsonWriter.ToUtf8Bytes(parsed)", () => JsonWriter.ToUtf8Bytes(value!));
            byte[] again = Must("JsonReader.Parse(written)", () => JsonWriter.ToUtf8Bytes(JsonReader.Parse(written)));
            if (!written.AsSpan().SequenceEqual(again)) throw new InvalidOperationException("JSON the reader accepted does not round-trip through the writer");
        }

        /// <summary>DsseEnvelope.FromJson: VerificationException only; an envelope it returns can be PAE-encoded and written.</summary>
        private static void Dsse(byte[] input)
        {
            if (!Try<JsonFormatException, JsonValue>("JsonReader.Parse", () => JsonReader.Parse(input), out JsonValue? value)) return;
            if (!(value is JsonObject json)) return;
            if (!Try<VerificationException, DsseEnvelope>("DsseEnvelope.FromJson", () => DsseEnvelope.FromJson(json), out DsseEnvelope? envelope)) return;
            Must("Pae.Encode(parsed envelope)", () => Pae.Encode(envelope!.PayloadType, envelope.Payload));
            Must("JsonWriter.ToUtf8Bytes(envelope.ToJson())", () => JsonWriter.ToUtf8Bytes(envelope!.ToJson()));
        }

        /// <summary>SigstoreBundle.Parse and BundleVerifier.Verify: VerificationException only.</summary>
        private static void Bundle(byte[] input)
        {
            if (!Try<VerificationException, SigstoreBundle>("SigstoreBundle.Parse", () => SigstoreBundle.Parse(input), out SigstoreBundle? bundle)) return;
            Must("SigstoreBundle.ToUtf8Bytes(parsed)", () => bundle!.ToUtf8Bytes());
            var keys = new[] { LazyOther.Value, CorpusSigner };
            Try<VerificationException, VerifiedStatement>("BundleVerifier.Verify", () => BundleVerifier.Verify(bundle!, keys, PackageLimits.MaxEntries), out _);
        }

        /// <summary>StatementParser.Parse (a payload whose signature verified): VerificationException only.</summary>
        private static void Statement(byte[] input)
        {
            if (!Try<VerificationException, VerifiedStatement>("StatementParser.Parse",
                () => StatementParser.Parse(input, CorpusSigner, PackageLimits.MaxEntries), out VerifiedStatement? statement)) return;
            Must("VerifiedStatement.HasSubjectDigest", () => statement!.HasSubjectDigest("sha256", new string('a', 64)));
            Must("StatementFacts.SourceRepository", () => StatementFacts.SourceRepository(statement!.Predicate) ?? "");
            Must("StatementFacts.SignedWithDevelopmentKey", () => StatementFacts.SignedWithDevelopmentKey(statement!.Predicate));
        }

        /// <summary>
        /// ZipDirectory.Read: InvalidDataException only. PackageContentHash.Compute: ProvenanceException (PROV1014) only.
        /// PackageArchiveScanner over System.IO.Compression: InvalidDataException (the framework's corrupt-zip error) or
        /// the caller's ScanFailure (PROV1014 here) only.
        /// </summary>
        private static void Zip(byte[] input)
        {
            Try<InvalidDataException, object>("ZipDirectory.Read", () => ZipDirectory.Read(new MemoryStream(input, writable: false)), out _);

            string path = Path.Combine(ScratchFolder, $"prov-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.nupkg");
            File.WriteAllBytes(path, input);
            try { Try<ProvenanceException, byte[]>("PackageContentHash.Compute", () => PackageContentHash.Compute(path), out _); }
            finally { File.Delete(path); }

            if (!Try<InvalidDataException, ZipArchive>("new ZipArchive",
                () => new ZipArchive(new MemoryStream(input, writable: false), ZipArchiveMode.Read), out ZipArchive? archive)) return;
            using (archive)
            {
                if (!Try<ScanException, List<PackageEntry>>("PackageArchiveScanner.Scan", () => PackageArchiveScanner.Scan(archive!, Fail), out _)) return;
                foreach (ZipArchiveEntry entry in archive!.Entries.Take(4))
                    Try<ScanException, byte[]>("PackageArchiveScanner.ReadAll", () => PackageArchiveScanner.ReadAll(entry, 64 * 1024, Fail), out _);
            }
        }

        /// <summary>
        /// PackageContentHash reads a file: in memory-backed /dev/shm where there is one, because creating and deleting a
        /// file per execution costs milliseconds on an ordinary disk and would eat the run's time budget.
        /// </summary>
        private static readonly string ScratchFolder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

        /// <summary>PemBlock.ReadAll: FormatException only. VerificationKey.FromPem: ProvenanceException (PROV3003) only.</summary>
        private static void Pem(byte[] input)
        {
            string text = Encoding.UTF8.GetString(input);
            Try<FormatException, IReadOnlyList<PemBlock>>("PemBlock.ReadAll", () => PemBlock.ReadAll(text), out _);
            Try<ProvenanceException, VerificationKey>("VerificationKey.FromPem", () => VerificationKey.FromPem(text, "fuzz input"), out _);
        }

        /// <summary>NuspecIdentity.Read: XmlException only; NormalizeVersion of what it returns never throws.</summary>
        private static void Nuspec(byte[] input)
        {
            if (!Try<XmlException, (string?, string?)>("NuspecIdentity.Read", () => NuspecIdentity.Read(input), out var identity)) return;
            if (identity.Item2 != null) Must("NuspecIdentity.NormalizeVersion", () => NuspecIdentity.NormalizeVersion(identity.Item2));
        }

        /// <summary>The ScanFailure of the fuzz run: its own type, so that only the scanner's deliberate failures pass.</summary>
        private sealed class ScanException : Exception
        {
            public ScanException(string why, Exception? inner) : base(why, inner) { }
        }

        private static Exception Fail(string why, Exception? inner) => new ScanException(why, inner);

        /// <summary>Runs <paramref name="step"/>; false on its documented exception; anything else is the fuzzer's finding.</summary>
        private static bool Try<TDocumented, TResult>(string step, Func<TResult> run, out TResult? result)
            where TDocumented : Exception
        {
            try
            {
                result = run();
                return true;
            }
            catch (TDocumented e) when (!(e is UndocumentedExceptionException))
            {
                result = default;
                return false;
            }
            catch (Exception e) when (!(e is UndocumentedExceptionException))
            {
                throw new UndocumentedExceptionException(step, e);
            }
        }

        private static T Must<T>(string step, Func<T> run)
        {
            try { return run(); }
            catch (Exception e) { throw new UndocumentedExceptionException(step, e); }
        }
    }
}
