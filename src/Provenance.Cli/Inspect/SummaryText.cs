using System.IO;
using System.Linq;
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
                // Every digest the subject carries: a VSA or a package's outer bundle names packages by sha512 only.
                string digests = subject.Digest.Count == 0 ? "(no digest)" : string.Join(" ", subject.Digest.Select(d => d.Key + ":" + d.Value));
                output.WriteLine($"  {subject.Name ?? "(unnamed)"}  {digests}");
            }
            output.WriteLine($"Source:        {s.SourceUri ?? "-"}");
            output.WriteLine($"Commit:        {s.SourceCommit ?? "-"}");
            output.WriteLine($"Builder:       {s.BuilderId ?? "-"}");
            output.WriteLine(s.KeyHint != null
                ? $"Key hint:      {s.KeyHint}"
                : $"Key:           certificate chain of {s.CertificateCount}");
            if (s.SignerIdentity != null)
            {
                output.WriteLine("Signer:        (what the certificate claims; verify checks it)");
                s.SignerIdentity.WriteLines(output, "  ");
            }
            else if (s.CertificateCount > 0)
            {
                output.WriteLine("Signer:        (the certificate cannot be read)");
            }
            output.WriteLine($"Signature:     {s.SignatureAlgorithm} (by the signature's shape)");
            DependencyCounts d = s.Dependencies;
            output.WriteLine($"Dependencies:  {d.Total} (source {d.Source}, files {d.Files}, packages {d.Packages}, analyzers {d.Analyzers}, project references {d.ProjectReferences}, other {d.Other})");
            output.WriteLine($"Started on:    {s.StartedOn ?? "-"}");
            output.WriteLine($"Finished on:   {s.FinishedOn ?? "-"}");
            if (s.InvocationId != null) output.WriteLine($"Invocation:    {s.InvocationId}");
        }
    }
}
