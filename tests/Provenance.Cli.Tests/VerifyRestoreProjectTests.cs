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
    /// `verify-restore &lt;project&gt;` through a real `dotnet restore` and `dotnet msbuild -getProperty/-getItem`:
    /// pins the JSON MSBuild prints (SDK 10.0.401) and shows the project's own ProvenanceTrustedKey and
    /// ProvenancePolicy items are applied, and that --policy replaces the project's item with the same pattern.
    /// </summary>
    [TestClass]
    public sealed class VerifyRestoreProjectTests
    {
        private const string ProjectFile =
            "<Project Sdk=\"Microsoft.NET.Sdk\">\n" +
            "  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n" +
            "  <ItemGroup>\n" +
            "    <PackageReference Include=\"Acme.Lib\" Version=\"1.2.3\" />\n" +
            "    <ProvenanceTrustedKey Include=\"keys/acme.pub.pem\" />\n" +
            // An exact id: an Include holding '*' is expanded by MSBuild as a file glob.
            "    <ProvenancePolicy Include=\"Acme.Lib\" Require=\"true\" SourceRepository=\"https://github.com/someone/else\" />\n" +
            "  </ItemGroup>\n</Project>\n";

        private const string NuGetConfig =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n" +
            "  <config>\n    <add key=\"globalPackagesFolder\" value=\"packages\" />\n  </config>\n" +
            "  <packageSources>\n    <clear />\n    <add key=\"local\" value=\"feed\" />\n  </packageSources>\n</configuration>\n";

        [TestMethod]
        [Timeout(300_000, CooperativeCancellation = true)]
        public void The_projects_keys_and_policy_come_from_msbuild_and_a_command_line_policy_replaces_its_item()
        {
            using var dir = new TempDirectory();
            SigningKey acme = SigningKey.Generate(KeyAlgorithm.Ed25519);
            TestNupkgs.CreateAttested(Directory.CreateDirectory(dir.File("feed")).FullName, acme);
            Directory.CreateDirectory(dir.File("keys"));
            string key = TestNupkgs.WritePublicKey(dir.File("keys/acme.pub.pem"), acme);
            File.WriteAllText(dir.File("Consumer.csproj"), ProjectFile);
            File.WriteAllText(dir.File("nuget.config"), NuGetConfig);

            CliResult beforeRestore = CliResult.Run("verify-restore", dir.Path);
            Assert.AreEqual(2, beforeRestore.ExitCode, beforeRestore.ToString());
            StringAssert.Contains(beforeRestore.Stderr, "run dotnet restore first");

            Restore(dir.Path);

            // The project's policy requires another source repository: a policy violation, so exit 1.
            CliResult asDeclared = CliResult.Run("verify-restore", dir.Path, "--json");
            Assert.AreEqual(1, asDeclared.ExitCode, asDeclared.ToString());
            var root = (JsonObject)JsonReader.Parse(asDeclared.Stdout);
            Assert.AreEqual(dir.File("Consumer.csproj"), root.GetString("project"));
            Assert.AreEqual(Path.Combine(dir.Path, "obj", "project.assets.json"), root.GetString("assetsFile"));
            var trusted = (JsonObject)root.GetArray("trustedKeys")!.Items.Single();
            Assert.AreEqual(key, trusted.GetString("path"), "the ProvenanceTrustedKey item's FullPath");
            var package = (JsonObject)root.GetArray("packages")!.Items.Single();
            Assert.AreEqual("Acme.Lib", package.GetString("id"));
            Assert.AreEqual("policyViolation", package.GetString("outcome"), package.GetString("reason"));
            Assert.AreEqual("error", package.GetString("decision"));
            Assert.AreEqual(acme.PublicKey.Hint, package.GetString("signer"), "signed by the trusted key the project declares");

            // The same pattern on the command line replaces the project's item.
            CliResult overridden = CliResult.Run("verify-restore", dir.File("Consumer.csproj"), "--policy", "Acme.Lib;require=true;source=" + TestNupkgs.Repository);
            Assert.AreEqual(0, overridden.ExitCode, overridden.ToString());
            StringAssert.Matches(overridden.Stdout, new System.Text.RegularExpressions.Regex(@"Acme\.Lib\s+1\.2\.3\s+verified\s+ok\s+-"));
            StringAssert.Contains(overridden.Stdout, "1 package in 1 target: 1 verified; policy passed");
        }

        private static void Restore(string directory)
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
            Assert.AreEqual(0, process.ExitCode, "dotnet restore failed:\n" + stdout.Result + stderr.Result);
        }
    }
}
