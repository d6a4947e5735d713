using System;

namespace Provenance.Packages
{
    /// <summary>
    /// One restored package as the verification summary records it: what verifying it found, and what the consumer's
    /// policy made of that. The decision is passed in (not recomputed) so that the summary says exactly what the gate did.
    /// </summary>
    public sealed class VerificationSummaryPackage
    {
        public VerificationSummaryPackage(PackageVerificationResult result, PolicyDecision decision, bool required)
        {
            Result = result ?? throw new ArgumentNullException(nameof(result));
            Decision = decision ?? throw new ArgumentNullException(nameof(decision));
            Required = required;
        }

        /// <summary>The decision the rule gives (<see cref="PackagePolicy.Decide"/>), so gate and summary cannot disagree.</summary>
        public VerificationSummaryPackage(PackageVerificationResult result, PackagePolicy rule)
            : this(result, (rule ?? throw new ArgumentNullException(nameof(rule))).Decide(result), rule.Required)
        {
        }

        public PackageVerificationResult Result { get; }
        public PolicyDecision Decision { get; }

        /// <summary>Whether the ProvenancePolicy item matching the package requires it to be verified.</summary>
        public bool Required { get; }

        /// <summary>pkg:nuget/&lt;id&gt;@&lt;version&gt;, spelled as the producer's provenance spells resolvedDependencies.</summary>
        public string PackageUrl => "pkg:nuget/" + Result.Id + "@" + Result.Version;

        /// <summary>The policy fails this package: the restore gate stops the build (tampered, or required at severity error).</summary>
        public bool Failed => Decision.Level == PolicyDecisionLevel.Error;
    }
}
