using System;
using System.Collections.Generic;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Slsa;

namespace Provenance.Verification
{
    /// <summary>
    /// Parses a verified payload as an in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md),
    /// with sigstore-go's limit of 1024 subjects and digests checked as lowercase hex of the algorithm's length.
    /// </summary>
    internal static class StatementParser
    {
        public const string StatementTypeV1 = "https://in-toto.io/Statement/v1";
        public const int MaxSubjects = 1024;

        private static readonly Dictionary<string, int> HexLengths = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["sha256"] = 64,
            ["sha384"] = 96,
            ["sha512"] = 128,
        };

        public static VerifiedStatement Parse(byte[] payload, VerificationKey signer, int maxSubjects = MaxSubjects)
        {
            JsonValue root;
            try { root = JsonReader.Parse(payload, payload.Length); }
            catch (JsonFormatException ex) { throw Malformed("it is not valid JSON: " + ex.Message); }
            if (!(root is JsonObject statement)) throw Malformed("it is not a JSON object");

            if (statement.GetString("_type") != StatementTypeV1) throw Malformed($"_type is not \"{StatementTypeV1}\"");
            string? predicateType = statement.GetString("predicateType");
            if (string.IsNullOrEmpty(predicateType)) throw Malformed("predicateType is missing");
            JsonObject? predicate = null;
            if (statement["predicate"] is JsonValue predicateValue)
                predicate = predicateValue as JsonObject ?? throw Malformed("predicate is not an object");

            if (!(statement["subject"] is JsonArray subjectArray)) throw Malformed("subject is not an array");
            if (subjectArray.Count < 1 || subjectArray.Count > maxSubjects)
                throw Malformed($"it has {subjectArray.Count} subjects; 1 to {maxSubjects} are allowed");

            var subjects = new List<ResourceDescriptor>(subjectArray.Count);
            for (int i = 0; i < subjectArray.Count; i++)
                subjects.Add(ParseSubject(subjectArray[i], i));
            return new VerifiedStatement(payload, statement, signer, subjects, predicateType!, predicate);
        }

        private static ResourceDescriptor ParseSubject(JsonValue value, int index)
        {
            if (!(value is JsonObject json)) throw Malformed($"subject[{index}] is not an object");
            ResourceDescriptor subject;
            try { subject = ResourceDescriptor.FromJson(json); }
            catch (JsonFormatException ex) { throw Malformed($"subject[{index}]: {ex.Message}"); }
            if (subject.Digest.Count == 0) throw Malformed($"subject[{index}] has no digest");
            foreach (var digest in subject.Digest)
            {
                bool lengthOk = !HexLengths.TryGetValue(digest.Key, out int length) || digest.Value.Length == length;
                if (!lengthOk || !IsLowercaseHex(digest.Value))
                    throw Malformed($"subject[{index}] digest \"{digest.Key}\" is not lowercase hex of the right length");
            }
            return subject;
        }

        private static bool IsLowercaseHex(string value)
        {
            if (value.Length == 0) return false;
            foreach (char c in value)
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
            return true;
        }

        private static VerificationException Malformed(string what) =>
            new VerificationException(VerificationFailureReason.Malformed, $"The signed statement is malformed: {what}.");
    }
}
