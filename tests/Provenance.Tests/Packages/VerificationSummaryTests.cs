using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Json;
using Provenance.Packages;
using Provenance.Signing;
using Provenance.Verification;

namespace Provenance.Tests.Packages
{
    /// <summary>
    /// The verification summary (docs/vsa-v1.md): a SLSA VSA v1 that a consumer of the build can check without having
    /// been there. Field names are compared with the spec's spelling, not with our constants, so a typo in both fails.
    /// </summary>
    [TestClass]
    public sealed class VerificationSummaryTests
    {
        private const string Commit = "0123456789abcdef0123456789abcdef01234567";
        private static readonly DateTimeOffset Time = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        private static readonly byte[] PolicyText = Encoding.UTF8.GetBytes("trusted-key ABC=\npolicy Acme.* require=true severity=error\n");

        [TestMethod]
        public void Fields_are_present_and_spelled_as_the_spec_spells_them()
        {
            JsonObject statement = Parse(VerificationSummary.CreateStatement(Request(Verified("Acme.Lib"), NotAttested("Zeta.Lib", required: false))));

            Assert.AreEqual("https://in-toto.io/Statement/v1", statement.GetString("_type"));
            Assert.AreEqual("https://slsa.dev/verification_summary/v1", statement.GetString("predicateType"));
            CollectionAssert.AreEqual(new[] { "_type", "subject", "predicateType", "predicate" }, Keys(statement));

            JsonObject predicate = statement.GetObject("predicate")!;
            CollectionAssert.AreEqual(new[]
            {
                "verifier", "timeVerified", "resourceUri", "policy", "inputAttestations", "verificationResult",
                "verifiedLevels", "dependencyLevels", "slsaVersion",
                "https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/vsa-v1.md#packages",
            }, Keys(predicate));

            JsonObject verifier = predicate.GetObject("verifier")!;
            Assert.AreEqual("https://github.com/provenance-msbuild/Provenance.MSBuild/verifiers/restore", verifier.GetString("id"));
            Assert.AreEqual("0.1.0", verifier.GetObject("version")!.GetString("Provenance.MSBuild"));
            Assert.AreEqual("2023-11-14T22:13:20Z", predicate.GetString("timeVerified"));
            Assert.AreEqual("git+https://github.com/o/r.git@" + Commit + "#src/App/App.csproj", predicate.GetString("resourceUri"));

            JsonObject policy = predicate.GetObject("policy")!;
            Assert.AreEqual("https://github.com/provenance-msbuild/Provenance.MSBuild/blob/main/docs/vsa-v1.md#policy", policy.GetString("uri"));
            Assert.AreEqual(Sha256(PolicyText), policy.GetObject("digest")!.GetString("sha256"));

            JsonObject input = (JsonObject)predicate.GetArray("inputAttestations")!.Items.Single();
            Assert.AreEqual("pkg:nuget/Acme.Lib@1.2.3#provenance/package.sigstore.json", input.GetString("uri"));
            Assert.AreEqual(new string('d', 64), input.GetObject("digest")!.GetString("sha256"));

            Assert.AreEqual("PASSED", predicate.GetString("verificationResult"));
            CollectionAssert.AreEqual(new[] { "SLSA_BUILD_LEVEL_0" }, Strings(predicate.GetArray("verifiedLevels")!), "not every package is verified");
            JsonObject levels = predicate.GetObject("dependencyLevels")!;
            Assert.AreEqual("1", ((JsonNumber)levels["SLSA_BUILD_LEVEL_1"]!).RawText);
            Assert.AreEqual("1", ((JsonNumber)levels["SLSA_BUILD_LEVEL_0"]!).RawText);
            Assert.AreEqual("1.1", predicate.GetString("slsaVersion"));

            var subjects = statement.GetArray("subject")!.Items.Cast<JsonObject>().ToList();
            CollectionAssert.AreEqual(new[] { "pkg:nuget/Acme.Lib@1.2.3", "pkg:nuget/Zeta.Lib@1.2.3" }, subjects.Select(s => s.GetString("name")).ToList());
            Assert.AreEqual(ContentHash("Acme.Lib"), subjects[0].GetObject("digest")!.GetString("sha512"));
        }

