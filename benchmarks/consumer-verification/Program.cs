using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Provenance.Gate;
using Provenance.Json;
using Provenance.Packages;

namespace ConsumerVerification
{
    /// <summary>
    /// Consumer verification over a graph of restored packages, against floors measured in the same run:
    ///   hashing floor  = SHA-256 of every file of every package folder, one pass, the verifier's parallelism
    ///   exact floor    = the digests the verifier needs (SHA-256 of the extracted files, SHA-512 of the nupkg copy)
    ///   stat floor     = listing every file with its size and last write time (what a cached check once needed)
    ///   change-stamp snapshot = VerificationStamp.FilesDigest: the listing plus a statx per file (the no-op stamp)
    ///   cold           = no cache file, through the gate's core as JudgeRestoredPackages calls it: RestoreInventory.Read of
    ///                    the graph's project.assets.json, VerificationCache.Load, RestoreVerification.Verify, Retain + Save
    ///   cached         = the same with the cache file of the previous run (the no-op build)
    ///   changed        = cached, after one file of one package got a new last write time (that package re-verified)
    /// plus the parts: each kind's Read / Load / Verify / Retain+Save, cold without the nupkg check, the nupkg content hash
    /// alone, the cache file's JSON parse alone.
    /// Repetitions interleave the kinds so that machine drift hits all alike. In-process numbers have JIT done; the
    /// "fresh process" rows run each check once in a new process, as a build with -nr:false does. Times are printed,
    /// never asserted; the exit status says only whether every package verified. --msbuild adds MSBuildEndToEnd.
    /// </summary>
    internal static class Program
    {
        private const double ColdBudgetMs = 1000, CachedBudgetMs = 30;

        private static int Main(string[] args)
        {
            var options = Options.Parse(args);
            if (options.Child == "gate-cold") return GateCold(options);
            if (options.Child == "sha256-floor") return Sha256Floor(options);
            if (options.Child != null) return Child(options);

            string work = options.Work ?? Path.Combine(Path.GetTempPath(), "provenance-consumer-bench-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                return Run(options, work);
            }
            finally
            {
                if (options.Keep || options.Work != null) Console.WriteLine($"kept: {work}");
                else try { Directory.Delete(work, recursive: true); } catch (IOException) { }
            }
        }

        private static int Run(Options options, string work)
        {
            Console.WriteLine("Consumer verification benchmark (the performance budgets in README: " +
                $"{options.Packages} packages, budgets <= {ColdBudgetMs:F0} ms cold for 300, <= {CachedBudgetMs:F0} ms cached)");
            Console.WriteLine(MachineInfo.Describe());
            string loadBefore = MachineInfo.LoadAverage();

            var setup = Stopwatch.StartNew();
            PackageGraph graph = PackageGraph.Create(work, options.Packages);
            var files = graph.Folders.SelectMany(f => Directory.EnumerateFiles(f.FolderPath, "*", SearchOption.AllDirectories)).ToList();
            long bytes = files.Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"graph: {graph.Folders.Count} packages, {files.Count} files, {bytes / 1024.0 / 1024.0:F1} MiB extracted " +
                $"(created in {setup.Elapsed.TotalSeconds:F1} s under {work})");

            IReadOnlyList<TrustedKey> keys = TrustedKey.LoadFiles(new[] { graph.PublicKeyPath });
            ProvenancePolicy policy = PackageGraph.Policy(keys);
            string cachePath = Path.Combine(work, "obj", "bench.provenance.cache.json");
            Directory.CreateDirectory(Path.GetDirectoryName(cachePath)!);
            int parallelism = Environment.ProcessorCount;

            List<string> folderPaths = graph.Folders.Select(f => Path.GetFullPath(f.FolderPath)).ToList();
            var samples = new Samples();
            int failures = 0;
            int changedIndex = 0;

