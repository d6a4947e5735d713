using System;
using System.Collections.Generic;
using System.IO;
using Provenance.Bundles;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Verify;
using Provenance.Json;
using Provenance.Sigstore;

namespace Provenance.Cli.Inspect
{
    /// <summary>`inspect`: what a bundle claims, for reading. It checks nothing and says so.</summary>
    internal static class InspectCommand
    {
        public const string NotVerifiedNote =
            "not verified: this is what the bundle claims; run '" + Program.ToolName + " verify <artifact> --key <public.pem>' (or --certificate-identity <SAN>) to check it";

        public const string Usage =
            "Usage: " + Program.ToolName + " inspect <bundle> [--json]\n" +
            "\n" +
            "Summarises a provenance bundle (<artifact>" + BundleFileVerifier.BundleSuffix + "): subjects, source, builder, key hint,\n" +
            "signature algorithm, resolved dependencies by kind, build times, and for a certificate-signed bundle the identity\n" +
            "the certificate claims (SAN, issuer, source repository and ref, workflow, runner). Any Sigstore bundle (v0.1-v0.3)\n" +
            "is read. It does NOT verify anything; a .nupkg is not a bundle (PROV3012).\n" +
            "\n" +
            "Options:\n" +
            "  --json   print a machine-readable object instead of text (\"schemaVersion\": 1; \"verified\" is always false)\n";

        public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            ParsedArguments parsed = ParsedArguments.Parse(args, Array.Empty<string>(), new[] { "--json" });
            if (parsed.HelpRequested) throw new HelpRequestedException();
            string bundlePath = parsed.ExactlyOnePositional("<bundle>");

            if (LooksLikePackage(bundlePath))
                throw new UsageException($"'{bundlePath}' is a package, not a bundle: inspect the bundle beside it " +
                    $"({Path.GetFileName(bundlePath)}{BundleFileVerifier.BundleSuffix}), or check the package with '{Program.ToolName} verify <file.nupkg> --key <public.pem>'");

            BundleSummary summary;
            try
            {
                SigstoreBundle bundle = BundleFileVerifier.ReadBundle(bundlePath, ExitCodes.UsageOrUnreadable);
                summary = Summarise(bundlePath, () => BundleSummary.From(bundlePath, bundle));
            }
            catch (CommandFailedException ours) when (ours.ExitCode == ExitCodes.UsageOrUnreadable && ours.Code != null && File.Exists(bundlePath))
            {
                // Not our v0.3 shape: any other Sigstore bundle (v0.1, v0.2, a message signature, a certificate chain)
                // is summarised too; when it is none of them, the first reason stands.
                SigstoreBundleDocument other;
                try { other = SigstoreBundleDocument.Parse(File.ReadAllBytes(bundlePath)); }
                catch (ProvenanceException) { throw ours; }
                summary = Summarise(bundlePath, () => BundleSummary.From(bundlePath, other));
            }

            if (parsed.HasFlag("--json")) stdout.Write(JsonWriter.ToText(SummaryJson.ToJson(summary, NotVerifiedNote), indented: true));
            else SummaryText.Write(summary, NotVerifiedNote, stdout);
            return ExitCodes.Success;
        }

        private static BundleSummary Summarise(string bundlePath, Func<BundleSummary> summarise)
        {
            try
            {
                return summarise();
            }
            catch (FormatException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.PackageTampered, $"{bundlePath}: the statement cannot be read: {e.Message}", e);
            }
        }

        /// <summary>A .nupkg by name, or any zip (a package renamed): a usage mistake, not a tampered bundle.</summary>
        private static bool LooksLikePackage(string path)
        {
            if (path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".snupkg", StringComparison.OrdinalIgnoreCase)) return true;
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    var magic = new byte[4];
                    return stream.Read(magic, 0, 4) == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4;
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return false;   // unreadable: ReadBundle says so with its own message
            }
        }
    }
}
