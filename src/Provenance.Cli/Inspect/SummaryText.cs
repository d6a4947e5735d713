using System.IO;
using Provenance.Slsa;

namespace Provenance.Cli.Inspect
{
    /// <summary>The human-readable `inspect` output: one fact per line, the "not verified" warning first.</summary>
    internal static class SummaryText
    {
        public static void Write(BundleSummary s, string note, TextWriter output)
        {
            output.WriteLine($"Bundle:        {s.BundlePath}");
            output.WriteLine($"               ({note})");
            output.WriteLine($"Statement:     {s.StatementType ?? "-"}");
            output.WriteLine($"Predicate:     {s.PredicateType ?? "-"}");
            output.WriteLine($"Build type:    {s.BuildType ?? "-"}");
            output.WriteLine($"Subjects ({s.Subjects.Count}):");
            foreach (ResourceDescriptor subject in s.Subjects)
            {
                string sha256 = subject.Digest.TryGetValue("sha256", out string? hex) ? hex : "(no sha256)";
                output.WriteLine($"  {subject.Name ?? "(unnamed)"}  sha256:{sha256}");
            }
            output.WriteLine($"Source:        {s.SourceUri ?? "-"}");
            output.WriteLine($"Commit:        {s.SourceCommit ?? "-"}");
            output.WriteLine($"Builder:       {s.BuilderId ?? "-"}");
            output.WriteLine(s.KeyHint != null
                ? $"Key hint:      {s.KeyHint}"
                : $"Key:           certificate chain of {s.CertificateCount}");
            output.WriteLine($"Signature:     {s.SignatureAlgorithm} (by the signature's shape)");
            DependencyCounts d = s.Dependencies;
            output.WriteLine($"Dependencies:  {d.Total} (source {d.Source}, files {d.Files}, packages {d.Packages}, analyzers {d.Analyzers}, project references {d.ProjectReferences}, other {d.Other})");
            output.WriteLine($"Started on:    {s.StartedOn ?? "-"}");
            output.WriteLine($"Finished on:   {s.FinishedOn ?? "-"}");
            if (s.InvocationId != null) output.WriteLine($"Invocation:    {s.InvocationId}");
        }
    }
}
