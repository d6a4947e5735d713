using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Exceptions;
using Provenance.Packages;

namespace Provenance.MSBuild.Policy
{
    /// <summary>
    /// Reads a project's ProvenancePolicy and ProvenanceTrustedKey items as MSBuild evaluates them, except that '*' and
    /// '?' in a ProvenancePolicy item mean a package pattern, not a file glob.
    /// </summary>
    /// <remarks>
    /// MSBuild drops <c>Include="Acme.*"</c> when no file matches and turns <c>Include="*"</c> into the project's files,
    /// so the policy would fail open. Reading the XML back instead would miss imports and conditions. So the project is
    /// evaluated once; every ProvenancePolicy element of the import closure whose Include, Exclude, Remove or Update
    /// expands to something with a wildcard is rewritten in memory (in a private ProjectCollection, never saved) to the
    /// expanded, escaped value (Acme.%2A), and the project is evaluated again. Everything else (conditions on the item,
    /// its ItemGroup, Choose/When and the import; metadata, item definitions, Remove, Update, evaluation order) is then
    /// MSBuild's own doing, so the policy means what MSBuild would make of it if '*' were an ordinary character.
    /// The expansion uses the final properties, as MSBuild's item pass does, and each file's own MSBuildThisFile*.
    /// </remarks>
    internal static class DeclaredPolicyReader
    {
        internal const string PolicyItemType = "ProvenancePolicy";
        internal const string TrustedKeyItemType = "ProvenanceTrustedKey";

        private static readonly char[] Wildcards = { '*', '?' };
        private static readonly Regex ThisFileProperty = new Regex(
            @"\$\(\s*(MSBuildThisFile(?:DirectoryNoRoot|Directory|FullPath|Name|Extension)?)\s*\)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static int evaluations;

        /// <summary>How many times Read evaluated a project (a cache hit does not); for tests.</summary>
        internal static int EvaluationCount => Volatile.Read(ref evaluations);

        /// <param name="projectPath">The project to evaluate.</param>
        /// <param name="globalProperties">The build's global properties; ExcludeRestorePackageImports=true is added so that
        /// no restored package's build file (which a package under verification controls) takes part.</param>
        /// <param name="cacheFile">Where the result and what it depends on are kept (under obj/); null: no cache.</param>
        /// <exception cref="ProvenanceException">PROV3004: a declaration that cannot be honoured, or the project cannot be evaluated.</exception>
        public static DeclaredPolicy Read(string projectPath, IReadOnlyDictionary<string, string> globalProperties, string? cacheFile)
        {
            string project = Path.GetFullPath(projectPath);
            var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, string> property in globalProperties) properties[property.Key] = property.Value;
            properties["ExcludeRestorePackageImports"] = "true";

            string? key = cacheFile == null ? null : DeclaredPolicyCache.Key(project, properties);
            if (key != null && DeclaredPolicyCache.TryRead(cacheFile!, key, out DeclaredPolicy? cached)) return cached!;

            Interlocked.Increment(ref evaluations);
            DeclaredPolicy result = Evaluate(project, properties, key != null, out IReadOnlyList<DeclaredPolicyCache.Probe>? probes);
            if (key != null && probes != null) DeclaredPolicyCache.Write(cacheFile!, key, probes, result);
            return result;
        }

