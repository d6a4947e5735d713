using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Cli.Identity;
using Provenance.Gate;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>The text output: aligned columns, the reason last (it is the long one), then the summary line.</summary>
    internal static class RestoreTable
    {
        private static readonly string[] Headers = { "PACKAGE", "VERSION", "OUTCOME", "POLICY", "CODE", "REASON" };

        public static void Write(RestoreVerdict verdict, int targets, TextWriter output)
        {
            var cells = new List<string[]> { Headers };
            foreach (PackageVerdict package in verdict.Packages)
            {
                PackageVerificationResult r = package.Result;
                cells.Add(new[] { r.Id, r.Version, VerificationReport.OutcomeName(r.Outcome), DecisionNames.PolicyColumn(package.Decision), r.Code ?? "-", OneLine(r.Reason) });
            }
            if (verdict.Packages.Count > 0)
            {
                int[] widths = Enumerable.Range(0, Headers.Length - 1).Select(c => cells.Max(line => line[c].Length)).ToArray();
                foreach (string[] line in cells)
                {
                    var text = new System.Text.StringBuilder();
                    for (int c = 0; c < widths.Length; c++) text.Append(line[c].PadRight(widths[c])).Append("  ");
                    text.Append(line[Headers.Length - 1]);
                    output.WriteLine(text.ToString().TrimEnd());
                }
            }
            // Certificate-signed packages: who built them (a keyless key hint is new every build, so it says nothing).
            IReadOnlyDictionary<PackageVerdict, SignerIdentity> signers = PackageSigners.Read(verdict);
            if (signers.Count > 0)
            {
                output.WriteLine("Signers:");
                foreach (PackageVerdict package in verdict.Packages)
                {
                    if (!signers.TryGetValue(package, out SignerIdentity? identity)) continue;
                    output.WriteLine($"  {package.Result.Id} {package.Result.Version}{(identity.Verified ? "" : " (claimed by its certificate, not verified)")}:");
                    identity.WriteLines(output, "    ");
                }
            }
            output.WriteLine(DecisionNames.SummaryLine(verdict, targets));
        }

        private static string OneLine(string text) => text.Replace("\r", " ").Replace("\n", " ");
    }
}
