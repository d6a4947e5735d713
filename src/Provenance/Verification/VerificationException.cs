using System;

namespace Provenance.Verification
{
    /// <summary>A bundle failed verification. Every reason fails closed; the code tells the user what to fix.</summary>
    public sealed class VerificationException : ProvenanceException
    {
        public VerificationException(VerificationFailureReason reason, string message, Exception? inner = null)
            : base(CodeFor(reason), message, inner) => Reason = reason;

        public VerificationFailureReason Reason { get; }

        private static string CodeFor(VerificationFailureReason reason) =>
            reason == VerificationFailureReason.UntrustedSigner
                ? DiagnosticCodes.PackageUntrustedSigner
                : DiagnosticCodes.PackageTampered;
    }
}
