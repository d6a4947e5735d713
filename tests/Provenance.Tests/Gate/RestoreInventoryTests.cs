using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Packages;
using Provenance.Tests.Capture;

namespace Provenance.Tests.Gate
{
    /// <summary>
    /// What the gate judges: everything one restore put on disk that can run code in the build. Each test lays out the
    /// files the SDK and NuGet would write and checks that the inventory names the package, once, in the right folder.
    /// </summary>
    [TestClass]
    public sealed class RestoreInventoryTests
    {
        private const string Sha512 = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJCrze8SNFZ4kA==";

        private static string Assets(string packageFolders, string targets = "", string libraries = "", string frameworks = "") =>
            "{\n  \"version\": 3,\n  \"targets\": { \"net10.0\": {" + targets + "} },\n  \"libraries\": {" + libraries + "},\n" +
            "  \"packageFolders\": {" + packageFolders + "},\n  \"project\": { \"frameworks\": { \"net10.0\": {" + frameworks + "} } }\n}\n";

        private static string Library(string id, string version) =>
            $"\"{id}/{version}\": {{ \"type\": \"package\", \"sha512\": \"{Sha512}\", \"path\": \"{id.ToLowerInvariant()}/{version}\" }}";

        [TestMethod]
        public void Packages_of_every_target_and_each_PackageDownload_are_listed_once_with_where_they_come_from()
        {
            using var scratch = new ScratchDirectory();
            string packages = Path.Combine(scratch.Path, "packages");
            string assets = scratch.File("obj/project.assets.json", Assets(
                $"\"{packages}/\": {{}}",
                targets: $"\"Acme.Lib/1.0.0\": {{ \"type\": \"package\" }}, \"Other/2.0.0\": {{ \"type\": \"project\" }}",
                libraries: Library("Acme.Lib", "1.0.0"),
                frameworks: "\"downloadDependencies\": [ { \"name\": \"Acme.Tool\", \"version\": \"[3.0.0, 3.0.0]\" } ]"));

            RestoreInventory inventory = RestoreInventory.Read(assets, null, null);

            CollectionAssert.AreEqual(new[] { "Acme.Lib 1.0.0", "Acme.Tool 3.0.0" }, inventory.Packages.Select(p => p.Folder.DisplayName).ToArray());
            CollectionAssert.AreEqual(new[] { "net10.0" }, inventory.Packages[0].Sources);
            CollectionAssert.AreEqual(new[] { "PackageDownload (net10.0)" }, inventory.Packages[1].Sources);
            Assert.AreEqual(Path.Combine(packages, "acme.tool", "3.0.0"), inventory.Packages[1].Folder.FolderPath);
        }

        [TestMethod]
        public void A_package_in_a_fallback_folder_is_judged_where_restore_found_it()
        {
            using var scratch = new ScratchDirectory();
            string global = Path.Combine(scratch.Path, "global");
            string fallback = Path.Combine(scratch.Path, "fallback");
            Directory.CreateDirectory(Path.Combine(fallback, "acme.lib", "1.0.0"));
            string assets = scratch.File("obj/project.assets.json", Assets(
                $"\"{global}/\": {{}}, \"{fallback}/\": {{}}",
                targets: "\"Acme.Lib/1.0.0\": { \"type\": \"package\" }", libraries: Library("Acme.Lib", "1.0.0")));

            RestoreInventory inventory = RestoreInventory.Read(assets, global, null);

            Assert.AreEqual(Path.Combine(fallback, "acme.lib", "1.0.0"), inventory.Packages.Single().Folder.FolderPath);
        }

        [TestMethod]
        public void MSBuild_project_SDKs_and_local_tools_on_disk_are_listed_and_their_files_are_inputs()
        {
            using var scratch = new ScratchDirectory();
            string packages = Path.Combine(scratch.Path, "packages");
            Directory.CreateDirectory(Path.Combine(packages, "acme.sdk", "1.0.0"));
            Directory.CreateDirectory(Path.Combine(packages, "acme.tool", "2.0.0"));
            string globalJson = scratch.File("global.json", "{ \"msbuild-sdks\": { \"Acme.Sdk\": \"1.0.0\", \"Not.Restored.Sdk\": \"9.9.9\" } }");
            string tools = scratch.File(".config/dotnet-tools.json", "{ \"version\": 1, \"isRoot\": true, \"tools\": { \"acme.tool\": { \"version\": \"2.0.0\", \"commands\": [\"acme\"] } } }");
            string assets = scratch.File("src/App/obj/project.assets.json", Assets($"\"{packages}/\": {{}}"));

            RestoreInventory inventory = RestoreInventory.Read(assets, null, Path.Combine(scratch.Path, "src", "App"));

            CollectionAssert.AreEqual(new[] { "Acme.Sdk 1.0.0", "acme.tool 2.0.0" }, inventory.Packages.Select(p => p.Folder.DisplayName).ToArray());
            StringAssert.StartsWith(inventory.Packages[0].Sources.Single(), "MSBuild project SDK");
            StringAssert.StartsWith(inventory.Packages[1].Sources.Single(), "local tool");
            CollectionAssert.IsSubsetOf(new[] { globalJson, tools }, inventory.InputFiles.ToArray());
        }

        [TestMethod]
        public void An_assets_file_that_repeats_a_key_is_read_as_NuGet_wrote_it()
        {
            using var scratch = new ScratchDirectory();
            string packages = Path.Combine(scratch.Path, "packages");
            string assets = scratch.File("obj/project.assets.json",
                Assets($"\"{packages}/\": {{}}", targets: "\"Acme.Lib/1.0.0\": { \"type\": \"package\" }", libraries: Library("Acme.Lib", "1.0.0"))
                    .Replace("\"version\": 3,", "\"version\": 3, \"sources\": { \"https://feed/\": {}, \"https://feed/\": {} },"));

            Assert.AreEqual("Acme.Lib", RestoreInventory.Read(assets, null, null).Packages.Single().Folder.Id);
        }

        [TestMethod]
        public void A_PackageDownload_that_is_not_an_exact_version_is_PROV1010()
        {
            using var scratch = new ScratchDirectory();
            string assets = scratch.File("obj/project.assets.json", Assets("\"/p/\": {}",
                frameworks: "\"downloadDependencies\": [ { \"name\": \"Acme.Tool\", \"version\": \"[1.0.0, 2.0.0]\" } ]"));

            var error = Assert.ThrowsExactly<ProvenanceException>(() => RestoreInventory.Read(assets, null, null));
            Assert.AreEqual("PROV1010", error.Code);
            StringAssert.Contains(error.Message, "Acme.Tool");
        }
    }
}
