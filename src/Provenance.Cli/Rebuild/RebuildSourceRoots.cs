using System;
using System.Linq;
using System.Security;

namespace Provenance.Cli.Rebuild
{
    /// <summary>
    /// A build outside CI maps no source paths, so its PDB names the folder it was built in twice: in the document
    /// paths (the rebuild's -p:PathMap gives those back) and in SourceLink's map ("/orig/root/*" → the repository's
    /// raw URL), which SourceLink writes from @(SourceRoot), the clone's own folder. This MSBuild file, passed as
    /// CustomAfterMicrosoftCommonTargets, renames the clone's SourceRoot items to the original folder before SourceLink
    /// reads them. A hook the original build had under that name is imported first.
    /// </summary>
    internal static class RebuildSourceRoots
    {
        public const string FileName = "provenance-rebuild.targets";
        public const string Property = "CustomAfterMicrosoftCommonTargets";

        /// <summary>
        /// Whether a folder can be written into the file as it is. The original folder comes from the original
        /// assembly's PDB path, which whoever built it chose: a name with MSBuild syntax in it ($, @, %, ', ;, parentheses)
        /// could run property functions, so such a folder gets no renaming (the rebuild says so) rather than escaping.
        /// </summary>
        public static bool IsPlainPath(string path) =>
            path.Length > 0 && path.Length < 1024 && path.All(c => char.IsLetterOrDigit(c) || "/\\_-.+~,=: #".IndexOf(c) >= 0);

        /// <summary>The file's text; null when a folder is not plain (see <see cref="IsPlainPath"/>).</summary>
        public static string? Targets(string cloneRoot, string originalRoot, string? chainedHook)
        {
            string clone = WithSlash(cloneRoot), original = WithSlash(originalRoot);
            if (!IsPlainPath(clone) || !IsPlainPath(original) || (chainedHook != null && !IsPlainPath(chainedHook))) return null;
            string chained = chainedHook == null ? "" :
                $"  <Import Project=\"{SecurityElement.Escape(chainedHook)}\" Condition=\"Exists('{SecurityElement.Escape(chainedHook)}')\" />\n";
            return "<Project>\n" +
                   "  <!-- Written by dotnet-provenance rebuild: the clone's source roots take the original build's folder. -->\n" +
                   chained +
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
                   "  </Target>\n" +
                   "</Project>\n";
        }

        private static string WithSlash(string path) => path.EndsWith("/", StringComparison.Ordinal) || path.EndsWith("\\", StringComparison.Ordinal) ? path : path + "/";
    }
}
