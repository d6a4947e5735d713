using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Provenance.Keyless;

namespace Provenance.Keys
{
    /// <summary>How a bundle is signed: a key (today's default), a key with its X.509 certificate, or keyless (Fulcio).</summary>
    public enum SigningKind
    {
        Key,
        Certificate,
        Keyless,
    }

    /// <summary>The outcome of <see cref="SigningMode.Choose"/>: what signs, and why when there was a choice.</summary>
    public sealed class SigningModeChoice
    {
        public SigningModeChoice(SigningKind kind, string? explanation)
        {
            Kind = kind;
            Explanation = explanation;
        }

        public SigningKind Kind { get; }

        /// <summary>Why this kind was chosen over something else that was set (auto, or a command-line override); null otherwise.</summary>
        public string? Explanation { get; }
    }

    /// <summary>
    /// ProvenanceSigningMode: <c>key</c> (the default: a key file, variable, command or the development key, with the
    /// leaf of ProvenanceSigningCertificateFile when set), <c>keyless</c> (an ephemeral key certified by Fulcio for the
    /// CI's OIDC identity) or <c>auto</c> (keyless when the CI offers an OIDC token and no key or certificate is
    /// configured, else key). Settings that contradict the mode fail up front with PROV3013 naming the properties, in
    /// the spirit of PROV3001: a setting silently ignored would sign differently from what its author meant. As with
    /// key sources, a mode given on the command line overrides key settings written in project files (a CI job
    /// switching a repository's key default to keyless), and the build log says so.
    /// </summary>
    public static class SigningMode
    {
        public const string Key = "key";
        public const string Keyless = "keyless";
        public const string Auto = "auto";

        public const string ModeProperty = "ProvenanceSigningMode";
        public const string CertificateProperty = "ProvenanceSigningCertificateFile";

        private static readonly Regex VariableName = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        /// <param name="mode">ProvenanceSigningMode as given (empty: key).</param>
        /// <param name="keys">The configured key settings, before the key precedence chooses among them.</param>
        /// <param name="certificateFile">ProvenanceSigningCertificateFile.</param>
        /// <param name="sigstore">Service URLs and the OIDC token variable; auto asks it whether a token is available.</param>
        /// <param name="globalPropertyNames">Properties given on the command line (non-empty global properties).</param>
        public static SigningModeChoice Choose(string? mode, KeySettings keys, string? certificateFile, SigstoreSigningSettings sigstore, ICollection<string> globalPropertyNames)
        {
            if (keys == null) throw new ArgumentNullException(nameof(keys));
            if (sigstore == null) throw new ArgumentNullException(nameof(sigstore));
            string normalized = (mode ?? "").Trim().ToLowerInvariant();
            if (normalized.Length == 0) normalized = Key;
            if (normalized != Key && normalized != Keyless && normalized != Auto)
                throw new ProvenanceException(DiagnosticCodes.SigningModeConflict,
                    $"{ModeProperty} '{mode}' is not one of 'key', 'keyless' or 'auto'.");

            // The token variable is a name, like the key variable: a token pasted as its value would land in logs.
            if (!string.IsNullOrEmpty(sigstore.OidcTokenVariable) && !VariableName.IsMatch(sigstore.OidcTokenVariable!))
                throw new ProvenanceException(DiagnosticCodes.KeyMaterialInProperty,
                    "The property ProvenanceOidcTokenVariable must be the NAME of an environment variable (letters, digits, '_'), not the token.");
            foreach (var pair in keys.NamedValues().Concat(new[] { new KeyValuePair<string, string?>(CertificateProperty, certificateFile) }))
            {
                // Key material in any value is refused whether or not the chosen mode would read it.
                if (pair.Value != null && pair.Value.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0)
                    throw new ProvenanceException(DiagnosticCodes.KeyMaterialInProperty,
                        $"The property {pair.Key} holds PEM material. Key and certificate material must never be a property value (binary logs record every property): put it in a file.");
            }

            List<string> keySources = KeySources(keys);
            bool hasCertificate = !string.IsNullOrEmpty(certificateFile);

            if (normalized == Auto)
            {
                if (keySources.Count == 0 && !hasCertificate && OidcTokenSource.IsAvailable(sigstore))
                    return new SigningModeChoice(SigningKind.Keyless,
                        $"{ModeProperty}=auto: signing keyless, since the CI offers an OIDC token and no key is configured.");
                return KeyMode(keySources, hasCertificate);
            }

            if (normalized == Keyless)
            {
                // Everything that names a key of one's own contradicts keyless: its key is ephemeral, its certificate Fulcio's.
                var conflicting = new List<string>(keySources);
                if (hasCertificate) conflicting.Add(CertificateProperty);
                if (conflicting.Count == 0) return new SigningModeChoice(SigningKind.Keyless, null);
                bool modeOnCommandLine = globalPropertyNames.Contains(ModeProperty);
                List<string> conflictingOnCommandLine = conflicting.Where(globalPropertyNames.Contains).ToList();
                if (modeOnCommandLine && conflictingOnCommandLine.Count == 0)
                    return new SigningModeChoice(SigningKind.Keyless,
                        $"signing keyless ({ModeProperty}=keyless given on the command line); {string.Join(", ", conflicting)} is set as well and is not used.");
                throw new ProvenanceException(DiagnosticCodes.SigningModeConflict,
                    $"{ModeProperty}=keyless signs with an ephemeral key and a certificate from Fulcio, but {string.Join(", ", conflicting)} " +
                    $"{(conflicting.Count == 1 ? "is" : "are")} set as well{(conflictingOnCommandLine.Count > 0 ? " on the command line" : "")}; " +
                    "remove them, or set ProvenanceSigningMode=key to sign with them.");
            }

            return KeyMode(keySources, hasCertificate);
        }

        private static SigningModeChoice KeyMode(List<string> keySources, bool hasCertificate)
        {
            if (!hasCertificate) return new SigningModeChoice(SigningKind.Key, null);
            // The development key is per user and never certified: a certificate needs the key its leaf names.
            if (keySources.Count == 0)
                throw new ProvenanceException(DiagnosticCodes.SigningModeConflict,
                    $"{CertificateProperty} is set but no key is (ProvenanceSigningKeyFile, ProvenanceSigningKeyVariable or ProvenanceSigningCommand): " +
                    $"the certificate must come with the key its leaf certifies.");
            return new SigningModeChoice(SigningKind.Certificate, null);
        }

        private static List<string> KeySources(KeySettings keys)
        {
            var sources = new List<string>();
            if (!string.IsNullOrEmpty(keys.KeyVariable)) sources.Add("ProvenanceSigningKeyVariable");
            if (!string.IsNullOrEmpty(keys.SigningCommand)) sources.Add("ProvenanceSigningCommand");
            if (!string.IsNullOrEmpty(keys.KeyFile)) sources.Add("ProvenanceSigningKeyFile");
            return sources;
        }
    }
}
