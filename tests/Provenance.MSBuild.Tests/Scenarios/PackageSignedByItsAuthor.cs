using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.MSBuild.Tests.Infrastructure;
using Provenance.Packages;

namespace Provenance.MSBuild.Tests.Scenarios
{
    /// <summary>
    /// Issue 3, item 1's proof: the sha512 our bundle records for the package as we wrote it is the content hash NuGet
    /// records on restore even after `dotnet nuget sign` added an author signature, and the consumer still verifies the
    /// signed package.
    /// </summary>
    [TestClass]
    public sealed class PackageSignedByItsAuthor : SandboxTest
    {
        public PackageSignedByItsAuthor(TestContext testContext) : base(testContext) { }

        [TestMethod]
        public void After_nuget_sign_the_restored_content_hash_is_the_sha512_of_the_unsigned_package_and_the_consumer_verifies_it()
        {
            // arrange: a copy of Acme.Lib 1.2.3 in a feed of its own, signed with a throwaway code-signing certificate
            AcmeFeed feed = AcmeFeed.Instance;
            Sandbox sandbox = CreateSandbox();
            string signedFeed = Path.Combine(sandbox.Directory, "signed-feed");
            string package = feed.CopyPackageTo("Acme.Lib", "1.2.3", signedFeed);
            ProvenanceFile unsignedBundle = ProvenanceFile.Verify(package + ".sigstore.json", feed.Acme.PublicKeyPath);
            Assert.HasCount(1, unsignedBundle.Subjects, unsignedBundle.DescribeSubjects());
            Assert.IsTrue(unsignedBundle.Subjects[0].Digest.TryGetValue("sha512", out string? attestedSha512), unsignedBundle.DescribeSubjects());
            string pfx = ExternalVerifiers.CreateCodeSigningCertificate(sandbox);
            ExternalVerifiers.NuGetSign(sandbox, package, pfx).Succeeded();
            Assert.AreNotEqual(attestedSha512, Nupkg.Sha512Hex(package), "signing changed the file");
            CollectionAssert.Contains((System.Collections.ICollection)Nupkg.EntryNames(package), ".signature.p7s", "the package is signed");

            sandbox.UseFeeds(signedFeed);
            sandbox.UseGate();
            sandbox.UseOwnPackagesFolder();
            sandbox.UseSigningKey();
            sandbox.WriteConsoleApp("Consumer", "Consumer",
                items: ConsumerSetup.PackageReferences("Acme.Lib/1.2.3") + "\n    " + ConsumerSetup.TrustedKeys(feed.Acme.PublicKeyPath) +
                       "\n    <ProvenancePolicy Include=\"Acme.*\" Require=\"true\" SourceRepository=\"" + AcmeFeed.SourceRepository + "\" />",
                body: "System.Console.WriteLine(Acme.Lib.Class1.Hello());");
            var untrustedCertificateAllowed = new Dictionary<string, string?> { ["DOTNET_NUGET_SIGNATURE_VERIFICATION"] = "false" };

            // act
            CommandResult build = sandbox.DotNet("build", new[] { "-v:n" }, untrustedCertificateAllowed, sandbox.PathOf("Consumer"));

            // assert
            build.Succeeded();
            string folder = sandbox.RestoredPackageFolder("Acme.Lib", "1.2.3");
            Expect.FileExists(Path.Combine(folder, ".signature.p7s"), build);
            Assert.AreEqual(attestedSha512, Nupkg.ContentHashHex(folder), "NuGet's content hash of the signed package is the sha512 of the package as it was attested");
            PackageVerificationResult entry = ConsumerSetup.ReadReport(sandbox.PathOf("Consumer"), "Consumer").Entry("Acme.Lib");
            Assert.AreEqual(PackageVerificationOutcome.Verified, entry.Outcome, entry.Reason);
            Assert.AreEqual(attestedSha512, entry.ContentHashSha512, "the report records the attested sha512");
        }
    }
}
