using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>
    /// What a consumer sandbox needs on top of <see cref="Sandbox"/>: local folder feeds next to the run's feed, a
    /// packages folder of its own (so it can tamper with restored files without touching other tests), and readers
    /// for what the consumer's verification left behind.
    /// </summary>
    public static class ConsumerSetup
    {
        /// <summary>
        /// Rewrites the sandbox's NuGet.config: the machine's sources (inherited, not cleared), the run's feed with
        /// Provenance.MSBuild, and the given local folder feeds.
        /// </summary>
        public static void UseFeeds(this Sandbox sandbox, params string[] feedDirectories)
        {
            var text = new StringBuilder();
            text.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n");
            text.Append("    <add key=\"provenance-tests-feed\" value=\"" + SecurityElement.Escape(TestSuite.FeedDirectory) + "\" />\n");
            for (int i = 0; i < feedDirectories.Length; i++)
            {
                text.Append("    <add key=\"local-feed-" + i + "\" value=\"" + SecurityElement.Escape(feedDirectories[i]) + "\" />\n");
            }

            text.Append("  </packageSources>\n</configuration>\n");
            sandbox.WriteFile("NuGet.config", text.ToString());
        }

        /// <summary>
        /// Enables the consumer gate the way the README tells users: the SDK pinned in global.json "msbuild-sdks" and
        /// imported by Directory.Build.targets and Directory.Solution.targets at the sandbox's root.
        /// </summary>
        public static void UseGate(this Sandbox sandbox)
        {
            sandbox.WriteFile("global.json",
                "{\n  \"sdk\": {\n    \"version\": \"" + TestSuite.PinnedSdkVersion + "\",\n    \"rollForward\": \"latestFeature\"\n  },\n" +
                "  \"msbuild-sdks\": {\n    \"Provenance.MSBuild\": \"" + TestSuite.Package.Version + "\"\n  }\n}\n");
            const string import = "<Project>\n  <Import Project=\"Sdk.targets\" Sdk=\"Provenance.MSBuild\" />\n</Project>\n";
            sandbox.WriteFile("Directory.Build.targets", import);
            sandbox.WriteFile("Directory.Solution.targets", import);
        }

        /// <summary>Gives every child process of the sandbox its own NUGET_PACKAGES (returned), instead of the run's shared one.</summary>
        public static string UseOwnPackagesFolder(this Sandbox sandbox)
        {
            string packages = Path.Combine(sandbox.Directory, "packages");
            Directory.CreateDirectory(packages);
            sandbox.Environment["NUGET_PACKAGES"] = packages;
            return packages;
        }

        /// <summary>The consumer project every consumer scenario builds: &lt;sandbox&gt;/Consumer/Consumer.csproj.</summary>
        public const string ConsumerProject = "Consumer";

        /// <summary>
        /// Makes the sandbox a consumer of the Acme feed: the feed, a packages folder of its own, a signing key for its own
        /// provenance (returned), and Consumer/Consumer.csproj (a console app referencing Provenance.MSBuild) with these items.
        /// </summary>
        public static KeyPair MakeConsumerOf(this Sandbox sandbox, AcmeFeed feed, string items, string properties = "", string body = "System.Console.WriteLine(\"hello\");")
        {
            sandbox.UseFeeds(feed.Directory);
            sandbox.UseGate();
            sandbox.UseOwnPackagesFolder();
            KeyPair key = sandbox.UseSigningKey(KeyKind.Ed25519, "consumer");
            sandbox.WriteConsoleApp(ConsumerProject, ConsumerProject, properties: properties, items: items, body: body);
            return key;
        }

        /// <summary>`dotnet build` of the consumer project (Debug).</summary>
        public static CommandResult BuildConsumer(this Sandbox sandbox, params string[] args) =>
            sandbox.DotNet("build", args, workingDirectory: sandbox.PathOf(ConsumerProject));

        /// <summary>The consumer project's verification report (Debug, net10.0).</summary>
        public static IReadOnlyList<PackageVerificationResult> ConsumerReport(this Sandbox sandbox) =>
            ReadReport(sandbox.PathOf(ConsumerProject), ConsumerProject);

        /// <summary>Where NuGet extracted a package in the sandbox's packages folder.</summary>
        public static string RestoredPackageFolder(this Sandbox sandbox, string id, string version)
        {
            string packages = sandbox.Environment.TryGetValue("NUGET_PACKAGES", out string? own) && own != null ? own : TestSuite.PackagesDirectory;
            return Path.Combine(packages, id.ToLowerInvariant(), version.ToLowerInvariant());
        }

        /// <summary>PackageReference items for "Id/Version" pairs.</summary>
        public static string PackageReferences(params string[] idSlashVersion) =>
            string.Join("\n    ", idSlashVersion.Select(p =>
            {
                string[] parts = p.Split('/');
                return $"<PackageReference Include=\"{parts[0]}\" Version=\"{parts[1]}\" />";
            }));

        /// <summary>A ProvenanceTrustedKey item per public key file.</summary>
        public static string TrustedKeys(params string[] publicKeyPaths) =>
            string.Join("\n    ", publicKeyPaths.Select(p => $"<ProvenanceTrustedKey Include=\"{SecurityElement.Escape(p)}\" />"));

        /// <summary>The gate's report of a consumer project: obj/&lt;project file&gt;.provenance.packages.json (one per restore).</summary>
        public static IReadOnlyList<PackageVerificationResult> ReadReport(string projectDirectory, string projectName)
        {
            string path = Path.Combine(projectDirectory, "obj", projectName + ".csproj.provenance.packages.json");
            Expect.FileExists(path);
            return VerificationReport.Parse(File.ReadAllBytes(path));
        }

        /// <summary>The report's entry for one package; fails with the whole report when it has none.</summary>
        public static PackageVerificationResult Entry(this IReadOnlyList<PackageVerificationResult> report, string id)
        {
            PackageVerificationResult? entry = report.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
            Assert.IsNotNull(entry, $"the report has no entry for {id}:\n" + Describe(report));
            return entry;
        }

        public static string Describe(IEnumerable<PackageVerificationResult> report) =>
            string.Join("\n", report.Select(r => $"  {r.Id} {r.Version}: {VerificationReport.OutcomeName(r.Outcome)} {r.Code} {r.Reason}"));

        /// <summary>The output lines that hold "<paramref name="severity"/> <paramref name="code"/>" (e.g. "error", "PROV2003").</summary>
        public static IReadOnlyList<string> DiagnosticLines(this CommandResult result, string severity, string code) =>
            result.Output.Split('\n').Where(l => l.Contains(severity + " " + code, StringComparison.Ordinal)).Select(l => l.TrimEnd('\r')).ToList();

        /// <summary>The output has "<paramref name="severity"/> <paramref name="code"/>" on a line that names <paramref name="packageId"/>.</summary>
        public static CommandResult HasDiagnosticNaming(this CommandResult result, string severity, string code, string packageId)
        {
            IReadOnlyList<string> lines = result.DiagnosticLines(severity, code);
            Assert.IsTrue(lines.Any(l => l.Contains(packageId, StringComparison.Ordinal)),
                $"expected '{severity} {code}' naming {packageId}; lines with the code:\n{string.Join("\n", lines)}\n" + result);
            return result;
        }

        /// <summary>Changes one byte in the middle of a file, keeping its size.</summary>
        public static void FlipOneByte(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            int middle = bytes.Length / 2;
            bytes[middle] = (byte)(bytes[middle] ^ 0x01);
            File.WriteAllBytes(path, bytes);
        }
    }
}
