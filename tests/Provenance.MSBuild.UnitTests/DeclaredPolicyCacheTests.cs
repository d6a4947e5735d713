using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Policy;

namespace Provenance.MSBuild.UnitTests
{
    /// <summary>
    /// The reader runs on every build; a cache under obj/ spares the evaluation while nothing it depends on changed, and
    /// must never return a policy that an edit, a new file or another environment would change.
    /// </summary>
    [TestClass]
    public sealed class DeclaredPolicyCacheTests
    {
        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        public void A_second_read_is_a_hit_that_returns_the_same_policy_without_evaluating()
        {
            using var scratch = WithImportedPolicy();

            var cold = Stopwatch.StartNew();
            DeclaredPolicy first = scratch.Read(cached: true);
            cold.Stop();
            int evaluations = DeclaredPolicyReader.EvaluationCount;
            var hit = Stopwatch.StartNew();
            DeclaredPolicy second = scratch.Read(cached: true);
            hit.Stop();
            TestContext.WriteLine($"cold (evaluation + cache write): {cold.Elapsed.TotalMilliseconds:F1} ms; hit: {hit.Elapsed.TotalMilliseconds:F1} ms");

            Assert.AreEqual(evaluations, DeclaredPolicyReader.EvaluationCount, "a hit does not evaluate");
            Assert.AreEqual(Describe(first), Describe(second));
            StringAssert.Contains(Describe(second), "Acme.*|true|https://github.com/acme/lib|-|-|-|" + scratch.Combine("eng", "acme.pub.pem"));
        }

        [TestMethod]
        public void A_change_to_an_imported_file_invalidates_the_cache()
        {
            using var scratch = WithImportedPolicy();
            scratch.Read(cached: true);
            int evaluations = DeclaredPolicyReader.EvaluationCount;

            string imported = scratch.File(Path.Combine("eng", "provenance.props"),
                "<Project>\n  <ItemGroup>\n    <ProvenancePolicy Include=\"Contoso.*\" />\n  </ItemGroup>\n</Project>\n");
            File.SetLastWriteTimeUtc(imported, DateTime.UtcNow.AddSeconds(2));
            DeclaredPolicy after = scratch.Read(cached: true);

            Assert.AreEqual(evaluations + 1, DeclaredPolicyReader.EvaluationCount);
            CollectionAssert.AreEqual(new[] { "Contoso.*" }, after.Policies.Select(p => p.Include).ToList());
        }

        [TestMethod]
        public void A_file_that_appears_behind_an_Exists_import_invalidates_the_cache()
        {
            using var scratch = new ScratchProject();
            scratch.File("Directory.Build.props",
                "<Project>\n  <Import Project=\"eng/provenance.props\" Condition=\"Exists('eng/provenance.props')\" />\n</Project>\n");
            scratch.Project("");
            Assert.AreEqual(0, scratch.Read(cached: true).Policies.Count);

            scratch.File(Path.Combine("eng", "provenance.props"), "<Project>\n  <ItemGroup>\n    <ProvenancePolicy Include=\"Acme.*\" />\n  </ItemGroup>\n</Project>\n");

            CollectionAssert.AreEqual(new[] { "Acme.*" }, scratch.Read(cached: true).Policies.Select(p => p.Include).ToList());
        }

        [TestMethod]
        public void A_file_that_a_wildcard_import_picks_up_invalidates_the_cache()
        {
            using var scratch = new ScratchProject();
            scratch.File("Directory.Build.props", "<Project>\n  <Import Project=\"$(MSBuildThisFileDirectory)eng/*.provenance.props\" />\n</Project>\n");
            scratch.Project("");
            Assert.AreEqual(0, scratch.Read(cached: true).Policies.Count);

            scratch.File(Path.Combine("eng", "acme.provenance.props"), "<Project>\n  <ItemGroup>\n    <ProvenancePolicy Include=\"Acme.*\" />\n  </ItemGroup>\n</Project>\n");

            CollectionAssert.AreEqual(new[] { "Acme.*" }, scratch.Read(cached: true).Policies.Select(p => p.Include).ToList());
        }

