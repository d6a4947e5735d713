using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Provenance.Signing;

namespace Provenance.Keys
{
    /// <summary>
    /// Turns <see cref="KeySettings"/> into a signer, failing with a coded error that names the property or file at
    /// fault. Conflicting settings are rejected up front rather than one silently winning.
    /// </summary>
    public static class SignerResolver
    {
        private static readonly Regex VariableName = new Regex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        public static ResolvedSigner Resolve(KeySettings settings)
        {
            Validate(settings);
            if (!string.IsNullOrEmpty(settings.KeyFile)) return FromFile(settings);
            if (!string.IsNullOrEmpty(settings.KeyVariable)) return FromVariable(settings);
            if (!string.IsNullOrEmpty(settings.SigningCommand)) return FromCommand(settings);
            string path = string.IsNullOrEmpty(settings.DevelopmentKeyFile) ? DevelopmentKeyStore.DefaultPath() : settings.DevelopmentKeyFile!;
            return new ResolvedSigner(DevelopmentKeyStore.LoadOrCreate(path), ResolvedSigner.FromDevelopmentKey, path);
        }

        /// <summary>Rejects key material in a property value, invalid variable names and more than one key source.</summary>
        public static void Validate(KeySettings settings)
        {
            foreach (var pair in settings.NamedValues())
            {
                if (pair.Value != null && pair.Value.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0)
                    throw new ProvenanceException(DiagnosticCodes.KeyMaterialInProperty,
                        $"The property {pair.Key} holds PEM key material. Key material must never be a property value (binary logs record every property): " +
                        "put the key in a file (ProvenanceSigningKeyFile) or name the environment variable that holds it (ProvenanceSigningKeyVariable).");
            }
            CheckVariableName("ProvenanceSigningKeyVariable", settings.KeyVariable);
            CheckVariableName("ProvenanceSigningKeyPasswordVariable", settings.PasswordVariable);

            var sources = new[]
            {
                string.IsNullOrEmpty(settings.KeyFile) ? null : "ProvenanceSigningKeyFile",
                string.IsNullOrEmpty(settings.KeyVariable) ? null : "ProvenanceSigningKeyVariable",
                string.IsNullOrEmpty(settings.SigningCommand) ? null : "ProvenanceSigningCommand",
            }.Where(s => s != null).ToArray();
            if (sources.Length > 1)
                throw new ProvenanceException(DiagnosticCodes.ConflictingKeySources,
                    $"More than one signing key source is set ({string.Join(", ", sources)}); set exactly one.");
            if (!string.IsNullOrEmpty(settings.SigningCommand) && string.IsNullOrEmpty(settings.SigningPublicKeyFile))
                throw new ProvenanceException(DiagnosticCodes.ConflictingKeySources,
                    "ProvenanceSigningCommand is set but ProvenanceSigningPublicKeyFile is not: the public key of the external signer is needed to name and check its signatures.");
        }

        private static void CheckVariableName(string property, string? value)
        {
            if (string.IsNullOrEmpty(value) || VariableName.IsMatch(value!)) return;
            throw new ProvenanceException(DiagnosticCodes.KeyMaterialInProperty,
                $"The property {property} must be the NAME of an environment variable (letters, digits, '_'), not its value.");
        }

        private static ResolvedSigner FromFile(KeySettings settings)
        {
            string path = Path.GetFullPath(settings.KeyFile!);
            string description = $"ProvenanceSigningKeyFile '{path}'";
            string pem;
            try { pem = File.ReadAllText(path); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw new ProvenanceException(DiagnosticCodes.SigningKeyUnreadable,
                    $"The signing key file '{path}' (ProvenanceSigningKeyFile) cannot be read: {ex.Message}", ex);
            }
            return new ResolvedSigner(SigningKey.FromPem(pem, Password(settings, description), description), ResolvedSigner.FromFile);
        }

        private static ResolvedSigner FromVariable(KeySettings settings)
        {
            string name = settings.KeyVariable!;
            string description = $"the environment variable '{name}' (ProvenanceSigningKeyVariable)";
            string? pem = settings.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(pem))
                throw new ProvenanceException(DiagnosticCodes.SigningKeyVariableMissing,
                    $"ProvenanceSigningKeyVariable names the environment variable '{name}', which is not set or is empty.");
            return new ResolvedSigner(SigningKey.FromPem(pem!, Password(settings, description), description), ResolvedSigner.FromEnvironment);
        }

        private static ResolvedSigner FromCommand(KeySettings settings)
        {
            string path = Path.GetFullPath(settings.SigningPublicKeyFile!);
            string pem;
            try { pem = File.ReadAllText(path); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.SigningKeyUnreadable,
                    $"The public key file '{path}' (ProvenanceSigningPublicKeyFile) cannot be read: {ex.Message}", ex);
            }
            var publicKey = VerificationKey.FromPem(pem, $"ProvenanceSigningPublicKeyFile '{path}'");
            return new ResolvedSigner(new CommandSigner(settings.SigningCommand!, publicKey), ResolvedSigner.FromCommand);
        }

        /// <summary>The password, read from the named variable; null when no variable is configured (an encrypted key then fails with PROV1003).</summary>
        private static string? Password(KeySettings settings, string keyDescription)
        {
            if (string.IsNullOrEmpty(settings.PasswordVariable)) return null;
            string? password = settings.GetEnvironmentVariable(settings.PasswordVariable!);
            if (string.IsNullOrEmpty(password))
                throw new ProvenanceException(DiagnosticCodes.SigningKeyNeedsPassword,
                    $"ProvenanceSigningKeyPasswordVariable names the environment variable '{settings.PasswordVariable}', which is not set or is empty; it must hold the password of {keyDescription}.");
            return password;
        }
    }
}
