using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Gate;
using Provenance.Tests.Capture;

namespace Provenance.Tests.Gate
{
    /// <summary>A rejected restore leaves NuGet's generated imports importing nothing and failing the build, and forces a full next restore.</summary>
    [TestClass]
    public sealed class RestoreQuarantineTests
    {
        [TestMethod]
        public void NuGets_imports_are_replaced_by_an_error_and_its_no_op_cache_removed()
        {
            using var scratch = new ScratchDirectory();
            string props = scratch.File("obj/App.csproj.nuget.g.props", "<Project><Import Project=\"/packages/evil/build/evil.props\" /></Project>");
            string targets = scratch.File("obj/App.csproj.nuget.g.targets", "<Project><Import Project=\"/packages/evil/build/evil.targets\" /></Project>");
            string cache = scratch.File("obj/project.nuget.cache", "{}");

            RestoreQuarantine.Apply(props, targets, cache, "/work/obj/report;$(x)@(y).json");

            foreach (string file in new[] { props, targets })
            {
                string text = File.ReadAllText(file);
                Assert.DoesNotContain("Import", text, "nothing of the packages is imported");
                StringAssert.Contains(text, "InitialTargets=\"_ProvenanceRestoreRejected\"");
                StringAssert.Contains(text, "Code=\"PROV2011\"");
                StringAssert.Contains(text, "%3B%24(x)%40(y)", "MSBuild must print the path, not expand it");
                System.Xml.Linq.XDocument.Parse(text); // well-formed
            }
            Assert.IsFalse(File.Exists(cache));
            Assert.IsTrue(RestoreQuarantine.IsQuarantined(props));
        }
    }
}
