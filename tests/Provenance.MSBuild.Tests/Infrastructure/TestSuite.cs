using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Provenance.TestSupport;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>
    /// State shared by every test of one run: a fresh temp root, the feed holding the freshly packed
    /// Provenance.MSBuild nupkg (packed once, on first use), the packages folder and HTTP cache all sandboxes share.
    /// </summary>
    public static class TestSuite
    {
        /// <summary>Set to 1 to keep the run folder even when every test passed.</summary>
        public const string KeepVariable = "PROVENANCE_TESTS_KEEP";

        private static readonly Lazy<string> LazyRoot = new Lazy<string>(CreateRoot, LazyThreadSafetyMode.ExecutionAndPublication);
        private static readonly Lazy<PackedPackage> LazyPackage = new Lazy<PackedPackage>(PackOnce, LazyThreadSafetyMode.ExecutionAndPublication);
        private static readonly Lazy<string> LazySdkVersion = new Lazy<string>(ReadSdkVersion, LazyThreadSafetyMode.ExecutionAndPublication);
        private static int sandboxCounter;
        private static int failures;

        /// <summary>The SDK every sandbox pins in its global.json (rollForward latestFeature).</summary>
        public const string PinnedSdkVersion = "10.0.401";

        public static string Root => LazyRoot.Value;
        public static string FeedDirectory => Path.Combine(Root, "feed");
        public static string PackagesDirectory => Path.Combine(Root, "packages");
        public static string HttpCacheDirectory => Path.Combine(Root, "http-cache");

        /// <summary>The Provenance.MSBuild package packed from this repository for this run.</summary>
        public static PackedPackage Package => LazyPackage.Value;

        /// <summary>`dotnet --version` as a sandbox sees it (with the pinned global.json).</summary>
        public static string SdkVersion => LazySdkVersion.Value;

        public static string RepositoryRoot { get; } = TestRepository.Root;

        internal static string NextSandboxDirectory(string testName)
        {
            int number = Interlocked.Increment(ref sandboxCounter);
            string safeName = new string(testName.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
            if (safeName.Length > 60) safeName = safeName.Substring(0, 60);
            string directory = Path.Combine(Root, "t", number.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + "-" + safeName);
            Directory.CreateDirectory(directory);
            return directory;
        }

        internal static void RecordFailure() => Interlocked.Increment(ref failures);

        /// <summary>Deletes the run folder unless a test failed or <see cref="KeepVariable"/> is set; returns a note for the log.</summary>
        public static string Cleanup()
        {
            if (!LazyRoot.IsValueCreated) return "no run folder was created";
            if (failures > 0 || Environment.GetEnvironmentVariable(KeepVariable) == "1")
            {
                return "kept the run folder " + Root;
            }

            try
            {
                Directory.Delete(Root, recursive: true);
                return "deleted the run folder " + Root;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return "could not delete the run folder " + Root + ": " + e.Message;
            }
        }

        private static string CreateRoot()
        {
            string root = Path.Combine(Path.GetTempPath(), "provenance-msbuild-tests", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(root);
            // Nothing above a sandbox may leak MSBuild or NuGet settings into it: each sandbox writes its own
            // Directory.Build.props/targets and NuGet.config, and this one stops the walk for everything else.
            File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
            File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project />\n");
            Directory.CreateDirectory(Path.Combine(root, "feed"));
            Directory.CreateDirectory(Path.Combine(root, "packages"));
            return root;
        }

        private static PackedPackage PackOnce()
        {
            string project = Path.Combine(RepositoryRoot, "src", "Provenance.MSBuild", "Provenance.MSBuild.csproj");
            // The repository's own restore uses the machine's settings (its HOME and packages folder), not a sandbox's.
            Dictionary<string, string> environment = ChildEnvironment.Create();
            string? home = Environment.GetEnvironmentVariable("HOME");
            if (!string.IsNullOrEmpty(home)) environment["HOME"] = home;

            // The package attests itself with the repository's own tasks (Directory.Build.targets). A key of this run
            // signs it, so that the pack never creates a development key in the real HOME set above, and tests can
            // trust exactly the key the package was signed with.
            string keyDirectory = Path.Combine(Root, "package-signing-key");
            Directory.CreateDirectory(keyDirectory);
            string privateKeyPath = Path.Combine(keyDirectory, "key.pem");
            string publicKeyPath = Path.Combine(keyDirectory, "key.pub.pem");
            Provenance.Signing.SigningKey key = Provenance.Signing.SigningKey.Generate(Provenance.Signing.KeyAlgorithm.Ed25519);
            File.WriteAllText(privateKeyPath, key.ToPkcs8Pem(null));
            File.WriteAllText(publicKeyPath, key.PublicKey.ToPem());

            CommandResult result = ProcessRunner.Run(
                "dotnet",
                new[] { "pack", project, "-c", "Release", "-o", FeedDirectory, "-nr:false", "-p:UseSharedCompilation=false", "-p:ProvenanceSigningKeyFile=" + privateKeyPath },
                RepositoryRoot,
                environment,
                TimeSpan.FromMinutes(10));
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Packing Provenance.MSBuild failed; no test can run against the package.\n" + result);
            }

            const string prefix = "Provenance.MSBuild.";
            string[] packages = Directory.GetFiles(FeedDirectory, prefix + "*.nupkg")
                .Where(path => !path.EndsWith(".symbols.nupkg", StringComparison.OrdinalIgnoreCase))
                .Where(path => char.IsDigit(Path.GetFileName(path)[prefix.Length]))
                .ToArray();
            if (packages.Length != 1)
            {
                throw new InvalidOperationException("Expected exactly one " + prefix + "<version>.nupkg in " + FeedDirectory + ", found " + packages.Length + ".\n" + result);
            }

            string fileName = Path.GetFileNameWithoutExtension(packages[0]);
            return new PackedPackage(packages[0], fileName.Substring(prefix.Length), publicKeyPath);
        }

        private static string ReadSdkVersion()
        {
            string directory = Path.Combine(Root, "sdk-version");
            Directory.CreateDirectory(directory);
            Sandbox.WriteGlobalJson(directory);
            Dictionary<string, string> environment = ChildEnvironment.Create();
            environment["HOME"] = directory;
            CommandResult result = ProcessRunner.Run("dotnet", new[] { "--version" }, directory, environment);
            if (!result.Succeeded) throw new InvalidOperationException("dotnet --version failed\n" + result);
            return result.StandardOutput.Trim();
        }
    }

    public sealed class PackedPackage
    {
        public PackedPackage(string path, string version, string signingPublicKeyPath)
        {
            Path = path;
            Version = version;
            SigningPublicKeyPath = signingPublicKeyPath;
        }

        public string Path { get; }
        public string Version { get; }

        /// <summary>The public key (SPKI PEM) of the key this run signed the package's own provenance with.</summary>
        public string SigningPublicKeyPath { get; }
    }
}
