using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Slsa;

namespace Provenance.Verification
{
    /// <summary>An in-toto statement whose signature a trusted key verified, parsed from exactly the signed bytes.</summary>
    public sealed class VerifiedStatement
    {
        internal VerifiedStatement(byte[] payload, JsonObject statement, VerificationKey signer,
            IReadOnlyList<ResourceDescriptor> subjects, string predicateType, JsonObject? predicate)
        {
            Payload = payload;
            Statement = statement;
            Signer = signer;
            Subjects = subjects;
            PredicateType = predicateType;
            Predicate = predicate;
        }

        /// <summary>The signed payload, verbatim.</summary>
        public byte[] Payload { get; }

        public JsonObject Statement { get; }

        /// <summary>The trusted key whose signature verified.</summary>
        public VerificationKey Signer { get; }

        public IReadOnlyList<ResourceDescriptor> Subjects { get; }

        public string PredicateType { get; }

        public JsonObject? Predicate { get; }

        /// <summary>True when a subject carries <paramref name="lowercaseHex"/> as its <paramref name="algorithm"/> digest.</summary>
        public bool HasSubjectDigest(string algorithm, string lowercaseHex)
        {
            if (algorithm == null) throw new ArgumentNullException(nameof(algorithm));
            if (lowercaseHex == null) throw new ArgumentNullException(nameof(lowercaseHex));
            string wanted = lowercaseHex.ToLowerInvariant();
            return Subjects.Any(s => s.Digest.TryGetValue(algorithm, out string? hex) && string.Equals(hex, wanted, StringComparison.Ordinal));
        }

        /// <summary>Throws SubjectMismatch (PROV2003) naming <paramref name="artifactDescription"/> unless a subject has the digest.</summary>
        public void RequireSubjectDigest(string algorithm, string lowercaseHex, string artifactDescription)
        {
            if (!HasSubjectDigest(algorithm, lowercaseHex))
                throw new VerificationException(VerificationFailureReason.SubjectMismatch,
                    $"The provenance of {artifactDescription} does not describe it: no subject has {algorithm} digest {lowercaseHex}.");
        }
    }
}
