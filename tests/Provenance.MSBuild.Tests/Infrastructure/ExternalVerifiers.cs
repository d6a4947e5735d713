using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>Tools we did not write, run on what the package wrote: sigstore-js, and NuGet's own package signing.</summary>
    public static class ExternalVerifiers
    {
        /// <summary>
        /// `node tests/interop/verify-bundle.mjs artifact bundle publicKey` (@sigstore/verify). Fails the test, rather than
        /// skipping it, when tests/interop/node_modules is missing: .ci/run installs it with `npm ci`.
        /// </summary>
        public static CommandResult SigstoreJs(Sandbox sandbox, string artifact, string bundle, string publicKey)
        {
            string interop = Path.Combine(TestSuite.RepositoryRoot, "tests", "interop");
            if (!Directory.Exists(Path.Combine(interop, "node_modules", "@sigstore", "verify")))
            {
                Assert.Fail($"sigstore-js is not installed: run `npm ci` in {interop} (.ci/run does this)");
            }

            return sandbox.Run("node", new[] { Path.Combine(interop, "verify-bundle.mjs"), artifact, bundle, publicKey }, workingDirectory: interop);
        }

        /// <summary>
        /// A throwaway self-signed code-signing certificate made by openssl (as tests/Provenance.Tests/Packages does),
        /// as a PKCS#12 file with the password "x", in the sandbox's keys folder.
        /// </summary>
        public static string CreateCodeSigningCertificate(Sandbox sandbox)
        {
            string keys = sandbox.KeysDirectory;
            string key = Path.Combine(keys, "code-signing.key.pem");
            string certificate = Path.Combine(keys, "code-signing.cert.pem");
            string pfx = Path.Combine(keys, "code-signing.pfx");
            RunOrFail(sandbox, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-keyout", key, "-out", certificate, "-days", "2", "-nodes",
                "-subj", "/CN=Provenance Test Package Signer", "-addext", "extendedKeyUsage=codeSigning",
                "-addext", "keyUsage=critical,digitalSignature,keyCertSign", "-addext", "basicConstraints=critical,CA:true");
            RunOrFail(sandbox, "openssl", "pkcs12", "-export", "-inkey", key, "-in", certificate, "-out", pfx, "-passout", "pass:x");
            return pfx;
        }

        /// <summary>`dotnet nuget sign` like an author, offline (no timestamper).</summary>
        public static CommandResult NuGetSign(Sandbox sandbox, string package, string pfx) =>
            sandbox.DotNet("nuget", new[] { "sign", package, "--certificate-path", pfx, "--certificate-password", "x", "--overwrite" },
                workingDirectory: Path.GetDirectoryName(package));

        private static void RunOrFail(Sandbox sandbox, string program, params string[] arguments)
        {
            CommandResult result = sandbox.Run(program, arguments);
            if (!result.Succeeded) throw new InvalidOperationException(program + " failed\n" + result);
        }
    }
}
