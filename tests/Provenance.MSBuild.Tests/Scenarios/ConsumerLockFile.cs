using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Json;
using Provenance.MSBuild.Tests.Infrastructure;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Downgrade protection (ProvenanceLockFile=true): the first build records Acme.Lib 1.2.3's signer in
    /// packages.provenance.lock.json; upgrading to Acme.Lib 1.3.0, signed by another key the consumer also trusts, fails
    /// with PROV2006 until the lock file is updated on purpose with -p:ProvenanceUpdateLockFile=true. The builds run once
    /// for the class; each test checks one step.
    /// </summary>
    [TestClass]
    public sealed class ConsumerLockFile : SandboxTest
    {
        private const string Project = "Consumer";

        private static Sandbox sandbox = null!;
        private static AcmeFeed feed = null!;
        private static string lockFilePath = "";
        private static CommandResult firstBuild = null!;
        private static string? lockAfterFirstBuild;
        private static CommandResult upgradedBuild = null!;
        private static string? lockAfterUpgradedBuild;
        private static CommandResult updateBuild = null!;
        private static string? lockAfterUpdate;
        private static CommandResult buildAfterUpdate = null!;

        public ConsumerLockFile(TestContext testContext) : base(testContext) { }

        [ClassInitialize]
        public static void BuildUpgradeAndUpdate(TestContext context)
        {
            // arrange
            feed = AcmeFeed.Instance;
            sandbox = Sandbox.Create(nameof(ConsumerLockFile), context.WriteLine);
            sandbox.UseFeeds(feed.Directory);
            sandbox.UseGate();
            sandbox.UseOwnPackagesFolder();
            sandbox.UseSigningKey(KeyKind.Ed25519, "consumer");
            lockFilePath = sandbox.PathOf(Project, "packages.provenance.lock.json");
            WriteConsumer("1.2.3");

            // act: the first build writes the lock file
            firstBuild = Build();
            lockAfterFirstBuild = ReadIfExists(lockFilePath);

            // act: a new version signed by another (trusted) key
            WriteConsumer("1.3.0");
            upgradedBuild = Build();
            lockAfterUpgradedBuild = ReadIfExists(lockFilePath);

            // act: the deliberate update, then an ordinary build
            updateBuild = Build("-p:ProvenanceUpdateLockFile=true");
            lockAfterUpdate = ReadIfExists(lockFilePath);
            buildAfterUpdate = Build();
        }

        private static void WriteConsumer(string acmeLibVersion) =>
            sandbox.WriteConsoleApp(Project, Project,
                properties: "<ProvenanceLockFile>true</ProvenanceLockFile>",
                items: ConsumerSetup.PackageReferences("Acme.Lib/" + acmeLibVersion) + "\n    " +
                       ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath, feed.AcmeNext.PublicKeyPath) + "\n    " +
                       "<ProvenancePolicy Include=\"Acme.*\" Require=\"true\" SourceRepository=\"" + AcmeFeed.SourceRepository + "\" />",
                body: "System.Console.WriteLine(Acme.Lib.Class1.Hello());");

        private static CommandResult Build(params string[] extra) =>
            sandbox.DotNet("build", new[] { "-v:n" }.Concat(extra), workingDirectory: sandbox.PathOf(Project));

        private static string? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

        /// <summary>The cosign / sigstore-go key hint, computed here from the PEM: base64(SHA-256(SPKI DER)).</summary>
        private static string Hint(string publicKeyPath)
        {
            string pem = File.ReadAllText(publicKeyPath);
            string base64 = string.Concat(pem.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
            return Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(base64)));
        }

        /// <summary>The lock file's entry for Acme.Lib at a version ("packages" → "Acme.Lib/1.2.3").</summary>
        private static JsonObject? LockedAcmeLib(string? lockText, string version)
        {
            Assert.IsNotNull(lockText, "no lock file at " + lockFilePath);
            var root = (JsonObject)JsonReader.Parse(System.Text.Encoding.UTF8.GetBytes(lockText));
            JsonObject? packages = root.GetObject("packages");
            Assert.IsNotNull(packages, "the lock file has no packages object:\n" + lockText);
            return packages.Members.Where(m => string.Equals(m.Key, "Acme.Lib/" + version, StringComparison.OrdinalIgnoreCase))
                .Select(m => m.Value as JsonObject).FirstOrDefault();
        }

        [TestMethod]
        public void The_first_build_writes_the_lock_file_with_the_signer_and_source_of_each_package()
        {
            // assert
            firstBuild.Succeeded();
            Assert.IsNotNull(lockAfterFirstBuild, "the first build wrote no " + lockFilePath + "\n" + firstBuild);
            JsonObject? acmeLib = LockedAcmeLib(lockAfterFirstBuild, "1.2.3");
            Assert.IsNotNull(acmeLib, "no Acme.Lib/1.2.3 entry:\n" + lockAfterFirstBuild);
            Assert.AreEqual("verified", acmeLib.GetString("outcome"), lockAfterFirstBuild);
            Assert.AreEqual(Hint(feed.Acme.PublicKeyPath), acmeLib.GetString("signer"), lockAfterFirstBuild);
            Assert.AreEqual(AcmeFeed.SourceRepository, acmeLib.GetString("sourceRepository"), lockAfterFirstBuild);
        }

        [TestMethod]
        public void A_new_version_signed_by_another_trusted_key_fails_with_PROV2006_and_leaves_the_lock_file_alone()
        {
            // assert
            firstBuild.Succeeded();
            upgradedBuild.Failed().HasDiagnosticNaming("error", "PROV2006", "Acme.Lib");
            Assert.AreEqual(lockAfterFirstBuild, lockAfterUpgradedBuild, "a failing build must not rewrite the lock file");
        }

        [TestMethod]
        public void ProvenanceUpdateLockFile_accepts_the_new_signer_and_later_builds_succeed()
        {
            // assert
            updateBuild.Succeeded();
            JsonObject? acmeLib = LockedAcmeLib(lockAfterUpdate, "1.3.0");
            Assert.IsNotNull(acmeLib, "no Acme.Lib/1.3.0 entry after the update:\n" + lockAfterUpdate);
            Assert.AreEqual(Hint(feed.AcmeNext.PublicKeyPath), acmeLib.GetString("signer"), lockAfterUpdate);
            buildAfterUpdate.Succeeded();
            buildAfterUpdate.OutputDoesNotContain("error PROV", "a provenance error");
        }
    }
}
