using System.Collections.Generic;
using Provenance.Packages;

namespace Provenance.MSBuild.Policy
{
    /// <summary>What a consumer project declares: its ProvenancePolicy items as written and its trusted key files.</summary>
    internal sealed class DeclaredPolicy
    {
        public DeclaredPolicy(IReadOnlyList<ProvenancePolicyItem> policies, IReadOnlyList<string> trustedKeyFiles, IReadOnlyList<string> declaringFiles)
        {
            Policies = policies;
            TrustedKeyFiles = trustedKeyFiles;
            DeclaringFiles = declaringFiles;
        }

        /// <summary>Every ProvenancePolicy item in evaluation order; a wildcard Include (Acme.*, *) is kept as written.</summary>
        public IReadOnlyList<ProvenancePolicyItem> Policies { get; }

        /// <summary>Full paths of the ProvenanceTrustedKey items (ordinary file items: a wildcard there is a file glob).</summary>
        public IReadOnlyList<string> TrustedKeyFiles { get; }

        /// <summary>The files of the import closure that hold ProvenancePolicy or ProvenanceTrustedKey elements, sorted; for messages.</summary>
        public IReadOnlyList<string> DeclaringFiles { get; }
    }
}
