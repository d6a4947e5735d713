using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Provenance.Cli.CommandLine;
using Provenance.Signing;

namespace Provenance.Cli.Verify
{
    /// <summary>`verify`: is this artifact what the holder of one of these keys built?</summary>
    internal static class VerifyCommand
    {
        // Public key PEMs are a few hundred bytes (RSA-4096: under 1 KiB); the limit only stops absurd inputs.
        private const long MaxKeyFileBytes = 64 * 1024;

        public const string Usage =
            "Usage: " + Program.ToolName + " verify <artifact> --key <public.pem> [--key <public.pem> ...] [--bundle <file>]\n" +
            "\n" +
            "Checks the artifact's signed provenance: the DSSE signature must verify with one of the given public\n" +
            "keys, and the artifact's sha256 must be one of the statement's subjects.\n" +
            "\n" +
            "A .nupkg is checked through the statement embedded in it (" + Packages.PackageAttestation.EmbeddedBundleEntryName + "):\n" +
            "signed by one of the keys, and every entry of the package (except that statement and NuGet's .signature.p7s)\n" +
            "a subject with its sha256, none missing: an added, changed or removed entry is invalid. When the bundle beside\n" +
            "the package exists (or --bundle is given) it must be signed by one of the keys too, with the package's sha512\n" +
            "(NuGet's content hash, unchanged by a later NuGet signature) and, for an unsigned package, its sha256.\n" +
            "Prints \"verified: <package> (N entries) signed by <key hint>\".\n" +
            "\n" +
            "Options:\n" +
            "  --key <path>      a trusted public key (SPKI PEM); repeat for several. The bundle's key hint never grants trust.\n" +
            "  --bundle <path>   the provenance bundle (default: <artifact>" + BundleFileVerifier.BundleSuffix + "; for a .nupkg the outer bundle, optional)\n" +
            "\n" +
            "Exit codes: 0 verified, 1 not valid (reason on stderr, coded PROV2xxx), 2 usage error or unreadable input.\n";

        // Most specific first; the bundle-beside-the-file verifier accepts anything, so it comes last.
        private static readonly IArtifactVerifier[] Verifiers = { new NupkgVerifier(), new BundleFileVerifier() };

        public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            ParsedArguments parsed = ParsedArguments.Parse(args, new[] { "--key", "--bundle" }, Array.Empty<string>());
            if (parsed.HelpRequested) throw new HelpRequestedException();
            string artifact = parsed.ExactlyOnePositional("<artifact>");
            IReadOnlyList<string> keyPaths = parsed.GetAll("--key");
            if (keyPaths.Count == 0) throw new UsageException("at least one --key <public.pem> is required");
            string? bundle = parsed.GetSingle("--bundle");

            var options = new VerifyOptions(artifact, bundle, keyPaths.Select(ReadKey).ToList());
            IArtifactVerifier verifier = Verifiers.First(v => v.CanVerify(artifact));
            VerificationOutcome outcome = verifier.Verify(options);
            string detail = outcome.Detail == null ? "" : " " + outcome.Detail;
            stdout.WriteLine($"verified: {artifact}{detail} signed by {outcome.SignerHint}");
            if (outcome.Note != null) stderr.WriteLine(outcome.Note);
            return ExitCodes.Success;
        }

        internal static VerificationKey ReadKey(string path)
        {
            byte[] bytes = InputFiles.ReadAll(path, "key file", MaxKeyFileBytes);
            string description = $"--key '{path}'";
            try
            {
                return VerificationKey.FromPem(Encoding.UTF8.GetString(bytes), description);
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, e.Code, e.Message, e);
            }
        }
    }
}
