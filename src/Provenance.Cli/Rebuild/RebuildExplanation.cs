using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Cli.Diff;

namespace Provenance.Cli.Rebuild
{
    /// <summary>
    /// Why a rebuild differs, from the difference between the original provenance and the one the rebuild wrote
    /// (the rebuilt project has the package too): what the rebuild changes on purpose is left out, the rest is
    /// named, inputs and packages first, since a changed source file is the most likely reason and the most telling.
    /// </summary>
    internal static class RebuildExplanation
    {
        private static readonly string[] ReasonOrder =
        {
            StatementFacts.Source, StatementFacts.Inputs, StatementFacts.Packages, StatementFacts.Analyzers, StatementFacts.ProjectReferences,
            StatementFacts.Parameters, StatementFacts.GlobalProperties, StatementFacts.Compiler, StatementFacts.Compilation,
            StatementFacts.Toolchain, StatementFacts.Environment,
        };

        /// <summary>The differences that explain nothing: the rebuild's own signing, folder, checkout and builder.</summary>
        public static bool IsExpected(DiffEntry entry, RebuildPlan plan)
        {
            switch (entry.Group)
            {
                case StatementFacts.Subjects:
                case StatementFacts.Byproducts:
                case StatementFacts.Builder:
                case StatementFacts.Checkout:
                    return true;
                case StatementFacts.GlobalProperties:
                    // Only what the rebuild passed differently: a property the original had and the rebuild lacks (or
                    // the reverse) is a reason, unless the rebuild set it itself (signing, PathMap, solution paths).
                    return plan.Skipped.ContainsKey(entry.Key) || RebuildSetsItself(entry.Key);
                case StatementFacts.Compiler:
                    return entry.Key == "option pathMap" && plan.OriginalRoot != null;
                case StatementFacts.Inputs:
                    // NuGet writes the packages folder's absolute path into these: they always differ between machines.
                    // The SDK's generated editorconfig holds the project folder's absolute path.
                    return entry.Key.EndsWith(".nuget.g.props", StringComparison.Ordinal) || entry.Key.EndsWith(".nuget.g.targets", StringComparison.Ordinal) ||
                           entry.Key.EndsWith(".GeneratedMSBuildEditorConfig.editorconfig", StringComparison.Ordinal);
                default:
                    return false;
            }
        }

        private static bool RebuildSetsItself(string property) =>
            property is "PathMap" or "ProvenanceSigningKeyFile" or "ProvenanceDevelopmentKeyFile" or "TargetFramework" or "RuntimeIdentifier" or "Configuration";

        public static IEnumerable<RebuildReason> Reasons(StatementFacts original, StatementFacts rebuilt, RebuildPlan plan)
        {
            // A dirty checkout is the first thing to say: the commit the provenance names is then not all of the source.
            if (original.Get(StatementFacts.Checkout, "dirty") == "true")
                yield return new RebuildReason(null, "the original build ran in a checkout with uncommitted changes (checkout.dirty = true): the recorded commit is not all of its source");
            ProvenanceDiff diff = ProvenanceDiff.Compare(original, rebuilt).Without(e => IsExpected(e, plan));
            foreach (DiffEntry entry in diff.Entries.OrderBy(e => Array.IndexOf(ReasonOrder, e.Group)))
                yield return new RebuildReason(null, Describe(entry));
        }

        internal static string Describe(DiffEntry entry)
        {
            string what = entry.Group switch
            {
                StatementFacts.Inputs => $"input {entry.Key}",
                StatementFacts.Packages => $"package {entry.Key}",
                StatementFacts.Analyzers => $"analyzer {entry.Key}",
                StatementFacts.ProjectReferences => $"referenced project output {entry.Key}",
                StatementFacts.GlobalProperties => $"global property {entry.Key}",
                StatementFacts.Environment => $"environment variable {entry.Key}",
                StatementFacts.Compiler => entry.Key.StartsWith("option ", StringComparison.Ordinal) ? $"compiler option {entry.Key.Substring(7)}" : $"compiler {entry.Key}",
                _ => $"{entry.Key} ({entry.Group})",
            };
            return entry.Change switch
            {
                ChangeKind.Added => $"{what}: only in the rebuild ({DiffText.Short(entry.B)})",
                ChangeKind.Removed => $"{what}: recorded ({DiffText.Short(entry.A)}) but not in the rebuild",
                _ => $"{what} differs: recorded {DiffText.Short(entry.A)}, rebuilt {DiffText.Short(entry.B)}",
            };
        }
    }
}
