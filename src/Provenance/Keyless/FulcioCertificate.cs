using System;
using System.Collections.Generic;

namespace Provenance.Keyless
{
    /// <summary>A short-lived signing certificate from Fulcio: the chain (DER, leaf first) and the leaf's validity.</summary>
    public sealed class FulcioCertificate
    {
        internal FulcioCertificate(IReadOnlyList<byte[]> chain, DateTimeOffset notBefore, DateTimeOffset notAfter, bool embeddedSct, string identity)
        {
            Chain = chain;
            NotBefore = notBefore;
            NotAfter = notAfter;
            HasEmbeddedSct = embeddedSct;
            Identity = identity;
        }

        public IReadOnlyList<byte[]> Chain { get; }
        public byte[] Leaf => Chain[0];
        public DateTimeOffset NotBefore { get; }
        public DateTimeOffset NotAfter { get; }

        /// <summary>
        /// False when Fulcio answered with a detached SCT: a v0.3 bundle has no place for it, so verifiers that require
        /// an SCT (the public-good policy) will refuse such bundles. Only private Fulcio instances without CT do this.
        /// </summary>
        public bool HasEmbeddedSct { get; }

        /// <summary>The leaf's subject alternative name (what policies match), for messages.</summary>
        public string Identity { get; }
    }
}
