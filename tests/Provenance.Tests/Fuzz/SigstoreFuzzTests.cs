using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using CsCheck;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Signing;
using Provenance.Sigstore;
using Provenance.Tests.Sigstore;
using Provenance.Verification;

namespace Provenance.Tests.Fuzz
{
    /// <summary>
    /// The Sigstore readers fuzzed the way ParserFuzzTests fuzzes the package readers: bundle, trusted root, checkpoint,
    /// certificate and RFC 3161 timestamp must return or throw <see cref="VerificationException"/>, never anything else.
    /// Seeds are the committed Corpus/sigstore-* files plus, when ../shared/interop is present, the conformance suite's
    /// real bundles and trusted roots (read at run time, never committed), so mutations reach deep into verification.
    /// </summary>
    [TestClass]
    public sealed class SigstoreFuzzTests
    {
        public TestContext TestContext { get; set; } = null!;

        private static readonly byte[] Artifact = Encoding.UTF8.GetBytes("artifact");
        private static readonly Lazy<TrustedRoot> FuzzRoot = new Lazy<TrustedRoot>(() =>
            TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(FuzzCorpus.Root, "sigstore-root", "fuzz-ca-tsa-rekor2.json"))));
        private static readonly Lazy<SigstorePolicy> KeyPolicy = new Lazy<SigstorePolicy>(() =>
            SigstorePolicy.ForKeys(new[] { FuzzTargets.CorpusSigner }));
        private static readonly SigstorePolicy IdentityPolicy = SigstorePolicy.ForIdentity(
            new CertificateIdentityPolicy(null, "https://github.com/.*", issuerPattern: "https://token.actions.githubusercontent.com"));

        private static readonly Dictionary<string, (int Iterations, Action<byte[]> Run)> Targets = new Dictionary<string, (int, Action<byte[]>)>
        {
            ["sigstore-bundle"] = (3000, Bundle),
            ["sigstore-root"] = (4000, Root),
            ["sigstore-checkpoint"] = (20000, Checkpoint),
            ["sigstore-certificate"] = (4000, Certificate),
            ["sigstore-timestamp"] = (3000, Timestamp),
        };

        public static IEnumerable<object[]> CorpusFiles =>
            Targets.Keys.SelectMany(t => FuzzCorpus.Files(t).Select(f => new object[] { t, Path.GetFileName(f) }));

        [TestMethod]
        [DynamicData(nameof(CorpusFiles))]
        public void Sigstore_corpus_sample_gets_a_documented_answer(string parser, string file) =>
            Targets[parser].Run(File.ReadAllBytes(Path.Combine(FuzzCorpus.Root, parser, file)));

        [TestMethod]
        [DataRow("sigstore-bundle")]
        [DataRow("sigstore-root")]
        [DataRow("sigstore-checkpoint")]
        [DataRow("sigstore-certificate")]
        [DataRow("sigstore-timestamp")]
        public void Mutated_sigstore_input_gets_a_documented_answer(string parser)
        {
            var (iterations, run) = Targets[parser];
            List<(string Name, byte[] Bytes)> seeds = FuzzCorpus.Files(parser).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
            seeds.AddRange(SharedSeeds(parser));
            Assert.IsTrue(seeds.Count > 0, $"Fuzz/Corpus/{parser} holds no seeds");
            long executions = 0;
            var clock = Stopwatch.StartNew();
            FuzzInput.For(seeds.Select(s => s.Bytes).ToList(), seeds.Select(s => s.Name).ToList()).Sample(input =>
            {
                Interlocked.Increment(ref executions);
                run(input.Bytes);
            }, iter: iterations * FuzzScale.Factor, threads: 1, print: i => i.ToString());
            string line = $"fuzz {parser}: {executions} executions in {clock.Elapsed.TotalSeconds:F1} s from {seeds.Count} seeds";
            TestContext.WriteLine(line);
            Console.WriteLine(line);
        }

        /// <summary>Real material from the conformance suite, when the shared folder is there (it is not committed).</summary>
        private static IEnumerable<(string, byte[])> SharedSeeds(string parser)
        {
            string? cases = InteropData.Folder("sigstore-conformance/bundle-verify");
            if (cases == null || !Directory.Exists(cases)) yield break;
            string[] picks = { "happy-path-v0.1", "happy-path-intoto-in-dsse-v3", "rekor2-happy-path", "managed-key-happy-path", "intoto-with-custom-trust-root" };
            foreach (string pick in picks)
            {
                string folder = Path.Combine(cases, pick);
                if (!Directory.Exists(folder)) continue;
                if (parser == "sigstore-bundle") yield return (pick, File.ReadAllBytes(Path.Combine(folder, "bundle.sigstore.json")));
                if (parser == "sigstore-root" && File.Exists(Path.Combine(folder, "trusted_root.json")))
                    yield return (pick + "/trusted_root.json", File.ReadAllBytes(Path.Combine(folder, "trusted_root.json")));
                if (parser == "sigstore-certificate" || parser == "sigstore-timestamp" || parser == "sigstore-checkpoint")
                {
                    SigstoreBundleDocument bundle = SigstoreBundleDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "bundle.sigstore.json")));
                    if (parser == "sigstore-certificate") foreach (byte[] c in bundle.Certificates) yield return (pick + "/certificate", c);
                    if (parser == "sigstore-timestamp") foreach (byte[] t in bundle.Rfc3161Timestamps) yield return (pick + "/timestamp", t);
                    if (parser == "sigstore-checkpoint")
                        foreach (TransparencyLogEntry e in bundle.TlogEntries)
                            if (e.InclusionProof?.Checkpoint is string cp) yield return (pick + "/checkpoint", Encoding.UTF8.GetBytes(cp));
                }
            }
        }

        /// <summary>SigstoreBundleDocument.Parse, then the verifier with a key policy and an identity policy: VerificationException only.</summary>
        private static void Bundle(byte[] input)
        {
            if (!Try("SigstoreBundleDocument.Parse", () => SigstoreBundleDocument.Parse(input), out SigstoreBundleDocument? bundle)) return;
            var artifact = SigstoreArtifact.FromBytes(Artifact);
            foreach (TrustedRoot root in new[] { FuzzRoot.Value, TrustedRoot.PublicGood })
            {
                var verifier = new SigstoreVerifier(root, new SigstoreVerifierOptions { ObserverTimestampThreshold = 0, SctThreshold = 0 });
                Try("SigstoreVerifier.Verify (key)", () => verifier.Verify(bundle!, artifact, KeyPolicy.Value), out _);
                Try("SigstoreVerifier.Verify (identity)", () => verifier.Verify(bundle!, artifact, IdentityPolicy), out _);
            }
        }

        /// <summary>TrustedRoot.Parse: VerificationException only.</summary>
        private static void Root(byte[] input) => Try("TrustedRoot.Parse", () => TrustedRoot.Parse(input), out _);

        /// <summary>Checkpoint.TryParse and IsSignedBy: no exception at all (null is the answer to bad input); the Merkle check likewise.</summary>
        private static void Checkpoint(byte[] input)
        {
            string text = Encoding.UTF8.GetString(input);
            Provenance.Sigstore.Checkpoint? checkpoint = Must("Checkpoint.TryParse", () => Provenance.Sigstore.Checkpoint.TryParse(text, out _));
            if (checkpoint == null) return;
            Must("Checkpoint.IsSignedBy", () => FuzzRoot.Value.TransparencyLogs.Select(checkpoint.IsSignedBy).ToList());
            Must("MerkleTree.VerifyInclusion", () => MerkleTree.VerifyInclusion(checkpoint.Size - 1, checkpoint.Size, checkpoint.RootHash,
                new[] { checkpoint.RootHash, checkpoint.RootHash }, checkpoint.RootHash));
        }

        /// <summary>Certificates.TryParse, CertificateIdentity.TryRead and the SCT check: no exception (null / a failure list).</summary>
        private static void Certificate(byte[] input)
        {
            var certificate = Must("Certificates.TryParse", () => Certificates.TryParse(input));
            if (certificate == null) return;
            Must("CertificateIdentity.TryRead", () => CertificateIdentity.TryRead(certificate, input, out _));
            Must("Certificates.BuildPath", () => Certificates.BuildPath(certificate, FuzzRoot.Value.CertificateAuthorities[0].Chain, DateTimeOffset.UtcNow, true, out _));
            Must("Certificates.VerifyEmbeddedScts", () => Certificates.VerifyEmbeddedScts(certificate, certificate, FuzzRoot.Value, new List<string>()));
        }

        /// <summary>TimestampVerifier.Verify: VerificationException only.</summary>
        private static void Timestamp(byte[] input)
        {
            foreach (TrustedRoot root in new[] { FuzzRoot.Value, TrustedRoot.PublicGood })
                Try("TimestampVerifier.Verify", () => TimestampVerifier.Verify(input, Encoding.ASCII.GetBytes("MEUCIQDsignature"), root, out _), out _);
        }

        private static bool Try<T>(string step, Func<T> run, out T? result)
        {
            try
            {
                result = run();
                return true;
            }
            catch (VerificationException)
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
            catch (Exception e) when (!(e is UndocumentedExceptionException)) { throw new UndocumentedExceptionException(step, e); }
        }
    }
}
