using System;
using System.Collections.Generic;
using System.Globalization;
using Provenance.Json;

namespace Provenance.Slsa
{
    /// <summary>
    /// The in-toto Statement v1 envelope around a predicate
    /// (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md), members in the spec's order.
    /// </summary>
    public static class InTotoStatement
    {
        public const string StatementType = "https://in-toto.io/Statement/v1";
        public const string SlsaProvenanceV1 = "https://slsa.dev/provenance/v1";

        public static JsonObject ToJson(IEnumerable<ResourceDescriptor> subjects, string predicateType, JsonObject predicate)
        {
            var subjectArray = new JsonArray();
            foreach (ResourceDescriptor subject in subjects) subjectArray.Add(subject.ToJson());
            return new JsonObject()
                .Add("_type", StatementType)
                .Add("subject", subjectArray)
                .Add("predicateType", predicateType)
                .Add("predicate", predicate);
        }

        /// <summary>"YYYY-MM-DDThh:mm:ssZ" in UTC, whole seconds (docs/buildtype-v2.md, "Determinism").</summary>
        public static string FormatTimestamp(DateTimeOffset time) =>
            time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
