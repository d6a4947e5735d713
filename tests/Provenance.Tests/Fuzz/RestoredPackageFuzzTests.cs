using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using CsCheck;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Packages;
using Provenance.Tests.Packages;
using Provenance.Verification;

namespace Provenance.Tests.Fuzz
{
    /// <summary>
    /// End to end: a restored package whose embedded bundle (provenance/package.sigstore.json) an attacker edited is
    /// judged, never crashes the verifier, never hides the verdict on the package beside it, and is never Verified
    /// unless the payload and payload type the signature covers are exactly the ones signed.
    /// </summary>
    [TestClass]
    public sealed class RestoredPackageFuzzTests
    {
        private const int Iterations = 400;

        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        public void A_mutated_embedded_bundle_gets_a_verdict_and_is_never_verified_with_another_payload()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder target = RestoredPackageVerifierTests.Restore(scratch, id: "Acme.Lib");
            RestoredPackageFolder neighbour = RestoredPackageVerifierTests.Restore(scratch, id: "Acme.Other");
            string bundlePath = Path.Combine(target.FolderPath, PackageAttestation.EmbeddedBundleEntryName.Replace('/', Path.DirectorySeparatorChar));
            byte[] original = File.ReadAllBytes(bundlePath);
            SigstoreBundle signed = SigstoreBundle.Parse(original);
            var verifier = new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), RestoredPackageVerifierTests.Policy());
            var packages = new[] { target, neighbour };
            Assert.IsTrue(verifier.VerifyAll(packages).All(r => r.IsVerified), "the unmutated packages must verify");

            // Seeds: the package's own bundle, and the committed bundle corpus (other shapes, the lone-surrogate sample).
            var seeds = new List<byte[]> { original };
            seeds.AddRange(FuzzCorpus.Seeds("bundle"));
            var names = new List<string> { "restored bundle" };
            names.AddRange(FuzzCorpus.Files("bundle").Select(Path.GetFileName)!);
            long executions = 0, verified = 0;
            var clock = Stopwatch.StartNew();

            FuzzInput.For(seeds, names).Sample(input =>
            {
                Interlocked.Increment(ref executions);
                File.WriteAllBytes(bundlePath, input.Bytes);
                IReadOnlyList<PackageVerificationResult> results = verifier.VerifyAll(packages);

                Assert.AreEqual(2, results.Count);
                Assert.IsTrue(results[1].IsVerified, "the neighbouring package lost its verdict: " + results[1].Reason);
                PackageVerificationResult result = results[0];
                Assert.IsFalse(string.IsNullOrEmpty(result.Reason));
                if (result.IsVerified)
                {
                    verified++;
                    SigstoreBundle accepted = SigstoreBundle.Parse(input.Bytes);
                    CollectionAssert.AreEqual(signed.Envelope.Payload, accepted.Envelope.Payload, "Verified with a payload that was not signed");
                    Assert.AreEqual(signed.Envelope.PayloadType, accepted.Envelope.PayloadType, "Verified with a payload type that was not signed");
                }
                else
                {
                    Assert.IsNotNull(result.Code);
                }
            }, iter: Iterations * FuzzScale.Factor, threads: 1, print: i => i.ToString());

            File.WriteAllBytes(bundlePath, original);
            string line = $"fuzz restored-package: {executions} executions in {clock.Elapsed.TotalSeconds:F1} s ({verified} mutants still verified: same signed payload)";
            TestContext.WriteLine(line);
            Console.WriteLine(line);
        }
    }
}
