using System;
using System.IO;
using System.Security.Cryptography;
using Provenance.Bundles;
using Provenance.Cli.CommandLine;
using Provenance.Verification;

namespace Provenance.Cli.Verify
{
    /// <summary>
    /// Any file with a Sigstore bundle: the DSSE signature must verify with one of the trusted keys (the core
    /// verifier checks it before it parses the payload), then the file's sha256 must be a subject digest.
    /// </summary>
    internal sealed class BundleFileVerifier : IArtifactVerifier
    {
        public const string BundleSuffix = ".sigstore.json";

        public bool CanVerify(string artifactPath) => true;

        public VerificationOutcome Verify(VerifyOptions options)
        {
            string bundlePath = options.BundlePath ?? options.ArtifactPath + BundleSuffix;
            string artifactSha256 = Sha256Hex(options.ArtifactPath);
            SigstoreBundle bundle = ReadBundle(bundlePath, ExitCodes.Invalid);

            VerifiedStatement statement;
            try
            {
                statement = BundleVerifier.Verify(bundle, options.TrustedKeys);
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.Invalid, e.Code, $"{bundlePath}: {e.Message}", e);
            }

            if (!statement.HasSubjectDigest("sha256", artifactSha256))
            {
                throw new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.PackageTampered,
                    $"{options.ArtifactPath}: its sha256 {artifactSha256} is not a subject of '{bundlePath}' (the file changed after signing, or the bundle belongs to another file)");
            }
            return new VerificationOutcome(statement.Signer.Hint, bundlePath);
        }

        /// <summary>
        /// A bundle that is missing or unreadable is exit 2; one that is malformed or oversized gets
        /// <paramref name="malformedExitCode"/> (verify: invalid, 1; inspect: unreadable input, 2).
        /// </summary>
        internal static SigstoreBundle ReadBundle(string bundlePath, int malformedExitCode)
        {
            var info = new FileInfo(bundlePath);
            if (info.Exists && info.Length > SigstoreBundle.MaxBytes)
            {
                throw new CommandFailedException(malformedExitCode, DiagnosticCodes.PackageTampered,
                    $"{bundlePath}: {info.Length} bytes, over the bundle limit of {SigstoreBundle.MaxBytes}");
            }
            byte[] bytes = InputFiles.ReadAll(bundlePath, "bundle", SigstoreBundle.MaxBytes);
            try
            {
                return SigstoreBundle.Parse(bytes);
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(malformedExitCode, e.Code, $"{bundlePath}: {e.Message}", e);
            }
            catch (FormatException e)
            {
                throw new CommandFailedException(malformedExitCode, DiagnosticCodes.PackageTampered, $"{bundlePath}: {e.Message}", e);
            }
        }

        private static string Sha256Hex(string path)
        {
            using (Stream stream = InputFiles.OpenRead(path, "artifact"))
            using (var sha = SHA256.Create())
            {
                try
                {
                    return Convert.ToHexString(sha.ComputeHash(stream)).ToLowerInvariant();
                }
                catch (IOException e)
                {
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"artifact '{path}' could not be read: {e.Message}", e);
                }
            }
        }
    }
}
