using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Capture;
using Provenance.Dsse;
using Provenance.Generation;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Tests.Generation
{
    [TestClass]
    public sealed class ProvenanceGeneratorTests
    {
        [TestMethod]
        public void The_statement_matches_the_pinned_shape_byte_for_byte()
        {
            using var fixture = new RequestFixture();
            string actual = Encoding.UTF8.GetString(ProvenanceGenerator.CreateStatement(fixture.Request, new FileDigestCache()));
            // To re-pin after an intended change: PROVENANCE_UPDATE_FIXTURES=1 dotnet test, then review the diff.
            if (Environment.GetEnvironmentVariable("PROVENANCE_UPDATE_FIXTURES") == "1") File.WriteAllText(Fixture("statement.json"), actual);
            string expected = File.ReadAllText(Fixture("statement.json")).Replace("\r\n", "\n");
            Assert.AreEqual(expected, actual);
        }

        [TestMethod]
        public void Same_request_same_bytes_whatever_the_order_of_its_lists()
        {
            using var fixture = new RequestFixture();
            byte[] first = ProvenanceGenerator.CreateStatement(fixture.Request, new FileDigestCache());

            ProvenanceRequest request = fixture.Request;
            request.Inputs = request.Inputs.Reverse().Concat(request.Inputs).ToList();
            request.Packages = request.Packages.Reverse().ToList();
            request.Analyzers = request.Analyzers.Reverse().ToList();
            request.Subjects = request.Subjects.Reverse().ToList();
            byte[] second = ProvenanceGenerator.CreateStatement(request, new FileDigestCache());

            CollectionAssert.AreEqual(first, second);
        }

        [TestMethod]
        public void Output_is_utf8_without_bom_with_lf_line_ends_and_a_final_newline()
        {
            using var fixture = new RequestFixture();
            byte[] bytes = ProvenanceGenerator.CreateStatement(fixture.Request, new FileDigestCache());
            Assert.AreNotEqual(0xEF, bytes[0]);
            Assert.AreEqual((byte)'\n', bytes[bytes.Length - 1]);
            Assert.IsFalse(bytes.Contains((byte)'\r'));
            StringAssert.StartsWith(Encoding.UTF8.GetString(bytes), "{\n  \"_type\": \"https://in-toto.io/Statement/v1\",\n  \"subject\": [");
        }

        [TestMethod]
        public void No_token_and_no_machine_path_reaches_the_statement()
        {
            using var fixture = new RequestFixture();
            fixture.Request.Environment["EXTRA"] = "https://u:" + RequestFixture.Token + "@x.example/";
            fixture.Request.CompilerOptions["keyFile"] = "/home/me/secret.snk";
            string text = Encoding.UTF8.GetString(ProvenanceGenerator.CreateStatement(fixture.Request, new FileDigestCache()));

            Assert.IsFalse(text.Contains(RequestFixture.Token), "token leaked");
            Assert.IsFalse(text.Contains("x-access-token"));
            Assert.IsFalse(text.Contains("secret.snk"));
            Assert.IsFalse(text.Contains(fixture.ScratchPath), "machine path leaked");
            Assert.IsFalse(text.Contains(Path.GetTempPath().TrimEnd('/', '\\')), "temp path leaked");
            StringAssert.Contains(text, "\"NuGetApiKey\": \"" + SecretNames.RedactedValue + "\"");
            StringAssert.Contains(text, "\"RestoreFeed\": \"https://pkgs.example/v3/index.json\"");
        }

        [TestMethod]
        public void The_source_commit_is_the_first_dependency_and_the_external_source()
        {
            using var fixture = new RequestFixture();
            JsonObject predicate = Predicate(fixture.Request);
            JsonObject definition = predicate.GetObject("buildDefinition")!;

            JsonObject first = (JsonObject)definition.GetArray("resolvedDependencies")![0];
            Assert.AreEqual("git+https://github.com/o/r@refs/heads/main", first.GetString("uri"), "the canonical repository URL: no user-info, no .git");
            Assert.AreEqual(RequestFixture.Commit, first.GetObject("digest")!.GetString("gitCommit"));
            Assert.AreEqual(JsonWriter.ToText(first), JsonWriter.ToText(definition.GetObject("externalParameters")!.GetObject("source")!));
        }

        [TestMethod]
        public void The_build_type_is_v2_and_no_parameter_name_is_in_both_maps()
        {
            // SLSA v1: a name SHOULD NOT appear in both externalParameters and internalParameters; v1 had "source" twice.
            using var fixture = new RequestFixture();
            fixture.Request.RuntimeIdentifier = "linux-x64";
            JsonObject definition = Predicate(fixture.Request).GetObject("buildDefinition")!;
            JsonObject external = definition.GetObject("externalParameters")!;
            JsonObject @internal = definition.GetObject("internalParameters")!;

            Assert.AreEqual(ProvenanceGenerator.BuildType, definition.GetString("buildType"));
            StringAssert.EndsWith(ProvenanceGenerator.BuildType, "/docs/buildtype-v2.md");
            var shared = external.Members.Select(m => m.Key).Intersect(@internal.Members.Select(m => m.Key)).ToList();
            Assert.AreEqual(0, shared.Count, "shared names: " + string.Join(", ", shared));
            Assert.IsNotNull(external.GetObject("source"));
            Assert.IsFalse(@internal.ContainsKey("source"));
            // The remote as the build saw it (SourceLink's spelling, ".git" kept), without the token the fixture put in it.
            Assert.AreEqual("{\"dirty\":false,\"shallow\":false,\"worktree\":false,\"repositoryUrl\":\"https://github.com/o/r.git\"}", JsonWriter.ToText(@internal.GetObject("checkout")!));
        }

        [TestMethod]
        [DataRow("https://github.com/o/r.git")]
        [DataRow("https://github.com/o/r")]
        [DataRow("https://github.com/o/r/")]
        [DataRow("git@github.com:o/r.git")]
        [DataRow("ssh://git@github.com/o/r.git")]
        [DataRow("https://x-access-token:secret@GitHub.com/o/r.git")]
        public void Every_project_of_a_repository_records_the_same_url(string remote)
        {
            using var fixture = new RequestFixture();
            fixture.Request.Source!.RepositoryUrl = remote;
            JsonObject first = (JsonObject)Predicate(fixture.Request).GetObject("buildDefinition")!.GetArray("resolvedDependencies")![0];
            Assert.AreEqual("git+https://github.com/o/r@refs/heads/main", first.GetString("uri"));
        }

        [TestMethod]
        public void Detached_head_without_remote_records_only_the_commit()
        {
            using var fixture = new RequestFixture();
            fixture.Request.Source = new GitSourceInfo { RepositoryRoot = fixture.Request.RepositoryRoot, Commit = RequestFixture.Commit.ToUpperInvariant() };
            JsonObject first = (JsonObject)Predicate(fixture.Request).GetObject("buildDefinition")!.GetArray("resolvedDependencies")![0];
            Assert.IsNull(first.GetString("uri"));
            Assert.AreEqual(RequestFixture.Commit, first.GetObject("digest")!.GetString("gitCommit"));
        }

        [TestMethod]
        public void Files_outside_the_repository_get_names_that_do_not_leak_machine_paths()
        {
            using var fixture = new RequestFixture();
            var names = Predicate(fixture.Request).GetObject("buildDefinition")!.GetArray("resolvedDependencies")!.Items
                .Select(d => ((JsonObject)d).GetString("name")).Where(n => n != null).ToList();

            CollectionAssert.Contains(names, "nuget:Foo.Analyzers/1.0.0/analyzers/dotnet/cs/Foo.Analyzers.dll");
            CollectionAssert.Contains(names, "dotnet:/sdk/10.0.401/Sdks/Microsoft.NET.Sdk/analyzers/Microsoft.CodeAnalysis.NetAnalyzers.dll");
            CollectionAssert.Contains(names, "dotnet:/packs/Microsoft.NETCore.App.Ref/8.0.0/analyzers/dotnet/cs/System.Text.Json.SourceGeneration.dll");
            CollectionAssert.Contains(names, "external:Tool.Generator.dll");
            CollectionAssert.Contains(names, "src/Lib/Class1.cs");
        }

        [TestMethod]
        public void A_package_subject_carries_sha512_and_an_assembly_only_sha256()
        {
            using var fixture = new RequestFixture();
            JsonObject statement = Statement(fixture.Request);
            var subjects = statement.GetArray("subject")!.Items.Cast<JsonObject>().ToDictionary(s => s.GetString("name")!);

            Assert.AreEqual(2, subjects["Lib.1.0.0.nupkg"].GetObject("digest")!.Count);
            Assert.AreEqual(128, subjects["Lib.1.0.0.nupkg"].GetObject("digest")!.GetString("sha512")!.Length);
            Assert.AreEqual(1, subjects["Lib.dll"].GetObject("digest")!.Count);
        }

        [TestMethod]
        public void The_runtime_identifier_is_recorded_only_when_set()
        {
            using var fixture = new RequestFixture();
            Assert.IsFalse(Predicate(fixture.Request).GetObject("buildDefinition")!.GetObject("externalParameters")!.ContainsKey("runtimeIdentifier"));
            fixture.Request.RuntimeIdentifier = "linux-x64";
            Assert.AreEqual("linux-x64", Predicate(fixture.Request).GetObject("buildDefinition")!.GetObject("externalParameters")!.GetString("runtimeIdentifier"));
        }

        [TestMethod]
        public void A_missing_subject_fails_with_PROV1013_and_an_unreadable_input_with_PROV1011()
        {
            using var fixture = new RequestFixture();
            fixture.Request.Inputs.Add(new InputFile(fixture.Combine("repo/gone.cs"), "compile"));
            var input = Assert.ThrowsExactly<ProvenanceException>(() => ProvenanceGenerator.CreateStatement(fixture.Request, new FileDigestCache()));
            Assert.AreEqual(DiagnosticCodes.InputFileUnreadable, input.Code);

            fixture.Request.Subjects.Add(fixture.Combine("repo/missing.dll"));
            var subject = Assert.ThrowsExactly<ProvenanceException>(() => ProvenanceGenerator.CreateStatement(fixture.Request, new FileDigestCache()));
            Assert.AreEqual(DiagnosticCodes.SubjectMissing, subject.Code);
            StringAssert.Contains(subject.Message, "missing.dll");
        }

        [TestMethod]
        public void A_bad_package_digest_or_commit_is_refused()
        {
            using var fixture = new RequestFixture();
            fixture.Request.Packages.Add(new RestoredPackage("Bad", "1.0.0", "ABC"));
            Assert.ThrowsExactly<ArgumentException>(() => ProvenanceGenerator.CreateStatement(fixture.Request, new FileDigestCache()));

            using var other = new RequestFixture();
            other.Request.Source!.Commit = "abc123";
            Assert.ThrowsExactly<ArgumentException>(() => ProvenanceGenerator.CreateStatement(other.Request, new FileDigestCache()));
        }

        [TestMethod]
        public void The_bundle_signs_the_statement_bytes_verbatim()
        {
            using var fixture = new RequestFixture();
            byte[] statement = ProvenanceGenerator.CreateStatement(fixture.Request, new FileDigestCache());
            SigningKey key = SigningKey.Generate(KeyAlgorithm.Ed25519);

            SigstoreBundle bundle = SigstoreBundle.Parse(ProvenanceGenerator.CreateBundle(statement, key));

            CollectionAssert.AreEqual(statement, bundle.Envelope.Payload);
            Assert.AreEqual(Pae.InTotoPayloadType, bundle.Envelope.PayloadType);
            Assert.AreEqual(key.PublicKey.Hint, bundle.PublicKeyHint);
            Assert.IsTrue(key.PublicKey.Verify(Pae.Encode(Pae.InTotoPayloadType, statement), bundle.Envelope.Signatures[0].Signature));
        }

        private static JsonObject Statement(ProvenanceRequest request) =>
            (JsonObject)JsonReader.Parse(ProvenanceGenerator.CreateStatement(request, new FileDigestCache()));

        private static JsonObject Predicate(ProvenanceRequest request) => Statement(request).GetObject("predicate")!;

        private static string Fixture(string name, [CallerFilePath] string sourceFile = "") =>
            Path.Combine(Path.GetDirectoryName(sourceFile)!, "Fixtures", name);
    }
}
