using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Cli.Tests.Infrastructure;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Signing;
using Provenance.Slsa;

namespace Provenance.Cli.Tests
{
    /// <summary>
    /// `rebuild &lt;file.nupkg&gt;`: a real `dotnet pack` of a net8.0;net10.0 library, packed once for the class, is
    /// rebuilt framework by framework from the provenance inside it and its entries compared with the rebuilds and
    /// the package statement; a swapped dll is named; hostile or provenance-less packages get a coded verdict before
    /// anything is built or written outside the work folder.
    /// </summary>
    [TestClass]
    public sealed class RebuildPackageTests
    {
        private static RebuildPackageRepository? repository;

        private static RebuildPackageRepository Repository => repository ??= new RebuildPackageRepository();

        [ClassCleanup]
        public static void Cleanup() => repository?.Dispose();

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void A_packed_library_rebuilds_every_framework_bit_for_bit_and_the_package_verdict_verifies()
        {
            string verdict = Repository.File_("verdicts/package.sigstore.json");
            var watch = Stopwatch.StartNew();
            CliResult result = CliResult.Run("rebuild", Repository.Package, "--source", Repository.Root, "--key", Repository.PublicKey, "--json",
                "--attest", verdict, "--key-file", Repository.KeyFile);
            TimeSpan rebuild = watch.Elapsed;
            Console.WriteLine($"pack {Repository.PackTime.TotalSeconds:F1} s, rebuild of the package {rebuild.TotalSeconds:F1} s");

            Assert.AreEqual(0, result.ExitCode, result.ToString());
            var json = (JsonObject)JsonReader.Parse(result.Stdout);
            Assert.AreEqual("1", json["schemaVersion"]!.ToString());
            Assert.AreSame(JsonBool.True, json["reproduced"]);
            JsonObject package = (JsonObject)json.GetArray("packages")!.Items.Single();
            Assert.AreEqual(RebuildPackageRepository.Id, package.GetString("id"));
            Assert.AreEqual(RebuildPackageRepository.Version, package.GetString("version"));
            Assert.AreSame(JsonBool.True, package["verified"]);

            // One rebuild per framework, each in the single-artifact shape, with the entry it was rebuilt from.
            JsonObject[] frameworks = package.GetArray("frameworks")!.Items.Cast<JsonObject>().ToArray();
            CollectionAssert.AreEquivalent(RebuildPackageRepository.Frameworks, frameworks.Select(f => f.GetString("targetFramework")).ToArray());
            foreach (JsonObject framework in frameworks)
            {
                string tfm = framework.GetString("targetFramework")!;
                Assert.AreEqual($"lib/{tfm}/Multi.dll.sigstore.json", framework.GetString("provenanceEntry"));
                Assert.AreSame(JsonBool.True, framework["reproduced"], result.Stdout);
                Assert.AreEqual("src/Multi/Multi.csproj", framework.GetString("project"));
                Assert.IsNotNull(framework.GetString("pathMap"), "a local pack is rebuilt as if in its own folder, read from the packed dll");
                string[] subjects = framework.GetArray("subjects")!.Items.Cast<JsonObject>().Select(s => s.GetString("name") + "=" + (s["match"] == JsonBool.True)).ToArray();
                CollectionAssert.IsSubsetOf(new[] { "Multi.dll=True", "Multi.pdb=True" }, subjects);
                Assert.IsTrue(framework.GetObject("timingsMs")!.ContainsKey("build"));
                // Both frameworks come from one project and commit: one checkout and one build served them, as one pack built them.
                string[] notes = framework.GetArray("notes")!.Items.Cast<JsonString>().Select(n => n.Value).ToArray();
                Assert.IsTrue(notes.Any(n => n.StartsWith("one checkout and one `dotnet build` of every target framework rebuilt 2 provenances", StringComparison.Ordinal)), string.Join("\n", notes));
            }

            // Every entry: the dlls equal their rebuild and the statement; the rest is not built by a compilation.
            var entries = package.GetArray("entries")!.Items.Cast<JsonObject>().ToDictionary(e => e.GetString("name")!, e => e);
            foreach (string tfm in RebuildPackageRepository.Frameworks)
            {
                JsonObject dll = entries[$"lib/{tfm}/Multi.dll"];
                Assert.AreEqual("reproduced", dll.GetString("status"));
                Assert.AreEqual(dll.GetString("sha256"), dll.GetString("rebuilt"));
                Assert.AreEqual(dll.GetString("sha256"), dll.GetString("statement"));
                Assert.AreEqual($"lib/{tfm}/Multi.dll.sigstore.json", ((JsonString)dll.GetArray("provenance")![0]).Value);
                Assert.AreEqual("provenance", entries[$"lib/{tfm}/Multi.dll.sigstore.json"].GetString("status"));
            }
            Assert.AreEqual("notBuiltByCompilation", entries["README.md"].GetString("status"));
            Assert.AreEqual("notBuiltByCompilation", entries["Multi.nuspec"].GetString("status"));
            Assert.IsFalse(entries.ContainsKey(PackageAttestation.EmbeddedBundleEntryName), "the statement is not its own entry");
            JsonObject summary = package.GetObject("summary")!;
            Assert.AreEqual("2", summary["frameworksReproduced"]!.ToString());
            Assert.AreEqual("2", summary["entriesReproduced"]!.ToString());
            Assert.AreEqual("0", summary["entriesFailing"]!.ToString());

            // The verdict: one subject, the package by NuGet's content hash and the file's sha256, so `verify <file.nupkg>
            // --bundle <verdict>` checks the package against it; inputAttestations name the statement and both provenances.
            CliResult verify = CliResult.Run("verify", Repository.Package, "--bundle", verdict, "--key", Repository.PublicKey);
            Assert.AreEqual(0, verify.ExitCode, verify.ToString());
            var verified = Provenance.Verification.BundleVerifier.Verify(Provenance.Bundles.SigstoreBundle.Parse(File.ReadAllBytes(verdict)),
                new[] { VerificationKey.FromPem(File.ReadAllText(Repository.PublicKey), Repository.PublicKey) });
            ResourceDescriptor subject = verified.Subjects.Single();
            Assert.AreEqual(Path.GetFileName(Repository.Package), subject.Name);
            Assert.AreEqual(PackageContentHash.ComputeHex(Repository.Package), subject.Digest["sha512"]);
            JsonObject predicate = verified.Statement.GetObject("predicate")!;
            Assert.AreEqual("PASSED", predicate.GetString("verificationResult"));
            Assert.AreEqual("SLSA_BUILD_LEVEL_1", ((JsonString)predicate.GetArray("verifiedLevels")![0]).Value);
            string[] inputs = predicate.GetArray("inputAttestations")!.Items.Cast<JsonObject>().Select(i => i.GetString("uri")!).ToArray();
            CollectionAssert.AreEqual(new[]
            {
                "pkg:nuget/Multi@1.2.3#provenance/package.sigstore.json",
                "pkg:nuget/Multi@1.2.3#lib/net10.0/Multi.dll.sigstore.json",
                "pkg:nuget/Multi@1.2.3#lib/net8.0/Multi.dll.sigstore.json",
            }, inputs);
            StringAssert.StartsWith(predicate.GetString("resourceUri"), "src/Multi/Multi.csproj", "a repository without a remote: the project path");
        }

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void A_multi_targeted_project_whose_package_has_other_bytes_stops_in_its_outer_restore_before_any_build()
        {
            // The outer build of a TargetFrameworks project imports CustomAfterMicrosoftCommonCrossTargetingTargets, not
            // CustomAfterMicrosoftCommonTargets: the package check must run there, where its restore runs.
            string bundle = Path.Combine(Repository.Root, "src/Multi/bin/Release/net8.0/Multi.dll.sigstore.json");
            string statement = StatementEdits.Statement(bundle);
            string sha512 = System.Text.RegularExpressions.Regex.Match(statement, "pkg:nuget/Provenance.MSBuild@[^\"]+\",\\s*\"digest\": \\{\\s*\"sha512\": \"([0-9a-f]{128})\"").Groups[1].Value;
            Assert.AreEqual(128, sha512.Length, statement);
            string forged = Repository.File_("out-forged/Multi.dll.sigstore.json");
            StatementEdits.Resign(bundle, forged, Repository.Key, (sha512, new string('0', 128)));
            foreach (string file in new[] { "Multi.dll", "Multi.pdb", "Multi.deps.json" })
                File.Copy(Path.Combine(Repository.Root, "src/Multi/bin/Release/net8.0", file), Repository.File_("out-forged/" + file));

            CliResult result = CliResult.Run("rebuild", forged, "--source", Repository.Root, "--key", Repository.PublicKey, "--keep", "--work", Repository.File_("work-forged"));

            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Stderr, "error PROV2021");
            StringAssert.Contains(result.Stderr, "(same version, other bytes)");
            string log = File.ReadAllText(Repository.File_("work-forged/logs/build.log"));
            Assert.DoesNotContain("Multi -> ", log, "nothing was compiled:\n" + log);
            Assert.IsFalse(Directory.Exists(Repository.File_("work-forged/src/src/Multi/bin")), "no output folder");
        }

