using System.Collections.Generic;
using Provenance.Signing;

namespace Provenance.Cli.Verify
{
    /// <summary>What `verify` was asked to check, already read and parsed: the verifiers do no argument handling.</summary>
    internal sealed class VerifyOptions
    {
        public VerifyOptions(string artifactPath, string? bundlePath, IReadOnlyList<VerificationKey> trustedKeys)
        {
            ArtifactPath = artifactPath;
            BundlePath = bundlePath;
            TrustedKeys = trustedKeys;
        }

        public string ArtifactPath { get; }

        /// <summary>--bundle, or null for the verifier's default (the file beside the artifact).</summary>
        public string? BundlePath { get; }

        public IReadOnlyList<VerificationKey> TrustedKeys { get; }
    }
}