        private static DeclaredPolicy Evaluate(string projectPath, Dictionary<string, string> globalProperties, bool probe, out IReadOnlyList<DeclaredPolicyCache.Probe>? probes)
        {
            // Private: the rewritten elements must never reach the build's own evaluations, and nothing is kept afterwards.
            var collection = new ProjectCollection(globalProperties, null, ToolsetDefinitionLocations.Default);
            try
            {
                Project project = Load(projectPath, globalProperties, collection);
                List<ProjectRootElement> closure = Closure(project);
                List<ProjectItemElement> declarations = closure.SelectMany(DeclarationsIn).ToList();
                foreach (ProjectItemElement element in declarations) RejectInTarget(element);

                bool rewritten = false;
                foreach (ProjectItemElement element in declarations.Where(e => Is(e, PolicyItemType)))
                    rewritten |= MakeWildcardsLiteral(project, element);
                if (rewritten)
                {
                    project.MarkDirty();
                    Run(projectPath, () => project.ReevaluateIfNecessary());
                }

                var policies = project.GetItems(PolicyItemType).Select(ToPolicyItem).ToList();
                var keys = project.GetItems(TrustedKeyItemType).Select(i => i.GetMetadataValue("FullPath")).ToList();
                var declaringFiles = declarations.Select(e => e.ContainingProject.FullPath).Distinct(StringComparer.Ordinal)
                    .OrderBy(f => f, StringComparer.Ordinal).ToList();
                probes = probe ? DeclaredPolicyCache.Probes(project, closure) : null;
                return new DeclaredPolicy(policies, keys, declaringFiles);
            }
            finally
            {
                collection.UnloadAllProjects();
                collection.Dispose();
            }
        }

        private static Project Load(string projectPath, Dictionary<string, string> globalProperties, ProjectCollection collection)
        {
            Project? project = null;
            Run(projectPath, () => project = new Project(projectPath, globalProperties, null, collection));
            return project!;
        }

        /// <summary>The project file and every file it imports (conditions honoured; a duplicate import is not evaluated twice).</summary>
        internal static List<ProjectRootElement> Closure(Project project)
        {
            var closure = new List<ProjectRootElement> { project.Xml };
            foreach (ResolvedImport import in project.Imports)
                if (!closure.Contains(import.ImportedProject)) closure.Add(import.ImportedProject);
            return closure;
        }

        private static IEnumerable<ProjectItemElement> DeclarationsIn(ProjectRootElement file) =>
            file.AllChildren.OfType<ProjectItemElement>().Where(e => Is(e, PolicyItemType) || Is(e, TrustedKeyItemType));

        private static bool Is(ProjectItemElement element, string itemType) =>
            string.Equals(element.ItemType, itemType, StringComparison.OrdinalIgnoreCase);

        // An item in a target exists only while that target runs, after the gate has read the policy: ignoring it would
        // fail open, so it is refused wherever it is (even in a target that never runs).
        private static void RejectInTarget(ProjectItemElement element)
        {
            for (ProjectElementContainer? parent = element.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is ProjectTargetElement target)
                    throw Error(element, $"is inside the target '{target.Name}'. Items in a target exist only while it runs, after the policy is read; " +
                        "declare it in an ItemGroup outside any target");
            }
        }

        /// <summary>Rewrites the element's Include, Exclude, Remove and Update so that '*' and '?' stay literal; true if any changed.</summary>
        private static bool MakeWildcardsLiteral(Project project, ProjectItemElement element)
        {
            bool changed = false;
            changed |= Rewrite(project, element, "Include", element.Include, v => element.Include = v);
            changed |= Rewrite(project, element, "Exclude", element.Exclude, v => element.Exclude = v);
            changed |= Rewrite(project, element, "Remove", element.Remove, v => element.Remove = v);
            changed |= Rewrite(project, element, "Update", element.Update, v => element.Update = v);
            return changed;
        }

