using System;
using System.IO;
using System.Runtime.CompilerServices;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;
using Provenance.Json;

namespace Provenance.Tests.Capture
{
    [TestClass]
    public sealed class AssetsFileReaderTests
    {
        // NuGet's contentHash of Newtonsoft.Json 13.0.3 (base64 in .nupkg.metadata and project.assets.json): the
        // SHA-512 of the package without .signature.p7s, i.e. exactly the bytes its author packed.
        private const string NewtonsoftSha512Base64 = "HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==";
        private const string NewtonsoftSha512Hex = "1eb0b9057765d3420ff73795fb467ce3c4163c0a02afd3f76c311982e23e8242dc04a00ec62c7fb4b1000070be52f0cd3efe1ad9dd7c94e45e1cc39a80f6becd";

        [TestMethod]
        [DataRow("net8.0", null)]
        [DataRow("net10.0", null)]
        [DataRow("net10.0", "linux-x64")]
        public void A_real_restore_gives_packages_and_skips_project_references(string framework, string? rid)
        {
            var packages = AssetsFileReader.ReadPackages(Fixture("newtonsoft-multitarget.project.assets.json"), framework, rid);

            Assert.AreEqual(1, packages.Count);
            Assert.AreEqual("Newtonsoft.Json", packages[0].Id);
            Assert.AreEqual("13.0.3", packages[0].Version);
            Assert.AreEqual("newtonsoft.json/13.0.3", packages[0].Path);
            Assert.AreEqual("pkg:nuget/Newtonsoft.Json@13.0.3", packages[0].PackageUrl);
            Assert.AreEqual(NewtonsoftSha512Hex, packages[0].Sha512Hex);
        }

        [TestMethod]
        public void The_sha512_is_the_content_hash_nuget_wrote_into_nupkg_metadata()
        {
            var metadata = (JsonObject)JsonReader.Parse(File.ReadAllBytes(Fixture("newtonsoft.json.13.0.3.nupkg.metadata")));
            string contentHash = metadata.GetString("contentHash")!;
            Assert.AreEqual(NewtonsoftSha512Base64, contentHash);

            var package = AssetsFileReader.ReadPackages(Fixture("newtonsoft-multitarget.project.assets.json"), "net8.0", null)[0];

            Assert.AreEqual(BitConverter.ToString(Convert.FromBase64String(contentHash)).Replace("-", "").ToLowerInvariant(), package.Sha512Hex);
        }

        [TestMethod]
        public void Version_4_targets_are_found_by_alias()
        {
            using var scratch = new ScratchDirectory();
            string path = scratch.File("project.assets.json", AssetsJson(
                "\"banana\": { \"B/1.0.0\": { \"type\": \"package\" } }, \"banana/win-x64\": { \"B/1.0.0\": { \"type\": \"package\" }, \"A/2.0.0\": { \"type\": \"package\" } }",
                "\"banana\": { \"framework\": \"net10.0\", \"targetAlias\": \"banana\" }"));

            Assert.AreEqual("B", AssetsFileReader.ReadPackages(path, "banana", null)[0].Id);
            var withRid = AssetsFileReader.ReadPackages(path, "banana", "win-x64");
            Assert.AreEqual("A,B", withRid[0].Id + "," + withRid[1].Id, "sorted by id");
        }

        [TestMethod]
        [DataRow("net8.0", ".NETCoreApp,Version=v8.0")]
        [DataRow("netstandard2.0", ".NETStandard,Version=v2.0")]
        [DataRow("net472", ".NETFramework,Version=v4.7.2")]
        [DataRow("netcoreapp3.1", ".NETCoreApp,Version=v3.1")]
        public void Version_3_targets_are_found_by_their_long_framework_name(string framework, string longName)
        {
            using var scratch = new ScratchDirectory();
            string path = scratch.File("project.assets.json", AssetsJson(
                "\"" + longName + "\": { \"B/1.0.0\": { \"type\": \"package\" } }, \"" + longName + "/linux-x64\": { }",
                "\"" + framework + "\": { }"));

            Assert.AreEqual("B", AssetsFileReader.ReadPackages(path, framework, null)[0].Id);
            Assert.AreEqual(0, AssetsFileReader.ReadPackages(path, framework, "linux-x64").Count);
        }

        [TestMethod]
        public void A_feed_url_NuGet_writes_twice_into_sources_does_not_fail_the_build()
        {
            // NuGet repeats a source in project.sources when two NuGet.config files list it under different keys;
            // the strict reader failed every target framework with "duplicate key" (PROV1010).
            string fixture = Fixture("duplicate-source.project.assets.json");
            Assert.ThrowsExactly<JsonFormatException>(() => JsonReader.Parse(File.ReadAllBytes(fixture)), "the fixture really repeats a key");

            var packages = AssetsFileReader.ReadPackages(fixture, "net8.0", null);

            Assert.AreEqual(1, packages.Count);
            Assert.AreEqual(NewtonsoftSha512Hex, packages[0].Sha512Hex);
        }

        [TestMethod]
        public void A_missing_file_names_the_file()
        {
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => AssetsFileReader.ReadPackages("/no/such/project.assets.json", "net8.0", null));
            Assert.AreEqual(DiagnosticCodes.AssetsFileInvalid, ex.Code);
            StringAssert.Contains(ex.Message, "project.assets.json");
        }

        [TestMethod]
        [DataRow("{ \"targets\": ")]
        [DataRow("{ \"targets\": {}, \"targets\": {}, \"libraries\": {} }")]
        [DataRow("{ \"libraries\": {} }")]
        [DataRow("[]")]
        [DataRow("{ \"targets\": { \"net8.0\": { \"B/1.0.0\": { \"type\": \"package\" } } }, \"libraries\": {} }")]
        [DataRow("{ \"targets\": { \"net8.0\": { \"B/1.0.0\": { \"type\": \"package\" } } }, \"libraries\": { \"B/1.0.0\": { \"sha512\": \"bm90IGEgaGFzaA==\" } } }")]
        [DataRow("{ \"targets\": { \"net9.0\": { } }, \"libraries\": { } }")]
        public void Malformed_or_incomplete_files_fail_with_PROV1010(string json)
        {
            using var scratch = new ScratchDirectory();
            string path = scratch.File("project.assets.json", json);
            var ex = Assert.ThrowsExactly<ProvenanceException>(() => AssetsFileReader.ReadPackages(path, "net8.0", null));
            Assert.AreEqual(DiagnosticCodes.AssetsFileInvalid, ex.Code);
            StringAssert.Contains(ex.Message, path);
        }

        private static string AssetsJson(string targets, string frameworks) =>
            "{ \"version\": 4, \"targets\": { " + targets + " }, \"libraries\": { " +
            "\"A/2.0.0\": { \"sha512\": \"" + NewtonsoftSha512Base64 + "\", \"type\": \"package\", \"path\": \"a/2.0.0\" }, " +
            "\"B/1.0.0\": { \"sha512\": \"" + NewtonsoftSha512Base64 + "\", \"type\": \"package\", \"path\": \"b/1.0.0\" } }, " +
            "\"project\": { \"frameworks\": { " + frameworks + " } } }";

        internal static string Fixture(string name, [CallerFilePath] string sourceFile = "") =>
            Path.Combine(Path.GetDirectoryName(sourceFile)!, "Fixtures", name);
    }
}
