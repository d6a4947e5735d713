using System.Collections.Generic;
using Provenance.Slsa;

namespace Provenance.Packages
{
    /// <summary>
    /// Builds the statement for <paramref name="subjects"/> (the caller owns the predicate: the same SLSA provenance
    /// as the assemblies') and returns the signed Sigstore bundle bytes. Called once for the package's entries and
    /// once for the finished .nupkg.
    /// </summary>
    public delegate byte[] PackageBundleFactory(IReadOnlyList<ResourceDescriptor> subjects);
}
