using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;
using Provenance.Tests.Capture;

namespace Provenance.Tests.Packages
{
    /// <summary>MSBuild drops &lt;ProvenancePolicy Include="Acme.*" /&gt; as an unmatched file glob; the declaration is read back.</summary>
    [TestClass]
    public sealed class DeclaredPoliciesTests
    {
        [TestMethod]
        public void A_wildcard_policy_is_read_back_with_its_metadata_from_attributes_and_elements()
        {
            using var scratch = new ScratchDirectory();
            string project = scratch.File("App.csproj",
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n" +
                "    <ProvenancePolicy Include=\"Acme.*\" Require=\"true\" SourceRepository=\"https://github.com/acme/lib\" />\n" +
                "    <ProvenancePolicy Include=\"Other.Exact\" Require=\"false\" />\n" +
                "    <ProvenancePolicy Include=\"*\">\n      <Severity>warning</Severity>\n    </ProvenancePolicy>\n" +
                "  </ItemGroup>\n</Project>\n");

            var items = DeclaredPolicies.WildcardItems(new[] { project });

            Assert.AreEqual(2, items.Count, "exact ids survive MSBuild and are not read back");
            var acme = items.Single(i => i.Include == "Acme.*");
            Assert.AreEqual("true", acme.Require);
            Assert.AreEqual("https://github.com/acme/lib", acme.SourceRepository);
            Assert.AreEqual("warning", items.Single(i => i.Include == "*").Severity);
        }

        [TestMethod]
        public void A_wildcard_policy_under_a_condition_is_an_error_that_asks_for_the_escaped_form()
        {
            using var scratch = new ScratchDirectory();
            string project = scratch.File("App.csproj",
                "<Project>\n  <ItemGroup Condition=\"'$(Configuration)' == 'Release'\">\n    <ProvenancePolicy Include=\"Acme.*\" />\n  </ItemGroup>\n</Project>\n");

            var error = Assert.ThrowsExactly<ProvenanceException>(() => DeclaredPolicies.WildcardItems(new[] { project }));

            Assert.AreEqual(DiagnosticCodes.PolicyInvalid, error.Code);
            StringAssert.Contains(error.Message, "Acme.%2A");
            StringAssert.Contains(error.Message, project);
        }

        [TestMethod]
        public void A_wildcard_policy_with_a_property_is_an_error()
        {
            using var scratch = new ScratchDirectory();
            string project = scratch.File("Directory.Build.props",
                "<Project>\n  <ItemGroup>\n    <ProvenancePolicy Include=\"Acme.*\" SourceRepository=\"$(AcmeRepository)\" />\n  </ItemGroup>\n</Project>\n");

            Assert.AreEqual(DiagnosticCodes.PolicyInvalid,
                Assert.ThrowsExactly<ProvenanceException>(() => DeclaredPolicies.WildcardItems(new[] { project })).Code);
        }

        [TestMethod]
        public void The_escaped_form_is_left_to_MSBuild()
        {
            using var scratch = new ScratchDirectory();
            string project = scratch.File("App.csproj", "<Project>\n  <ItemGroup>\n    <ProvenancePolicy Include=\"Acme.%2A\" />\n  </ItemGroup>\n</Project>\n");

            Assert.AreEqual(0, DeclaredPolicies.WildcardItems(new[] { project }).Count);
        }
    }
}
