using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Provenance.Generation;

namespace Provenance.MSBuild
{
    /// <summary>
    /// The rebuild facts of a build (buildType v2 internalParameters.compilation and packs) from GenerateProvenance's
    /// items: kept apart from RequestFactory because pack provenance, which has no single compilation, records none.
    /// </summary>
    internal static class CompilationRecordFactory
    {
        public static CompilationRecord? Create(GenerateProvenance task)
        {
            var record = new CompilationRecord
            {
                Sources = task.CompileSources.Select(i => i.GetMetadata("FullPath")).Where(p => p.Length > 0).ToList(),
                // The SDK sets it only for CI builds: unset is false (the facts item always passes it, so null never means "unknown" here).
                DeterministicSourcePaths = string.Equals((task.DeterministicSourcePaths ?? "").Trim(), "true", StringComparison.OrdinalIgnoreCase),
                SourceRoots = task.SourceRoots.Select(r => new KeyValuePair<string, string>(r.ItemSpec, r.GetMetadata("MappedPath"))).ToList(),
                CommandLine = ReadCommandLine(task.CompilerCommandLineFile, task.ProjectPath),
                PackagesFolder = NullIfEmpty(task.NuGetPackageRoot),
                DotnetRoot = NullIfEmpty(task.NetCoreRoot),
                Packs = task.ResolvedPacks
                    .Select(p => new ResolvedPack(p.GetMetadata("ProvenancePackKind"), First(p.GetMetadata("NuGetPackageId"), p.ItemSpec), p.GetMetadata("NuGetPackageVersion")))
                    .ToList(),
            };
            bool empty = record.Sources.Count == 0 && record.DeterministicSourcePaths == null && record.SourceRoots.Count == 0 &&
                         record.CommandLine.Count == 0 && record.Packs.Count == 0;
            return empty ? null : record;
        }

        /// <summary>Relative to the project folder (IntermediateOutputPath is); a missing file records no command line.</summary>
        private static IList<string> ReadCommandLine(string? file, string projectPath)
        {
            if (string.IsNullOrEmpty(file)) return new List<string>();
            string path = Path.IsPathRooted(file) ? file! : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(projectPath))!, file!);
            if (!File.Exists(path)) return new List<string>();
            try
            {
                return File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
            }
            catch (IOException) { return new List<string>(); }
            catch (UnauthorizedAccessException) { return new List<string>(); }
        }

        private static string First(string a, string b) => string.IsNullOrEmpty(a) ? b : a;

        private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