        [TestMethod]
        [Timeout(600_000, CooperativeCancellation = true)]
        public void A_swapped_dll_is_named_before_any_build_with_a_key_and_by_the_comparison_without()
        {
            string swapped = Repository.CopyOfPackage("swapped");
            byte[] net8;
            using (ZipArchive zip = ZipFile.OpenRead(swapped))
            using (var copy = new MemoryStream())
            {
                zip.GetEntry("lib/net8.0/Multi.dll")!.Open().CopyTo(copy);
                net8 = copy.ToArray();
            }
            TestNupkgs.SetEntry(swapped, "lib/net10.0/Multi.dll", net8);

            // With the key the package statement fails first, as `verify` says it: no checkout, no build.
            var watch = Stopwatch.StartNew();
            CliResult keyed = CliResult.Run("rebuild", swapped, "--source", Repository.Root, "--key", Repository.PublicKey);
            Assert.AreEqual(1, keyed.ExitCode, keyed.ToString());
            StringAssert.Contains(keyed.Stderr, "error PROV2003: ");
            StringAssert.Contains(keyed.Stderr, "'lib/net10.0/Multi.dll' differs from its signed provenance");
            Assert.AreEqual("", keyed.Stdout);
            Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(10), $"nothing was built ({watch.Elapsed})");

