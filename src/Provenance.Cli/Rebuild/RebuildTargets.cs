using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;

namespace Provenance.Cli.Rebuild
{
    /// <summary>
    /// The MSBuild file the rebuild passes as CustomAfterMicrosoftCommonTargets (a hook the original build had under
    /// that name is imported first). It does two things inside the one `dotnet build` (restore included) that a rebuild is:
    /// <list type="bullet">
    /// <item>The package check, after NuGet's Restore in the restore's own evaluation (which imports no package's build
    /// files): every recorded package must be in the rebuild's own packages folder with the recorded content hash, or
    /// the restore fails before the build evaluation imports anything a package brought. A second process for the
    /// restore would cost a whole MSBuild start (0.5-1 s, the largest overhead over a normal build).</item>
    /// <item>For a build outside CI (no mapped source paths), the clone's SourceRoot items renamed to the original
    /// folder before SourceLink writes its map ("/orig/root/*" → the repository's raw URL) into the PDB; the rebuild's
    /// -p:PathMap gives back the document and CodeView paths.</item>
    /// </list>
    /// Everything written here comes from a statement or a PDB whoever built the original chose: values are either
    /// restricted to characters with no meaning to MSBuild or XML, or the part is left out and the rebuild says so.
    /// </summary>
    internal static class RebuildTargets
    {
        public const string FileName = "provenance-rebuild.targets";
        public const string Property = "CustomAfterMicrosoftCommonTargets";

        /// <summary>
        /// The outer build of a project with TargetFrameworks (plural) imports Microsoft.Common.CrossTargeting.targets,
        /// which imports this hook and not <see cref="Property"/>: the restore of such a project runs there.
        /// </summary>
        public const string CrossTargetingProperty = "CustomAfterMicrosoftCommonCrossTargetingTargets";

        /// <summary>Written by the package check when it ran (whatever it found): a build without it was not checked.</summary>
        public const string PackageCheckRanFile = "package-check.ran";

        /// <summary>Written by the package check when it fails: one problem a line.</summary>
        public const string PackageProblemsFile = "package-check.failed";

        /// <summary>Whether a path can be written into the file as it is (no $, @, %, ', ;, parentheses, quotes, angle brackets).</summary>
        public static bool IsPlainPath(string path) =>
            path.Length > 0 && path.Length < 1024 && path.All(c => char.IsLetterOrDigit(c) || "/\\_-.+~,=: #".IndexOf(c) >= 0);

        /// <summary>NuGet ids and normalized versions: letters, digits, '.', '-', '_', '+'.</summary>
        internal static bool IsPlainPackageName(string value) =>
            value.Length > 0 && value.Length <= 256 && value.All(c => (c < 128 && char.IsLetterOrDigit(c)) || c == '.' || c == '-' || c == '_' || c == '+') && !value.Contains("..");

        public sealed class Parts
        {
            /// <summary>The original build's CustomAfterMicrosoftCommonTargets, imported first; null when it had none.</summary>
            public string? ChainedHook { get; set; }

            /// <summary>The original build's CustomAfterMicrosoftCommonCrossTargetingTargets, imported first in an outer build.</summary>
            public string? ChainedCrossTargetingHook { get; set; }

            /// <summary>The clone's root and the original root, when source roots are renamed.</summary>
            public string? CloneRoot { get; set; }
            public string? OriginalRoot { get; set; }

            /// <summary>The rebuild's own packages folder and the recorded packages (id, version, sha512 hex).</summary>
            public string? PackagesFolder { get; set; }
            public string? ProblemsFile { get; set; }
            public IReadOnlyList<(string Id, string Version, string Sha512Hex)> Packages { get; set; } = Array.Empty<(string, string, string)>();
        }

        /// <summary>What could not be written safely, for the rebuild's notes (and the fallback it takes).</summary>
        public sealed class Written
        {
            public string Text { get; set; } = "";
            public bool RenamesSourceRoots { get; set; }
            public bool ChecksPackages { get; set; }
            public List<string> Omissions { get; } = new List<string>();
        }

        public static Written Write(Parts parts)
        {
            var written = new Written();
            var text = new StringBuilder("<Project>\n  <!-- Written by dotnet-provenance rebuild. -->\n");
            // One file serves both hooks: each recorded one is imported where MSBuild would have imported it.
            foreach (var (hook, name, outer) in new[] { (parts.ChainedHook, Property, "!="), (parts.ChainedCrossTargetingHook, CrossTargetingProperty, "==") })
            {
                if (hook == null) continue;
                if (IsPlainPath(hook))
                    text.Append($"  <Import Project=\"{SecurityElement.Escape(hook)}\" Condition=\"Exists('{SecurityElement.Escape(hook)}') and '$(IsCrossTargetingBuild)' {outer} 'true'\" />\n");
                else written.Omissions.Add($"the original build's {name} '{hook}' has characters MSBuild would read as syntax: it is not imported");
            }
            if (parts.CloneRoot != null && parts.OriginalRoot != null)
            {
                string clone = WithSlash(parts.CloneRoot), original = WithSlash(parts.OriginalRoot);
                if (IsPlainPath(clone) && IsPlainPath(original))
                {
                    AppendSourceRoots(text, clone, original);
                    written.RenamesSourceRoots = true;
                }
                else written.Omissions.Add($"the original folder '{parts.OriginalRoot}' has characters MSBuild would read as syntax: SourceLink's map keeps the clone's folder, so a PDB with SourceLink will differ");
            }
            if (parts.PackagesFolder != null && parts.ProblemsFile != null && IsPlainPath(parts.PackagesFolder) && IsPlainPath(parts.ProblemsFile) &&
                Path.GetDirectoryName(parts.ProblemsFile) is string folder && IsPlainPath(folder) &&
                parts.Packages.All(p => IsPlainPackageName(p.Id) && IsPlainPackageName(p.Version) && Diff.ListMath.IsLowerHex(p.Sha512Hex, 128)))
            {
                AppendPackageCheck(text, WithSlash(parts.PackagesFolder), parts.ProblemsFile, Path.Combine(Path.GetDirectoryName(parts.ProblemsFile)!, PackageCheckRanFile), parts.Packages);
                written.ChecksPackages = true;
            }
            text.Append("</Project>\n");
            written.Text = text.ToString();
            return written;
        }

