using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Json;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Signing;
using Provenance.Slsa;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Issue 2's "How it will be checked": a library outside the repository, in a git repository whose remote URL carries
    /// a token, referencing Newtonsoft.Json and the packed Provenance.MSBuild, signed with an openssl Ed25519 key.
    /// The library is built three times once for the class (first build, identical rebuild, rebuild with a P-256 key);
    /// each test checks one claim about what those builds left.
    /// </summary>
    [TestClass]
    public sealed class AcceptanceCheck : SandboxTest
    {
        private const string Token = "ghp_SECRETTOKEN123";
        private const string RemoteUrl = "https://user:" + Token + "@github.com/acme/lib.git";
        private const string ProjectDirectory = "src/Acme.Lib";

        private static Sandbox sandbox = null!;
        private static KeyPair ed25519 = null!;
        private static KeyPair p256 = null!;
        private static string head = "";
        private static string outputDirectory = "";
        private static string bundlePath = "";
        private static string dllPath = "";
        private static string firstBundleCopy = "";
        private static CommandResult firstBuild = null!;
        private static CommandResult secondBuild = null!;
        private static CommandResult p256Build = null!;
        private static FileSnapshot? afterFirstBuild;
        private static FileSnapshot? afterSecondBuild;
        private static FileSnapshot? afterP256Build;
        private static readonly List<string> BinaryLogs = new List<string>();

        public AcceptanceCheck(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void BuildTheLibraryThreeTimes(TestContext context)
        {
            // arrange
            sandbox = Sandbox.Create(nameof(AcceptanceCheck), context.WriteLine);
            ed25519 = OpenSslKeys.Generate(sandbox, "ed25519", KeyKind.Ed25519);
            p256 = OpenSslKeys.Generate(sandbox, "p256", KeyKind.P256);
            sandbox.SetBuildProperty("ProvenanceSigningKeyFile", ed25519.PrivateKeyPath);
            sandbox.WriteLibrary(ProjectDirectory, "Acme.Lib", items: "<PackageReference Include=\"Newtonsoft.Json\" Version=\"13.0.3\" />");
            sandbox.WriteFile(ProjectDirectory + "/Text/Greeting.cs",
                "namespace Acme.Lib.Text\n{\n    public static class Greeting\n    {\n" +
                "        public static string ToJson(string name) => Newtonsoft.Json.JsonConvert.SerializeObject(new { hello = name });\n" +
                "    }\n}\n");
            head = sandbox.InitGitRepository(RemoteUrl);
            outputDirectory = sandbox.PathOf(ProjectDirectory, "bin/Release/net10.0");
            dllPath = Path.Combine(outputDirectory, "Acme.Lib.dll");
            bundlePath = dllPath + ".sigstore.json";
            string logs = Path.Combine(sandbox.Directory, "logs");
            Directory.CreateDirectory(logs);

            // act: the first build
            firstBuild = Build(Path.Combine(logs, "first.binlog"));
            if (File.Exists(bundlePath))
            {
                afterFirstBuild = Files.Snapshot(bundlePath);
                firstBundleCopy = Path.Combine(logs, "first.sigstore.json");
                File.Copy(bundlePath, firstBundleCopy);
            }

            // act: the same build again, nothing changed
            secondBuild = Build(Path.Combine(logs, "second.binlog"));
            if (File.Exists(bundlePath)) afterSecondBuild = Files.Snapshot(bundlePath);

            // act: switch the signing key to P-256
            sandbox.SetBuildProperty("ProvenanceSigningKeyFile", p256.PrivateKeyPath);
            p256Build = Build(Path.Combine(logs, "p256.binlog"));
            if (File.Exists(bundlePath)) afterP256Build = Files.Snapshot(bundlePath);
        }

        private static CommandResult Build(string binaryLog)
        {
            BinaryLogs.Add(binaryLog);
            return sandbox.DotNet("build", new[] { "-c", "Release", "-v:n", "-bl:" + binaryLog }, workingDirectory: sandbox.PathOf(ProjectDirectory));
        }

        /// <summary>The first build's bundle, verified with the Ed25519 public key.</summary>
        private static ProvenanceFile FirstBundle()
        {
            firstBuild.Succeeded();
            Assert.IsNotNull(afterFirstBuild, "the first build wrote no " + bundlePath + "\n" + Expect.ListDirectory(outputDirectory) + firstBuild);
            return ProvenanceFile.Verify(firstBundleCopy, ed25519.PublicKeyPath);
        }

        [TestMethod]
        public void The_build_writes_the_bundle_beside_the_assembly()
        {
            // assert
            firstBuild.Succeeded();
            Expect.FileExists(bundlePath, firstBuild);
            Assert.IsNotNull(afterFirstBuild);
        }

        [TestMethod]
        public void The_bundle_verifies_with_the_Ed25519_public_key_and_with_no_other_key()
        {
            // act
            ProvenanceFile bundle = FirstBundle();
            ProvenanceException? withOtherKey = ProvenanceFile.VerificationFailure(firstBundleCopy, p256.PublicKeyPath);

            // assert
            Assert.AreEqual(KeyAlgorithm.Ed25519, bundle.Verified.Signer.Algorithm);
            Assert.AreEqual("https://slsa.dev/provenance/v1", bundle.Verified.PredicateType);
            Assert.IsNotNull(withOtherKey, "the bundle must not verify with an unrelated key");
        }

        [TestMethod]
        public void The_subject_is_the_assembly_with_its_sha256()
        {
            // act
            ProvenanceFile bundle = FirstBundle();

            // assert
            Assert.IsTrue(bundle.SubjectSha256ByName.TryGetValue("Acme.Lib.dll", out string? sha256), "no subject named Acme.Lib.dll:\n" + bundle.DescribeSubjects());
            Assert.AreEqual(Files.Sha256Hex(dllPath), sha256);
        }

        [TestMethod]
        public void The_statement_names_the_commit_and_the_repository_without_its_token()
        {
            // act
            ProvenanceFile bundle = FirstBundle();
            ResourceDescriptor[] commits = bundle.ResolvedDependencies.Where(d => d.Digest.TryGetValue("gitCommit", out string? c) && c == head).ToArray();

            // assert
            Assert.HasCount(1, commits, "expected one resolved dependency with gitCommit " + head + ":\n" + bundle.DescribeDependencies());
            StringAssert.StartsWith(commits[0].Uri ?? "", "git+https://github.com/acme/lib", "the source URI names the repository without user-info");
        }

        [TestMethod]
        public void The_statement_names_Newtonsoft_Json_with_the_sha512_NuGet_recorded()
        {
            // arrange
            string metadataPath = Path.Combine(TestSuite.PackagesDirectory, "newtonsoft.json", "13.0.3", ".nupkg.metadata");
            Expect.FileExists(metadataPath);
            var metadata = (JsonObject)JsonReader.Parse(File.ReadAllBytes(metadataPath));
            string expected = Convert.ToHexStringLower(Convert.FromBase64String(metadata.GetString("contentHash")!));

            // act
            ProvenanceFile bundle = FirstBundle();
            IReadOnlyList<ResourceDescriptor> packages = bundle.DependenciesNamed("pkg:nuget/Newtonsoft.Json@13.0.3");

            // assert
            Assert.HasCount(1, packages, "expected pkg:nuget/Newtonsoft.Json@13.0.3 among:\n" + bundle.DescribeDependencies());
            Assert.IsTrue(packages[0].Digest.TryGetValue("sha512", out string? sha512), "no sha512 digest");
            Assert.AreEqual(expected, sha512);
        }

        [TestMethod]
        public void The_statement_lists_each_source_file_with_its_repository_relative_path_and_sha256()
        {
            // act
            ProvenanceFile bundle = FirstBundle();

            // assert
            foreach (string source in new[] { ProjectDirectory + "/Class1.cs", ProjectDirectory + "/Text/Greeting.cs" })
            {
                IReadOnlyList<ResourceDescriptor> found = bundle.DependenciesNamed(source);
                Assert.HasCount(1, found, "expected " + source + " among:\n" + bundle.DescribeDependencies());
                Assert.IsTrue(found[0].Digest.TryGetValue("sha256", out string? sha256), source + " has no sha256");
                Assert.AreEqual(Files.Sha256Hex(sandbox.PathOf(source)), sha256, source);
            }
        }

        [TestMethod]
        public void The_statement_records_the_SDK_version()
        {
            // act
            ProvenanceFile bundle = FirstBundle();

            // assert
            CollectionAssert.Contains(ProvenanceFile.Strings(bundle.InternalParameters).ToList(), TestSuite.SdkVersion,
                "internalParameters should record `dotnet --version`:\n" + bundle.InternalParameters);
        }

        [TestMethod]
        public void The_token_appears_in_no_provenance_file_and_in_no_build_log()
        {
            // arrange
            firstBuild.Succeeded();
            var places = new List<(string What, string Text)>();
            foreach (string file in Directory.GetFiles(sandbox.PathOf(ProjectDirectory, "bin"), "*.sigstore.json", SearchOption.AllDirectories))
                places.Add((file, ProvenanceFile.AllText(file)));
            if (firstBundleCopy.Length > 0) places.Add((firstBundleCopy, ProvenanceFile.AllText(firstBundleCopy)));
            foreach (string file in Directory.GetFiles(sandbox.PathOf(ProjectDirectory, "obj"), "*", SearchOption.AllDirectories)
                         .Where(f => Path.GetFileName(f).Contains("provenance", StringComparison.OrdinalIgnoreCase)))
                places.Add((file, File.ReadAllText(file)));
            places.Add(("the first build's output", firstBuild.Output));
            places.Add(("the second build's output", secondBuild.Output));
            places.Add(("the P-256 build's output", p256Build.Output));
            foreach (string binaryLog in BinaryLogs.Where(File.Exists))
                places.Add((binaryLog, BinaryLog.ReadAsText(binaryLog)));

            // assert
            Assert.IsGreaterThanOrEqualTo(5, places.Count);
            foreach ((string what, string text) in places)
            {
                Assert.IsFalse(text.Contains(Token, StringComparison.Ordinal), "the remote's token appears in " + what);
            }
        }

        [TestMethod]
        public void A_second_identical_build_leaves_the_bundle_untouched()
        {
            // assert
            secondBuild.Succeeded();
            Assert.IsNotNull(afterFirstBuild, "the first build wrote no bundle\n" + firstBuild);
            Assert.IsNotNull(afterSecondBuild, "the second build left no bundle\n" + secondBuild);
            Assert.IsTrue(afterSecondBuild.SameBytesAs(afterFirstBuild), "the no-op rebuild changed the bundle's bytes");
            Assert.AreEqual(afterFirstBuild.LastWriteTimeUtc, afterSecondBuild.LastWriteTimeUtc, "the no-op rebuild rewrote the bundle");
        }

        [TestMethod]
        public void Switching_to_a_P256_key_re_signs_the_bundle()
        {
            // act
            p256Build.Succeeded();
            Assert.IsNotNull(afterSecondBuild, "no bundle before the key switch\n" + secondBuild);
            Assert.IsNotNull(afterP256Build, "no bundle after the key switch\n" + p256Build);
            ProvenanceFile bundle = ProvenanceFile.Verify(bundlePath, p256.PublicKeyPath);

            // assert
            Assert.IsFalse(afterP256Build.SameBytesAs(afterSecondBuild), "the bundle was not re-signed after the key changed");
            Assert.AreEqual(KeyAlgorithm.EcdsaP256Sha256, bundle.Verified.Signer.Algorithm);
            Assert.IsNotNull(ProvenanceFile.VerificationFailure(bundlePath, ed25519.PublicKeyPath), "the re-signed bundle still verifies with the old key");
            Assert.IsTrue(bundle.Verified.HasSubjectDigest("sha256", Files.Sha256Hex(dllPath)), "the re-signed bundle still attests the assembly");
        }
    }
}
