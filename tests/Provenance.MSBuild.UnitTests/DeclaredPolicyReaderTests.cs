using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Policy;
using Provenance.Packages;

namespace Provenance.MSBuild.UnitTests
{
    /// <summary>
    /// ProvenancePolicy means what it says wherever it is written: a wildcard is a package pattern (MSBuild would drop
    /// Acme.* as an unmatched file glob and turn * into the project's files), and conditions, imports, properties,
    /// Remove and Update are honoured as MSBuild honours them.
    /// </summary>
    [TestClass]
    public sealed class DeclaredPolicyReaderTests
    {
        [TestMethod]
        public void A_wildcard_policy_in_the_project_is_kept_with_its_metadata_beside_exact_ids_and_trusted_keys()
        {
            using var scratch = new ScratchProject();
            scratch.Project(
                "  <ItemGroup>\n" +
                "    <ProvenanceTrustedKey Include=\"keys/acme.pub.pem\" />\n" +
                "    <ProvenancePolicy Include=\"Acme.*\" Require=\"true\" SourceRepository=\"https://github.com/acme/lib\" />\n" +
                "    <ProvenancePolicy Include=\"Other.Exact\" Require=\"false\">\n      <Severity>warning</Severity>\n    </ProvenancePolicy>\n" +
                "  </ItemGroup>\n");

            DeclaredPolicy policy = scratch.Read();

            CollectionAssert.AreEqual(new[] { "Acme.*", "Other.Exact" }, Includes(policy));
            ProvenancePolicyItem acme = policy.Policies[0];
            Assert.AreEqual("true", acme.Require);
            Assert.AreEqual("https://github.com/acme/lib", acme.SourceRepository);
            Assert.IsNull(acme.Severity, "metadata not declared stays absent (the policy's default applies)");
            Assert.AreEqual("false", policy.Policies[1].Require);
            Assert.AreEqual("warning", policy.Policies[1].Severity);
            CollectionAssert.AreEqual(new[] { scratch.Combine("keys", "acme.pub.pem") }, policy.TrustedKeyFiles.ToList());
            CollectionAssert.AreEqual(new[] { scratch.ProjectFile }, policy.DeclaringFiles.ToList());
        }

        [TestMethod]
        public void A_wildcard_policy_in_Directory_Build_props_is_kept()
        {
            using var scratch = new ScratchProject();
            string props = scratch.File("Directory.Build.props",
                "<Project>\n  <ItemGroup>\n    <ProvenancePolicy Include=\"Acme.*\" SourceRepository=\"https://github.com/acme/lib\" />\n  </ItemGroup>\n</Project>\n");
            scratch.Project("");

            DeclaredPolicy policy = scratch.Read();

            CollectionAssert.AreEqual(new[] { "Acme.*" }, Includes(policy));
            Assert.AreEqual("https://github.com/acme/lib", policy.Policies[0].SourceRepository);
            CollectionAssert.AreEqual(new[] { props }, policy.DeclaringFiles.ToList());
        }

        [TestMethod]
        public void A_wildcard_policy_in_a_file_imported_from_Directory_Build_props_is_kept_and_its_own_folder_is_MSBuildThisFileDirectory()
        {
            using var scratch = new ScratchProject();
            scratch.File("Directory.Build.props", "<Project>\n  <Import Project=\"$(MSBuildThisFileDirectory)eng/provenance.props\" />\n</Project>\n");
            string imported = scratch.File(Path.Combine("eng", "provenance.props"),
                "<Project>\n  <PropertyGroup><AcmePrefix>Acme</AcmePrefix></PropertyGroup>\n  <ItemGroup>\n" +
                "    <ProvenancePolicy Include=\"$(AcmePrefix).*;Contoso.?\" TrustedKeys=\"$(MSBuildThisFileDirectory)acme.pub.pem\" />\n" +
                "    <ProvenanceTrustedKey Include=\"$(MSBuildThisFileDirectory)acme.pub.pem\" />\n" +
                "  </ItemGroup>\n</Project>\n");
            scratch.Project("");

            DeclaredPolicy policy = scratch.Read();

            CollectionAssert.AreEqual(new[] { "Acme.*", "Contoso.?" }, Includes(policy), "a property in Include is expanded and each ';' part is one item");
            string key = scratch.Combine("eng", "acme.pub.pem");
            Assert.AreEqual(key, policy.Policies[0].TrustedKeys, "metadata is expanded in the file that declares it");
            CollectionAssert.AreEqual(new[] { key }, policy.TrustedKeyFiles.ToList());
            CollectionAssert.AreEqual(new[] { imported }, policy.DeclaringFiles.ToList());
        }

