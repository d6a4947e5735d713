using System;
using System.Collections.Generic;

namespace Provenance.Packages
{
    /// <summary>
    /// Everything a verification summary (docs/vsa-v1.md) is made from: plain data, so the MSBuild task, the CLI and the
    /// tests build it the same way. Nothing here may hold a machine path: the summary is meant to be shared.
    /// </summary>
    public sealed class VerificationSummaryRequest
    {
        public VerificationSummaryRequest(string resourceUri, byte[] canonicalPolicy, IEnumerable<VerificationSummaryPackage> packages)
        {
            ResourceUri = resourceUri ?? throw new ArgumentNullException(nameof(resourceUri));
            CanonicalPolicy = canonicalPolicy ?? throw new ArgumentNullException(nameof(canonicalPolicy));
            Packages = new List<VerificationSummaryPackage>(packages ?? throw new ArgumentNullException(nameof(packages)));
        }

        /// <summary>The consumer project (see <see cref="VerificationSummary.ProjectResourceUri"/>).</summary>
        public string ResourceUri { get; }

        /// <summary>The exact policy text the gate evaluated; the summary records its SHA-256, never the text.</summary>
        public byte[] CanonicalPolicy { get; }

        public IReadOnlyList<VerificationSummaryPackage> Packages { get; }

        /// <summary>policy.uri; <see cref="VerificationSummary.DefaultPolicyUri"/> unless the caller names a policy of its own.</summary>
        public string PolicyUri { get; set; } = VerificationSummary.DefaultPolicyUri;

        /// <summary>verifier.id, an absolute URI.</summary>
        public string VerifierId { get; set; } = VerificationSummary.DefaultVerifierId;

        /// <summary>verifier.version: component name to version (e.g. "Provenance.MSBuild" to "0.1.0"); written sorted.</summary>
        public IDictionary<string, string> VerifierVersion { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>timeVerified; null means <see cref="VerificationSummary.TimeVerifiedNow"/> (SOURCE_DATE_EPOCH, else the clock).</summary>
        public DateTimeOffset? TimeVerified { get; set; }
    }
}