            // Without it, the text output: one table per framework, the entry named as differing from the statement and
            // from its rebuild, a summary line, exit 1.
            CliResult claimed = CliResult.Run("rebuild", swapped, "--source", Repository.Root);
            Assert.AreEqual(1, claimed.ExitCode, claimed.ToString());
            string text = claimed.Stdout.Replace("\r\n", "\n");
            StringAssert.Contains(text, "rebuild of package Multi 1.2.3 (" + swapped + "): 2 assembly provenances");
            StringAssert.Contains(text, "package statement not verified (no --key)");
            StringAssert.Contains(text, "\nframework net8.0 (lib/net8.0/Multi.dll.sigstore.json)\n");
            StringAssert.Contains(text, "\nframework net10.0 (lib/net10.0/Multi.dll.sigstore.json)\n");
            StringAssert.Contains(text, "package entry");
            string row = text.Split('\n').Single(l => l.StartsWith("  lib/net10.0/Multi.dll ", StringComparison.Ordinal));
            StringAssert.Contains(row, "DIFFERS");
            StringAssert.Contains(text, "differs from the package statement");
            StringAssert.Contains(text, "differs from its rebuild by lib/net10.0/Multi.dll.sigstore.json");
            StringAssert.Contains(text, "PROV2024: the package's lib/net10.0/Multi.dll is not the assembly the provenance records, so the original build's folder could not be read");
            Assert.IsTrue(text.Split('\n').Single(l => l.StartsWith("  lib/net8.0/Multi.dll ", StringComparison.Ordinal)).Contains("reproduced"), text);
            StringAssert.Contains(text, "\nNOT reproduced: package Multi 1.2.3: 1 of 2 frameworks reproduced");
            StringAssert.Contains(claimed.Stderr, "error PROV2024: ");
        }

        [TestMethod]
        public void A_package_without_provenance_or_with_hostile_entries_is_a_coded_verdict_and_nothing_is_written_outside()
        {
            using var dir = new TempDirectory();
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            string pub = TestNupkgs.WritePublicKey(dir.File("key.pub.pem"), key);
            string work = dir.File("work");

            // No statement inside: PROV2001, as the gate says it.
            string plain = TestNupkgs.Create(Directory.CreateDirectory(dir.File("plain")).FullName);
            AssertVerdict(CliResult.Run("rebuild", plain, "--source", dir.Path, "--work", work), 1, "error PROV2001: ", "has no provenance");

            // A statement, but no assembly provenance beside any dll: nothing to rebuild (PROV2025).
            string attested = TestNupkgs.CreateAttested(Directory.CreateDirectory(dir.File("attested")).FullName, key);
            AssertVerdict(CliResult.Run("rebuild", attested, "--source", dir.Path, "--key", pub, "--work", work), 2, "error PROV2025: ", "no assembly in it has its build provenance");

            // A provenance beside the dll that cannot drive a rebuild, with a subject naming a path outside: a verdict per
            // framework (exit 2), and nothing written outside the work folder.
            string odd = TestNupkgs.Create(Directory.CreateDirectory(dir.File("odd")).FullName);
            TestNupkgs.SetEntry(odd, "lib/net10.0/Acme.Lib.dll.sigstore.json", PackageStatements.Sign(PackageStatements.Create(
                new[] { new ResourceDescriptor { Name = "../../../escaped.dll" }.WithDigest("sha256", new string('0', 64)) }, TestNupkgs.Predicate()), key));
            PackageAttestation.Attest(odd, PackageStatements.Factory(TestNupkgs.Predicate(), key));
            CliResult oddResult = CliResult.Run("rebuild", odd, "--source", dir.Path, "--key", pub, "--work", work);
            Assert.AreEqual(2, oddResult.ExitCode, oddResult.ToString());
            StringAssert.Contains(oddResult.Stdout, "framework net10.0 (lib/net10.0/Acme.Lib.dll.sigstore.json)");
            StringAssert.Contains(oddResult.Stdout, "not rebuilt: PROV2025: the provenance cannot drive a rebuild");
            StringAssert.Contains(oddResult.Stderr, "error PROV2025: lib/net10.0/Acme.Lib.dll.sigstore.json: ");

            // Hostile entries: '..', an absolute path, a zip bomb, not a zip at all: PROV2003 naming the entry.
            foreach (var (name, content, why) in new[]
            {
                ("lib/net10.0/../../../escaped.txt", Encoding.UTF8.GetBytes("out"), "'..' path segment"),
                ("/tmp/escaped.txt", Encoding.UTF8.GetBytes("out"), "absolute path"),
                ("lib/net10.0/zeros.bin", new byte[8 * 1024 * 1024], "zip bomb"),
            })
            {
                string hostile = TestNupkgs.CreateAttested(Directory.CreateDirectory(dir.File("hostile-" + Guid.NewGuid().ToString("N"))).FullName, key);
                TestNupkgs.SetEntry(hostile, name, content);
                AssertVerdict(CliResult.Run("rebuild", hostile, "--source", dir.Path, "--work", work), 1, "error PROV2003: ", why);
                AssertVerdict(CliResult.Run("rebuild", hostile, "--source", dir.Path, "--key", pub, "--work", work), 1, "error PROV2003: ", why);
            }
            string notZip = dir.File("broken/Acme.Lib.1.2.3.nupkg");
            Directory.CreateDirectory(Path.GetDirectoryName(notZip)!);
            File.WriteAllBytes(notZip, Encoding.UTF8.GetBytes("PK not a zip"));
            AssertVerdict(CliResult.Run("rebuild", notZip, "--source", dir.Path, "--work", work), 1, "error PROV2003: ", "cannot be read as a zip");

            Assert.IsFalse(File.Exists(dir.File("escaped.txt")) || File.Exists("/tmp/escaped.txt") || File.Exists(dir.File("escaped.dll")), "nothing escaped");
            Assert.IsFalse(Directory.Exists(work), "the work folder is removed afterwards");
        }

        private static void AssertVerdict(CliResult result, int exitCode, string code, string why)
        {
            Assert.AreEqual(exitCode, result.ExitCode, result.ToString());
            StringAssert.StartsWith(result.Stderr, code, result.ToString());
            StringAssert.Contains(result.Stderr, why, result.ToString());
        }
    }
}