            // One untimed round: JIT, and every file in the page cache, for every kind alike.
            for (int round = 0; round <= options.Repetitions; round++)
            {
                bool timed = round > 0;
                void Record(string name, double ms) { if (timed) samples.Add(name, ms); }

                Record("hashing floor", Time(() => HashingFloor(graph, parallelism, Floor.AllFilesSha256)));
                Record("exact hashing floor", Time(() => HashingFloor(graph, parallelism, Floor.Exact)));
                Record("  SHA-256 of the extracted files", Time(() => HashingFloor(graph, parallelism, Floor.ExtractedSha256)));
                Record("  SHA-512 of the nupkg copies", Time(() => HashingFloor(graph, parallelism, Floor.NupkgSha512)));
                Record("  PackageContentHash of the nupkg copies", Time(() => HashingFloor(graph, parallelism, Floor.NupkgContentHash)));
                Record("stat floor", Time(() => StatFloor(graph, parallelism)));
                // The no-op stamp's listing (one thread, as the task runs it): size and time plus a change stamp per file.
                Record("stat floor, one thread", Time(() => StatFloor(graph, 1)));
                Record("change-stamp snapshot (FilesDigest)", Time(() => VerificationStamp.FilesDigest(folderPaths)));

                File.Delete(cachePath);
                failures += Verify(graph, keys, policy, cachePath, parallelism, timed ? samples : null, "cold, CheckPackageFile=false", checkPackageFile: false);
                File.Delete(cachePath);
                failures += Verify(graph, keys, policy, cachePath, parallelism, timed ? samples : null, "cold");
                failures += Verify(graph, keys, policy, cachePath, parallelism, timed ? samples : null, "cached");

                // A new last write time on one file of one package (a different package each round): that package
                // is re-verified, re-hashing the one file; the rest comes from the cache, which is then rewritten.
                RestoredPackageFolder touched = graph.Folders[(changedIndex++ * 37) % graph.Folders.Count];
                string nuspec = Path.Combine(touched.FolderPath, touched.Id.ToLowerInvariant() + ".nuspec");
                File.SetLastWriteTimeUtc(nuspec, File.GetLastWriteTimeUtc(nuspec).AddSeconds(1));
                failures += Verify(graph, keys, policy, cachePath, parallelism, timed ? samples : null, "changed");
            }

            // Cache file anatomy: how much of Load is reading and parsing the JSON.
            for (int round = 0; round < options.Repetitions; round++)
            {
                byte[] cacheBytes = null!;
                samples.Add("  cache ReadAllBytes", Time(() => cacheBytes = File.ReadAllBytes(cachePath)));
                samples.Add("  cache JsonReader.Parse", Time(() => JsonReader.Parse(cacheBytes)));
            }

            // Fresh processes: what a build with -nr:false pays (JIT, cold statics), minus the runtime's own start.
            for (int round = 0; round < options.Repetitions; round++)
            {
                File.Delete(cachePath);
                failures += RunChild(graph, cachePath, "cold", samples);
                failures += RunChild(graph, cachePath, "cached", samples);
            }

            string loadAfter = MachineInfo.LoadAverage();
            long cacheSize = new FileInfo(cachePath).Length;
            Console.WriteLine($"cache file: {cacheSize / 1024.0:F0} KiB; repetitions: {options.Repetitions}; parallelism: {parallelism}");
            Console.WriteLine($"load average before: {loadBefore}; after: {loadAfter}");
            Console.WriteLine();
            Print(samples, graph.Folders.Count, bytes);

            if (options.MSBuild)
                failures += MSBuildEndToEnd.Run(graph, work, Math.Min(options.MSBuildPackages, graph.Folders.Count), options.Repetitions, options.ProvenancePackages);

            if (failures > 0) Console.WriteLine($"FAILED: {failures} verification(s) did not verify every package.");
            return failures > 0 ? 1 : 0;
        }

