using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Json;
using Provenance.Packages;

namespace Provenance.Tests.Packages
{
    /// <summary>
    /// The real tools end to end: `dotnet pack` of a tiny library, our attestation, `dotnet nuget sign`, a local
    /// feed and `dotnet restore` into an empty packages folder. Pins what NuGet extracts and what it records.
    /// </summary>
    [TestClass]
    public sealed class RealPackageTests
    {
        [TestMethod]
        [Timeout(300_000)]
        public void PackAttestSignRestore_IsVerifiedAndKeepsOurSha512AsContentHash()
        {
            using var scratch = new Scratch();
            string nupkg = Pack(scratch);
            PackageAttestationResult attested = PackageAttestation.Attest(nupkg, TestPredicates.Factory(PackageKeys.Acme));
            NuGetTools.Sign(nupkg);
            string packages = scratch.File("packages");
            RestoreConsumer(scratch, Path.GetDirectoryName(nupkg)!, packages);

            string folder = Path.Combine(packages, "acme.lib", "1.2.3");
            var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            CollectionAssert.AreEqual(new[]
            {
                ".nupkg.metadata", ".signature.p7s", "acme.lib.1.2.3.nupkg", "acme.lib.1.2.3.nupkg.sha512", "acme.lib.nuspec",
                "content/my file+x.txt", "lib/net10.0/Acme.Lib.dll", "lib/net10.0/Acme.Lib.xml", "provenance/package.sigstore.json",
            }, files, string.Join(", ", files));

            var metadata = (JsonObject)JsonReader.Parse(File.ReadAllBytes(Path.Combine(folder, ".nupkg.metadata")));
            Assert.AreEqual(Convert.ToBase64String(Convert.FromHexString(attested.PackageSubject.Digest["sha512"])), metadata.GetString("contentHash"),
                "NuGet's content hash of the signed package is the sha512 our outer bundle records");

            var verifier = new RestoredPackageVerifier(PackageKeys.Trusted(PackageKeys.Acme), RestoredPackageVerifierTests.Policy(TestPredicates.Repository));
            PackageVerificationResult result = verifier.Verify(new RestoredPackageFolder("Acme.Lib", "1.2.3", folder));
            Assert.AreEqual(PackageVerificationOutcome.Verified, result.Outcome, result.Reason);
            Assert.AreEqual(attested.PackageSubject.Digest["sha512"], result.ContentHashSha512);
        }

        private static string Pack(Scratch scratch)
        {
            string project = Directory.CreateDirectory(scratch.File("lib")).FullName;
            File.WriteAllText(Path.Combine(project, "Acme.Lib.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><Version>1.2.3</Version>" +
                "<GenerateDocumentationFile>true</GenerateDocumentationFile><NoWarn>CS1591</NoWarn></PropertyGroup>" +
                "<ItemGroup><None Include=\"my file+x.txt\" Pack=\"true\" PackagePath=\"content/\" /></ItemGroup></Project>");
            File.WriteAllText(Path.Combine(project, "C.cs"), "namespace Acme { public class C {} }");
            File.WriteAllText(Path.Combine(project, "my file+x.txt"), "hi");
            WriteIsolatedConfig(scratch, null);
            string feed = scratch.File("feed");
            NuGetTools.Run("dotnet", project, scratch.File("pack-packages"), "pack", "-o", feed, "--configfile", scratch.File("nuget.config"), "-nr:false");
            return Path.Combine(feed, "Acme.Lib.1.2.3.nupkg");
        }

        private static void RestoreConsumer(Scratch scratch, string feed, string packages)
        {
            string app = Directory.CreateDirectory(scratch.File("app")).FullName;
            File.WriteAllText(Path.Combine(app, "App.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>" +
                "<ItemGroup><PackageReference Include=\"Acme.Lib\" Version=\"1.2.3\" /></ItemGroup></Project>");
            WriteIsolatedConfig(scratch, feed);
            NuGetTools.Run("dotnet", app, packages, "restore", "--configfile", scratch.File("nuget.config"), "-nr:false");
        }

        private static void WriteIsolatedConfig(Scratch scratch, string? feed) =>
            File.WriteAllText(scratch.File("nuget.config"),
                "<configuration><packageSources><clear />" + (feed == null ? "" : $"<add key=\"feed\" value=\"{feed}\" />") + "</packageSources></configuration>");
    }
}
