using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Keys;

namespace Provenance.MSBuild
{
    /// <summary>
    /// Which key source signs when more than one is set, so that a CI key given on the command line overrides the
    /// repository's default (README "Properties"): a source given as a global property (-p: on the command line)
    /// wins over those set in project files; among project-file values ProvenanceSigningKeyVariable, then
    /// ProvenanceSigningCommand, then ProvenanceSigningKeyFile; with none, the development key. Two sources on the
    /// command line are still PROV3001: nothing says which one was meant.
    /// </summary>
    internal static class KeyPrecedence
    {
        private const string FileProperty = "ProvenanceSigningKeyFile";
        private const string VariableProperty = "ProvenanceSigningKeyVariable";
        private const string CommandProperty = "ProvenanceSigningCommand";

        public sealed class Choice
        {
            public Choice(KeySettings settings, string? explanation)
            {
                Settings = settings;
                Explanation = explanation;
            }

            /// <summary>The settings with exactly one key source (or none), validated.</summary>
            public KeySettings Settings { get; }

            /// <summary>Which source was chosen over which, when there was a choice; null otherwise.</summary>
            public string? Explanation { get; }
        }

        public static Choice Choose(KeySettings configured, ICollection<string> globalPropertyNames)
        {
            // Key material in any value is refused whether or not that value would have been used.
            foreach (KeySettings single in SingleSources(configured)) SignerResolver.Validate(single);

            // In precedence order among project-file values.
            var sources = new List<string>();
            if (!string.IsNullOrEmpty(configured.KeyVariable)) sources.Add(VariableProperty);
            if (!string.IsNullOrEmpty(configured.SigningCommand)) sources.Add(CommandProperty);
            if (!string.IsNullOrEmpty(configured.KeyFile)) sources.Add(FileProperty);
            if (sources.Count <= 1)
            {
                SignerResolver.Validate(configured);
                return new Choice(configured, null);
            }

            List<string> fromCommandLine = sources.Where(globalPropertyNames.Contains).ToList();
            if (fromCommandLine.Count > 1)
                throw new ProvenanceException(DiagnosticCodes.ConflictingKeySources,
                    $"More than one signing key source is given on the command line ({string.Join(", ", fromCommandLine)}); give exactly one.");
            string chosen = fromCommandLine.Count == 1 ? fromCommandLine[0] : sources[0];
            string why = fromCommandLine.Count == 1 ? "given on the command line" : "it comes first in the documented order";
            var settings = new KeySettings
            {
                KeyFile = chosen == FileProperty ? configured.KeyFile : null,
                KeyVariable = chosen == VariableProperty ? configured.KeyVariable : null,
                SigningCommand = chosen == CommandProperty ? configured.SigningCommand : null,
                PasswordVariable = configured.PasswordVariable,
                SigningPublicKeyFile = configured.SigningPublicKeyFile,
                DevelopmentKeyFile = configured.DevelopmentKeyFile,
                GetEnvironmentVariable = configured.GetEnvironmentVariable,
            };
            SignerResolver.Validate(settings);
            string overridden = string.Join(", ", sources.Where(s => s != chosen));
            return new Choice(settings, $"signing with {chosen} ({why}); {overridden} is set as well and is not used.");
        }

        /// <summary>One settings object per key source set, each alone (what Validate can check without PROV3001).</summary>
        private static IEnumerable<KeySettings> SingleSources(KeySettings configured)
        {
            yield return new KeySettings { KeyFile = configured.KeyFile, PasswordVariable = configured.PasswordVariable, DevelopmentKeyFile = configured.DevelopmentKeyFile };
            yield return new KeySettings { KeyVariable = configured.KeyVariable };
            // A command needs its public key only when it signs: the chosen settings are validated for that below.
            yield return new KeySettings
            {
                SigningCommand = configured.SigningCommand,
                SigningPublicKeyFile = string.IsNullOrEmpty(configured.SigningPublicKeyFile) ? "unused" : configured.SigningPublicKeyFile,
            };
        }
    }
}
