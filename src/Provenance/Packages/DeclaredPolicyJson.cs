using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Json;

namespace Provenance.Packages
{
    /// <summary>
    /// The policy a project declares, as the gate's WriteDeclaredPolicy task hands it to the CLI:
    /// {"schemaVersion":1,"trustedKeys":[paths],"policies":[{"include", "require", ...}]}. One reader of the project
    /// (inside MSBuild), one format between the two.
    /// </summary>
    public static class DeclaredPolicyJson
    {
        public const int SchemaVersion = 1;

        public static JsonObject ToJson(IEnumerable<string> trustedKeyFiles, IEnumerable<ProvenancePolicyItem> policies)
        {
            var keys = new JsonArray(trustedKeyFiles.Select(k => (JsonValue)new JsonString(k)));
            var items = new JsonArray();
            foreach (ProvenancePolicyItem item in policies)
            {
                items.Add(new JsonObject().Add("include", item.Include)
                    .AddIfNotEmpty("require", item.Require)
                    .AddIfNotEmpty("sourceRepository", item.SourceRepository)
                    .AddIfNotEmpty("severity", item.Severity)
                    .AddIfNotEmpty("allowDevelopmentKey", item.AllowDevelopmentKey)
                    .AddIfNotEmpty("trustedKeys", item.TrustedKeys)
                    .AddIfNotEmpty("certificateIdentity", item.CertificateIdentity)
                    .AddIfNotEmpty("certificateIdentityRegex", item.CertificateIdentityRegex)
                    .AddIfNotEmpty("certificateOidcIssuer", item.CertificateOidcIssuer)
                    .AddIfNotEmpty("sourceRef", item.SourceRef)
                    .AddIfNotEmpty("signerWorkflow", item.SignerWorkflow)
                    .AddIfNotEmpty("allowSelfHostedRunners", item.AllowSelfHostedRunners));
            }
            return new JsonObject().Add("schemaVersion", SchemaVersion).Add("trustedKeys", keys).Add("policies", items);
        }

        /// <summary>PROV3004 when the document is not one <see cref="ToJson"/> wrote.</summary>
        public static (IReadOnlyList<string> TrustedKeyFiles, IReadOnlyList<ProvenancePolicyItem> Policies) Parse(byte[] utf8, string source)
        {
            try
            {
                var root = JsonReader.Parse(utf8, 16 * 1024 * 1024) as JsonObject ?? throw new JsonFormatException("not a JSON object");
                if (!(root["schemaVersion"] is JsonNumber version) || version.ToString() != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    throw new JsonFormatException("unknown schemaVersion");
                List<string> keys = (root.GetArray("trustedKeys")?.Items ?? Array.Empty<JsonValue>())
                    .Select(v => v.AsString() ?? throw new JsonFormatException("a trusted key is not a string")).ToList();
                var policies = new List<ProvenancePolicyItem>();
                foreach (JsonValue value in root.GetArray("policies")?.Items ?? Array.Empty<JsonValue>())
                {
                    var item = value as JsonObject ?? throw new JsonFormatException("a policy is not an object");
                    policies.Add(new ProvenancePolicyItem(item.GetString("include") ?? throw new JsonFormatException("a policy has no include"))
                    {
                        Require = item.GetString("require"),
                        SourceRepository = item.GetString("sourceRepository"),
                        Severity = item.GetString("severity"),
                        AllowDevelopmentKey = item.GetString("allowDevelopmentKey"),
                        TrustedKeys = item.GetString("trustedKeys"),
                        CertificateIdentity = item.GetString("certificateIdentity"),
                        CertificateIdentityRegex = item.GetString("certificateIdentityRegex"),
                        CertificateOidcIssuer = item.GetString("certificateOidcIssuer"),
                        SourceRef = item.GetString("sourceRef"),
                        SignerWorkflow = item.GetString("signerWorkflow"),
                        AllowSelfHostedRunners = item.GetString("allowSelfHostedRunners"),
                    });
                }
                return (keys, policies);
            }
            catch (JsonFormatException e)
            {
                throw new ProvenanceException(DiagnosticCodes.PolicyInvalid, $"The declared policy written by the gate ({source}) cannot be read: {e.Message}", e);
            }
        }
    }
}