        /// <summary>
        /// What the gate does (JudgeRestoredPackages): RestoreInventory.Read of the assets file, VerificationCache.Load,
        /// RestoreVerification.Verify, Retain + Save; returns 1 when a package did not verify.
        /// </summary>
        private static int Verify(PackageGraph graph, IReadOnlyList<TrustedKey> keys, ProvenancePolicy policy, string cachePath,
            int parallelism, Samples? samples, string name, bool checkPackageFile = true)
        {
            var total = Stopwatch.StartNew();
            var step = Stopwatch.StartNew();
            RestoreInventory inventory = RestoreInventory.Read(graph.AssetsFile, null, null);
            double read = step.Elapsed.TotalMilliseconds;
            step.Restart();
            VerificationCache cache = VerificationCache.Load(cachePath);
            double load = step.Elapsed.TotalMilliseconds;
            step.Restart();
            IReadOnlyList<PackageVerificationResult> results;
            if (checkPackageFile)
            {
                results = RestoreVerification.Verify(inventory, keys, policy, cache).Results;
            }
            else
            {
                // The one part the core's entry point does not expose: the same verifier without the nupkg check.
                results = new RestoredPackageVerifier(keys, policy, cache) { CheckPackageFile = false }
                    .VerifyAll(inventory.Packages.Select(p => p.Folder).ToList(), parallelism);
            }
            double verify = step.Elapsed.TotalMilliseconds;
            step.Restart();
            cache.Retain(inventory.Packages.Select(p => p.Folder.FolderPath));
            cache.Save();
            double save = step.Elapsed.TotalMilliseconds;
            total.Stop();
            if (samples != null)
            {
                samples.Add(name, total.Elapsed.TotalMilliseconds);
                samples.Add("  " + name + ": RestoreInventory.Read", read);
                samples.Add("  " + name + ": Load", load);
                samples.Add("  " + name + ": Verify", verify);
                samples.Add("  " + name + ": Retain+Save", save);
            }
            PackageVerificationResult? bad = results.FirstOrDefault(r => !r.IsVerified);
            if (results.Count != graph.Folders.Count) { Console.WriteLine($"inventory has {results.Count} packages, the graph {graph.Folders.Count}"); return 1; }
            if (bad == null) return 0;
            Console.WriteLine($"not verified ({name}): {bad.Outcome}: {bad.Reason}");
            return 1;
        }

        private enum Floor { AllFilesSha256, Exact, ExtractedSha256, NupkgSha512, NupkgContentHash }