        [TestMethod]
        public void Conditions_on_the_item_its_group_a_When_and_the_import_are_honoured_with_the_global_properties()
        {
            using var scratch = new ScratchProject();
            scratch.File("Directory.Build.props",
                "<Project>\n  <Import Project=\"eng/release.props\" Condition=\"'$(Configuration)' == 'Release'\" />\n</Project>\n");
            scratch.File(Path.Combine("eng", "release.props"),
                "<Project>\n  <ItemGroup>\n    <ProvenancePolicy Include=\"ReleaseImport.*\" />\n  </ItemGroup>\n</Project>\n");
            scratch.Project(
                "  <ItemGroup Condition=\"'$(Configuration)' == 'Debug'\">\n    <ProvenancePolicy Include=\"DebugGroup.*\" />\n  </ItemGroup>\n" +
                "  <ItemGroup Condition=\"'$(Configuration)' == 'Release'\">\n    <ProvenancePolicy Include=\"ReleaseGroup.*\" />\n  </ItemGroup>\n" +
                "  <ItemGroup>\n    <ProvenancePolicy Include=\"ReleaseItem.*\" Condition=\"'$(Configuration)' == 'Release'\" />\n  </ItemGroup>\n" +
                "  <Choose>\n    <When Condition=\"'$(Configuration)' == 'Release'\">\n      <ItemGroup><ProvenancePolicy Include=\"ReleaseWhen.*\" /></ItemGroup>\n    </When>\n" +
                "    <Otherwise>\n      <ItemGroup><ProvenancePolicy Include=\"DebugOtherwise.*\" /></ItemGroup>\n    </Otherwise>\n  </Choose>\n");

            DeclaredPolicy debug = scratch.Read();
            DeclaredPolicy release = scratch.Read(new Dictionary<string, string> { ["Configuration"] = "Release" });

            CollectionAssert.AreEquivalent(new[] { "DebugGroup.*", "DebugOtherwise.*" }, Includes(debug));
            CollectionAssert.AreEquivalent(new[] { "ReleaseImport.*", "ReleaseGroup.*", "ReleaseItem.*", "ReleaseWhen.*" }, Includes(release));
        }

        [TestMethod]
        public void A_star_policy_is_not_turned_into_the_projects_files()
        {
            using var scratch = new ScratchProject();
            scratch.File("Program.cs", "class Program { static void Main() { } }\n");
            scratch.File("Acme.Lib", "a file that Acme.* would match as a glob\n");
            scratch.Project("  <ItemGroup>\n    <ProvenancePolicy Include=\"*\" Severity=\"warning\" />\n    <ProvenancePolicy Include=\"Acme.*\" />\n  </ItemGroup>\n");

            DeclaredPolicy policy = scratch.Read();

            CollectionAssert.AreEqual(new[] { "*", "Acme.*" }, Includes(policy));
            Assert.AreEqual("warning", policy.Policies[0].Severity);
        }

        [TestMethod]
        public void Metadata_with_properties_is_expanded_and_item_definitions_supply_defaults()
        {
            using var scratch = new ScratchProject();
            scratch.Project(
                "  <PropertyGroup><AcmeRepository>https://github.com/acme</AcmeRepository><StrictProvenance>false</StrictProvenance></PropertyGroup>\n" +
                "  <ItemDefinitionGroup><ProvenancePolicy><AllowDevelopmentKey>$(StrictProvenance)</AllowDevelopmentKey></ProvenancePolicy></ItemDefinitionGroup>\n" +
                "  <ItemGroup>\n    <ProvenancePolicy Include=\"Acme.*\" SourceRepository=\"$(AcmeRepository)/lib\">\n" +
                "      <Severity Condition=\"'$(StrictProvenance)' != 'true'\">warning</Severity>\n    </ProvenancePolicy>\n  </ItemGroup>\n");

            ProvenancePolicyItem acme = scratch.Read().Policies.Single();

            Assert.AreEqual("Acme.*", acme.Include);
            Assert.AreEqual("https://github.com/acme/lib", acme.SourceRepository);
            Assert.AreEqual("warning", acme.Severity);
            Assert.AreEqual("false", acme.AllowDevelopmentKey);
        }

