using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>Zero configuration: with no key configured the build signs with a per-user development key it creates on first use.</summary>
    [TestClass]
    public sealed class DevelopmentKey : SandboxTest
    {
        public DevelopmentKey(TestContext testContext) : base(testContext) { }

        private static string DevelopmentKeyPath(Sandbox sandbox) =>
            Path.Combine(sandbox.ConfigHome, "Provenance.MSBuild", "development-key.pem");

        [TestMethod]
        public void Without_a_key_the_build_signs_with_a_new_owner_only_development_key_and_says_so_once()
        {
            // arrange: an app and the library it references, built by one command
            Sandbox sandbox = CreateSandbox();
            sandbox.WriteLibrary("Lib", "Lib");
            sandbox.WriteConsoleApp("App", "App", items: "<ProjectReference Include=\"../Lib/Lib.csproj\" />");
            sandbox.InitGitRepository();

            // act
            CommandResult result = sandbox.DotNet("build", new[] { "-c", "Release", "-v:n" }, workingDirectory: sandbox.PathOf("App"));

            // assert
            result.Succeeded();
            string keyPath = DevelopmentKeyPath(sandbox);
            Expect.FileExists(keyPath, result);
            if (!OperatingSystem.IsWindows())
            {
                Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath), "the development key must be readable by its owner only");
            }

            Assert.AreEqual(1, Regex.Matches(result.Output, "PROV1020").Count, "the development key is mentioned once per build\n" + result);
            string publicKey = OpenSslKeys.ExtractPublicKey(sandbox, keyPath, "development");
            ProvenanceFile.Verify(sandbox.PathOf("App/bin/Release/net10.0/App.dll.sigstore.json"), publicKey);
            ProvenanceFile.Verify(sandbox.PathOf("Lib/bin/Release/net10.0/Lib.dll.sigstore.json"), publicKey);
        }

        [TestMethod]
        public void Two_builds_creating_the_development_key_at_once_both_succeed_and_use_the_same_key()
        {
            // arrange: two independent projects of one user (one HOME), built at the same moment
            Sandbox sandbox = CreateSandbox();
            sandbox.WriteLibrary("One", "One");
            sandbox.WriteLibrary("Two", "Two");
            sandbox.InitGitRepository();

            // act
            Task<CommandResult> one = Task.Run(() => sandbox.DotNet("build", new[] { "-c", "Release" }, workingDirectory: sandbox.PathOf("One")));
            Task<CommandResult> two = Task.Run(() => sandbox.DotNet("build", new[] { "-c", "Release" }, workingDirectory: sandbox.PathOf("Two")));
            Task.WaitAll(one, two);

            // assert
            one.Result.Succeeded();
            two.Result.Succeeded();
            string publicKey = OpenSslKeys.ExtractPublicKey(sandbox, DevelopmentKeyPath(sandbox), "development");
            ProvenanceFile.Verify(sandbox.PathOf("One/bin/Release/net10.0/One.dll.sigstore.json"), publicKey);
            ProvenanceFile.Verify(sandbox.PathOf("Two/bin/Release/net10.0/Two.dll.sigstore.json"), publicKey);
            Assert.IsEmpty(Directory.GetFiles(Path.GetDirectoryName(DevelopmentKeyPath(sandbox))!, "*.tmp"), "no temporary key file is left behind");
        }

        [TestMethod]
        public void ProvenanceDevelopmentKeyFile_moves_the_development_key()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            string keyPath = Path.Combine(sandbox.Directory, "elsewhere", "dev-key.pem");
            sandbox.SetBuildProperty("ProvenanceDevelopmentKeyFile", keyPath);
            sandbox.WriteLibrary("", "Lib");
            sandbox.InitGitRepository();

            // act
            CommandResult result = sandbox.DotNet("build", "-c", "Release");

            // assert
            result.Succeeded();
            Expect.FileExists(keyPath, result);
            Expect.FileDoesNotExist(DevelopmentKeyPath(sandbox), result);
            string publicKey = OpenSslKeys.ExtractPublicKey(sandbox, keyPath, "development");
            ProvenanceFile.Verify(sandbox.PathOf("bin/Release/net10.0/Lib.dll.sigstore.json"), publicKey);
        }

        [TestMethod]
        public void Under_the_terminal_logger_the_development_key_notice_is_a_warning_and_otherwise_a_message()
        {
            // arrange
            Sandbox sandbox = CreateSandbox();
            sandbox.WriteLibrary("", "Lib");
            sandbox.InitGitRepository();

            // act: the terminal logger (a terminal's default) shows warnings but no message
            CommandResult terminal = sandbox.DotNet("build", "-c", "Release", "-tl:on");
            CommandResult console = sandbox.DotNet("build", "-c", "Debug", "-tl:off", "-v:n");

            // assert
            terminal.Succeeded().OutputContains("PROV1020");
            Assert.IsTrue(terminal.Output.Split('\n').Any(line => line.Contains("PROV1020", StringComparison.Ordinal) && line.Contains("warning", StringComparison.Ordinal)),
                "a warning line under the terminal logger\n" + terminal);
            console.Succeeded().OutputContains("PROV1020").OutputDoesNotContain("warning PROV1020", "a warning (which -warnaserror would fail) outside the terminal logger");
        }
    }
}