        [TestMethod]
        public void Every_package_outcome_is_in_the_extension_field()
        {
            JsonObject predicate = Predicate(Request(Verified("Acme.Lib"), NotAttested("Zeta.Lib", required: false)));

            var packages = predicate.GetArray(VerificationSummary.PackagesField)!.Items.Cast<JsonObject>().ToList();
            Assert.AreEqual(2, packages.Count);
            JsonObject acme = packages[0], zeta = packages[1];
            CollectionAssert.AreEqual(new[] { "uri", "digest", "outcome", "required", "decision", "statement", "signer", "sourceRepository" }, Keys(acme));
            Assert.AreEqual("pkg:nuget/Acme.Lib@1.2.3", acme.GetString("uri"));
            Assert.AreEqual("verified", acme.GetString("outcome"));
            Assert.AreEqual("verified", acme.GetString("decision"));
            Assert.AreEqual(JsonBool.True, acme["required"]);
            Assert.AreEqual(new string('d', 64), acme.GetObject("statement")!.GetString("sha256"));
            Assert.AreEqual("notAttested", zeta.GetString("outcome"));
            Assert.AreEqual("PROV2001", zeta.GetString("code"));
            Assert.AreEqual("summary", zeta.GetString("decision"));
            Assert.AreEqual(JsonBool.False, zeta["required"]);
            Assert.IsFalse(Encoding.UTF8.GetString(VerificationSummary.CreateStatement(Request(NotAttested("Zeta.Lib", required: false)))).Contains("reason"),
                "reasons may name machine paths; they stay in the local report");
        }

        [TestMethod]
        public void Every_digest_is_lowercase_hex_of_its_algorithm_length()
        {
            JsonObject statement = Parse(VerificationSummary.CreateStatement(Request(Verified("Acme.Lib"), Tampered("Acme.Tools"), NotAttested("Zeta.Lib", required: false))));
            var lengths = new Dictionary<string, int> { ["sha256"] = 64, ["sha512"] = 128 };
            int seen = 0;
            foreach (JsonObject digest in Digests(statement))
            {
                foreach (var member in digest.Members)
                {
                    string hex = ((JsonString)member.Value).Value;
                    Assert.IsTrue(lengths.ContainsKey(member.Key), $"unexpected algorithm {member.Key}");
                    Assert.AreEqual(lengths[member.Key], hex.Length, member.Key);
                    Assert.IsTrue(hex.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')), $"{member.Key} {hex} is not lowercase hex");
                    seen++;
                }
            }
            Assert.IsTrue(seen >= 8, $"only {seen} digests found");
        }

        [TestMethod]
        public void A_tampered_required_package_fails_the_summary()
        {
            using var scratch = new Scratch();
            RestoredPackageFolder good = RestoredPackageVerifierTests.Restore(scratch, id: "Acme.Lib");
            RestoredPackageFolder bad = RestoredPackageVerifierTests.Restore(scratch, id: "Acme.Tools");
            string dll = Path.Combine(bad.FolderPath, "lib", "net10.0", "Acme.Tools.dll");
            byte[] bytes = File.ReadAllBytes(dll);
            bytes[100] ^= 1;
            File.WriteAllBytes(dll, bytes);
            ProvenancePolicy policy = RestoredPackageVerifierTests.Policy();
            var verifier = new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), policy);
            var entries = new[] { good, bad }.Select(f => verifier.Verify(f)).Select(r => new VerificationSummaryPackage(r, policy.Resolve(r.Id))).ToArray();

            JsonObject predicate = Predicate(Request(entries));

            Assert.AreEqual("FAILED", predicate.GetString("verificationResult"));
            CollectionAssert.AreEqual(new[] { "FAILED" }, Strings(predicate.GetArray("verifiedLevels")!));
            JsonObject levels = predicate.GetObject("dependencyLevels")!;
            CollectionAssert.AreEqual(new[] { "SLSA_BUILD_LEVEL_1", "FAILED" }, Keys(levels));
            JsonObject tools = predicate.GetArray(VerificationSummary.PackagesField)!.Items.Cast<JsonObject>().Single(p => p.GetString("uri") == "pkg:nuget/Acme.Tools@1.2.3");
            Assert.AreEqual("tampered", tools.GetString("outcome"));
            Assert.AreEqual("PROV2003", tools.GetString("code"));
            Assert.AreEqual("error", tools.GetString("decision"));
            Assert.AreEqual(2, predicate.GetArray("inputAttestations")!.Count, "both statements were checked, the tampered package's too");
        }

        [TestMethod]
        public void A_tampered_package_fails_even_when_the_policy_does_not_require_it()
        {
            JsonObject predicate = Predicate(Request(Verified("Acme.Lib"), Tampered("Zeta.Lib", required: false)));

            Assert.AreEqual("FAILED", predicate.GetString("verificationResult"));
        }