        [TestMethod]
        public void Remove_and_Update_name_wildcard_declarations_literally()
        {
            using var scratch = new ScratchProject();
            scratch.File("Directory.Build.props",
                "<Project>\n  <ItemGroup>\n    <ProvenancePolicy Include=\"Acme.*;Contoso.*;Contoso.Lib\" />\n  </ItemGroup>\n</Project>\n");
            scratch.Project("  <ItemGroup>\n    <ProvenancePolicy Remove=\"Contoso.*\" />\n    <ProvenancePolicy Update=\"Acme.*\" Require=\"false\" />\n  </ItemGroup>\n");

            DeclaredPolicy policy = scratch.Read();

            CollectionAssert.AreEqual(new[] { "Acme.*", "Contoso.Lib" }, Includes(policy), "Remove=\"Contoso.*\" removes that declaration, not every Contoso id");
            Assert.AreEqual("false", policy.Policies[0].Require);
            Assert.IsNull(policy.Policies[1].Require);
        }

        [TestMethod]
        public void The_escaped_form_still_means_the_wildcard()
        {
            using var scratch = new ScratchProject();
            scratch.Project("  <ItemGroup>\n    <ProvenancePolicy Include=\"Acme.%2A\" />\n  </ItemGroup>\n");

            CollectionAssert.AreEqual(new[] { "Acme.*" }, Includes(scratch.Read()));
        }

        [TestMethod]
        public void A_policy_inside_a_target_is_an_error_naming_the_file_and_line()
        {
            using var scratch = new ScratchProject();
            string props = scratch.File("Directory.Build.targets",
                "<Project>\n  <Target Name=\"AddPolicy\">\n    <ItemGroup>\n      <ProvenancePolicy Include=\"Acme.*\" />\n    </ItemGroup>\n  </Target>\n</Project>\n");
            scratch.Project("");

            var error = Assert.ThrowsExactly<ProvenanceException>(() => scratch.Read());

            Assert.AreEqual(DiagnosticCodes.PolicyInvalid, error.Code);
            StringAssert.Contains(error.Message, props);
            StringAssert.Contains(error.Message, "line 4");
            StringAssert.Contains(error.Message, "AddPolicy");
        }

        [TestMethod]
        public void A_trusted_key_inside_a_target_is_an_error()
        {
            using var scratch = new ScratchProject();
            scratch.Project("  <Target Name=\"AddKey\">\n    <ItemGroup><ProvenanceTrustedKey Include=\"keys/acme.pub.pem\" /></ItemGroup>\n  </Target>\n");

            Assert.AreEqual(DiagnosticCodes.PolicyInvalid, Assert.ThrowsExactly<ProvenanceException>(() => scratch.Read()).Code);
        }

        [TestMethod]
        public void An_item_or_metadata_reference_in_a_policy_is_an_error()
        {
            using var scratch = new ScratchProject();
            scratch.Project("  <ItemGroup>\n    <Vendor Include=\"Acme.*\" />\n    <ProvenancePolicy Include=\"@(Vendor)\" />\n  </ItemGroup>\n");

            var error = Assert.ThrowsExactly<ProvenanceException>(() => scratch.Read());

            Assert.AreEqual(DiagnosticCodes.PolicyInvalid, error.Code);
            StringAssert.Contains(error.Message, "@(Vendor)");
        }

        [TestMethod]
        public void A_project_that_cannot_be_evaluated_is_an_error()
        {
            using var scratch = new ScratchProject();
            scratch.File("App.csproj", "<Project>\n  <Import Project=\"missing.props\" />\n</Project>\n");

            Assert.AreEqual(DiagnosticCodes.PolicyInvalid, Assert.ThrowsExactly<ProvenanceException>(() => scratch.Read()).Code);
        }

        private static List<string> Includes(DeclaredPolicy policy) => policy.Policies.Select(p => p.Include).ToList();
    }
}
