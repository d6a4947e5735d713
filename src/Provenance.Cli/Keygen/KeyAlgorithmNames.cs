using System;
using Provenance.Cli.CommandLine;
using Provenance.Signing;

namespace Provenance.Cli.Keygen
{
    /// <summary>The algorithm names users type; the same words the docs and the inspect output use.</summary>
    internal static class KeyAlgorithmNames
    {
        public const string Choices = "ed25519|ecdsa-p256|rsa";

        public static KeyAlgorithm Parse(string? name)
        {
            switch ((name ?? "ed25519").ToLowerInvariant())
            {
                case "ed25519": return KeyAlgorithm.Ed25519;
                case "ecdsa-p256":
                case "p256":
                case "p-256": return KeyAlgorithm.EcdsaP256Sha256;
                case "rsa":
                case "rsa-3072": return KeyAlgorithm.RsaPkcs1Sha256;
                default: throw new UsageException($"unknown algorithm '{name}' (expected {Choices})");
            }
        }

        public static string ToName(KeyAlgorithm algorithm)
        {
            switch (algorithm)
            {
                case KeyAlgorithm.Ed25519: return "ed25519";
                case KeyAlgorithm.EcdsaP256Sha256: return "ecdsa-p256";
                case KeyAlgorithm.RsaPkcs1Sha256: return "rsa";
                default: throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null);
            }
        }
    }
}
