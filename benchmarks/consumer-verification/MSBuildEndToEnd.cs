using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Provenance.Packages;

namespace ConsumerVerification
{
    /// <summary>
    /// --msbuild: the consumer gate end to end. Two consumer projects referencing the first N packages of the graph from
    /// its folder feed, with a trusted key and a policy `*` that requires every package: "gate" enables the gate as the
    /// README tells users (global.json "msbuild-sdks" pins Provenance.MSBuild, Directory.Build.targets imports its
    /// Sdk.targets), "plain" is the same project without it (an empty Directory.Build.targets, no msbuild-sdks). Both
    /// restore and build once, untimed; then no-op `dotnet build -nr:false` (restore included, as users run it) alternate
    /// between the two, and the median difference is what the gate adds to a no-op build (budget 30 ms). Then the gate's
    /// cold judgement of the same restore in a fresh process (RestoreInventory + RestoreVerification, no cache; budget
    /// 1 s for 300 packages) against a floor from the same run: SHA-256 of every file of the same package folders, also
    /// in a fresh process. The lib assemblies are random bytes, so the references exclude compile assets.
    /// </summary>
    internal static class MSBuildEndToEnd
    {
        private const double NoOpBudgetMs = 30, ColdBudgetMs = 1000;

        /// <summary>The consumer's policy, also used by the fresh-process replay (Program.GateCold).</summary>
        public static IReadOnlyList<ProvenancePolicyItem> PolicyItems() => new[]
        {
            new ProvenancePolicyItem("*") { Require = "true", SourceRepository = PackageGraph.Repository },
            // The gate SDK itself is judged too (it came from NuGet); signed by the bench key, but from another repository.
            new ProvenancePolicyItem("Provenance.MSBuild") { Require = "false" },
        };

