using System;

namespace Provenance.Sigstore
{
    /// <summary>
    /// How much evidence the verifier demands, apart from the trusted material and the policy (sigstore-go's split).
    /// Whatever the thresholds, every transparency-log entry and timestamp a bundle carries must verify: a bundle with
    /// one bad entry is rejected, not judged by its good ones.
    /// </summary>
    public sealed class SigstoreVerifierOptions
    {
        /// <summary>Verified transparency-log entries required (any signer). Default 0: a timestamp alone may prove time.</summary>
        public int TransparencyLogThreshold { get; set; }

        /// <summary>
        /// Verified signing times (integrated times vouched for by a signed entry timestamp, plus RFC 3161 timestamps)
        /// required for certificate-signed bundles. Default 1: a short-lived certificate means nothing without a time.
        /// 0 checks the certificate at <see cref="CurrentTime"/> when the bundle proves no time.
        /// </summary>
        public int ObserverTimestampThreshold { get; set; } = 1;

        /// <summary>Verified embedded SCTs required in a signing certificate. Default 1 (Fulcio); 0 for a private CA without CT.</summary>
        public int SctThreshold { get; set; } = 1;

        /// <summary>The time used when no signing time is proven (threshold 0); null: now.</summary>
        public DateTimeOffset? CurrentTime { get; set; }

        public static SigstoreVerifierOptions Default => new SigstoreVerifierOptions();
    }
}
