using System;
using System.Collections.Generic;
using Provenance.Json;

namespace Provenance.Slsa
{
    /// <summary>
    /// An in-toto ResourceDescriptor (https://github.com/in-toto/attestation/blob/main/spec/v1/resource_descriptor.md):
    /// subjects, resolved dependencies and byproducts. Digests are lowercase hex, keyed by algorithm name.
    /// </summary>
    public sealed class ResourceDescriptor
    {
        public string? Name { get; set; }
        public string? Uri { get; set; }
        public SortedDictionary<string, string> Digest { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
        public JsonObject? Annotations { get; set; }

        public ResourceDescriptor WithDigest(string algorithm, string lowercaseHex)
        {
            Digest[algorithm] = lowercaseHex;
            return this;
        }

        /// <summary>Members in the order the spec lists them; absent ones are left out.</summary>
        public JsonObject ToJson()
        {
            var json = new JsonObject();
            json.AddIfNotEmpty("uri", Uri);
            json.AddIfNotEmpty("name", Name);
            if (Digest.Count > 0)
            {
                var digest = new JsonObject();
                foreach (var pair in Digest) digest.Add(pair.Key, pair.Value);
                json.Add("digest", digest);
            }
            json.AddIfNotEmpty("annotations", Annotations);
            return json;
        }

        /// <summary>Reads a descriptor; digests must be strings (their hex form is checked by the verifier).</summary>
        public static ResourceDescriptor FromJson(JsonObject json)
        {
            var descriptor = new ResourceDescriptor
            {
                Name = OptionalString(json, "name"),
                Uri = OptionalString(json, "uri"),
                Annotations = json["annotations"] as JsonObject,
            };
            if (json["digest"] is JsonValue digestValue)
            {
                if (!(digestValue is JsonObject digest)) throw new JsonFormatException("\"digest\" is not an object");
                foreach (var member in digest.Members)
                {
                    if (!(member.Value is JsonString hex)) throw new JsonFormatException($"digest \"{member.Key}\" is not a string");
                    descriptor.Digest[member.Key] = hex.Value;
                }
            }
            return descriptor;
        }

        private static string? OptionalString(JsonObject json, string key)
        {
            JsonValue? value = json[key];
            if (value == null) return null;
            if (value is JsonString s) return s.Value;
            throw new JsonFormatException($"\"{key}\" is not a string");
        }
    }
}
