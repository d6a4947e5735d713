using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Provenance.Cli.CommandLine;
using Provenance.Signing;

namespace Provenance.Cli.Keygen
{
    /// <summary>`keygen`: a new key pair for ProvenanceSigningKeyFile and for consumers' ProvenanceTrustedKey items.</summary>
    internal static class KeygenCommand
    {
        public const string Usage =
            "Usage: " + Program.ToolName + " keygen [--algorithm " + KeyAlgorithmNames.Choices + "] --out <private.pem>\n" +
            "                         [--public-out <public.pem>] [--password-variable <ENV_NAME>] [--force]\n" +
            "\n" +
            "Creates a signing key pair: a PKCS#8 private key PEM and an SPKI public key PEM.\n" +
            "\n" +
            "Options:\n" +
            "  --algorithm <name>           ed25519 (default), ecdsa-p256 (P-256, SHA-256) or rsa (3072 bits, PKCS#1 v1.5)\n" +
            "  --out <path>                 private key file (required: a secret is never written where it was not asked for);\n" +
            "                               created owner-only (0600) on Unix\n" +
            "  --public-out <path>          public key file (default: the private key's name with .pub.pem)\n" +
            "  --password-variable <NAME>   encrypt the private key with the password held in environment variable NAME\n" +
            "                               (the password itself is never accepted on the command line)\n" +
            "  --force                      replace existing key files\n" +
            "\n" +
            "Prints the key hint (base64 SHA-256 of the public key) that bundles signed with the key carry.\n";

        private static readonly Regex VariableName = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
        {
            ParsedArguments parsed = ParsedArguments.Parse(
                args,
                new[] { "--algorithm", "--out", "--public-out", "--password-variable" },
                new[] { "--force" });
            if (parsed.HelpRequested) throw new HelpRequestedException();
            if (parsed.Positionals.Count > 0) throw new UsageException($"unexpected argument '{parsed.Positionals[0]}'");

            KeyAlgorithm algorithm = KeyAlgorithmNames.Parse(parsed.GetSingle("--algorithm"));
            // No default: a private key dropped into whatever folder the shell was in is easily committed or shared.
            string privatePath = Path.GetFullPath(parsed.GetSingle("--out")
                ?? throw new UsageException("--out <private.pem> is required: say where the private key goes"));
            string publicPath = Path.GetFullPath(parsed.GetSingle("--public-out") ?? DefaultPublicPath(privatePath));
            bool force = parsed.HasFlag("--force");
            string? password = ReadPassword(parsed.GetSingle("--password-variable"));

            if (string.Equals(privatePath, publicPath, StringComparison.Ordinal))
                throw new UsageException("--out and --public-out name the same file");
            if (!force)
            {
                RefuseExisting(privatePath);
                RefuseExisting(publicPath);
            }

            SigningKey key = SigningKey.Generate(algorithm);
            VerificationKey publicKey = key.PublicKey;
            try
            {
                KeyFileWriter.Write(privatePath, key.ToPkcs8Pem(password), ownerOnly: true, overwrite: force);
                KeyFileWriter.Write(publicPath, publicKey.ToPem(), ownerOnly: false, overwrite: force);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"could not write the key files: {e.Message}", e);
            }

            stdout.WriteLine($"Created an {KeyAlgorithmNames.ToName(algorithm)} key pair{(password != null ? " (private key encrypted)" : "")}.");
            stdout.WriteLine($"  private key: {privatePath}");
            stdout.WriteLine($"  public key:  {publicPath}");
            stdout.WriteLine($"  key hint:    {publicKey.Hint}");
            stdout.WriteLine("Keep the private key secret; give the public key to those who verify your builds.");
            return ExitCodes.Success;
        }

        private static string DefaultPublicPath(string privatePath) =>
            privatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                ? privatePath.Substring(0, privatePath.Length - 4) + ".pub.pem"
                : privatePath + ".pub.pem";

        private static void RefuseExisting(string path)
        {
            if (File.Exists(path) || Directory.Exists(path))
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"'{path}' already exists; pass --force to replace it");
        }

        /// <summary>The password comes from the environment only: argv is visible to every process on the machine.</summary>
        private static string? ReadPassword(string? variable)
        {
            if (variable == null) return null;
            // Not echoed when malformed: a user may have typed the password itself here by mistake.
            if (!VariableName.IsMatch(variable))
                throw new UsageException("--password-variable takes the name of an environment variable (letters, digits, '_'), not a password");
            string? value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(value))
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"the environment variable '{variable}' (--password-variable) is not set or is empty");
            return value;
        }
    }
}
