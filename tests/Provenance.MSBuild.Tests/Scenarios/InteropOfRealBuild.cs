using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Verifiers we did not write accept what a real `dotnet build` wrote: sigstore-js (@sigstore/verify, with
    /// key-based trust material and zero log/timestamp thresholds) and an independent DSSE check that rebuilds PAE
    /// itself and verifies with the openssl CLI. Both also check that the dll's sha256 is a subject.
    /// </summary>
    [TestClass]
    public sealed class InteropOfRealBuild : SandboxTest
    {
        public InteropOfRealBuild(TestContext testContext) : base(testContext) { }

        [TestMethod]
        [DataRow(KeyKind.Ed25519)]
        [DataRow(KeyKind.P256)]
        public void Sigstore_js_and_an_openssl_DSSE_check_accept_the_bundle_of_a_real_build(KeyKind kind)
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey(kind);
            sandbox.WriteLibrary("", "Acme.Interop");
            string dll = sandbox.PathOf("bin/Release/net10.0/Acme.Interop.dll");
            string bundle = dll + ".sigstore.json";

            // act
            sandbox.DotNet("build", "-c", "Release").Succeeded();
            CommandResult sigstoreJs = ExternalVerifiers.SigstoreJs(sandbox, dll, bundle, key.PublicKeyPath);
            CommandResult openssl = OpenSslDsseCheck(sandbox, dll, bundle, key.PublicKeyPath);

            // assert
            Assert.IsTrue(sigstoreJs.Succeeded, "sigstore-js rejected the bundle:\n" + sigstoreJs);
            Assert.IsTrue(openssl.Succeeded, "the openssl DSSE check rejected the bundle:\n" + openssl);
        }

        [TestMethod]
        public void Both_verifiers_reject_the_bundle_once_the_dll_changes_by_one_byte()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            KeyPair key = sandbox.UseSigningKey(KeyKind.Ed25519);
            sandbox.WriteLibrary("", "Acme.Interop");
            string dll = sandbox.PathOf("bin/Release/net10.0/Acme.Interop.dll");
            sandbox.DotNet("build", "-c", "Release").Succeeded();
            byte[] bytes = File.ReadAllBytes(dll);
            bytes[bytes.Length / 2] ^= 0x01;
            File.WriteAllBytes(dll, bytes);

            // act
            CommandResult sigstoreJs = ExternalVerifiers.SigstoreJs(sandbox, dll, dll + ".sigstore.json", key.PublicKeyPath);
            CommandResult openssl = OpenSslDsseCheck(sandbox, dll, dll + ".sigstore.json", key.PublicKeyPath);

            // assert
            Assert.IsFalse(sigstoreJs.Succeeded, "sigstore-js accepted a changed dll:\n" + sigstoreJs);
            Assert.IsFalse(openssl.Succeeded, "the openssl DSSE check accepted a changed dll:\n" + openssl);
        }

        /// <summary>tests/interop/verify-dsse-openssl.py: Python's standard library plus the openssl CLI, no code of ours.</summary>
        private static CommandResult OpenSslDsseCheck(Sandbox sandbox, string artifact, string bundle, string publicKey)
        {
            string script = Path.Combine(TestSuite.RepositoryRoot, "tests", "interop", "verify-dsse-openssl.py");
            return sandbox.Run("python3", new[] { script, artifact, bundle, publicKey });
        }
    }
}
