using System;
using System.Collections.Generic;

namespace Provenance.Keys
{
    /// <summary>
    /// How a build is told to sign: at most one of a key file, an environment variable holding the PEM, or an
    /// external signing command; with none, the per-user development key. Values are names and paths only:
    /// key material is never a property value (binary logs record every property).
    /// </summary>
    public sealed class KeySettings
    {
        public string? KeyFile { get; set; }
        public string? KeyVariable { get; set; }
        public string? PasswordVariable { get; set; }
        public string? SigningCommand { get; set; }
        public string? SigningPublicKeyFile { get; set; }
        public string? DevelopmentKeyFile { get; set; }

        /// <summary>Reads an environment variable; tests substitute their own.</summary>
        public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

        /// <summary>A stable description of the settings (no key material) for caches and stamps.</summary>
        public string CacheKey => string.Join("|", new[] { KeyFile, KeyVariable, PasswordVariable, SigningCommand, SigningPublicKeyFile, DevelopmentKeyFile });

        internal IEnumerable<KeyValuePair<string, string?>> NamedValues()
        {
            yield return new KeyValuePair<string, string?>("ProvenanceSigningKeyFile", KeyFile);
            yield return new KeyValuePair<string, string?>("ProvenanceSigningKeyVariable", KeyVariable);
            yield return new KeyValuePair<string, string?>("ProvenanceSigningKeyPasswordVariable", PasswordVariable);
            yield return new KeyValuePair<string, string?>("ProvenanceSigningCommand", SigningCommand);
            yield return new KeyValuePair<string, string?>("ProvenanceSigningPublicKeyFile", SigningPublicKeyFile);
            yield return new KeyValuePair<string, string?>("ProvenanceDevelopmentKeyFile", DevelopmentKeyFile);
        }
    }
}
