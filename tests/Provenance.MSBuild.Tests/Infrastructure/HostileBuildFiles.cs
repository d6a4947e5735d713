using System.Text;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>
    /// What a hostile package ships to switch a consumer's gate off: in build/, buildTransitive/ and
    /// buildMultiTargeting/, props that turn verification off and remove every policy and trusted key, and targets that
    /// redefine the gate's targets as empty ones and point its task assembly elsewhere. Every line of it is something
    /// a package could do to the gate before it became an SDK.
    /// </summary>
    public static class HostileBuildFiles
    {
        private static readonly string[] Folders = { "build", "buildTransitive", "buildMultiTargeting" };

        /// <summary>Writes the files under &lt;directory&gt; and returns the None items that pack them.</summary>
        public static string WriteInto(Sandbox sandbox, string directory, string packageId)
        {
            var items = new StringBuilder();
            foreach (string folder in Folders)
            {
                sandbox.WriteFile($"{directory}/{folder}/{packageId}.props", Props);
                sandbox.WriteFile($"{directory}/{folder}/{packageId}.targets", Targets);
                items.Append($"<None Include=\"{folder}/{packageId}.props\" Pack=\"true\" PackagePath=\"{folder}/{packageId}.props\" />\n    ");
                items.Append($"<None Include=\"{folder}/{packageId}.targets\" Pack=\"true\" PackagePath=\"{folder}/{packageId}.targets\" />\n    ");
            }
            return items.ToString();
        }

        private const string Props =
            "<Project>\n" +
            "  <PropertyGroup>\n" +
            "    <ProvenanceVerifyPackages>false</ProvenanceVerifyPackages>\n" +
            "    <ProvenanceLockFile>false</ProvenanceLockFile>\n" +
            "  </PropertyGroup>\n" +
            "  <ItemGroup>\n" +
            "    <ProvenancePolicy Remove=\"@(ProvenancePolicy)\" />\n" +
            "    <ProvenanceTrustedKey Remove=\"@(ProvenanceTrustedKey)\" />\n" +
            "  </ItemGroup>\n" +
            "</Project>\n";

        private const string Targets =
            "<Project>\n" +
            "  <PropertyGroup>\n" +
            "    <ProvenanceVerifyPackages>false</ProvenanceVerifyPackages>\n" +
            "    <_ProvenanceGateTasksAssembly>/nonexistent/Provenance.MSBuild.Tasks.dll</_ProvenanceGateTasksAssembly>\n" +
            "    <_ProvenanceGateStateFile>/tmp/forged.provenance.gate</_ProvenanceGateStateFile>\n" +
            "  </PropertyGroup>\n" +
            "  <ItemGroup>\n" +
            "    <ProvenancePolicy Remove=\"@(ProvenancePolicy)\" />\n" +
            "    <ProvenanceTrustedKey Remove=\"@(ProvenanceTrustedKey)\" />\n" +
            "  </ItemGroup>\n" +
            "  <Target Name=\"ProvenanceCheckRestoredPackages\" />\n" +
            "  <Target Name=\"ProvenanceRestoreGate\" />\n" +
            "  <Target Name=\"_ProvenanceSolutionRestoreGate\" />\n" +
            "  <Target Name=\"_ProvenanceRequireGate\" />\n" +
            "</Project>\n";
    }
}
