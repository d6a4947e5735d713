using System;
using System.Collections.Generic;
using System.IO;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    public enum KeyKind
    {
        Ed25519,
        P256,
        Rsa3072,
        /// <summary>Too small: the package must refuse it.</summary>
        Rsa2048,
    }

    /// <summary>A private key (PKCS#8 PEM, encrypted when a password was given) and its SPKI public key, both as files.</summary>
    public sealed class KeyPair
    {
        public KeyPair(KeyKind kind, string privateKeyPath, string publicKeyPath, string? password)
        {
            Kind = kind;
            PrivateKeyPath = privateKeyPath;
            PublicKeyPath = publicKeyPath;
            Password = password;
        }

        public KeyKind Kind { get; }
        public string PrivateKeyPath { get; }
        public string PublicKeyPath { get; }
        public string? Password { get; }
        public string PrivateKeyPem => File.ReadAllText(PrivateKeyPath);
        public string PublicKeyPem => File.ReadAllText(PublicKeyPath);
    }

    /// <summary>Keys made by `openssl genpkey`, as a user would make them: an independent producer of the PEM formats.</summary>
    public static class OpenSslKeys
    {
        public static KeyPair Generate(Sandbox sandbox, string name, KeyKind kind, string? password = null)
        {
            string privatePath = Path.Combine(sandbox.KeysDirectory, name + ".pem");
            string publicPath = Path.Combine(sandbox.KeysDirectory, name + ".pub.pem");

            var generate = new List<string> { "genpkey" };
            switch (kind)
            {
                case KeyKind.Ed25519:
                    generate.AddRange(new[] { "-algorithm", "ed25519" });
                    break;
                case KeyKind.P256:
                    generate.AddRange(new[] { "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt", "ec_param_enc:named_curve" });
                    break;
                case KeyKind.Rsa3072:
                    generate.AddRange(new[] { "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072" });
                    break;
                case KeyKind.Rsa2048:
                    generate.AddRange(new[] { "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048" });
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind));
            }

            if (password != null) generate.AddRange(new[] { "-aes-256-cbc", "-pass", "pass:" + password });
            generate.AddRange(new[] { "-out", privatePath });
            OpenSsl(sandbox, generate);

            var publicKey = new List<string> { "pkey", "-in", privatePath, "-pubout", "-out", publicPath };
            if (password != null) publicKey.AddRange(new[] { "-passin", "pass:" + password });
            OpenSsl(sandbox, publicKey);

            return new KeyPair(kind, privatePath, publicPath, password);
        }

        /// <summary>Writes the SPKI public key of a private key file (e.g. the development key) next to the test's keys.</summary>
        public static string ExtractPublicKey(Sandbox sandbox, string privateKeyPath, string name)
        {
            string publicPath = Path.Combine(sandbox.KeysDirectory, name + ".pub.pem");
            OpenSsl(sandbox, new[] { "pkey", "-in", privateKeyPath, "-pubout", "-out", publicPath });
            return publicPath;
        }

        private static void OpenSsl(Sandbox sandbox, IEnumerable<string> arguments)
        {
            CommandResult result = sandbox.Run("openssl", arguments);
            if (!result.Succeeded) throw new InvalidOperationException("openssl failed\n" + result);
        }
    }
}
