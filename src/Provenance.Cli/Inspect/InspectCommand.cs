using System;
using System.Collections.Generic;
using System.IO;
using Provenance.Bundles;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Verify;
using Provenance.Json;

namespace Provenance.Cli.Inspect
{
    /// <summary>`inspect`: what a bundle claims, for reading. It checks nothing and says so.</summary>
    internal static class InspectCommand
    {
        public const string NotVerifiedNote =
            "not verified: this is what the bundle claims; run '" + Program.ToolName + " verify <artifact> --key <public.pem>' to check it";

        public const string Usage =
            "Usage: " + Program.ToolName + " inspect <bundle> [--json]\n" +
            "\n" +
            "Summarises a provenance bundle (<artifact>" + BundleFileVerifier.BundleSuffix + "): subjects, source, builder, key hint,\n" +
            "signature algorithm, resolved dependencies by kind, build times. It does NOT verify the signature.\n" +
            "\n" +
            "Options:\n" +
            "  --json   print a machine-readable object instead of text (\"schemaVersion\": 1; \"verified\" is always false)\n";

        public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            ParsedArguments parsed = ParsedArguments.Parse(args, Array.Empty<string>(), new[] { "--json" });
            if (parsed.HelpRequested) throw new HelpRequestedException();
            string bundlePath = parsed.ExactlyOnePositional("<bundle>");

            SigstoreBundle bundle = BundleFileVerifier.ReadBundle(bundlePath, ExitCodes.UsageOrUnreadable);
            BundleSummary summary;
            try
            {
                summary = BundleSummary.From(bundlePath, bundle);
            }
            catch (FormatException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.PackageTampered, $"{bundlePath}: the statement cannot be read: {e.Message}", e);
            }

            if (parsed.HasFlag("--json")) stdout.Write(JsonWriter.ToText(SummaryJson.ToJson(summary, NotVerifiedNote), indented: true));
            else SummaryText.Write(summary, NotVerifiedNote, stdout);
            return ExitCodes.Success;
        }
    }
}
