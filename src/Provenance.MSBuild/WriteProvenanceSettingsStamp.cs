using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Provenance.MSBuild
{
    /// <summary>
    /// Writes the settings stamp that makes provenance out of date when a setting changes, and only when its content
    /// changed (so an unchanged build stays incremental). The value of the key variable enters only as a SHA-256,
    /// computed here so that no key material ever passes through an MSBuild property or item.
    /// </summary>
    public sealed class WriteProvenanceSettingsStamp : Task
    {
        [Required] public string StampFile { get; set; } = "";
        public string Settings { get; set; } = "";
        public string? SigningKeyVariable { get; set; }

        /// <summary>ProvenanceSigningMode; with 'auto' the stamp records whether the CI offers an OIDC token, which decides.</summary>
        public string? SigningMode { get; set; }
        public string? OidcTokenVariable { get; set; }

        public override bool Execute()
        {
            var content = new StringBuilder();
            content.Append("tool=").Append(ToolVersion.Value).Append('\n');
            foreach (string line in Settings.Split('\n'))
                if (line.Trim().Length > 0) content.Append(line.Trim()).Append('\n');
            if (!string.IsNullOrEmpty(SigningKeyVariable))
                content.Append("keyVariableSha256=").Append(Sha256Hex(Environment.GetEnvironmentVariable(SigningKeyVariable!) ?? "")).Append('\n');

            // auto signs keyless or with the key depending on the environment, which no property shows: a job that
            // starts offering a token re-signs. Whether, not what: the token changes every run and must not re-sign.
            if (string.Equals((SigningMode ?? "").Trim(), Provenance.Keys.SigningMode.Auto, StringComparison.OrdinalIgnoreCase))
                content.Append("oidcTokenAvailable=").Append(Provenance.Keyless.OidcTokenSource.IsAvailable(new Provenance.Keyless.SigstoreSigningSettings
                {
                    OidcTokenVariable = string.IsNullOrWhiteSpace(OidcTokenVariable) ? null : OidcTokenVariable!.Trim(),
                }) ? "true" : "false").Append('\n');

            byte[] bytes = new UTF8Encoding(false).GetBytes(content.ToString());
            try
            {
                Provenance.AtomicFile.WriteIfChanged(StampFile, bytes);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogError(null, DiagnosticCodes.OutputNotWritable, null, DiagnosticCodes.HelpLink(DiagnosticCodes.OutputNotWritable),
                    StampFile, 0, 0, 0, 0, $"The provenance settings stamp '{StampFile}' cannot be written: {ex.Message}");
            }
            return !Log.HasLoggedErrors;
        }

        private static string Sha256Hex(string value)
        {
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(value));
                return string.Concat(hash.Select(b => b.ToString("x2")));
            }
        }
    }
}
