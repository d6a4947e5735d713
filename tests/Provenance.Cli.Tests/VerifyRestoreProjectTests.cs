using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Cli.Tests
{
    /// <summary>
    /// `verify-restore &lt;project&gt;` against real projects: the trusted keys and policy are the gate's
    /// (`dotnet msbuild -t:ProvenanceWriteDeclaredPolicy`), read as restore and build read them — so a wildcard
    /// declared in an imported file under a condition applies — and the verdict agrees with the gate's own at
    /// restore. A project without the gate is PROV3009, unless --key/--policy say what to apply.
    /// </summary>
    [TestClass]
    public sealed class VerifyRestoreProjectTests
    {
        private static readonly SigningKey Acme = SigningKey.Generate(KeyAlgorithm.Ed25519);

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public void The_gates_keys_and_policy_apply_and_a_command_line_policy_replaces_its_item()
        {
            using var dir = new TempDirectory();
            string feed = Directory.CreateDirectory(dir.File("feed")).FullName;
            TestNupkgs.CreateAttested(feed, Acme);
            TestGateSdk.Pack(feed);
            Directory.CreateDirectory(dir.File("keys"));
            string key = TestNupkgs.WritePublicKey(dir.File("keys/acme.pub.pem"), Acme);
            File.WriteAllText(dir.File("Consumer.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n" +
                "  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n" +
                "  <ItemGroup>\n" +
                "    <PackageReference Include=\"Acme.Lib\" Version=\"1.2.3\" />\n" +
                "    <ProvenanceTrustedKey Include=\"keys/acme.pub.pem\" />\n" +
                "    <ProvenancePolicy Include=\"Acme.Lib\" Require=\"true\" SourceRepository=\"https://github.com/someone/else\" />\n" +
                "  </ItemGroup>\n</Project>\n");
            TestGateSdk.WriteNuGetConfig(dir.Path, feed);
            TestGateSdk.Enable(dir.Path);

            CliResult beforeRestore = CliResult.Run("verify-restore", dir.Path);
            Assert.AreEqual(2, beforeRestore.ExitCode, beforeRestore.ToString());
            StringAssert.Contains(beforeRestore.Stderr, "run dotnet restore first");

            // The gate rejects the restore for the same reason verify-restore gives below.
            (int restoreExit, string restoreOutput) = Restore(dir.Path);
            Assert.AreNotEqual(0, restoreExit, restoreOutput);
            StringAssert.Contains(restoreOutput, "PROV2004");

            CliResult asDeclared = CliResult.Run("verify-restore", dir.Path, "--json");
            Assert.AreEqual(1, asDeclared.ExitCode, asDeclared.ToString());
            var root = (JsonObject)JsonReader.Parse(asDeclared.Stdout);
            Assert.AreEqual(dir.File("Consumer.csproj"), root.GetString("project"));
            Assert.AreEqual(Path.Combine(dir.Path, "obj", "project.assets.json"), root.GetString("assetsFile"));
            var trusted = (JsonObject)root.GetArray("trustedKeys")!.Items.Single();
            Assert.AreEqual(key, trusted.GetString("path"), "the ProvenanceTrustedKey item's full path");
            JsonObject[] packages = root.GetArray("packages")!.Items.Cast<JsonObject>().ToArray();
            JsonObject package = packages.Single(p => p.GetString("id") == "Acme.Lib");
            Assert.AreEqual("policyViolation", package.GetString("outcome"), package.GetString("reason"));
            Assert.AreEqual("error", package.GetString("decision"));
            Assert.AreEqual(Acme.PublicKey.Hint, package.GetString("signer"), "signed by the trusted key the project declares");
            CollectionAssert.AreEqual(new[] { "net10.0" }, package.GetArray("sources")!.Items.Select(s => s.AsString()).ToArray());
            // The gate SDK itself came from NuGet into the same packages folder: it is judged as well.
            JsonObject sdk = packages.Single(p => p.GetString("id") == TestGateSdk.Id);
            StringAssert.StartsWith(sdk.GetArray("sources")!.Items.Single().AsString(), "MSBuild project SDK (");
            Assert.AreEqual("summary", sdk.GetString("decision"), "not required by the policy");

            // The same pattern on the command line replaces the project's item.
            CliResult overridden = CliResult.Run("verify-restore", dir.File("Consumer.csproj"), "--policy", "Acme.Lib;require=true;source=" + TestNupkgs.Repository);
            Assert.AreEqual(0, overridden.ExitCode, overridden.ToString());
            StringAssert.Matches(overridden.Stdout, new System.Text.RegularExpressions.Regex(@"Acme\.Lib\s+1\.2\.3\s+verified\s+ok\s+-"));
            StringAssert.Contains(overridden.Stdout, "2 packages in 1 target: 1 verified, 1 notAttested; policy passed");
        }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public void A_wildcard_policy_declared_in_an_imported_file_under_a_condition_is_applied()
        {
            using var dir = new TempDirectory();
            string feed = Directory.CreateDirectory(dir.File("feed")).FullName;
            TestNupkgs.CreateAttested(feed, Acme);
            TestNupkgs.Create(feed, "Acme.Unsigned", "1.0.0");
            TestGateSdk.Pack(feed);
            Directory.CreateDirectory(dir.File("eng"));
            Directory.CreateDirectory(dir.File("keys"));
            TestNupkgs.WritePublicKey(dir.File("keys/acme.pub.pem"), Acme);
            File.WriteAllText(dir.File("Directory.Build.props"),
                "<Project>\n  <Import Project=\"eng/provenance.props\" />\n</Project>\n");
            // Include="Acme.*" is a file wildcard to MSBuild, which drops it (no file matches); the gate reads it as a
            // package pattern, in this imported file and under this condition, and so must verify-restore.
            File.WriteAllText(dir.File("eng/provenance.props"),
                "<Project>\n  <ItemGroup Condition=\"'$(ProvenanceStrict)' != 'false'\">\n" +
                "    <ProvenanceTrustedKey Include=\"$(MSBuildThisFileDirectory)../keys/acme.pub.pem\" />\n" +
                "    <ProvenancePolicy Include=\"Acme.*\" Require=\"true\" SourceRepository=\"" + TestNupkgs.Repository + "\" />\n" +
                "  </ItemGroup>\n</Project>\n");
            File.WriteAllText(dir.File("Consumer.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n" +
                "  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n" +
                "  <ItemGroup>\n" +
                "    <PackageReference Include=\"Acme.Lib\" Version=\"1.2.3\" />\n" +
                "    <PackageReference Include=\"Acme.Unsigned\" Version=\"1.0.0\" />\n" +
                "  </ItemGroup>\n</Project>\n");
            TestGateSdk.WriteNuGetConfig(dir.Path, feed);
            TestGateSdk.Enable(dir.Path);
            (int restoreExit, string restoreOutput) = Restore(dir.Path);
            Assert.AreNotEqual(0, restoreExit, "the gate requires Acme.Unsigned to be verified:\n" + restoreOutput);
            StringAssert.Contains(restoreOutput, "PROV2001");

            CliResult result = CliResult.Run("verify-restore", dir.Path);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.Matches(result.Stdout, new System.Text.RegularExpressions.Regex(@"Acme\.Lib\s+1\.2\.3\s+verified\s+ok\s+-"));
            StringAssert.Matches(result.Stdout, new System.Text.RegularExpressions.Regex(@"Acme\.Unsigned\s+1\.0\.0\s+notAttested\s+error\s+PROV2001"));
            StringAssert.Contains(result.Stdout, "3 packages in 1 target: 1 verified, 2 notAttested; policy FAILED: 1 error");
        }

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public void A_project_without_the_gate_is_PROV3009_unless_keys_or_policies_are_given_and_then_only_those_apply()
        {
            using var dir = new TempDirectory();
            // No restore needed: the hand-laid assets file is where the project's ProjectAssetsFile points.
            var restore = new TestRestore(dir.Path).Add("Acme.Lib", "1.2.3", Acme, "net10.0");
            restore.WriteAssets();
            string key = TestNupkgs.WritePublicKey(dir.File("acme.pub.pem"), Acme);
            File.WriteAllText(dir.File("Consumer.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n" +
                "  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n" +
                "  <ItemGroup>\n" +
                "    <ProvenancePolicy Include=\"Acme.Lib\" Require=\"true\" SourceRepository=\"https://github.com/someone/else\" />\n" +
                "  </ItemGroup>\n</Project>\n");

            CliResult noGate = CliResult.Run("verify-restore", dir.Path);
            Assert.AreEqual(2, noGate.ExitCode, noGate.ToString());
            StringAssert.StartsWith(noGate.Stderr, "error PROV3009: ");
            StringAssert.Contains(noGate.Stderr, "has no provenance gate");

            // Only the command line's key and policy: the project's item (another source repository) is not read.
            CliResult commandLine = CliResult.Run("verify-restore", dir.Path, "--key", key, "--policy", "Acme.*;require=true");
            Assert.AreEqual(0, commandLine.ExitCode, commandLine.ToString());
            StringAssert.Matches(commandLine.Stdout, new System.Text.RegularExpressions.Regex(@"Acme\.Lib\s+1\.2\.3\s+verified\s+ok\s+-"));
        }

        /// <summary>`dotnet restore`; the gate runs after NuGet's restore, so its verdict decides the exit code.</summary>
        private static (int ExitCode, string Output) Restore(string directory)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { "restore", "Consumer.csproj", "-nologo", "-nodeReuse:false" }) start.ArgumentList.Add(argument);
            foreach (string name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "NUGET_PACKAGES" }) start.Environment.Remove(name);
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(180_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("dotnet restore did not finish within 3 minutes");
            }
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
