using System;
using System.Collections.Generic;
using System.IO;
using Provenance.Bundles;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Verify;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Verification;

namespace Provenance.Cli.Diff
{
    /// <summary>
    /// A provenance bundle read for `diff` and `rebuild`: given as the bundle or as the artifact beside which it lies.
    /// With trusted keys the signature is checked first (nothing of an unverified statement is believed beyond what
    /// the caller says); without, the statement is read as claimed and <see cref="Verified"/> is false.
    /// </summary>
    internal sealed class ProvenanceFile
    {
        private ProvenanceFile(string bundlePath, string? artifactPath, JsonObject statement, string? signerHint, bool verified)
        {
            BundlePath = bundlePath;
            ArtifactPath = artifactPath;
            Statement = statement;
            SignerHint = signerHint;
            Verified = verified;
        }

        public string BundlePath { get; }

        /// <summary>The artifact beside the bundle, when it exists (its bytes can tell what the statement does not).</summary>
        public string? ArtifactPath { get; }

        public JsonObject Statement { get; }
        public string? SignerHint { get; }
        public bool Verified { get; }

        /// <summary>A bundle path ends in .sigstore.json; anything else is an artifact whose bundle lies beside it.</summary>
        public static string BundlePathFor(string path) =>
            path.EndsWith(BundleFileVerifier.BundleSuffix, StringComparison.OrdinalIgnoreCase) ? path : path + BundleFileVerifier.BundleSuffix;

        public static ProvenanceFile Read(string path, IReadOnlyList<VerificationKey> trustedKeys)
        {
            string bundlePath = BundlePathFor(path);
            SigstoreBundle bundle = BundleFileVerifier.ReadBundle(bundlePath, ExitCodes.UsageOrUnreadable);
            string artifact = bundlePath.Substring(0, bundlePath.Length - BundleFileVerifier.BundleSuffix.Length);
            string? artifactPath = File.Exists(artifact) ? artifact : null;
            if (trustedKeys.Count > 0)
            {
                VerifiedStatement verified;
                try
                {
                    verified = BundleVerifier.Verify(bundle, trustedKeys);
                }
                catch (ProvenanceException e)
                {
                    throw new CommandFailedException(ExitCodes.Invalid, e.Code, $"{bundlePath}: {e.Message}", e);
                }
                return new ProvenanceFile(bundlePath, artifactPath, verified.Statement, verified.Signer.Hint, verified: true);
            }
            try
            {
                if (JsonReader.Parse(bundle.Envelope.Payload) is JsonObject statement)
                    return new ProvenanceFile(bundlePath, artifactPath, statement, bundle.PublicKeyHint, verified: false);
            }
            catch (FormatException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.PackageTampered, $"{bundlePath}: the statement cannot be read: {e.Message}", e);
            }
            throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.PackageTampered, $"{bundlePath}: the DSSE payload is not a JSON object");
        }
    }
}