        [TestMethod]
        public void What_the_gate_lets_through_passes_and_all_verified_is_level_1()
        {
            var warned = new VerificationSummaryPackage(NotAttestedResult("Acme.Old"), new PolicyDecision(PolicyDecisionLevel.Warning, "PROV2001", "x"), required: true);

            Assert.AreEqual("PASSED", Predicate(Request(Verified("Acme.Lib"), warned)).GetString("verificationResult"), "Severity=warning: the gate warns, the build goes on");
            Assert.AreEqual("FAILED", Predicate(Request(Verified("Acme.Lib"), NotAttested("Acme.Old", required: true))).GetString("verificationResult"));
            JsonObject allVerified = Predicate(Request(Verified("Acme.Lib"), Verified("Acme.Tools")));
            CollectionAssert.AreEqual(new[] { "SLSA_BUILD_LEVEL_1" }, Strings(allVerified.GetArray("verifiedLevels")!));
            CollectionAssert.AreEqual(new[] { "SLSA_BUILD_LEVEL_1" }, Keys(allVerified.GetObject("dependencyLevels")!));
        }

        [TestMethod]
        [DataRow(KeyAlgorithm.Ed25519)]
        [DataRow(KeyAlgorithm.EcdsaP256Sha256)]
        public void The_written_bundle_verifies_with_the_signing_key_and_no_other(KeyAlgorithm algorithm)
        {
            using var scratch = new Scratch();
            SigningKey key = SigningKey.Generate(algorithm);
            VerificationSummaryRequest request = Request(Verified("Acme.Lib"), Tampered("Acme.Tools"));
            string path = scratch.File(Path.Combine("obj", "App.provenance.vsa.sigstore.json"));

            Assert.IsTrue(VerificationSummary.Write(path, request, key));

            SigstoreBundle bundle = SigstoreBundle.Parse(File.ReadAllBytes(path));
            VerifiedStatement verified = BundleVerifier.Verify(bundle, new[] { key.PublicKey });
            Assert.AreEqual(VerificationSummary.PredicateType, verified.PredicateType);
            CollectionAssert.AreEqual(VerificationSummary.CreateStatement(request), verified.Payload, "the statement is signed verbatim");
            Assert.IsTrue(verified.HasSubjectDigest("sha512", ContentHash("Acme.Tools")));
            Assert.AreEqual("FAILED", verified.Predicate!.GetString("verificationResult"));
            Assert.AreEqual(0, Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp").Length, "no temporary file is left behind");

            var wrongKey = Assert.ThrowsExactly<VerificationException>(() => BundleVerifier.Verify(bundle, new[] { SigningKey.Generate(algorithm).PublicKey }));
            Assert.AreEqual(VerificationFailureReason.UntrustedSigner, wrongKey.Reason);
        }

        [TestMethod]
        public void Same_inputs_give_the_same_bytes_in_any_order_apart_from_timeVerified()
        {
            byte[] first = VerificationSummary.CreateStatement(Request(Verified("Acme.Lib"), Tampered("Acme.Tools"), NotAttested("Zeta.Lib", required: false)));
            byte[] again = VerificationSummary.CreateStatement(Request(NotAttested("Zeta.Lib", required: false), Tampered("Acme.Tools"), Verified("Acme.Lib"), Verified("Acme.Lib")));
            VerificationSummaryRequest later = Request(Verified("Acme.Lib"), Tampered("Acme.Tools"), NotAttested("Zeta.Lib", required: false));
            later.TimeVerified = Time.AddHours(1);

            CollectionAssert.AreEqual(first, again);
            string a = Encoding.UTF8.GetString(first), b = Encoding.UTF8.GetString(VerificationSummary.CreateStatement(later));
            Assert.AreEqual(a.Replace("2023-11-14T22:13:20Z", "T"), b.Replace("2023-11-14T23:13:20Z", "T"));
            Assert.IsTrue(a.EndsWith("}\n", StringComparison.Ordinal) && !a.Contains("\r"), "two-space JSON, \\n line ends, final \\n");
            Assert.AreNotEqual(0xEF, first[0], "no BOM");

            using var scratch = new Scratch();
            SigningKey ed25519 = PackageKeys.Acme;
            VerificationSummary.Write(scratch.File("1.json"), Request(Verified("Acme.Lib")), ed25519);
            VerificationSummary.Write(scratch.File("2.json"), Request(Verified("Acme.Lib")), ed25519);
            CollectionAssert.AreEqual(File.ReadAllBytes(scratch.File("1.json")), File.ReadAllBytes(scratch.File("2.json")), "Ed25519 signatures are deterministic, so the bundle is too");
        }

        [TestMethod]
        public void TimeVerified_follows_SOURCE_DATE_EPOCH_like_the_generator()
        {
            DateTimeOffset now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

            Assert.AreEqual(Time, VerificationSummary.TimeVerifiedFor("1700000000", now));
            Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()), VerificationSummary.TimeVerifiedFor(null, now), "whole seconds");
            Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()), VerificationSummary.TimeVerifiedFor("", now));
            foreach (string invalid in new[] { "-1", "1.5", "abc", " 1", "999999999999" })
                Assert.AreEqual(DiagnosticCodes.SourceDateEpochInvalid,
                    Assert.ThrowsExactly<ProvenanceException>(() => VerificationSummary.TimeVerifiedFor(invalid, now)).Code, invalid);
        }

        [TestMethod]
        public void ResourceUri_names_the_project_without_machine_paths()
        {
            Assert.AreEqual("git+https://github.com/o/r.git@" + Commit + "#src/My%20App/App.csproj",
                VerificationSummary.ProjectResourceUri("src/My App/App.csproj", "https://user:token@github.com/o/r.git", Commit.ToUpperInvariant()));
            Assert.AreEqual("git+ssh://github.com/o/r.git#App.csproj", VerificationSummary.ProjectResourceUri("App.csproj", "git@github.com:o/r.git"));
            Assert.AreEqual("src/App/App.csproj", VerificationSummary.ProjectResourceUri("src\\App\\App.csproj", "/home/alice/mirror.git", Commit), "a local remote names a machine");
            Assert.AreEqual("src/App/App.csproj", VerificationSummary.ProjectResourceUri("src/App/App.csproj"));
            foreach (string bad in new[] { "/home/alice/src/App.csproj", "C:\\src\\App.csproj", "../App.csproj", "src//App.csproj" })
                Assert.ThrowsExactly<ArgumentException>(() => VerificationSummary.ProjectResourceUri(bad), bad);
            foreach (string bad in new[] { "/home/alice/src/App.csproj", "C:\\src\\App.csproj", "file:///home/alice/App.csproj", "src/My App.csproj" })
                Assert.ThrowsExactly<ArgumentException>(() => VerificationSummary.CreateStatement(Request(bad, Verified("Acme.Lib"))), bad);
        }

        [TestMethod]
        public void No_package_to_name_writes_nothing_and_removes_a_stale_summary()
        {
            using var scratch = new Scratch();
            string path = scratch.File("App.vsa.sigstore.json");
            File.WriteAllText(path, "stale");
            var noHash = new PackageVerificationResult("Acme.Lib", "1.2.3", PackageVerificationOutcome.Tampered, "no .nupkg.metadata");
            VerificationSummaryRequest request = Request(new VerificationSummaryPackage(noHash, RestoredPackageVerifierTests.Policy().Resolve("Acme.Lib")));

            Assert.IsFalse(VerificationSummary.HasSubjects(request));
            Assert.IsFalse(VerificationSummary.Write(path, request, PackageKeys.Acme));
            Assert.IsFalse(File.Exists(path));
            Assert.ThrowsExactly<ArgumentException>(() => VerificationSummary.CreateStatement(request));
        }

        [TestMethod]
        public void A_package_without_a_content_hash_is_reported_but_not_a_subject()
        {
            var noHash = new PackageVerificationResult("Acme.Gone", "1.0.0", PackageVerificationOutcome.Tampered, "no .nupkg.metadata");
            JsonObject statement = Parse(VerificationSummary.CreateStatement(Request(Verified("Acme.Lib"),
                new VerificationSummaryPackage(noHash, RestoredPackageVerifierTests.Policy().Resolve("Acme.Gone")))));

            Assert.AreEqual(1, statement.GetArray("subject")!.Count);
            JsonObject predicate = statement.GetObject("predicate")!;
            Assert.AreEqual("FAILED", predicate.GetString("verificationResult"));
            JsonObject gone = (JsonObject)predicate.GetArray(VerificationSummary.PackagesField)!.Items[0];
            Assert.AreEqual("pkg:nuget/Acme.Gone@1.0.0", gone.GetString("uri"));
            Assert.IsNull(gone["digest"]);
        }

        [TestMethod]
        public void Conflicting_or_malformed_input_is_refused()
        {
            PackageVerificationResult other = VerifiedResult("Acme.Lib");
            other.StatementSha256 = new string('e', 64);
            var conflicting = new VerificationSummaryPackage(other, new PolicyDecision(PolicyDecisionLevel.Verified, null, ""), required: true);
            Assert.ThrowsExactly<ArgumentException>(() => VerificationSummary.CreateStatement(Request(Verified("Acme.Lib"), conflicting)));

            PackageVerificationResult upper = VerifiedResult("Acme.Lib");
            upper.ContentHashSha512 = upper.ContentHashSha512!.ToUpperInvariant();
            Assert.ThrowsExactly<ArgumentException>(() => VerificationSummary.CreateStatement(Request(new VerificationSummaryPackage(upper, RestoredPackageVerifierTests.Policy().Resolve("Acme.Lib")))));

            VerificationSummaryRequest relativeVerifier = Request(Verified("Acme.Lib"));
            relativeVerifier.VerifierId = "restore-gate";
            Assert.ThrowsExactly<ArgumentException>(() => VerificationSummary.CreateStatement(relativeVerifier));
        }

        [TestMethod]
        public void An_unwritable_path_is_PROV1012()
        {
            using var scratch = new Scratch();
            string blocker = scratch.File("blocker");
            File.WriteAllText(blocker, "a file where a folder should be");

            var e = Assert.ThrowsExactly<ProvenanceException>(() => VerificationSummary.Write(Path.Combine(blocker, "App.vsa.json"), Request(Verified("Acme.Lib")), PackageKeys.Acme));
            Assert.AreEqual(DiagnosticCodes.OutputNotWritable, e.Code);
        }

        // ---- helpers ----

        private static VerificationSummaryRequest Request(params VerificationSummaryPackage[] packages) =>
            Request("git+https://github.com/o/r.git@" + Commit + "#src/App/App.csproj", packages);

        private static VerificationSummaryRequest Request(string resourceUri, params VerificationSummaryPackage[] packages)
        {
            var request = new VerificationSummaryRequest(resourceUri, PolicyText, packages) { TimeVerified = Time };
            request.VerifierVersion["Provenance.MSBuild"] = "0.1.0";
            return request;
        }

        private static string ContentHash(string id) => Sha512(id);

        private static PackageVerificationResult VerifiedResult(string id) =>
            new PackageVerificationResult(id, "1.2.3", PackageVerificationOutcome.Verified, $"{id} 1.2.3: verified")
            {
                ContentHashSha512 = ContentHash(id),
                StatementSha256 = new string('d', 64),
                SignerHint = PackageKeys.Acme.PublicKey.Hint,
                SourceRepository = "https://github.com/acme/lib",
            };

        private static PackageVerificationResult NotAttestedResult(string id) =>
            new PackageVerificationResult(id, "1.2.3", PackageVerificationOutcome.NotAttested, $"{id} 1.2.3 carries no provenance")
            {
                ContentHashSha512 = ContentHash(id),
            };

        private static VerificationSummaryPackage Verified(string id) =>
            new VerificationSummaryPackage(VerifiedResult(id), Rule(id, required: true));

        private static VerificationSummaryPackage NotAttested(string id, bool required) =>
            new VerificationSummaryPackage(NotAttestedResult(id), Rule(id, required));

        private static VerificationSummaryPackage Tampered(string id, bool required = true)
        {
            PackageVerificationResult result = VerifiedResult(id);
            var tampered = new PackageVerificationResult(id, "1.2.3", PackageVerificationOutcome.Tampered, $"{id} 1.2.3: lib/x.dll changed")
            {
                ContentHashSha512 = result.ContentHashSha512,
                StatementSha256 = new string('f', 64),
                SignerHint = result.SignerHint,
            };
            return new VerificationSummaryPackage(tampered, Rule(id, required));
        }

        private static PackagePolicy Rule(string id, bool required) =>
            ProvenancePolicy.Create(new[] { new ProvenancePolicyItem(id) { Require = required ? "true" : "false" } }, PackageKeys.Trusted(PackageKeys.Acme)).Resolve(id);

        private static JsonObject Parse(byte[] statement) => (JsonObject)JsonReader.Parse(statement);

        private static JsonObject Predicate(VerificationSummaryRequest request) =>
            Parse(VerificationSummary.CreateStatement(request)).GetObject("predicate")!;

        private static List<string> Keys(JsonObject json) => json.Members.Select(m => m.Key).ToList();

        private static List<string> Strings(JsonArray array) => array.Items.Select(v => ((JsonString)v).Value).ToList();

        private static IEnumerable<JsonObject> Digests(JsonValue value)
        {
            if (value is JsonObject obj)
            {
                foreach (var member in obj.Members)
                {
                    if ((member.Key == "digest" || member.Key == "statement") && member.Value is JsonObject digest) yield return digest;
                    else foreach (JsonObject inner in Digests(member.Value)) yield return inner;
                }
            }
            else if (value is JsonArray array)
            {
                foreach (JsonValue item in array.Items)
                    foreach (JsonObject inner in Digests(item)) yield return inner;
            }
        }

        private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

        private static string Sha512(string seed) => Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(seed))).ToLowerInvariant();
    }
}