        /// <summary>Hashes files of every package folder with the verifier's parallelism, one FileStream per file.</summary>
        private static void HashingFloor(PackageGraph graph, int parallelism, Floor floor)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
            Parallel.For(0, graph.Folders.Count, options, i =>
            {
                foreach (string file in Directory.EnumerateFiles(graph.Folders[i].FolderPath, "*", SearchOption.AllDirectories))
                {
                    bool nupkg = file.EndsWith(".nupkg", StringComparison.Ordinal);
                    bool bookkeeping = file.EndsWith(".sha512", StringComparison.Ordinal) || file.EndsWith(".nupkg.metadata", StringComparison.Ordinal);
                    if (floor == Floor.NupkgContentHash)
                    {
                        if (nupkg) PackageContentHash.ComputeHex(file);
                        continue;
                    }
                    bool sha512 = nupkg && (floor == Floor.Exact || floor == Floor.NupkgSha512);
                    bool skip = floor switch
                    {
                        Floor.AllFilesSha256 => false,
                        Floor.Exact => bookkeeping,
                        Floor.ExtractedSha256 => bookkeeping || nupkg,
                        _ => !nupkg,
                    };
                    if (skip) continue;
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                    if (sha512) SHA512.HashData(stream);
                    else SHA256.HashData(stream);
                }
            });
        }

        private static void StatFloor(PackageGraph graph, int parallelism)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
            var enumeration = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
            Parallel.For(0, graph.Folders.Count, options, i =>
            {
                var entries = new System.IO.Enumeration.FileSystemEnumerable<(long, long)>(graph.Folders[i].FolderPath,
                    (ref System.IO.Enumeration.FileSystemEntry e) => (e.Length, e.LastWriteTimeUtc.UtcTicks), enumeration)
                { ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry e) => !e.IsDirectory };
                long sum = 0;
                foreach (var (length, ticks) in entries) sum += length ^ ticks;
                GC.KeepAlive(sum);
            });
        }

        private static int RunChild(PackageGraph graph, string cachePath, string mode, Samples samples)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string arg in new[] { typeof(Program).Assembly.Location, "--child", mode, "--work", graph.Work,
                         "--packages", graph.Folders.Count.ToString(CultureInfo.InvariantCulture), "--cache", cachePath })
                start.ArgumentList.Add(arg);
            var wall = Stopwatch.StartNew();
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            wall.Stop();
            string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith("child ", StringComparison.Ordinal));
            if (process.ExitCode != 0 || line == null)
            {
                Console.WriteLine($"child {mode} failed ({process.ExitCode}): {output}");
                return 1;
            }
            // "child <total> <keys> <policy> <load> <verify> <save>": in-process times in a new process, as the MSBuild task spends them.
            double[] parts = line.Split(' ').Skip(1).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            samples.Add(mode + ", fresh process", parts[0]);
            samples.Add("  " + mode + ", fresh process: TrustedKey.LoadFiles", parts[1]);
            samples.Add("  " + mode + ", fresh process: ProvenancePolicy.Create", parts[2]);
            samples.Add("  " + mode + ", fresh process: RestoreInventory.Read+Load", parts[3]);
            samples.Add("  " + mode + ", fresh process: RestoreVerification.Verify", parts[4]);
            samples.Add("  " + mode + ", fresh process: Retain+Save", parts[5]);
            samples.Add("  " + mode + ", fresh process: whole process", wall.Elapsed.TotalMilliseconds);
            return 0;
        }

        private static int Child(Options options)
        {
            PackageGraph graph = PackageGraph.Open(options.Work!, options.Packages);
            var total = Stopwatch.StartNew();
            var step = Stopwatch.StartNew();
            IReadOnlyList<TrustedKey> keys = TrustedKey.LoadFiles(new[] { graph.PublicKeyPath });
            double keysMs = Lap(step);
            ProvenancePolicy policy = PackageGraph.Policy(keys);
            double policyMs = Lap(step);
            RestoreInventory inventory = RestoreInventory.Read(graph.AssetsFile, null, null);
            VerificationCache cache = VerificationCache.Load(options.Cache!);
            double loadMs = Lap(step);
            RestoreVerdict verdict = RestoreVerification.Verify(inventory, keys, policy, cache);
            double verifyMs = Lap(step);
            cache.Retain(inventory.Packages.Select(p => p.Folder.FolderPath));
            cache.Save();
            double saveMs = Lap(step);
            total.Stop();
            if (verdict.Results.Any(r => !r.IsVerified))
            {
                Console.WriteLine(verdict.Results.First(r => !r.IsVerified).Reason);
                return 1;
            }
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "child {0:F2} {1:F2} {2:F2} {3:F2} {4:F2} {5:F2}",
                total.Elapsed.TotalMilliseconds, keysMs, policyMs, loadMs, verifyMs, saveMs));
            return 0;
        }

        /// <summary>
        /// --child gate-cold: the gate's judgement of a real consumer's restore (MSBuildEndToEnd) in a fresh process with
        /// no cache, as JudgeRestoredPackages runs it: keys, policy, RestoreInventory.Read (assets file, global.json SDKs),
        /// RestoreVerification.Verify. Prints "gate <total ms> <packages>".
        /// </summary>
        private static int GateCold(Options options)
        {
            var total = Stopwatch.StartNew();
            IReadOnlyList<TrustedKey> keys = TrustedKey.LoadFiles(new[] { Path.Combine(options.Work!, "bench.pub.pem") });
            ProvenancePolicy policy = ProvenancePolicy.Create(MSBuildEndToEnd.PolicyItems(), keys);
            RestoreInventory inventory = RestoreInventory.Read(options.Assets!, null, options.Project);
            string cachePath = options.Cache!;
            File.Delete(cachePath);
            VerificationCache cache = VerificationCache.Load(cachePath);
            RestoreVerdict verdict = RestoreVerification.Verify(inventory, keys, policy, cache);
            cache.Retain(inventory.Packages.Select(p => p.Folder.FolderPath));
            cache.Save();
            total.Stop();
            if (verdict.Failed)
            {
                Console.WriteLine(verdict.Packages.First(p => p.Decision.Level == PolicyDecisionLevel.Error).Decision.Message);
                return 1;
            }
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "gate {0:F2} {1}", total.Elapsed.TotalMilliseconds, inventory.Packages.Count));
            return 0;
        }

        /// <summary>
        /// --child sha256-floor: the floor for GateCold in a fresh process: SHA-256 of every file of the same package
        /// folders (read from the same assets file), with the verifier's parallelism. Prints "floor &lt;ms&gt; &lt;files&gt;".
        /// </summary>
        private static int Sha256Floor(Options options)
        {
            var total = Stopwatch.StartNew();
            RestoreInventory inventory = RestoreInventory.Read(options.Assets!, null, options.Project);
            int files = 0;
            Parallel.ForEach(inventory.Packages, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, package =>
            {
                foreach (string file in Directory.EnumerateFiles(package.Folder.FolderPath, "*", SearchOption.AllDirectories))
                {
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                    SHA256.HashData(stream);
                    System.Threading.Interlocked.Increment(ref files);
                }
            });
            total.Stop();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "floor {0:F2} {1}", total.Elapsed.TotalMilliseconds, files));
            return 0;
        }

        private static double Lap(Stopwatch watch)
        {
            double ms = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            return ms;
        }

        private static void Print(Samples samples, int packages, long bytes)
        {
            Console.WriteLine($"{"",-44} {"median ms",10} {"min ms",10}");
            foreach (string name in samples.Names)
                Console.WriteLine($"{name,-44} {samples.Median(name),10:F1} {samples.Min(name),10:F1}");

            double hashing = samples.Median("hashing floor"), exact = samples.Median("exact hashing floor"), stat = samples.Median("stat floor");
            double cold = samples.Median("cold"), cached = samples.Median("cached"), changed = samples.Median("changed");
            double freshCold = samples.Median("cold, fresh process"), freshCached = samples.Median("cached, fresh process");
            Console.WriteLine();
            Console.WriteLine($"hashing floor throughput: {bytes / 1024.0 / 1024.0 / (hashing / 1000):F0} MiB/s over {samples.Parallelism} threads");
            Console.WriteLine($"ratio cold / hashing floor:               {cold / hashing,6:F2}");
            Console.WriteLine($"ratio cold / exact hashing floor:         {cold / exact,6:F2}");
            Console.WriteLine($"ratio cached / stat floor:                {cached / stat,6:F2}");
            Console.WriteLine($"ratio changed / cached:                   {changed / cached,6:F2}");
            Console.WriteLine($"ratio cached, fresh process / stat floor: {freshCached / stat,6:F2}");
            Console.WriteLine($"change-stamp snapshot vs size+mtime listing (one thread): {samples.Median("change-stamp snapshot (FilesDigest)"):F1} ms vs {samples.Median("stat floor, one thread"):F1} ms");
            Console.WriteLine();
            // The budgets are for 300 packages; another count is scaled linearly for the mark.
            double scale = packages / 300.0;
            Console.WriteLine($"Budgets (README, Performance) (for {packages} packages: cold <= {ColdBudgetMs * scale:F0} ms, cached <= {CachedBudgetMs * scale:F1} ms):");
            Console.WriteLine($"  cold (in process)        {cold,8:F1} ms  {Mark(cold, ColdBudgetMs * scale)}");
            Console.WriteLine($"  cold (fresh process)     {freshCold,8:F1} ms  {Mark(freshCold, ColdBudgetMs * scale)}");
            Console.WriteLine($"  cached (in process)      {cached,8:F1} ms  {Mark(cached, CachedBudgetMs * scale)}");
            Console.WriteLine($"  cached (fresh process)   {freshCached,8:F1} ms  {Mark(freshCached, CachedBudgetMs * scale)}");
            Console.WriteLine($"  changed (in process)     {changed,8:F1} ms  {Mark(changed, CachedBudgetMs * scale)} (held to the cached budget)");
        }

        private static string Mark(double ms, double budget) => ms <= budget ? "PASS" : $"OVER ({ms / budget:F1}x)";

        private static double Time(Action action)
        {
            var watch = Stopwatch.StartNew();
            action();
            return watch.Elapsed.TotalMilliseconds;
        }
    }

    internal sealed class Samples
    {
        private readonly Dictionary<string, List<double>> _values = new Dictionary<string, List<double>>();
        private readonly List<string> _order = new List<string>();

        public int Parallelism => Environment.ProcessorCount;
        public IReadOnlyList<string> Names => _order;

        public void Add(string name, double ms)
        {
            if (!_values.TryGetValue(name, out List<double>? list))
            {
                _values[name] = list = new List<double>();
                _order.Add(name);
            }
            list.Add(ms);
        }

        public double Median(string name)
        {
            if (!_values.TryGetValue(name, out List<double>? list) || list.Count == 0) return double.NaN;
            var sorted = list.OrderBy(v => v).ToList();
            int mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        public double Min(string name) => _values.TryGetValue(name, out List<double>? list) && list.Count > 0 ? list.Min() : double.NaN;
    }

    internal static class MachineInfo
    {
        public static string Describe()
        {
            string cpu = "unknown CPU";
            try { cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu; }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return $"machine: {Environment.ProcessorCount} cores, {cpu}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
                   $".NET {Environment.Version}, SHA-NI-class throughput measured below; load average now: {LoadAverage()}";
        }

        public static string LoadAverage()
        {
            try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
            catch (IOException) { return "n/a"; }
            catch (UnauthorizedAccessException) { return "n/a"; }
        }
    }

    internal sealed class Options
    {
        public int Packages { get; private set; } = 300;
        public int Repetitions { get; private set; } = 7;
        public bool MSBuild { get; private set; }
        public int MSBuildPackages { get; private set; } = 300;
        public bool Keep { get; private set; }
        public string? Work { get; private set; }
        public string? Child { get; private set; }
        public string? Cache { get; private set; }
        public string? Assets { get; private set; }
        public string? Report { get; private set; }
        public string? Project { get; private set; }
        public string? ProvenancePackages { get; private set; }

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--packages": options.Packages = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--repetitions": options.Repetitions = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--msbuild": options.MSBuild = true; break;
                    case "--msbuild-packages": options.MSBuildPackages = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--provenance-packages": options.ProvenancePackages = Path.GetFullPath(Next()); break;
                    case "--keep": options.Keep = true; break;
                    case "--work": options.Work = Path.GetFullPath(Next()); break;
                    case "--child": options.Child = Next(); break;
                    case "--cache": options.Cache = Next(); break;
                    case "--assets": options.Assets = Next(); break;
                    case "--report": options.Report = Next(); break;
                    case "--project": options.Project = Next(); break;
                    default:
                        throw new ArgumentException($"unknown option {args[i]}; options: --packages N, --repetitions N, --msbuild, " +
                                                    "--msbuild-packages N, --provenance-packages DIR, --keep, --work DIR");
                }
            }
            return options;
        }
    }
}