        private static bool Rewrite(Project project, ProjectItemElement element, string attribute, string value, Action<string> set)
        {
            if (string.IsNullOrEmpty(value)) return false;
            // Item and metadata references are expanded against the items of the moment, which only MSBuild's own item pass
            // knows; their wildcards could not be kept literal, so rather than guess, the declaration is refused.
            if (value.IndexOf("@(", StringComparison.Ordinal) >= 0 || value.IndexOf("%(", StringComparison.Ordinal) >= 0)
                throw Error(element, $"uses an item or metadata reference (@(...) or %(...)) in {attribute}=\"{value}\"; name the packages, " +
                    "with properties if need be");

            string expanded = Expand(project, element.ContainingProject.FullPath, value, element);
            // Without a wildcard MSBuild takes the value as written: leaving it alone keeps its semantics exactly.
            if (expanded.IndexOfAny(Wildcards) < 0) return false;
            string literal = string.Join(";", expanded.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0).Select(ProjectCollection.Escape));
            if (literal == value) return false;
            try
            {
                set(literal);
            }
            catch (InvalidOperationException e)
            {
                // A file MSBuild loaded read-only (its own targets): a user's declaration never lives there.
                throw Error(element, $"cannot be read with '*' as a package pattern ({e.Message}); escape it as %2A");
            }
            return true;
        }

        /// <summary>Expands properties as the item pass does (final values), with MSBuildThisFile* of the file that holds the value.</summary>
        internal static string Expand(Project project, string file, string value, ProjectElement element)
        {
            string own = value.IndexOf("MSBuildThisFile", StringComparison.OrdinalIgnoreCase) < 0
                ? value
                : ThisFileProperty.Replace(value, m => ProjectCollection.Escape(ThisFile(m.Groups[1].Value, file)));
            try
            {
                return project.ExpandString(own);
            }
            catch (InvalidProjectFileException e)
            {
                throw Error(element, $"cannot be expanded: {e.Message}");
            }
        }

        private static string ThisFile(string property, string file)
        {
            string directory = Path.GetDirectoryName(file) ?? "";
            string withSlash = directory.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? directory : directory + Path.DirectorySeparatorChar;
            switch (property.ToUpperInvariant())
            {
                case "MSBUILDTHISFILE": return Path.GetFileName(file);
                case "MSBUILDTHISFILEDIRECTORY": return withSlash;
                case "MSBUILDTHISFILEDIRECTORYNOROOT": return withSlash.Substring((Path.GetPathRoot(withSlash) ?? "").Length);
                case "MSBUILDTHISFILEFULLPATH": return file;
                case "MSBUILDTHISFILENAME": return Path.GetFileNameWithoutExtension(file);
                default: return Path.GetExtension(file);
            }
        }

        private static ProvenancePolicyItem ToPolicyItem(ProjectItem item) => new ProvenancePolicyItem(item.EvaluatedInclude)
        {
            Require = Metadata(item, "Require"),
            SourceRepository = Metadata(item, "SourceRepository"),
            Severity = Metadata(item, "Severity"),
            AllowDevelopmentKey = Metadata(item, "AllowDevelopmentKey"),
            TrustedKeys = Metadata(item, "TrustedKeys"),
            CertificateIdentity = Metadata(item, "CertificateIdentity"),
            CertificateIdentityRegex = Metadata(item, "CertificateIdentityRegex"),
            CertificateOidcIssuer = Metadata(item, "CertificateOidcIssuer"),
            SourceRef = Metadata(item, "SourceRef"),
            SignerWorkflow = Metadata(item, "SignerWorkflow"),
            AllowSelfHostedRunners = Metadata(item, "AllowSelfHostedRunners"),
        };

        private static string? Metadata(ProjectItem item, string name)
        {
            string value = item.GetMetadataValue(name);
            return value.Length > 0 ? value : null;
        }

        private static void Run(string projectPath, Action evaluate)
        {
            try
            {
                evaluate();
            }
            catch (InvalidProjectFileException e)
            {
                throw new ProvenanceException(DiagnosticCodes.PolicyInvalid,
                    $"'{projectPath}' cannot be evaluated to read its ProvenancePolicy items: {e.Message}", e);
            }
        }

        private static ProvenanceException Error(ProjectElement element, string why)
        {
            string what = element is ProjectItemElement item
                ? $"The {item.ItemType} item \"{FirstOf(item.Include, item.Update, item.Remove)}\""
                : "A ProvenancePolicy declaration";
            return new ProvenanceException(DiagnosticCodes.PolicyInvalid,
                $"{what} in '{element.Location.File}' (line {element.Location.Line}) {why}. A declaration that cannot be honoured is not ignored.");
        }

        private static string FirstOf(params string[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "";
    }
}