        private static void AppendSourceRoots(StringBuilder text, string clone, string original)
        {
            text.Append(
                "  <PropertyGroup>\n" +
                $"    <_ProvenanceRebuildClone>{SecurityElement.Escape(clone)}</_ProvenanceRebuildClone>\n" +
                $"    <_ProvenanceRebuildOriginal>{SecurityElement.Escape(original)}</_ProvenanceRebuildOriginal>\n" +
                // Provenance.MSBuild takes the repository root from @(SourceRoot): it must stay the clone.
                "    <ProvenanceRepositoryRoot Condition=\"'$(ProvenanceRepositoryRoot)' == ''\">$(_ProvenanceRebuildClone)</ProvenanceRepositoryRoot>\n" +
                "  </PropertyGroup>\n" +
                "  <Target Name=\"_ProvenanceRebuildSourceRoots\" AfterTargets=\"InitializeSourceControlInformationFromSourceControlManager\">\n" +
                "    <ItemGroup>\n" +
                "      <_ProvenanceRebuildSourceRoot Include=\"@(SourceRoot)\" Condition=\"$([System.String]::Copy('%(Identity)').StartsWith('$(_ProvenanceRebuildClone)'))\">\n" +
                "        <_ProvenanceTail>$([System.String]::Copy('%(Identity)').Substring($(_ProvenanceRebuildClone.Length)))</_ProvenanceTail>\n" +
                "      </_ProvenanceRebuildSourceRoot>\n" +
                "      <SourceRoot Remove=\"@(_ProvenanceRebuildSourceRoot)\" />\n" +
                "      <SourceRoot Include=\"@(_ProvenanceRebuildSourceRoot->'$(_ProvenanceRebuildOriginal)%(_ProvenanceTail)')\" RemoveMetadata=\"_ProvenanceTail\" />\n" +
                "    </ItemGroup>\n" +
                "  </Target>\n");
        }

        /// <summary>
        /// NuGet writes `.nupkg.metadata` (its contentHash, the sha512 the statement records) into each package folder it
        /// extracts; the hash is matched as its "contentHash" member, not anywhere in the file (the "source" member is a
        /// feed's URL or folder, which whoever serves the package chooses). The packages folder is the rebuild's own and starts empty, so what is there came from this restore.
        /// </summary>
        private static void AppendPackageCheck(StringBuilder text, string packages, string problemsFile, string ranFile, IReadOnlyList<(string Id, string Version, string Sha512Hex)> recorded)
        {
            text.Append("  <ItemGroup>\n");
            foreach (var package in recorded)
                text.Append($"    <_ProvenanceRecordedPackage Include=\"{package.Id.ToLowerInvariant()}/{package.Version.ToLowerInvariant()}\" Sha512=\"{Convert.ToBase64String(Convert.FromHexString(package.Sha512Hex))}\" />\n");
            text.Append("  </ItemGroup>\n");
            text.Append(
                "  <Target Name=\"_ProvenanceRebuildPackageCheck\" AfterTargets=\"Restore\">\n" +
                "    <ItemGroup>\n" +
                $"      <_ProvenanceMissingPackage Include=\"@(_ProvenanceRecordedPackage)\" Condition=\"!Exists('{packages}%(Identity)/.nupkg.metadata')\" />\n" +
                $"      <_ProvenanceRestoredPackage Include=\"@(_ProvenanceRecordedPackage)\" Exclude=\"@(_ProvenanceMissingPackage)\" />\n" +
                $"      <_ProvenanceOtherPackage Include=\"@(_ProvenanceRestoredPackage)\" Condition=\"'%(Identity)' != '' and !$([System.IO.File]::ReadAllText('{packages}%(Identity)/.nupkg.metadata').Contains('&quot;contentHash&quot;: &quot;%(Sha512)&quot;'))\" />\n" +
                "      <_ProvenancePackageProblem Include=\"@(_ProvenanceMissingPackage->'%(Identity) was not restored')\" />\n" +
                "      <_ProvenancePackageProblem Include=\"@(_ProvenanceOtherPackage->'%(Identity) was restored with another content hash than recorded (same version, other bytes)')\" />\n" +
                "    </ItemGroup>\n" +
                $"    <WriteLinesToFile File=\"{SecurityElement.Escape(ranFile)}\" Lines=\"ran\" Overwrite=\"true\" />\n" +
                $"    <WriteLinesToFile File=\"{SecurityElement.Escape(problemsFile)}\" Lines=\"@(_ProvenancePackageProblem)\" Overwrite=\"true\" Condition=\"'@(_ProvenancePackageProblem)' != ''\" />\n" +
                "    <Error Code=\"PROV2021\" Text=\"the restore did not bring the recorded packages, so the rebuild stops before any package's build files run: @(_ProvenancePackageProblem, '; ')\" Condition=\"'@(_ProvenancePackageProblem)' != ''\" />\n" +
                "  </Target>\n");
        }

        private static string WithSlash(string path) => path.EndsWith("/", StringComparison.Ordinal) || path.EndsWith("\\", StringComparison.Ordinal) ? path : path + "/";
    }
}
