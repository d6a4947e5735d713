using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace Provenance.Packages
{
    /// <summary>
    /// MSBuild reads '*' and '?' in an Include as a file wildcard, so <c>&lt;ProvenancePolicy Include="Acme.*" /&gt;</c>
    /// matches no file and the item silently disappears: the policy would fail open. This reads the declarations
    /// from the project's own files (the project, Directory.Build.props and .targets) and returns the wildcard items
    /// MSBuild dropped. A wildcard declaration it cannot evaluate alone (a Condition, a $(property)) is an error
    /// asking for the escaped form (Acme.%2A), which MSBuild keeps as written.
    /// </summary>
    public static class DeclaredPolicies
    {
        private const string ItemName = "ProvenancePolicy";
        private static readonly HashSet<string> NotMetadata = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Include", "Exclude", "Remove", "Update", "Condition", "KeepMetadata", "RemoveMetadata", "KeepDuplicates", "MatchOnMetadata", "MatchOnMetadataOptions",
        };

        public static IReadOnlyList<ProvenancePolicyItem> WildcardItems(IEnumerable<string> declaringFiles)
        {
            var items = new List<ProvenancePolicyItem>();
            foreach (string file in declaringFiles.Where(f => !string.IsNullOrEmpty(f)).Distinct(StringComparer.Ordinal))
            {
                if (!File.Exists(file)) continue;
                foreach (XElement element in Load(file).Descendants().Where(e => e.Name.LocalName == ItemName))
                {
                    string? include = (string?)element.Attribute("Include");
                    if (include == null || (include.IndexOf('*') < 0 && include.IndexOf('?') < 0)) continue;
                    items.AddRange(Split(include).Where(IsWildcard).Select(pattern => ToItem(file, element, pattern)));
                }
            }
            return items;
        }

        /// <summary>Whether an evaluated item is a file that a wildcard declaration matched by accident (Include="*" matches Program.cs).</summary>
        public static bool IsFileMatchedByWildcard(string itemSpec, string projectDirectory) =>
            itemSpec.IndexOfAny(Path.GetInvalidPathChars()) < 0 && File.Exists(Path.Combine(projectDirectory, itemSpec));

        private static ProvenancePolicyItem ToItem(string file, XElement element, string pattern)
        {
            if (element.AncestorsAndSelf().Any(e => e.Attribute("Condition") != null))
                throw Unevaluable(file, pattern, "it has a Condition (on the item or around it)");
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (XAttribute attribute in element.Attributes().Where(a => !NotMetadata.Contains(a.Name.LocalName)))
                metadata[attribute.Name.LocalName] = attribute.Value;
            foreach (XElement child in element.Elements())
            {
                if (child.Attribute("Condition") != null) throw Unevaluable(file, pattern, $"its metadata {child.Name.LocalName} has a Condition");
                metadata[child.Name.LocalName] = child.Value.Trim();
            }
            if (pattern.Contains("$(") || pattern.Contains("@(") || metadata.Values.Any(v => v.Contains("$(") || v.Contains("@(") || v.Contains("%(")))
                throw Unevaluable(file, pattern, "it uses MSBuild properties or items");
            return new ProvenancePolicyItem(pattern)
            {
                Require = Value(metadata, "Require"),
                SourceRepository = Value(metadata, "SourceRepository"),
                Severity = Value(metadata, "Severity"),
                AllowDevelopmentKey = Value(metadata, "AllowDevelopmentKey"),
                TrustedKeys = Value(metadata, "TrustedKeys"),
            };
        }

        private static XDocument Load(string file)
        {
            try
            {
                return XDocument.Load(file);
            }
            catch (Exception e) when (e is XmlException || e is IOException || e is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.PolicyInvalid, $"'{file}' cannot be read to find its ProvenancePolicy items: {e.Message}", e);
            }
        }

        private static ProvenanceException Unevaluable(string file, string pattern, string why) =>
            new ProvenanceException(DiagnosticCodes.PolicyInvalid,
                $"The ProvenancePolicy item \"{pattern}\" in '{file}' cannot be read: MSBuild treats '*' as a file wildcard and drops the item, " +
                $"and {why}. Escape the wildcard as %2A (Include=\"{pattern.Replace("*", "%2A")}\"), which MSBuild keeps as written.");

        private static IEnumerable<string> Split(string include) =>
            include.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0);

        private static bool IsWildcard(string pattern) => pattern.IndexOf('*') >= 0 || pattern.IndexOf('?') >= 0;

        private static string? Value(Dictionary<string, string> metadata, string name) =>
            metadata.TryGetValue(name, out string? value) && value.Length > 0 ? value : null;
    }
}
