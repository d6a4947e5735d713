using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ConsumerVerification
{
    /// <summary>
    /// --msbuild: two identical consumer projects referencing the first N packages of the graph from its folder feed,
    /// with Provenance.MSBuild (the newest package in artifacts/packages), a trusted key and a policy `*` that
    /// requires every package (Provenance.MSBuild itself exempted: the most specific item wins). "with" verifies,
    /// "without" sets ProvenanceVerifyPackages=false. Both restore once into a private NUGET_PACKAGES and build once,
    /// untimed; then no-op `dotnet build --no-restore -nr:false` alternate between the two. The lib assemblies are
    /// random bytes, so the references exclude compile assets (they still restore, copy and get verified).
    /// </summary>
    internal static class MSBuildEndToEnd
    {
        public static int Run(PackageGraph graph, string work, int count, int repetitions, string provenancePackages)
        {
            Console.WriteLine();
            Console.WriteLine($"== MSBuild end to end: no-op `dotnet build` of a consumer of {count} packages, verification on vs off");
            string? version = NewestVersion(provenancePackages);
            if (version == null)
            {
                Console.WriteLine($"no Provenance.MSBuild.<version>.nupkg in {provenancePackages}: run `dotnet pack src/Provenance.MSBuild -c Release -o artifacts/packages` first.");
                return 1;
            }
            Console.WriteLine($"Provenance.MSBuild {version} from {provenancePackages}; load average: {MachineInfo.LoadAverage()}");

            string root = Path.Combine(work, "msbuild");
            var env = new Dictionary<string, string>
            {
                ["NUGET_PACKAGES"] = Path.Combine(root, "nuget-packages"),
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_UI_LANGUAGE"] = "en",
            };
            Directory.CreateDirectory(root);
            File.WriteAllText(Path.Combine(root, "NuGet.config"),
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n" +
                $"    <add key=\"bench-feed\" value=\"{graph.Feed}\" />\n    <add key=\"provenance-local\" value=\"{provenancePackages}\" />\n" +
                "  </packageSources>\n</configuration>\n");
            string? globalJson = FindUp("global.json");
            if (globalJson != null) File.Copy(globalJson, Path.Combine(root, "global.json"), overwrite: true);

            var projects = new Dictionary<string, string>();
            foreach (string variant in new[] { "with", "without" })
            {
                string dir = Path.Combine(root, variant);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "Consumer.cs"), "namespace Consumer { public static class Api { public static int Answer() => 42; } }\n");
                var csproj = new StringBuilder("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n" +
                    $"    <ProvenanceSigningKeyFile>{graph.PrivateKeyPath}</ProvenanceSigningKeyFile>\n" +
                    $"    <ProvenanceVerifyPackages>{(variant == "with" ? "true" : "false")}</ProvenanceVerifyPackages>\n" +
                    "  </PropertyGroup>\n  <ItemGroup>\n" +
                    $"    <PackageReference Include=\"Provenance.MSBuild\" Version=\"{version}\" PrivateAssets=\"all\" />\n" +
                    $"    <ProvenanceTrustedKey Include=\"{graph.PublicKeyPath}\" />\n" +
                    $"    <ProvenancePolicy Include=\"*\" Require=\"true\" SourceRepository=\"{PackageGraph.Repository}\" />\n" +
                    "    <ProvenancePolicy Include=\"Provenance.MSBuild\" Require=\"false\" />\n");
                for (int i = 0; i < count; i++)
                    csproj.Append($"    <PackageReference Include=\"{PackageGraph.Id(i)}\" Version=\"{PackageGraph.Version(i)}\" ExcludeAssets=\"compile\" />\n");
                csproj.Append("  </ItemGroup>\n</Project>\n");
                File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), csproj.ToString());
                projects[variant] = Path.Combine(dir, "Consumer.csproj");
            }

            var restore = Stopwatch.StartNew();
            foreach (string project in projects.Values)
                if (!Dotnet(env, root, out string log, "restore", project, "-nr:false", "-v:q")) return Fail("restore", log);
            Console.WriteLine($"restore of both projects: {restore.Elapsed.TotalSeconds:F1} s");
            string[] build = { "--no-restore", "-c", "Release", "-nr:false", "-v:q", "-clp:NoSummary" };
            foreach (string project in projects.Values)
                if (!Dotnet(env, root, out string log, new[] { "build", project }.Concat(build).ToArray())) return Fail("first build", log);
            string report = Directory.GetFiles(Path.Combine(root, "with", "obj"), "Consumer.provenance.packages.json", SearchOption.AllDirectories).FirstOrDefault() ?? "";
            int verified = report.Length == 0 ? 0 : Regex.Matches(File.ReadAllText(report), "\"verified\"").Count;
            Console.WriteLine($"first build done; report {(report.Length == 0 ? "MISSING" : report)} names \"verified\" {verified} times");

            var times = new Dictionary<string, List<double>> { ["with"] = new List<double>(), ["without"] = new List<double>() };
            for (int round = 0; round < repetitions; round++)
            {
                foreach (string variant in round % 2 == 0 ? new[] { "with", "without" } : new[] { "without", "with" })
                {
                    var watch = Stopwatch.StartNew();
                    if (!Dotnet(env, root, out string log, new[] { "build", projects[variant] }.Concat(build).ToArray())) return Fail("no-op build", log);
                    times[variant].Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            // One more no-op build of "with", with MSBuild's performance summary: the target and task's own time.
            Dotnet(env, root, out string summary, new[] { "build", projects["with"], "--no-restore", "-c", "Release", "-nr:false", "-v:q", "-clp:PerformanceSummary" });
            string targetLine = summary.Split('\n').FirstOrDefault(l => l.Contains("ProvenanceVerifyPackages", StringComparison.Ordinal))?.Trim() ?? "(target not in the summary)";
            string taskLine = summary.Split('\n').FirstOrDefault(l => l.Contains("VerifyPackageProvenance", StringComparison.Ordinal))?.Trim() ?? "(task not in the summary)";

            double with = Median(times["with"]), without = Median(times["without"]);
            Console.WriteLine($"{"no-op dotnet build",-26} {"median ms",10} {"min ms",10}   all");
            foreach (string variant in new[] { "without", "with" })
                Console.WriteLine($"{"verification " + (variant == "with" ? "on" : "off"),-26} {Median(times[variant]),10:F0} {times[variant].Min(),10:F0}   " +
                                  string.Join(" ", times[variant].Select(t => t.ToString("F0"))));
            Console.WriteLine($"ratio on / off: {with / without:F3}; added per no-op build: {with - without:F0} ms (median difference)");
            Console.WriteLine($"performance summary, target: {targetLine}");
            Console.WriteLine($"performance summary, task:   {taskLine}");
            Console.WriteLine($"load average after: {MachineInfo.LoadAverage()}");

            // The task's steps replayed in a fresh process (no MSBuild): where the task's time goes. The first replay is
            // not shown: when artifacts/packages holds an older build of the task than src/, the cache it wrote does
            // not match this code's fingerprints and the first replay re-verifies everything.
            string obj = Path.Combine(root, "with", "obj");
            string cache = Directory.GetFiles(obj, "Consumer.provenance.cache.json", SearchOption.AllDirectories).First();
            for (int round = 0; round < 4; round++)
            {
                var replay = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
                foreach (string arg in new[] { typeof(MSBuildEndToEnd).Assembly.Location, "--child", "task", "--work", work,
                             "--assets", Path.Combine(obj, "project.assets.json"), "--cache", cache, "--report", report })
                    replay.ArgumentList.Add(arg);
                using Process process = Process.Start(replay)!;
                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (round > 0) Console.Write(output);
            }
            return verified >= count ? 0 : 1;
        }

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
