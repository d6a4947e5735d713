using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Cli.CommandLine;
using Provenance.Signing;
using Provenance.Sigstore;

namespace Provenance.Cli.Verify
{
    /// <summary>`verify`: is this artifact what the holder of one of these keys, or this certificate identity, built?</summary>
    internal static class VerifyCommand
    {
        public const string Usage =
            "Usage: " + Program.ToolName + " verify <artifact> --key <public.pem> [--key <public.pem> ...] [--bundle <file>] [--trusted-root <file>]\n" +
            "       " + Program.ToolName + " verify <artifact> (--certificate-identity <SAN> | --certificate-identity-regex <re>)\n" +
            "                [--certificate-oidc-issuer <url> | --certificate-oidc-issuer-regex <re>] [--source-repository <uri>]\n" +
            "                [--source-ref <ref-or-re>] [--signer-workflow <uri-or-re>] [--deny-self-hosted-runners]\n" +
            "                [--bundle <file>] [--trusted-root <trusted_root.json>]\n" +
            "\n" +
            "Checks the artifact against its Sigstore bundle (any version, v0.1 to v0.3; DSSE statements and message\n" +
            "signatures): the signature by one of the given public keys, or by a certificate that chains to a certificate\n" +
            "authority of the trusted root at the signing time, with its SCTs, and names the given identity; every\n" +
            "transparency-log entry (Rekor v1: signed entry timestamp and inclusion proof; Rekor v2: signed checkpoint) and\n" +
            "every RFC 3161 timestamp must verify against the trusted root; a statement must have the artifact as a subject.\n" +
            "Our own key-signed bundles are checked as before: the artifact's sha256 must be a subject.\n" +
            "\n" +
            "A .nupkg is checked through the statement embedded in it (" + Packages.PackageAttestation.EmbeddedBundleEntryName + "):\n" +
            "signed by one of the keys, and every entry of the package (except that statement and NuGet's .signature.p7s)\n" +
            "a subject with its sha256, none missing: an added, changed or removed entry is invalid. When the bundle beside\n" +
            "the package exists (or --bundle is given) it must be signed by one of the keys too, with the package's sha512\n" +
            "(NuGet's content hash, unchanged by a later NuGet signature) and, for an unsigned package, its sha256.\n" +
            "Prints \"verified: <package> (N entries) signed by <key hint>\". (Packages are verified with --key only.)\n" +
            "\n" +
            "Options:\n" +
            "  --key <path>                         a trusted public key (SPKI PEM); repeat for several. The bundle's key\n" +
            "                                       hint never grants trust\n" +
            "  --certificate-identity <SAN>         the signing certificate's identity (URI or email), exactly\n" +
            "  --certificate-identity-regex <re>    a .NET regular expression the WHOLE identity must match (anchored: stricter\n" +
            "                                       than cosign's --certificate-identity-regexp, which is also accepted)\n" +
            "  --certificate-oidc-issuer <url>      the OIDC issuer the certificate names, exactly (default: any issuer)\n" +
            "  --certificate-oidc-issuer-regex <re> a pattern the whole issuer must match\n" +
            "  --source-repository <uri>            the certificate's source repository claim, exactly (https://github.com/o/r)\n" +
            "  --source-ref <ref-or-re>             the source ref claim: that ref, or a pattern the whole ref matches\n" +
            "                                       (refs/heads/main, refs/tags/v.*)\n" +
            "  --signer-workflow <uri-or-re>        the signer workflow claim (build signer URI): that URI (without @ref: at any\n" +
            "                                       ref), or a pattern the whole URI matches\n" +
            "  --deny-self-hosted-runners           the certificate must say it was issued to a GitHub-hosted runner\n" +
            "  --trusted-root <path>                the Sigstore trusted root (CAs, Rekor and CT logs, timestamp authorities);\n" +
            "                                       default: the Sigstore public-good root embedded in this tool\n" +
            "  --bundle <path>                      the bundle (default: <artifact>" + BundleFileVerifier.BundleSuffix + "; for a .nupkg the outer bundle,\n" +
            "                                       optional)\n" +
            "\n" +
            "A certificate-signed bundle prints the identity it was verified for: issuer, source repository and ref,\n" +
            "signer workflow, runner, and the proven signing times.\n" +
            "\n" +
            "Exit codes: 0 verified, 1 not valid (reason on stderr, coded PROV2xxx), 2 usage error (PROV3012) or unreadable\n" +
            "input (a trusted root that cannot be used: PROV3011).\n";

        // Most specific first; the bundle-beside-the-file verifier accepts anything, so it comes last.
        private static readonly IArtifactVerifier[] Verifiers = { new NupkgVerifier(), new SigstoreFileVerifier() };

        public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            ParsedArguments parsed = ParsedArguments.Parse(args,
                new[] { "--key", "--bundle", "--trusted-root" }.Concat(IdentityOptions.ValueOptions).ToArray(),
                new[] { IdentityOptions.DenySelfHostedRunners });
            if (parsed.HelpRequested) throw new HelpRequestedException();
            string artifact = parsed.ExactlyOnePositional("<artifact>");
            IReadOnlyList<string> keyPaths = parsed.GetAll("--key");
            if (keyPaths.Count > 0 && IdentityOptions.AnyGiven(parsed))
                throw new UsageException($"give --key or {IdentityOptions.Identity} (with its filters), not both: a key-signed bundle never satisfies an identity");
            CertificateIdentityPolicy? identity = IdentityOptions.From(parsed);
            if (keyPaths.Count == 0 && identity == null)
                throw new UsageException($"say whom to trust: at least one --key <public.pem>, or {IdentityOptions.Identity} <SAN> or {IdentityOptions.IdentityRegex} <re>");
            string? bundle = parsed.GetSingle("--bundle");

            IArtifactVerifier verifier = Verifiers.First(v => v.CanVerify(artifact));
            if (identity != null && verifier is NupkgVerifier)
                throw new UsageException("a .nupkg is verified with --key; to check a package by certificate identity, verify the bundle beside it " +
                    "against the package: verify <file.nupkg> is not yet supported with " + IdentityOptions.Identity);
            TrustedRoot? trustedRoot = TrustedRootOption.Load(parsed.GetSingle("--trusted-root"));
            var options = new VerifyOptions(artifact, bundle, keyPaths.Select(TrustedKeyFile.Read).ToList(), identity, trustedRoot);
            VerificationOutcome outcome = verifier.Verify(options);

            string detail = outcome.Detail == null ? "" : " " + outcome.Detail;
            stdout.WriteLine($"verified: {artifact}{detail} signed by {outcome.SignerHint}");
            if (outcome.Identity != null)
            {
                foreach (var (label, value) in outcome.Identity.Facts().Skip(1))   // the identity itself is on the line above
                    stdout.WriteLine($"  {(label + ":").PadRight(20)}{value}");
            }
            foreach (VerifiedTimestamp time in outcome.Timestamps)
                stdout.WriteLine($"  {"signed at:",-20}{time.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({(time.Kind == "tlog" ? "transparency log" : "RFC 3161 timestamp")} {time.Authority ?? "-"})");
            if (outcome.Note != null) stderr.WriteLine(outcome.Note);
            return ExitCodes.Success;
        }

        /// <summary>A --key file our own bundles can be signed with (PROV3003, exit 2, for anything else); other commands share it.</summary>
        internal static VerificationKey ReadKey(string path) =>
            TrustedKeyFile.Read(path).Key ?? throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.TrustedKeyInvalid,
                $"--key '{path}' holds a key our bundles are never signed with (Ed25519, ECDSA P-256 or RSA >= 3072 are)");
    }
}
