using System;
using System.Collections.Generic;

namespace Provenance.Capture
{
    /// <summary>
    /// Records environment variables from an allowlist only: never the whole environment, which holds tokens,
    /// and never machine paths (DOTNET_ROOT, NUGET_PACKAGES, HOME), which identify a machine, not a build.
    /// </summary>
    public static class EnvironmentCapture
    {
        /// <summary>
        /// Variables that change what a .NET build produces or how its inputs are checked, and hold no secret:
        /// <list type="bullet">
        /// <item>SOURCE_DATE_EPOCH: fixes embedded timestamps (reproducible builds).</item>
        /// <item>MSBUILDDISABLEFEATURESFROMVERSION: opts out of MSBuild change waves, i.e. changes build logic.</item>
        /// <item>DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: culture-dependent tasks (resources, sorting) behave differently.</item>
        /// <item>DOTNET_NUGET_SIGNATURE_VERIFICATION: turns package signature verification on restore on or off.</item>
        /// <item>NUGET_CERT_REVOCATION_MODE: "offline" weakens the certificate checks of that verification.</item>
        /// </list>
        /// CI facts are recorded by <see cref="CiDetector"/>, not here.
        /// </summary>
        public static IReadOnlyList<string> DefaultAllowlist { get; } = new[]
        {
            "SOURCE_DATE_EPOCH",
            "MSBUILDDISABLEFEATURESFROMVERSION",
            "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT",
            "DOTNET_NUGET_SIGNATURE_VERIFICATION",
            "NUGET_CERT_REVOCATION_MODE",
        };

        /// <summary>
        /// The allowlisted and the extra variables that are set. An extra name that looks secret
        /// (<see cref="SecretNames.LooksSecret"/>) is recorded as <see cref="SecretNames.RedactedValue"/>: the
        /// statement shows the variable was asked for and set, never its value, whatever a user lists in
        /// ProvenanceEnvironmentVariables. Credentials in URL values are removed (<see cref="SecretNames.Redact"/>).
        /// </summary>
        public static SortedDictionary<string, string> Capture(IReadOnlyDictionary<string, string> environment, IEnumerable<string> extraNames)
        {
            if (environment == null) throw new ArgumentNullException(nameof(environment));
            var names = new List<string>(DefaultAllowlist);
            if (extraNames != null)
            {
                foreach (string name in extraNames)
                {
                    if (!string.IsNullOrWhiteSpace(name)) names.Add(name.Trim());
                }
            }

            var captured = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (string name in names)
            {
                if (captured.ContainsKey(name) || !TryGet(environment, name, out string value)) continue;
                captured[name] = SecretNames.Redact(name, value);
            }
            return captured;
        }

        /// <summary>Exact name first; then case-insensitively, because Windows environment names are.</summary>
        private static bool TryGet(IReadOnlyDictionary<string, string> environment, string name, out string value)
        {
            if (environment.TryGetValue(name, out string? exact) && exact != null)
            {
                value = exact;
                return true;
            }
            foreach (var pair in environment)
            {
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase) && pair.Value != null)
                {
                    value = pair.Value;
                    return true;
                }
            }
            value = "";
            return false;
        }
    }
}
