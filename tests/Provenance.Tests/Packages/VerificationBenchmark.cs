using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    /// <summary>
    /// DESIGN §6: 300 packages in at most 1 s cold and 30 ms cached. Prints the numbers instead of asserting them
    /// (timed assertions flake); asserts only that every package verified, both times.
    /// </summary>
    [TestClass]
    public sealed class VerificationBenchmark
    {
        [TestMethod]
        [TestCategory("Benchmark")]
        public void ThreeHundredPackages_ColdThenCached()
        {
            using var scratch = new Scratch();
            var folders = new List<RestoredPackageFolder>();
            for (int i = 0; i < 300; i++)
                folders.Add(RestoredPackageVerifierTests.Restore(scratch, id: "Acme.Package" + i, version: "1.0." + i));
            long bytes = folders.Sum(f => Directory.GetFiles(f.FolderPath, "*", SearchOption.AllDirectories).Sum(p => new FileInfo(p).Length));
            string cachePath = scratch.File("obj/provenance.cache.json");
            ProvenancePolicy policy = RestoredPackageVerifierTests.Policy();

            var cold = Stopwatch.StartNew();
            VerificationCache coldCache = VerificationCache.Load(cachePath);
            var coldResults = new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), policy, coldCache).VerifyAll(folders);
            coldCache.Save();
            cold.Stop();

            var warmTimes = new List<double>();
            IReadOnlyList<PackageVerificationResult> warmResults = coldResults;
            for (int run = 0; run < 5; run++)
            {
                var warm = Stopwatch.StartNew();
                VerificationCache warmCache = VerificationCache.Load(cachePath);
                Console.WriteLine($"load {warm.Elapsed.TotalMilliseconds:F1} ms");
                warmResults = new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), policy, warmCache).VerifyAll(folders);
                warmCache.Save();
                warm.Stop();
                warmTimes.Add(warm.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"300 packages, {bytes / 1024} KiB on disk, {Environment.ProcessorCount} cores: cold {cold.Elapsed.TotalMilliseconds:F0} ms, " +
                $"cached {string.Join(" / ", warmTimes.Select(t => t.ToString("F1")))} ms, cache file {new FileInfo(cachePath).Length / 1024} KiB");
            Assert.IsTrue(coldResults.All(r => r.IsVerified), coldResults.FirstOrDefault(r => !r.IsVerified)?.Reason);
            Assert.IsTrue(warmResults.All(r => r.IsVerified));
        }
    }
}
