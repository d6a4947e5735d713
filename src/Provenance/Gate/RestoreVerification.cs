using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Packages;

namespace Provenance.Gate
{
    /// <summary>
    /// The one entry point every front end calls (the MSBuild gate, `verify-restore`, the benchmark): the facts about
    /// each package of a restore (signature and signer, files against the statement, statement facts) from
    /// <see cref="RestoredPackageVerifier"/>, then, apart, what the policy makes of each. Front ends only present it.
    /// </summary>
    public static class RestoreVerification
    {
        public static RestoreVerdict Verify(RestoreInventory inventory, IReadOnlyList<TrustedKey> trustedKeys, ProvenancePolicy policy, VerificationCache? cache)
        {
            if (inventory == null) throw new ArgumentNullException(nameof(inventory));
            if (policy == null) throw new ArgumentNullException(nameof(policy));
            IReadOnlyList<PackageVerificationResult> facts = new RestoredPackageVerifier(trustedKeys, policy, cache)
                .VerifyAll(inventory.Packages.Select(p => p.Folder).ToList());
            var packages = new List<PackageVerdict>(facts.Count);
            for (int i = 0; i < facts.Count; i++)
                packages.Add(new PackageVerdict(inventory.Packages[i], facts[i], policy.Resolve(facts[i].Id).Decide(facts[i])));
            return new RestoreVerdict(packages);
        }
    }

    /// <summary>One package of a restore: where it came from, the facts, and the policy's decision.</summary>
    public sealed class PackageVerdict
    {
        public PackageVerdict(InventoryPackage package, PackageVerificationResult result, PolicyDecision decision)
        {
            Package = package;
            Result = result;
            Decision = decision;
        }

        public InventoryPackage Package { get; }
        public PackageVerificationResult Result { get; }
        public PolicyDecision Decision { get; }
    }

    /// <summary>The decisions over a whole restore; <see cref="Failed"/> when any is an error.</summary>
    public sealed class RestoreVerdict
    {
        public RestoreVerdict(IReadOnlyList<PackageVerdict> packages)
        {
            Packages = packages;
            Errors = packages.Count(p => p.Decision.Level == PolicyDecisionLevel.Error);
            Warnings = packages.Count(p => p.Decision.Level == PolicyDecisionLevel.Warning);
        }

        public IReadOnlyList<PackageVerdict> Packages { get; }
        public int Errors { get; }
        public int Warnings { get; }
        public bool Failed => Errors > 0;
        public IReadOnlyList<PackageVerificationResult> Results => Packages.Select(p => p.Result).ToList();

        /// <summary>"Package provenance: 3 of 5 packages verified; not required and not verified: 2 notAttested."</summary>
        public string Summary()
        {
            int verified = Packages.Count(p => p.Result.IsVerified);
            string others = string.Join(", ", Packages.Where(p => p.Decision.Level == PolicyDecisionLevel.Summary)
                .GroupBy(p => VerificationReport.OutcomeName(p.Result.Outcome))
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
            return $"Package provenance: {verified} of {Packages.Count} packages verified" +
                (others.Length > 0 ? $"; not required and not verified: {others}." : ".");
        }
    }
}