        public static int Run(PackageGraph graph, string work, int count, int repetitions, string? provenancePackages)
        {
            Console.WriteLine();
            Console.WriteLine($"== MSBuild end to end: no-op `dotnet build` of a consumer of {count} packages, gate SDK vs no gate");
            string root = Path.Combine(work, "msbuild");
            Directory.CreateDirectory(root);
            var env = new Dictionary<string, string>
            {
                ["NUGET_PACKAGES"] = Path.Combine(root, "nuget-packages"),
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_UI_LANGUAGE"] = "en",
            };

            if (provenancePackages == null)
            {
                // Packed from this tree with the bench key (never a development key), so the gate judges a signed SDK.
                provenancePackages = Path.Combine(work, "provenance-packages");
                string? repository = FindUp("Provenance.MSBuild.sln");
                if (repository == null) { Console.WriteLine("repository not found; pass --provenance-packages"); return 1; }
                var pack = Stopwatch.StartNew();
                if (!Dotnet(env, Path.GetDirectoryName(repository)!, out string packLog, "pack", Path.Combine(Path.GetDirectoryName(repository)!, "src", "Provenance.MSBuild", "Provenance.MSBuild.csproj"),
                        "-c", "Release", "-o", provenancePackages, "-nr:false", "-v:q", "-p:ProvenanceSigningKeyFile=" + graph.PrivateKeyPath))
                    return Fail("dotnet pack of Provenance.MSBuild", packLog);
                Console.WriteLine($"packed Provenance.MSBuild in {pack.Elapsed.TotalSeconds:F1} s");
            }
            string? version = NewestVersion(provenancePackages);
            if (version == null)
            {
                Console.WriteLine($"no Provenance.MSBuild.<version>.nupkg in {provenancePackages}");
                return 1;
            }
            Console.WriteLine($"Provenance.MSBuild {version} from {provenancePackages}; load average: {MachineInfo.LoadAverage()}");

            File.WriteAllText(Path.Combine(root, "NuGet.config"),
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n" +
                $"    <add key=\"bench-feed\" value=\"{graph.Feed}\" />\n    <add key=\"provenance-local\" value=\"{provenancePackages}\" />\n" +
                "  </packageSources>\n</configuration>\n");
            // Nothing above the consumers may add MSBuild files to one of them only.
            File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
            string sdkSection = SdkSection();

            var projects = new Dictionary<string, string>();
            foreach (string variant in new[] { "gate", "plain" })
            {
                string dir = Path.Combine(root, variant);
                Directory.CreateDirectory(dir);
                bool gate = variant == "gate";
                File.WriteAllText(Path.Combine(dir, "global.json"), "{\n" + sdkSection +
                    (gate ? ",\n  \"msbuild-sdks\": {\n    \"Provenance.MSBuild\": \"" + version + "\"\n  }\n" : "\n") + "}\n");
                File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"),
                    gate ? "<Project>\n  <Import Project=\"Sdk.targets\" Sdk=\"Provenance.MSBuild\" />\n</Project>\n" : "<Project />\n");
                File.WriteAllText(Path.Combine(dir, "Consumer.cs"), "namespace Consumer { public static class Api { public static int Answer() => 42; } }\n");
                var csproj = new StringBuilder("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n" +
                    // The gate signs its verdict with the project's key: the bench key, never a development key in HOME.
                    $"    <ProvenanceSigningKeyFile>{graph.PrivateKeyPath}</ProvenanceSigningKeyFile>\n" +
                    "  </PropertyGroup>\n  <ItemGroup>\n" +
                    $"    <ProvenanceTrustedKey Include=\"{graph.PublicKeyPath}\" />\n" +
                    $"    <ProvenancePolicy Include=\"*\" Require=\"true\" SourceRepository=\"{PackageGraph.Repository}\" />\n" +
                    "    <ProvenancePolicy Include=\"Provenance.MSBuild\" Require=\"false\" />\n");
                for (int i = 0; i < count; i++)
                    csproj.Append($"    <PackageReference Include=\"{PackageGraph.Id(i)}\" Version=\"{PackageGraph.Version(i)}\" ExcludeAssets=\"compile\" />\n");
                csproj.Append("  </ItemGroup>\n</Project>\n");
                File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), csproj.ToString());
                projects[variant] = Path.Combine(dir, "Consumer.csproj");
            }

            string[] build = { "-c", "Release", "-nr:false", "-v:q", "-clp:NoSummary" };
            var first = Stopwatch.StartNew();
            foreach (var project in projects)
                if (!Dotnet(env, Path.GetDirectoryName(project.Value)!, out string log, new[] { "build", project.Value }.Concat(build).ToArray())) return Fail("first build of " + project.Key, log);
            Console.WriteLine($"first restore + build of both projects: {first.Elapsed.TotalSeconds:F1} s");
            string gateObj = Path.Combine(root, "gate", "obj");
            string report = Path.Combine(gateObj, "Consumer.csproj.provenance.packages.json");
            int verified = File.Exists(report) ? VerificationReport.Parse(File.ReadAllBytes(report)).Count(r => r.IsVerified) : 0;
            Console.WriteLine($"gate report {(File.Exists(report) ? report : "MISSING")}: {verified} packages verified");

            var times = new Dictionary<string, List<double>> { ["gate"] = new List<double>(), ["plain"] = new List<double>() };
            for (int round = 0; round < repetitions; round++)
            {
                foreach (string variant in round % 2 == 0 ? new[] { "gate", "plain" } : new[] { "plain", "gate" })
                {
                    var watch = Stopwatch.StartNew();
                    if (!Dotnet(env, Path.GetDirectoryName(projects[variant])!, out string log, new[] { "build", projects[variant] }.Concat(build).ToArray()))
                        return Fail("no-op build of " + variant, log);
                    times[variant].Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            // One more no-op build with MSBuild's performance summary: the gate's targets and tasks on their own.
            Dotnet(env, Path.GetDirectoryName(projects["gate"])!, out string summary, "build", projects["gate"], "-c", "Release", "-nr:false", "-v:q", "-clp:PerformanceSummary");
            string[] lines = summary.Split('\n');
            IEnumerable<string> Lines(params string[] names) => names.Select(n => lines.FirstOrDefault(l => Regex.IsMatch(l, @"\b" + n + @"\b"))?.Trim() ?? $"({n} not in the summary)");

            double gateMs = Median(times["gate"]), plainMs = Median(times["plain"]);
            Console.WriteLine($"{"no-op dotnet build",-26} {"median ms",10} {"min ms",10}   all");
            foreach (string variant in new[] { "plain", "gate" })
                Console.WriteLine($"{(variant == "gate" ? "with the gate SDK" : "without the gate"),-26} {Median(times[variant]),10:F0} {times[variant].Min(),10:F0}   " +
                                  string.Join(" ", times[variant].Select(t => t.ToString("F0", CultureInfo.InvariantCulture))));
            double added = gateMs - plainMs;
            Console.WriteLine($"added by the gate per no-op build (median difference): {added:F0} ms; budget {NoOpBudgetMs:F0} ms: {Mark(added, NoOpBudgetMs)}" +
                              $" (min difference {times["gate"].Min() - times["plain"].Min():F0} ms)");
            foreach (string line in Lines("ProvenanceRestoreGate", "ProvenanceCheckRestoredPackages", "JudgeRestoredPackages", "CheckRestoreGate"))
                Console.WriteLine($"performance summary: {line}");
            // On a loaded machine the wall-clock difference is noise of either sign; the gate targets' own time is not.
            double targets = Lines("ProvenanceRestoreGate", "ProvenanceCheckRestoredPackages")
                .Select(l => Regex.Match(l, @"^(\d+) ms")).Where(m => m.Success).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            Console.WriteLine($"the gate's targets in that no-op build: {targets:F0} ms; budget {NoOpBudgetMs:F0} ms: {Mark(targets, NoOpBudgetMs)}");
            Console.WriteLine($"load average after: {MachineInfo.LoadAverage()}");

            // The gate's cold judgement in a fresh process, against the SHA-256 floor over the same files, alternating.
            string assets = Path.Combine(gateObj, "project.assets.json");
            string cache = Path.Combine(work, "gate-cold.cache.json");
            var cold = new List<double>();
            var coldWall = new List<double>();
            var floor = new List<double>();
            var floorWall = new List<double>();
            int judged = 0, files = 0;
            for (int round = 0; round < repetitions; round++)
            {
                if (!RunChild(work, "gate-cold", assets, Path.GetDirectoryName(projects["gate"])!, cache, out double[] gateParts, out double wall, out string output))
                    return Fail("gate-cold", output);
                cold.Add(gateParts[0]);
                coldWall.Add(wall);
                judged = (int)gateParts[1];
                if (!RunChild(work, "sha256-floor", assets, Path.GetDirectoryName(projects["gate"])!, cache, out double[] floorParts, out wall, out output))
                    return Fail("sha256-floor", output);
                floor.Add(floorParts[0]);
                floorWall.Add(wall);
                files = (int)floorParts[1];
            }
            double scale = judged / 300.0;
            Console.WriteLine($"gate cold, fresh process ({judged} packages, {files} files; budget {ColdBudgetMs * scale:F0} ms for {judged}):");
            Console.WriteLine($"  {"",-40} {"median ms",10} {"min ms",10}");
            Console.WriteLine($"  {"gate: keys+policy+inventory+verify+save",-40} {Median(cold),10:F1} {cold.Min(),10:F1}  {Mark(Median(cold), ColdBudgetMs * scale)}");
            Console.WriteLine($"  {"floor: SHA-256 of the same files",-40} {Median(floor),10:F1} {floor.Min(),10:F1}");
            Console.WriteLine($"  {"gate, whole process",-40} {Median(coldWall),10:F1} {coldWall.Min(),10:F1}");
            Console.WriteLine($"  {"floor, whole process",-40} {Median(floorWall),10:F1} {floorWall.Min(),10:F1}");
            Console.WriteLine($"  ratio gate / floor: {Median(cold) / Median(floor):F2} (in process), {Median(coldWall) / Median(floorWall):F2} (whole process)");
            return verified >= count ? 0 : 1;
        }

        private static bool RunChild(string work, string mode, string assets, string project, string cache, out double[] parts, out double wallMs, out string output)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string arg in new[] { typeof(MSBuildEndToEnd).Assembly.Location, "--child", mode, "--work", work, "--assets", assets, "--project", project, "--cache", cache })
                start.ArgumentList.Add(arg);
            var wall = Stopwatch.StartNew();
            using Process process = Process.Start(start)!;
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            wallMs = wall.Elapsed.TotalMilliseconds;
            string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith("gate ", StringComparison.Ordinal) || l.StartsWith("floor ", StringComparison.Ordinal));
            parts = line == null ? Array.Empty<double>() : line.Trim().Split(' ').Skip(1).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            return process.ExitCode == 0 && parts.Length == 2;
        }

        private static string Mark(double ms, double budget) => ms <= budget ? "PASS" : $"OVER ({ms / budget:F1}x)";

        private static int Fail(string what, string log)
        {
            Console.WriteLine($"{what} failed:\n{(log.Length > 6000 ? log.Substring(log.Length - 6000) : log)}");
            return 1;
        }

        private static double Median(List<double> values)
        {
            var sorted = values.OrderBy(v => v).ToList();
            int mid = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        /// <summary>The repository's global.json "sdk" member, so both consumers build with the SDK this repository pins.</summary>
        private static string SdkSection()
        {
            string? globalJson = FindUp("global.json");
            if (globalJson == null) return "  \"sdk\": { \"rollForward\": \"latestFeature\" }";
            var root = (Provenance.Json.JsonObject)Provenance.Json.JsonReader.Parse(File.ReadAllBytes(globalJson));
            var sdk = root.GetObject("sdk");
            return sdk == null ? "  \"sdk\": { \"rollForward\": \"latestFeature\" }" : "  \"sdk\": " + Provenance.Json.JsonWriter.ToText(sdk, indented: false);
        }

        private static bool Dotnet(Dictionary<string, string> env, string cwd, out string output, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in args) start.ArgumentList.Add(arg);
            foreach (var pair in env) start.Environment[pair.Key] = pair.Value;
            start.Environment.Remove("CI");
            using Process process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd() + stderr.Result;
            process.WaitForExit();
            return process.ExitCode == 0;
        }

        private static string? NewestVersion(string folder)
        {
            if (!Directory.Exists(folder)) return null;
            string? newest = Directory.GetFiles(folder, "Provenance.MSBuild.*.nupkg")
                .Where(p => Regex.IsMatch(Path.GetFileName(p), @"^Provenance\.MSBuild\.\d") && !p.EndsWith(".symbols.nupkg", StringComparison.Ordinal))
                .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
            return newest == null ? null : Path.GetFileName(newest).Substring("Provenance.MSBuild.".Length).Replace(".nupkg", "");
        }

        private static string? FindUp(string name)
        {
            string? dir = AppContext.BaseDirectory;
            while (dir != null)
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
                dir = Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar));
            }
            return null;
        }
    }
}
