namespace Provenance.Packages
{
    /// <summary>
    /// Hard limits on every package we read, producer or consumer side: a package is attacker-supplied input, and a
    /// zip bomb must fail fast instead of filling memory or disk. Real packages stay far below each limit.
    /// </summary>
    public static class PackageLimits
    {
        /// <summary>Most entries a package may have (NuGet itself has no limit; the largest real packages have a few thousand).</summary>
        public const int MaxEntries = 10_000;

        /// <summary>Most uncompressed bytes of all entries together.</summary>
        public const long MaxTotalUncompressedBytes = 2L * 1024 * 1024 * 1024;

        /// <summary>Highest uncompressed:compressed ratio accepted for an entry larger than <see cref="RatioCheckedAboveBytes"/>.</summary>
        public const int MaxCompressionRatio = 200;

        /// <summary>Small entries may compress extremely well (a file of zeros) without being a threat.</summary>
        public const long RatioCheckedAboveBytes = 1024 * 1024;

        /// <summary>Most subjects a statement may carry: the limit BundleVerifier enforces (sigstore-go's).</summary>
        public const int MaxStatementSubjects = 1024;
    }
}
