using System;
using System.Collections.Generic;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Provenance.Json;
using Provenance.MSBuild.Policy;
using Provenance.Packages;

namespace Provenance.MSBuild.Gate
{
    /// <summary>
    /// Writes the policy the gate would apply to this project (trusted key files and every ProvenancePolicy item, read
    /// by <see cref="DeclaredPolicyReader"/>) as JSON, so that `dotnet-provenance verify-restore` reads it exactly as
    /// restore and build do instead of reading it again its own way.
    /// </summary>
    public sealed class WriteDeclaredPolicy : Task
    {
        [Required] public string ProjectPath { get; set; } = "";
        [Required] public string OutputFile { get; set; } = "";
        public string? PolicyCacheFile { get; set; }

        public override bool Execute()
        {
            try
            {
                var global = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in (BuildEngine as IBuildEngine6)?.GetGlobalProperties() ?? new Dictionary<string, string>())
                    if (!property.Key.StartsWith("_ProvenancePolicyOutput", StringComparison.OrdinalIgnoreCase) &&
                        !string.Equals(property.Key, "ProvenancePolicyOutput", StringComparison.OrdinalIgnoreCase)) global[property.Key] = property.Value;
                DeclaredPolicy declared = DeclaredPolicyReader.Read(ProjectPath, global, string.IsNullOrEmpty(PolicyCacheFile) ? null : PolicyCacheFile);
                AtomicFile.Write(OutputFile, JsonWriter.ToUtf8Bytes(DeclaredPolicyJson.ToJson(declared.TrustedKeyFiles, declared.Policies), indented: true));
            }
            catch (ProvenanceException error)
            {
                Log.LogProvenanceError(error, ProjectPath);
            }
            return !Log.HasLoggedErrors;
        }
    }
}
