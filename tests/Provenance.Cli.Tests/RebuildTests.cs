using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Rebuild;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Json;

namespace Provenance.Cli.Tests
{
    /// <summary>
    /// `rebuild`: its decisions as units (PathMap from the PDB path, feature bands), and end to end against one small
    /// repository built once for the class (CI budget): a clean build rebuilds bit for bit, a build of an uncommitted
    /// edit names the edited file, and a provenance that claims another configuration names the options it changes.
    /// </summary>
    [TestClass]
    public sealed class RebuildTests
    {
        private static RebuildRepository? repository;

        private static RebuildRepository Repository => repository ??= new RebuildRepository();

        [ClassCleanup]
        public static void Cleanup() => repository?.Dispose();

        [TestMethod]
        [DataRow("/home/me/src/lib/src/Lib/obj/Release/net10.0/Lib.pdb", "src/Lib/Lib.csproj", "/home/me/src/lib")]
        [DataRow("/home/me/lib/obj/Release/net10.0/Lib.pdb", "Lib.csproj", "/home/me/lib")]
        [DataRow("/build/r/artifacts/obj/Lib/release/Lib.pdb", "src/Lib/Lib.csproj", "/build/r")]
        [DataRow("/_/src/Lib/obj/Release/net10.0/Lib.pdb", "src/Lib/Lib.csproj", null)]
        [DataRow(null, "src/Lib/Lib.csproj", null)]
        public void The_original_folder_comes_from_the_pdb_path_unless_the_build_mapped_it(string? pdbPath, string project, string? expected)
        {
            Assert.AreEqual(expected, RebuildPlan.OriginalRootFrom(pdbPath, project));
        }

        [TestMethod]
        public void Another_feature_band_is_named_as_the_reason()
        {
            Assert.AreEqual("10.0.4xx", RebuildPlan.FeatureBand("10.0.401"));
            Assert.IsNull(Rebuilder.SdkReason("10.0.401", "10.0.401"));
            RebuildReason band = Rebuilder.SdkReason("10.0.401", "10.0.100")!;
            Assert.AreEqual(Provenance.DiagnosticCodes.RebuildSdkDiffers, band.Code);
            StringAssert.Contains(band.Message, "another SDK feature band (10.0.1xx instead of 10.0.4xx)");
            StringAssert.Contains(Rebuilder.SdkReason("10.0.401", "10.0.402")!.Message, "the same feature band (10.0.4xx), another patch");
            Assert.AreEqual("a%3Bb%25", RebuildPlan.Escape("a;b%"));
        }

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void A_clean_build_rebuilds_bit_for_bit()
        {
            string dll = Path.Combine(Repository.CleanOutput, "Lib.dll");
            var watch = Stopwatch.StartNew();
            CliResult result = CliResult.Run("rebuild", dll, "--source", Repository.Root, "--key", Repository.PublicKey, "--json");
            TimeSpan rebuild = watch.Elapsed;

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            var json = (JsonObject)JsonReader.Parse(result.Stdout);
            Assert.AreSame(JsonBool.True, json["reproduced"]);
            Assert.AreSame(JsonBool.True, json["verified"]);
            string[] subjects = json.GetArray("subjects")!.Items.Cast<JsonObject>().Select(s => s.GetString("name") + "=" + (s["match"] == JsonBool.True)).ToArray();
            CollectionAssert.AreEquivalent(new[] { "Lib.deps.json=True", "Lib.dll=True", "Lib.pdb=True" }, subjects);
            StringAssert.EndsWith(json.GetString("pathMap"), "=" + Repository.Root, "a local build is rebuilt as if in its own folder");
            Console.WriteLine($"clean build (restore included) {Repository.CleanBuildTime.TotalSeconds:F1} s, rebuild {rebuild.TotalSeconds:F1} s");
        }

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void An_uncommitted_edit_is_named_with_the_file_and_the_assembly_parts_that_differ()
        {
            CliResult result = CliResult.Run("rebuild", Path.Combine(Repository.DirtyOutput, "Lib.dll"), "--source", Repository.Root);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stderr, "error PROV2024");
            StringAssert.Contains(result.Stdout, "NOT reproduced");
            StringAssert.Contains(result.Stdout, "checkout.dirty = true");
            StringAssert.Contains(result.Stdout, "input src/Lib/Greeting.cs differs");
            Assert.IsFalse(result.Stdout.Contains("input src/Lib/Farewell.cs"), "an unchanged file is no reason\n" + result.Stdout);
            StringAssert.Contains(result.Stdout, "differs: heap #US");   // the edited string literal
            StringAssert.Contains(result.Stdout, "differs: mvid");
        }

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void A_provenance_claiming_another_configuration_is_not_reproduced_and_the_options_are_named()
        {
            string forged = StatementEdits.Resign(Path.Combine(Repository.CleanOutput, "Lib.dll.sigstore.json"),
                Repository.File_("out-debug/Lib.dll.sigstore.json"), Repository.Key,
                ("\"configuration\": \"Release\"", "\"configuration\": \"Debug\""),
                ("\"Configuration\": \"Release\"", "\"Configuration\": \"Debug\""));
            foreach (string file in new[] { "Lib.dll", "Lib.pdb", "Lib.deps.json" })
                File.Copy(Path.Combine(Repository.CleanOutput, file), Repository.File_("out-debug/" + file));

            CliResult result = CliResult.Run("rebuild", forged, "--source", Repository.Root, "--key", Repository.PublicKey);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "rebuild of src/Lib/Lib.csproj (Debug, net10.0)");
            StringAssert.Contains(result.Stdout, "compiler option optimize differs: recorded true, rebuilt false");
            StringAssert.Contains(result.Stdout, "compiler option defineConstants differs");
        }

        [TestMethod]
        public void A_commit_the_clone_lacks_is_PROV2020()
        {
            using var dir = new TempDirectory();
            ProcessRunner.Run("git", new[] { "init", "-q" }, dir.Path, TimeSpan.FromMinutes(1));
            string artifact = TestStatements.WriteSignedArtifact(dir.File("a"), Provenance.Signing.SigningKey.Generate(Provenance.Signing.KeyAlgorithm.Ed25519));

            CliResult result = CliResult.Run("rebuild", artifact, "--source", dir.Path);

            Assert.AreEqual(2, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stderr, "error PROV2020: commit " + TestStatements.Commit + " is not in");
        }
    }
}
