using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Verify;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Cli.Diff
{
    /// <summary>`diff`: what differs between two provenances, for "why did this rebuild not match" and "what changed between releases".</summary>
    internal static class DiffCommand
    {
        public const string Usage =
            "Usage: " + Program.ToolName + " diff <a> <b> [--json] [--key <public.pem> ...]\n" +
            "\n" +
            "Compares two provenances (each a bundle <artifact>" + BundleFileVerifier.BundleSuffix + ", or the artifact beside its bundle):\n" +
            "subjects, source and commit, project/configuration/framework, global properties, inputs, packages (version,\n" +
            "sha512), analyzers, project references, compiler and options, SDK/MSBuild/runtime, environment, checkout and\n" +
            "builder. Build times and the invocation id are left out: they differ between any two builds.\n" +
            "Without --key the statements are read as claimed (not verified); with --key both must be signed by one of the keys.\n" +
            "\n" +
            "Options:\n" +
            "  --json           print {\"schemaVersion\": 1, \"identical\": .., \"groups\": [..]} instead of text\n" +
            "  --key <path>     a trusted public key (SPKI PEM); repeat for several\n" +
            "\n" +
            "Exit codes: 0 the same, 1 they differ, 2 usage error or unreadable input.\n";

        public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            ParsedArguments parsed = ParsedArguments.Parse(args, new[] { "--key" }, new[] { "--json" });
            if (parsed.HelpRequested) throw new HelpRequestedException();
            if (parsed.Positionals.Count != 2) throw new UsageException(parsed.Positionals.Count < 2 ? "diff needs two provenances: <a> <b>" : $"unexpected argument '{parsed.Positionals[2]}'");
            IReadOnlyList<VerificationKey> keys = parsed.GetAll("--key").Select(VerifyCommand.ReadKey).ToList();

            ProvenanceFile a = ProvenanceFile.Read(parsed.Positionals[0], keys);
            ProvenanceFile b = ProvenanceFile.Read(parsed.Positionals[1], keys);
            ProvenanceDiff diff = ProvenanceDiff.Compare(StatementFacts.From(a.Statement), StatementFacts.From(b.Statement));

            if (parsed.HasFlag("--json"))
            {
                var json = new JsonObject()
                    .Add("schemaVersion", DiffJson.SchemaVersion)
                    .Add("a", a.BundlePath)
                    .Add("b", b.BundlePath)
                    .Add("verified", keys.Count > 0)
                    .Add("identical", diff.Identical)
                    .Add("groups", DiffJson.Groups(diff));
                stdout.Write(JsonWriter.ToText(json, indented: true));
                stdout.WriteLine();
            }
            else
            {
                stdout.WriteLine($"a: {a.BundlePath}");
                stdout.WriteLine($"b: {b.BundlePath}");
                if (keys.Count == 0) stdout.WriteLine("not verified: the statements are compared as they claim; pass --key to check their signatures");
                if (diff.Identical) stdout.WriteLine("the same: no difference in what they record (build times aside)");
                else
                {
                    stdout.WriteLine($"{diff.Entries.Count} differences ('-' only in a, '+' only in b, '~' a -> b):");
                    DiffText.Write(diff, stdout);
                }
            }
            return diff.Identical ? ExitCodes.Success : ExitCodes.Invalid;
        }
    }
}
