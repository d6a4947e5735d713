using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace Provenance.Packages
{
    /// <summary>
    /// Consumer side: checks restored package folders against the package-level statement they carry, the trusted
    /// keys and the policy. Packages are independent, so a graph is checked in parallel; with a
    /// <see cref="VerificationCache"/> an unchanged folder costs one directory listing.
    /// </summary>
    public sealed class RestoredPackageVerifier
    {
        // Bumped when the checks change, so that results cached by an older version are not reused.
        // checks-2: certificate-signed bundles (identity rules, trusted root) and results that carry the signer identity.
        private const string CheckVersion = "checks-2";

        private readonly IReadOnlyList<TrustedKey> _trustedKeys;
        private readonly ProvenancePolicy _policy;
        private readonly VerificationCache? _cache;

        public RestoredPackageVerifier(IReadOnlyList<TrustedKey> trustedKeys, ProvenancePolicy policy, VerificationCache? cache = null)
        {
            _trustedKeys = trustedKeys ?? throw new ArgumentNullException(nameof(trustedKeys));
            _policy = policy ?? throw new ArgumentNullException(nameof(policy));
            _cache = cache;
        }

        /// <summary>
        /// Also hash the folder's .nupkg and compare it with the contentHash NuGet recorded (default true). The build
        /// compiles against the extracted files, which are always checked; this catches a replaced nupkg copy.
        /// </summary>
        public bool CheckPackageFile { get; set; } = true;

        public PackageVerificationResult Verify(RestoredPackageFolder package)
        {
            if (package == null) throw new ArgumentNullException(nameof(package));
            string folder = Path.GetFullPath(package.FolderPath);
            PackagePolicy rule = _policy.Resolve(package.Id);
            FolderSnapshot? snapshot = FolderSnapshot.Take(folder);
            if (snapshot == null)
                return new PackageVerificationResult(package.Id, package.Version, PackageVerificationOutcome.Tampered,
                    $"{package.DisplayName}: the restored package folder '{folder}' does not exist.");

            string fingerprint = CheckVersion + "|" + (CheckPackageFile ? "nupkg" : "files") + "|" + package.Id + "|" + package.Version + "|" + rule.Fingerprint(_trustedKeys);
            // The trusted root decides only where a rule accepts certificates; elsewhere the root is not even read.
            if (rule.Identity != null) fingerprint += "|root=" + _policy.TrustedRoot.Sha256;
            PackageVerificationResult? cached = _cache?.TryGetResult(folder, fingerprint, snapshot);
            if (cached != null) return cached;

            var check = new PackageFolderCheck(package, folder, snapshot, rule, rule.KeysFrom(_trustedKeys), _cache, CheckPackageFile,
                () => _policy.TrustedRoot);
            PackageVerificationResult result = check.Run();
            _cache?.Store(folder, fingerprint, snapshot, result, check.Digests);
            return result;
        }

        /// <summary>Results in the order of <paramref name="packages"/>.</summary>
        public IReadOnlyList<PackageVerificationResult> VerifyAll(IReadOnlyList<RestoredPackageFolder> packages, int maxParallelism = 0)
        {
            if (packages == null) throw new ArgumentNullException(nameof(packages));
            var results = new PackageVerificationResult[packages.Count];
            var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount };
            // Parallel.For would end every package's check with an AggregateException if one threw: each package is guarded.
            Parallel.For(0, packages.Count, options, i => results[i] = VerifyOne(packages[i]));
            return results;
        }

        /// <summary>
        /// <see cref="Verify"/>, or a Tampered verdict naming the folder when something around the check throws (the
        /// folder listing, the cache): one package's trouble never hides the verdicts on the others.
        /// </summary>
        private PackageVerificationResult VerifyOne(RestoredPackageFolder package)
        {
            try
            {
                return Verify(package);
            }
            catch (Exception e) when (package != null && !PackageFolderCheck.IsFatal(e))
            {
                return new PackageVerificationResult(package.Id, package.Version, PackageVerificationOutcome.Tampered,
                    $"{package.DisplayName}: the restored package folder '{package.FolderPath}' could not be checked ({e.GetType().Name}: {e.Message}).");
            }
        }
    }
}
