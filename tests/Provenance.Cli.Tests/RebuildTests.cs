using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
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
        [DataRow("git+https://github.com/o/r@refs/heads/release/1.x", "release/1.x", null)]
        [DataRow("git+https://github.com/o/r@refs/tags/v1.2.0", null, "v1.2.0")]
        [DataRow("git+https://github.com/o/r", null, null)]
        [DataRow("git+https://github.com/o/r@refs/pull/7/merge", null, null)]
        [DataRow("git+https://github.com/o/r@refs/heads/-x", null, null)]
        [DataRow("git+https://github.com/o/r@refs/heads/a..b", null, null)]
        [DataRow("git+https://github.com/o/r@refs/heads/a b", null, null)]
        [DataRow("git+https://github.com/o/r@refs/heads/.hidden", null, null)]
        [DataRow("git+https://github.com/o/r@refs/tags/x~1", null, null)]
        public void HEAD_goes_on_the_recorded_branch_or_tag_when_git_would_take_its_name(string uri, string? branch, string? tag)
        {
            string? sourceRef = RebuildPlan.RefOf(uri);
            Assert.AreEqual(branch, RebuildPlan.RefName(sourceRef, "refs/heads/"), uri);
            Assert.AreEqual(tag, RebuildPlan.RefName(sourceRef, "refs/tags/"), uri);
        }

        [TestMethod]
        [DataRow("https://github.com/o/r.git", "https://github.com/o/r", "https://github.com/o/r.git")]
        [DataRow("git@github.com:o/r.git", "https://github.com/o/r", "git@github.com:o/r.git")]
        [DataRow(null, "https://github.com/o/r", "https://github.com/o/r")]
        [DataRow("***redacted***", "https://github.com/o/r", "https://github.com/o/r")]
        [DataRow("--upload-pack=touch /tmp/x", "https://github.com/o/r", "https://github.com/o/r")]
        [DataRow("/srv/git/r.git", "file:///srv/git/r.git", "/srv/git/r.git")]
        [DataRow("/srv/git/r y.git", "file:///srv/git/r%20y.git", null)]
        public void The_clone_gets_the_remote_as_the_original_build_spelled_it(string? recorded, string? canonical, string? expected)
        {
            Assert.AreEqual(expected, RebuildPlan.RemoteUrlOf(recorded, canonical));
        }

        [TestMethod]
        public void Source_roots_are_renamed_only_for_folders_without_MSBuild_syntax()
        {
            RebuildTargets.Written written = RebuildTargets.Write(new RebuildTargets.Parts { CloneRoot = "/tmp/w/src", OriginalRoot = "/home/me/lib", ChainedHook = "/ci/hook.targets" });
            Assert.IsTrue(written.RenamesSourceRoots);
            StringAssert.Contains(written.Text, "<_ProvenanceRebuildClone>/tmp/w/src/</_ProvenanceRebuildClone>");
            StringAssert.Contains(written.Text, "<_ProvenanceRebuildOriginal>/home/me/lib/</_ProvenanceRebuildOriginal>");
            StringAssert.Contains(written.Text, "<Import Project=\"/ci/hook.targets\"", "the original build's own hook still runs");
            // The original folder comes from a PDB its builder wrote: MSBuild syntax there would run in the rebuild.
            foreach (string hostile in new[] { "/home/$([System.IO.File]::Delete('x'))", "/a'b", "/a;b", "/a@(x)", "/a%24b", "/a<b" })
            {
                RebuildTargets.Written refused = RebuildTargets.Write(new RebuildTargets.Parts { CloneRoot = "/tmp/w/src", OriginalRoot = hostile });
                Assert.IsFalse(refused.RenamesSourceRoots, hostile);
                Assert.DoesNotContain(hostile, refused.Text);
                Assert.HasCount(1, refused.Omissions, hostile);
            }
            RebuildTargets.Written hook = RebuildTargets.Write(new RebuildTargets.Parts { ChainedHook = "/ci/$(x).targets" });
            Assert.DoesNotContain("$(x)", hook.Text);
        }

        [TestMethod]
        public void The_package_check_holds_only_plain_ids_versions_and_hashes()
        {
            string sha = new string('a', 128);
            var parts = new RebuildTargets.Parts { PackagesFolder = "/tmp/w/packages", ProblemsFile = "/tmp/w/package-check.failed", Packages = new[] { ("Newtonsoft.Json", "13.0.3", sha) } };
            RebuildTargets.Written written = RebuildTargets.Write(parts);
            Assert.IsTrue(written.ChecksPackages);
            StringAssert.Contains(written.Text, "Include=\"newtonsoft.json/13.0.3\" Sha512=\"" + Convert.ToBase64String(Convert.FromHexString(sha)) + "\"");
            StringAssert.Contains(written.Text, "AfterTargets=\"Restore\"");
            // A name a statement chose with MSBuild or XML syntax in it: no check is written (the rebuild restores alone, then checks).
            foreach (var hostile in new[] { ("A$(B)", "1.0.0", sha), ("A", "1.0.0'", sha), ("A", "1.0.0", "zz"), ("../x", "1.0.0", sha), ("A\"/>", "1", sha) })
            {
                parts.Packages = new[] { hostile };
                Assert.IsFalse(RebuildTargets.Write(parts).ChecksPackages, hostile.ToString());
            }
        }

        [TestMethod]
        [DataRow("Lib.dll", true)]
        [DataRow("runtimes/linux-x64/native/lib.so", true)]
        [DataRow("../../etc/passwd", false)]
        [DataRow("/etc/passwd", false)]
        [DataRow("a/./b", false)]
        [DataRow("a//b", false)]
        [DataRow("C:/x.dll", false)]
        [DataRow("a\\..\\b", false)]
        public void Only_subjects_below_the_output_folder_are_read(string name, bool read)
        {
            Assert.AreEqual(read, Rebuilder.IsRelativeName(name));
        }

        [TestMethod]
        public void Values_reach_the_command_line_escaped_and_commits_only_as_ids()
        {
            // ',' and ';' split a -p: switch into two properties (the second of the statement's choosing); '"' is dropped.
            Assert.AreEqual("CS1591%2CCS0618", RebuildPlan.Escape("CS1591,CS0618"));
            Assert.AreEqual("x%2CEvil=1%3BB=%22y%22%25", RebuildPlan.Escape("x,Evil=1;B=\"y\"%"));
            Assert.IsTrue(RebuildPlan.IsCommitId(new string('a', 40)));
            Assert.IsTrue(RebuildPlan.IsCommitId(new string('0', 64)));
            foreach (string commit in new[] { "main", "HEAD", "--upload-pack=touch /tmp/x;false", new string('A', 40), new string('a', 39) })
                Assert.IsFalse(RebuildPlan.IsCommitId(commit), commit);
            // Both hooks take the one file, and each recorded hook is imported where MSBuild would have imported it.
            string both = RebuildTargets.Write(new RebuildTargets.Parts { ChainedHook = "/ci/a.targets", ChainedCrossTargetingHook = "/ci/b.targets" }).Text;
            StringAssert.Contains(both, "Condition=\"Exists('/ci/a.targets') and '$(IsCrossTargetingBuild)' != 'true'\"");
            StringAssert.Contains(both, "Condition=\"Exists('/ci/b.targets') and '$(IsCrossTargetingBuild)' == 'true'\"");
        }

        [TestMethod]
        [DataRow("Version", true)]
        [DataRow("_Private.Name-1", true)]
        [DataRow("X;Y=1", false)]
        [DataRow("-t:Evil", false)]
        [DataRow("X=Y", false)]
        [DataRow("1X", false)]
        public void Only_MSBuild_property_names_reach_the_command_line(string name, bool passed)
        {
            Assert.AreEqual(passed, RebuildPlan.IsPropertyName(name));
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
        public void Reordered_or_other_sources_and_compiler_arguments_are_named()
        {
            string[] recorded = { "src/Lib/A.cs", "src/Lib/B.cs", "src/Lib/C.cs" };
            StringAssert.Contains(RebuildExplanation.SourcesDifference(recorded, new[] { "src/Lib/A.cs", "src/Lib/C.cs", "src/Lib/B.cs" }),
                "the same 3 sources in another order (first at position 2: recorded src/Lib/B.cs, rebuilt src/Lib/C.cs)");
            string set = RebuildExplanation.SourcesDifference(recorded, new[] { "src/Lib/A.cs", "src/Lib/B.cs", "src/Lib/D.cs" });
            StringAssert.Contains(set, "recorded but not compiled by the rebuild: src/Lib/C.cs");
            StringAssert.Contains(set, "compiled only by the rebuild: src/Lib/D.cs");

            var local = RebuildPlan.From(Facts(), "/home/me/lib/src/Lib/obj/Release/net10.0/Lib.pdb");
            string[] differences = RebuildExplanation.CommandLineDifferences(
                new[] { "/optimize+", "/embed:src/Lib/A.cs" }, new[] { "/optimize+", "/pathmap:/tmp/x=/home/me/lib", "/deterministic+" }, local).ToArray();
            CollectionAssert.AreEqual(new[]
            {
                "compiler argument /embed:src/Lib/A.cs: recorded but not in the rebuild's command line",
                "compiler argument /deterministic+: only in the rebuild's command line",
            }, differences, "the /pathmap the rebuild adds for a local build is no reason");
        }

        [TestMethod]
        public void The_recorded_command_line_holds_no_machine_path_or_secret()
        {
            IReadOnlyList<string> normalized = Provenance.Generation.CompilationFacts.NormalizedCommandLine(new[]
            {
                "/reference:/home/me/.nuget/packages/newtonsoft.json/13.0.3/lib/net6.0/Newtonsoft.Json.dll",
                "/analyzer:/usr/share/dotnet/packs/Microsoft.NETCore.App.Ref/10.0.0/analyzers/dotnet/cs/X.dll",
                "/pathmap:/home/me/lib/=/_/",
                "/pathmap:/home/me/lib=/src",
                "/keyfile:/home/me/keys/lib.snk",
                "/features:token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
                "/out:obj/Release/net10.0/Lib.dll",
                "/optimize+",
                "Greeting.cs",
                "/home/other/Shared.cs",
            }, "/home/me/lib", "/home/me/.nuget/packages/", "/usr/share/dotnet");
            CollectionAssert.AreEqual(new[]
            {
                "/reference:nuget:/newtonsoft.json/13.0.3/lib/net6.0/Newtonsoft.Json.dll",
                "/analyzer:dotnet:/packs/Microsoft.NETCore.App.Ref/10.0.0/analyzers/dotnet/cs/X.dll",
                "/pathmap:=/_/",
                "/pathmap:.=/src",
                "/keyfile:external:lib.snk",
                Provenance.Capture.SecretNames.RedactedValue,
                "/out:obj/Release/net10.0/Lib.dll",
                "/optimize+",
                "Greeting.cs",
                "external:Shared.cs",
            }, normalized.ToArray());
        }

        private static Provenance.Cli.Diff.StatementFacts Facts() =>
            Provenance.Cli.Diff.StatementFacts.From((JsonObject)JsonReader.Parse(StatementEdits.Statement(Path.Combine(Repository.CleanOutput, "Lib.dll.sigstore.json"))));

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void A_clean_build_rebuilds_bit_for_bit_and_the_signed_verdict_verifies()
        {
            string dll = Path.Combine(Repository.CleanOutput, "Lib.dll");
            string verdict = Repository.File_("verdicts/clean.sigstore.json");
            var watch = Stopwatch.StartNew();
            CliResult result = CliResult.Run("rebuild", dll, "--source", Repository.Root, "--key", Repository.PublicKey, "--json",
                "--attest", verdict, "--key-file", Repository.KeyFile);
            TimeSpan rebuild = watch.Elapsed;

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            var json = (JsonObject)JsonReader.Parse(result.Stdout);
            Assert.AreSame(JsonBool.True, json["reproduced"]);
            Assert.AreSame(JsonBool.True, json["verified"]);
            string[] subjects = json.GetArray("subjects")!.Items.Cast<JsonObject>().Select(s => s.GetString("name") + "=" + (s["match"] == JsonBool.True)).ToArray();
            CollectionAssert.AreEquivalent(new[] { "Lib.deps.json=True", "Lib.dll=True", "Lib.pdb=True" }, subjects);
            StringAssert.EndsWith(json.GetString("pathMap"), "=" + Repository.Root, "a local build is rebuilt as if in its own folder");

            // What the statement records for a rebuild: the compiler's source order (generated files last, as the SDK
            // adds them), the command line without machine paths, the targeting pack.
            string statement = StatementEdits.Statement(Path.Combine(Repository.CleanOutput, "Lib.dll.sigstore.json"));
            Provenance.Cli.Diff.StatementFacts facts = Facts();
            // (the glob's order is the file system's: the two sources come first, in whichever order it gave)
            CollectionAssert.AreEquivalent(new[] { "src/Lib/Farewell.cs", "src/Lib/Greeting.cs" }, facts.CompileOrder.Take(2).ToArray(), statement);
            StringAssert.EndsWith(facts.CompileOrder.Last(), "Lib.AssemblyInfo.cs", statement);
            Assert.IsTrue(facts.CommandLine.Contains("/optimize+"), statement);
            Assert.AreEqual("false", facts.Get(Provenance.Cli.Diff.StatementFacts.Compilation, "deterministicSourcePaths"));
            Assert.IsNotNull(facts.Get(Provenance.Cli.Diff.StatementFacts.Compilation, "commandLineSha256"));
            Assert.IsNotNull(facts.Get(Provenance.Cli.Diff.StatementFacts.Toolchain, "pack targeting Microsoft.NETCore.App.Ref"), statement);
            Assert.IsFalse(statement.Contains(Repository.Root, StringComparison.Ordinal), "the statement names no machine path\n" + statement);

            // The verdict: a VSA signed with the given key, PASSED, naming the provenance by the digest of its bundle.
            var bundle = Provenance.Bundles.SigstoreBundle.Parse(File.ReadAllBytes(verdict));
            var verified = Provenance.Verification.BundleVerifier.Verify(bundle, new[] { Provenance.Signing.VerificationKey.FromPem(File.ReadAllText(Repository.PublicKey), Repository.PublicKey) });
            Assert.AreEqual("https://slsa.dev/verification_summary/v1", verified.Statement.GetString("predicateType"));
            JsonObject predicate = verified.Statement.GetObject("predicate")!;
            Assert.AreEqual("PASSED", predicate.GetString("verificationResult"));
            JsonObject input = predicate.GetArray("inputAttestations")!.Items.Cast<JsonObject>().Single();
            string bundleSha256 = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(Repository.CleanOutput, "Lib.dll.sigstore.json")))).ToLowerInvariant();
            Assert.AreEqual(bundleSha256, input.GetObject("digest")!.GetString("sha256"));
            CollectionAssert.AreEquivalent(new[] { "Lib.deps.json", "Lib.dll", "Lib.pdb" },
                verified.Statement.GetArray("subject")!.Items.Cast<JsonObject>().Select(s => s.GetString("name")).ToArray());
            Console.WriteLine($"clean build (restore included) {Repository.CleanBuildTime.TotalSeconds:F1} s, rebuild {rebuild.TotalSeconds:F1} s");
        }

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void A_CI_publish_into_another_folder_is_rebuilt_by_publishing_and_matches_bit_for_bit()
        {
            CliResult result = CliResult.Run("rebuild", Path.Combine(Repository.PublishOutput, "Lib.dll"), "--source", Repository.Root, "--key", Repository.PublicKey, "--json");

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            var json = (JsonObject)JsonReader.Parse(result.Stdout);
            Assert.AreEqual("publish", json.GetString("command"));
            Assert.AreSame(JsonBool.True, json["reproduced"], result.Stdout);
            Assert.IsNull(json.GetString("pathMap"), "a CI build maps its paths to /_/: no folder to give back");
            // ContinuousIntegrationBuild=true was a global property: no note claims a CI variable set DeterministicSourcePaths.
            Assert.IsFalse(json.GetArray("notes")!.Items.Any(n => n.ToString()!.Contains("DeterministicSourcePaths", StringComparison.Ordinal)), result.Stdout);
            string[] subjects = json.GetArray("subjects")!.Items.Cast<JsonObject>().Select(s => s.GetString("name") + "=" + (s["match"] == JsonBool.True)).ToArray();
            CollectionAssert.IsSubsetOf(new[] { "Lib.dll=True", "Lib.pdb=True", "Lib.deps.json=True" }, subjects, result.Stdout);
            Assert.IsTrue(subjects.All(s => s.EndsWith("=True", StringComparison.Ordinal)), result.Stdout);
        }

        [TestMethod]
        public void The_original_folder_is_read_from_the_artifact_not_from_a_dependency_beside_it()
        {
            // A publish folder: a package's dll sorted first, built elsewhere with mapped paths (/_/), then the artifact.
            using var dir = new TempDirectory();
            File.Copy(Path.Combine(Repository.PublishOutput, "Lib.dll"), dir.File("Aaa.Dependency.dll"));
            File.Copy(Path.Combine(Repository.CleanOutput, "Lib.dll"), dir.File("Lib.dll"));
            string Sha(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(dir.File(file)))).ToLowerInvariant();
            string statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[" +
                "{\"name\":\"Aaa.Dependency.dll\",\"digest\":{\"sha256\":\"" + Sha("Aaa.Dependency.dll") + "\"}}," +
                "{\"name\":\"Lib.dll\",\"digest\":{\"sha256\":\"" + Sha("Lib.dll") + "\"}}]," +
                "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{\"buildDefinition\":{\"externalParameters\":{\"project\":\"src/Lib/Lib.csproj\"}}}}";
            var facts = Provenance.Cli.Diff.StatementFacts.From((JsonObject)JsonReader.Parse(statement));

            string? pdb = Rebuilder.OriginalPdbPath(facts, dir.Path, "Lib.dll");

            Assert.AreEqual(Repository.Root, RebuildPlan.OriginalRootFrom(pdb, "src/Lib/Lib.csproj"), pdb);
        }

        [TestMethod]
        public void Without_an_assembly_the_original_folder_comes_from_the_pdb_documents()
        {
            // A single-file bundle or an apphost has no managed assembly to read: the PDB's documents name the folder.
            Assert.AreEqual(Repository.Root, AssemblyComparison.RootFromPdbDocuments(Path.Combine(Repository.CleanOutput, "Lib.pdb"), new[] { "src/Lib/Greeting.cs" }));
            Assert.IsNull(AssemblyComparison.RootFromPdbDocuments(Path.Combine(Repository.PublishOutput, "Lib.pdb"), new[] { "src/Lib/Greeting.cs" }), "a CI build maps its paths to /_/");
            Assert.IsNull(AssemblyComparison.RootFromPdbDocuments(Path.Combine(Repository.CleanOutput, "Lib.dll"), new[] { "src/Lib/Greeting.cs" }), "not a PDB: no folder, no crash");
            // A native (AOT) app publishes only its referenced projects' PDBs: their folder names the root.
            Assert.AreEqual(Repository.Root, AssemblyComparison.RootFromPdbDocuments(Path.Combine(Repository.CleanOutput, "Lib.pdb"), Array.Empty<string>(), new[] { "src/Lib" }));
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
                ("\"Configuration\": \"Release\"", "\"Configuration\": \"Debug\""),
                ("\"sdkVersion\": \"" + SdkOf(Repository.CleanOutput) + "\"", "\"sdkVersion\": \"10.0.100\""));
            foreach (string file in new[] { "Lib.dll", "Lib.pdb", "Lib.deps.json" })
                File.Copy(Path.Combine(Repository.CleanOutput, file), Repository.File_("out-debug/" + file));

            CliResult result = CliResult.Run("rebuild", forged, "--source", Repository.Root, "--key", Repository.PublicKey);

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "rebuild of src/Lib/Lib.csproj (Debug, net10.0)");
            StringAssert.Contains(result.Stdout, "compiler option optimize differs: recorded true, rebuilt false");
            StringAssert.Contains(result.Stdout, "compiler option defineConstants differs");
            // The recorded command line says it too, argument by argument, and the SDK band is a coded reason.
            StringAssert.Contains(result.Stdout, "compiler argument /optimize+: recorded but not in the rebuild's command line");
            StringAssert.Contains(result.Stdout, "PROV2022: SDK " + SdkOf(Repository.CleanOutput) + " rebuilt what SDK 10.0.100 built: another SDK feature band");
        }

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void A_recorded_package_the_restore_does_not_bring_stops_the_rebuild_before_building()
        {
            string original = Path.Combine(Repository.CleanOutput, "Lib.dll.sigstore.json");
            string sha512 = Facts().PackageList["Provenance.MSBuild"].Sha512;
            string otherBytes = Repository.File_("out-package/Lib.dll.sigstore.json");
            StatementEdits.Resign(original, otherBytes, Repository.Key, (sha512, new string('0', sha512.Length)));
            string otherVersion = Repository.File_("out-version/Lib.dll.sigstore.json");
            StatementEdits.Resign(original, otherVersion, Repository.Key, ("pkg:nuget/Provenance.MSBuild@" + RebuildRepository.PackageVersion, "pkg:nuget/Provenance.MSBuild@0.0.2-other"));

            CliResult bytes = CliResult.Run("rebuild", otherBytes, "--source", Repository.Root, "--key", Repository.PublicKey, "--keep", "--work", Repository.File_("work-package"));
            CliResult version = CliResult.Run("rebuild", otherVersion, "--source", Repository.Root, "--key", Repository.PublicKey);

            Assert.AreEqual(1, bytes.ExitCode, bytes.ToString());
            StringAssert.Contains(bytes.Stderr, "error PROV2021");
            StringAssert.Contains(bytes.Stderr, "Provenance.MSBuild " + RebuildRepository.PackageVersion + ": sha512");
            StringAssert.Contains(bytes.Stderr, "(same version, other bytes)");
            // Restore and build are one `dotnet build`: the check after Restore stopped it before the build evaluation,
            // which is the first to import a package's build files (the producer package here would attest the output).
            string log = File.ReadAllText(Repository.File_("work-package/logs/build.log"));
            StringAssert.Contains(log, "PROV2021");
            Assert.DoesNotContain("Lib -> ", log, "nothing was compiled");
            Assert.DoesNotContain("PROV1020", log, "the package's own targets never ran");
            Assert.IsFalse(Directory.Exists(Repository.File_("work-package/src/src/Lib/bin")), "no output folder");
            Assert.AreEqual(1, version.ExitCode, version.ToString());
            StringAssert.Contains(version.Stderr, "error PROV2021");
            StringAssert.Contains(version.Stderr, "Provenance.MSBuild: restored " + RebuildRepository.PackageVersion + ", recorded 0.0.2-other");
        }

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void A_provenance_from_another_sdk_feature_band_is_named_in_the_result()
        {
            string forged = StatementEdits.Resign(Path.Combine(Repository.CleanOutput, "Lib.dll.sigstore.json"),
                Repository.File_("out-sdk/Lib.dll.sigstore.json"), Repository.Key,
                ("\"sdkVersion\": \"" + SdkOf(Repository.CleanOutput) + "\"", "\"sdkVersion\": \"10.0.100\""));
            foreach (string file in new[] { "Lib.dll", "Lib.pdb", "Lib.deps.json" })
                File.Copy(Path.Combine(Repository.CleanOutput, file), Repository.File_("out-sdk/" + file));

            CliResult result = CliResult.Run("rebuild", forged, "--source", Repository.Root, "--key", Repository.PublicKey);

            // The same bytes came out (this machine has one SDK): the statement's claim is named, not hidden.
            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "sdk: recorded 10.0.100, rebuild " + SdkOf(Repository.CleanOutput));
            StringAssert.Contains(result.Stdout, "another SDK feature band (" + RebuildPlan.FeatureBand(SdkOf(Repository.CleanOutput)) + " instead of 10.0.1xx)");
        }

        private static string SdkOf(string output) =>
            Regex.Match(StatementEdits.Statement(Path.Combine(output, "Lib.dll.sigstore.json")), "\"sdkVersion\": \"([^\"]+)\"").Groups[1].Value;

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void Without_source_the_recorded_repository_is_cloned_and_only_plain_urls_are_taken()
        {
            // The statement names the repository by a file URL (a mirror on the build machine): no --source needed.
            string original = Path.Combine(Repository.CleanOutput, "Lib.dll.sigstore.json");
            string mirrored = Repository.File_("out-mirror/Lib.dll.sigstore.json");
            StatementEdits.Resign(original, mirrored, Repository.Key, ("git+https://github.com/example/rebuild-lib@", "git+file://" + Repository.Root + "@"));
            foreach (string file in new[] { "Lib.dll", "Lib.pdb", "Lib.deps.json" })
                File.Copy(Path.Combine(Repository.CleanOutput, file), Repository.File_("out-mirror/" + file));

            CliResult result = CliResult.Run("rebuild", mirrored, "--key", Repository.PublicKey);

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stdout, "reproduced: 3 of 3 subjects bit for bit");
            // git's ext:: transport runs a command, and an option in place of a URL would be one: neither is cloned.
            foreach (string url in new[] { "ext::sh -c touch% /tmp/x", "--upload-pack=touch /tmp/x", "ssh://git@github.com/o/r", "git+https://x", "https://x y" })
                Assert.IsFalse(RebuildCheckout.IsCloneableUrl(url), url);
            Assert.IsTrue(RebuildCheckout.IsCloneableUrl("https://github.com/o/r"));
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
