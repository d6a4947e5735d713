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
                    return plan.Skipped.ContainsKey(entry.Key) || plan.Added.ContainsKey(entry.Key) || RebuildSetsItself(entry.Key) ||
                           entry.Key == RebuildTargets.Property || entry.Key == RebuildTargets.CrossTargetingProperty;
                case StatementFacts.Compiler:
                    return entry.Key == "option pathMap" && plan.OriginalRoot != null;
                case StatementFacts.Compilation:
                    // The rebuild renamed its source roots to the original folder, which the statement names as external.
                    return entry.Key.StartsWith("sourceRoots", StringComparison.Ordinal) && plan.RenamesSourceRoots;

                case StatementFacts.Inputs:
                    // NuGet writes the packages folder's absolute path into these: they always differ between machines.
                    // The SDK's generated editorconfig holds the project folder's absolute path.
                    return entry.Key.EndsWith(".nuget.g.props", StringComparison.Ordinal) || entry.Key.EndsWith(".nuget.g.targets", StringComparison.Ordinal) ||
                           entry.Key.EndsWith(".GeneratedMSBuildEditorConfig.editorconfig", StringComparison.Ordinal) ||
                           entry.Key == "external:" + RebuildTargets.FileName;
                default:
                    return false;
            }
        }

        private static bool RebuildSetsItself(string property) =>
            property is "PathMap" or "_IsPublishing" or "ProvenanceSigningKeyFile" or "ProvenanceDevelopmentKeyFile" or "TargetFramework" or "RuntimeIdentifier" or "Configuration";

        public static IEnumerable<RebuildReason> Reasons(StatementFacts original, StatementFacts rebuilt, RebuildPlan plan)
        {
            // A dirty checkout is the first thing to say: the commit the provenance names is then not all of the source.
            if (original.Get(StatementFacts.Checkout, "dirty") == "true")
                yield return new RebuildReason(null, "the original build ran in a checkout with uncommitted changes (checkout.dirty = true): the recorded commit is not all of its source");
            ProvenanceDiff diff = ProvenanceDiff.Compare(original, rebuilt).Without(e => IsExpected(e, plan));
            List<string> commandLine = CommandLineDifferences(original.CommandLine, rebuilt.CommandLine, plan).ToList();
            foreach (DiffEntry entry in diff.Entries.OrderBy(e => Array.IndexOf(ReasonOrder, e.Group)))
            {
                if (entry.Group != StatementFacts.Compilation) yield return new RebuildReason(null, Describe(entry));
                else if (entry.Key == "sources" && original.CompileOrder.Count > 0 && rebuilt.CompileOrder.Count > 0)
                    yield return new RebuildReason(null, SourcesDifference(original.CompileOrder, rebuilt.CompileOrder));
                else if (entry.Key == "commandLine" && original.CommandLine.Count > 0 && rebuilt.CommandLine.Count > 0)
                {
                    foreach (string difference in commandLine) yield return new RebuildReason(null, difference);
                }
                // The digest covers the references and sources too: worth a line only when the options alone do not explain it,
                // and not for the /pathmap the rebuild added itself.
                else if (entry.Key == "commandLineSha256")
                {
                    if (commandLine.Count == 0 && !OnlyPathMapDiffers(original.CommandLine, rebuilt.CommandLine, plan))
                        yield return new RebuildReason(null, "the compiler's command line differs (commandLineSha256) though its options are the same: its references or sources differ");
                }
                else yield return new RebuildReason(null, Describe(entry));
            }
        }

        /// <summary>
        /// The sources as the compiler received them: another set names the files, the same set in another order names
        /// the first position that differs (Roslyn emits types in source order: the bytes change, the inputs do not).
        /// </summary>
        internal static string SourcesDifference(IReadOnlyList<string> recorded, IReadOnlyList<string> rebuilt)
        {
            var onlyRecorded = recorded.Except(rebuilt, StringComparer.Ordinal).ToList();
            var onlyRebuilt = rebuilt.Except(recorded, StringComparer.Ordinal).ToList();
            if (onlyRecorded.Count > 0 || onlyRebuilt.Count > 0)
                return "the compiler's sources differ: " + string.Join("; ", new[]
                {
                    onlyRecorded.Count > 0 ? "recorded but not compiled by the rebuild: " + string.Join(", ", onlyRecorded) : null,
                    onlyRebuilt.Count > 0 ? "compiled only by the rebuild: " + string.Join(", ", onlyRebuilt) : null,
                }.Where(s => s != null));
            int at = Enumerable.Range(0, Math.Min(recorded.Count, rebuilt.Count)).First(i => !string.Equals(recorded[i], rebuilt[i], StringComparison.Ordinal));
            return $"the compiler received the same {recorded.Count} sources in another order (first at position {at + 1}: recorded {recorded[at]}, rebuilt {rebuilt[at]}); " +
                   "types are emitted in source order, so list them explicitly or sort the glob";
        }

        /// <summary>Options only one command line has (as many times as it has them more), except the /pathmap the rebuild added.</summary>
        internal static IEnumerable<string> CommandLineDifferences(IReadOnlyList<string> recorded, IReadOnlyList<string> rebuilt, RebuildPlan plan)
        {
            if (recorded.Count == 0 || rebuilt.Count == 0) yield break;
            foreach (string option in ListMath.MultisetExcept(recorded, rebuilt).Where(o => !IgnoredOption(o, plan)))
                yield return $"compiler argument {DiffText.Short(option)}: recorded but not in the rebuild's command line";
            foreach (string option in ListMath.MultisetExcept(rebuilt, recorded).Where(o => !IgnoredOption(o, plan)))
                yield return $"compiler argument {DiffText.Short(option)}: only in the rebuild's command line";
        }

        private static bool OnlyPathMapDiffers(IReadOnlyList<string> recorded, IReadOnlyList<string> rebuilt, RebuildPlan plan) =>
            recorded.Count > 0 && rebuilt.Count > 0 && ListMath.MultisetExcept(recorded, rebuilt).Concat(ListMath.MultisetExcept(rebuilt, recorded)).All(o => IgnoredOption(o, plan));

        private static bool IgnoredOption(string option, RebuildPlan plan) =>
            plan.OriginalRoot != null && option.StartsWith("/pathmap:", StringComparison.OrdinalIgnoreCase);

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