        [TestMethod]
        public void A_nearer_Directory_Build_props_invalidates_the_cache()
        {
            using var scratch = new ScratchProject();
            scratch.File(Path.Combine("src", "App", "App.csproj"), string.Format(ScratchProject.SdkProject, ""));
            string project = scratch.Combine("src", "App", "App.csproj");
            string cache = scratch.Combine("src", "App", "obj", "policy.cache");
            var none = new System.Collections.Generic.Dictionary<string, string>();
            Assert.AreEqual(0, DeclaredPolicyReader.Read(project, none, cache).Policies.Count);

            scratch.File(Path.Combine("src", "Directory.Build.props"), "<Project>\n  <ItemGroup>\n    <ProvenancePolicy Include=\"Acme.*\" />\n  </ItemGroup>\n</Project>\n");

            CollectionAssert.AreEqual(new[] { "Acme.*" }, DeclaredPolicyReader.Read(project, none, cache).Policies.Select(p => p.Include).ToList());
        }

        [TestMethod]
        public void Another_environment_or_other_global_properties_miss_the_cache()
        {
            using var scratch = new ScratchProject();
            scratch.Project("  <ItemGroup>\n    <ProvenancePolicy Include=\"$(PolicyPattern)\" />\n  </ItemGroup>\n");
            string name = "PolicyPattern";
            try
            {
                Environment.SetEnvironmentVariable(name, "Acme.*");
                CollectionAssert.AreEqual(new[] { "Acme.*" }, scratch.Read(cached: true).Policies.Select(p => p.Include).ToList());

                Environment.SetEnvironmentVariable(name, "Contoso.*");
                CollectionAssert.AreEqual(new[] { "Contoso.*" }, scratch.Read(cached: true).Policies.Select(p => p.Include).ToList());

                var global = new System.Collections.Generic.Dictionary<string, string> { [name] = "Fabrikam.*" };
                CollectionAssert.AreEqual(new[] { "Fabrikam.*" }, scratch.Read(global, cached: true).Policies.Select(p => p.Include).ToList());
            }
            finally
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        [TestMethod]
        public void A_damaged_cache_file_is_a_miss()
        {
            using var scratch = WithImportedPolicy();
            scratch.Read(cached: true);
            File.WriteAllText(scratch.CacheFile, File.ReadAllText(scratch.CacheFile).Replace("policy\t", "policx\t"));
            int evaluations = DeclaredPolicyReader.EvaluationCount;

            DeclaredPolicy policy = scratch.Read(cached: true);

            Assert.AreEqual(evaluations + 1, DeclaredPolicyReader.EvaluationCount);
            Assert.AreEqual("Acme.*", policy.Policies.Single().Include);
        }

        private static ScratchProject WithImportedPolicy()
        {
            var scratch = new ScratchProject();
            scratch.File("Directory.Build.props", "<Project>\n  <Import Project=\"$(MSBuildThisFileDirectory)eng/provenance.props\" />\n</Project>\n");
            scratch.File(Path.Combine("eng", "provenance.props"),
                "<Project>\n  <ItemGroup>\n    <ProvenanceTrustedKey Include=\"$(MSBuildThisFileDirectory)acme.pub.pem\" />\n" +
                "    <ProvenancePolicy Include=\"Acme.*\" Require=\"true\" SourceRepository=\"https://github.com/acme/lib\" />\n  </ItemGroup>\n</Project>\n");
            scratch.Project("");
            return scratch;
        }

        private static string Describe(DeclaredPolicy policy) =>
            string.Join("\n", policy.Policies.Select(p => string.Join("|", p.Include, p.Require ?? "-", p.SourceRepository ?? "-", p.Severity ?? "-", p.AllowDevelopmentKey ?? "-", p.TrustedKeys ?? "-")))
            + "|" + string.Join(";", policy.TrustedKeyFiles) + "|" + string.Join(";", policy.DeclaringFiles);
    }
}
