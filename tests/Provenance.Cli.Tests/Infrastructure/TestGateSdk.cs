using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>
    /// The consumer gate as users enable it (global.json "msbuild-sdks" and &lt;Import Project="Sdk.targets"
    /// Sdk="Provenance.MSBuild" /&gt; in Directory.Build.targets), resolved by NuGet's SDK resolver from a folder feed.
    /// The package holds what the real one holds for the SDK — Sdk/Sdk.props, Sdk/Sdk.targets from build/sdk and the
    /// net8.0 task closure under tasks/net8.0 — zipped here rather than `dotnet pack`ed, which would build both task
    /// frameworks and attest them (minutes on a small machine). The task assembly is the one this test build just built
    /// (src/Provenance.Cli orders its build first).
    /// </summary>
    internal static class TestGateSdk
    {
        public const string Id = "Provenance.MSBuild";

        /// <summary>A prerelease no feed serves, in a per-test packages folder: never a stale copy.</summary>
        public const string Version = "0.0.1-clitest";

        private static readonly string[] TaskClosure = { "Provenance.MSBuild.Tasks.dll", "Provenance.dll", "BouncyCastle.Cryptography.dll" };

        /// <summary>Writes the SDK package into <paramref name="feed"/> and returns its path.</summary>
        public static string Pack(string feed)
        {
            Directory.CreateDirectory(feed);
            string tasks = TasksFolder();
            string path = Path.Combine(feed, Id + "." + Version + ".nupkg");
            using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                Write(zip, Id + ".nuspec", System.Text.Encoding.UTF8.GetBytes(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\">\n" +
                    $"  <metadata>\n    <id>{Id}</id>\n    <version>{Version}</version>\n    <authors>tests</authors>\n" +
                    "    <description>The consumer gate SDK, for the CLI tests.</description>\n    <developmentDependency>true</developmentDependency>\n" +
                    "  </metadata>\n</package>"));
                string sdk = Path.Combine(RepositoryPaths.Root, "build", "sdk");
                Write(zip, "Sdk/Sdk.props", File.ReadAllBytes(Path.Combine(sdk, "Sdk.props")));
                Write(zip, "Sdk/Sdk.targets", File.ReadAllBytes(Path.Combine(sdk, "Sdk.targets")));
                foreach (string file in TaskClosure) Write(zip, "tasks/net8.0/" + file, File.ReadAllBytes(Path.Combine(tasks, file)));
            }
            return path;
        }

        /// <summary>Enables the gate for every project under <paramref name="directory"/>, as the README tells users.</summary>
        public static void Enable(string directory)
        {
            File.WriteAllText(Path.Combine(directory, "global.json"), "{\n  \"msbuild-sdks\": {\n    \"" + Id + "\": \"" + Version + "\"\n  }\n}\n");
            File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"),
                "<Project>\n  <Import Project=\"Sdk.targets\" Sdk=\"" + Id + "\" />\n</Project>\n");
        }

        /// <summary>A NuGet.config with only the given folder feeds and the packages folder &lt;directory&gt;/packages.</summary>
        public static void WriteNuGetConfig(string directory, params string[] feeds) =>
            File.WriteAllText(Path.Combine(directory, "nuget.config"),
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n" +
                "  <config>\n    <add key=\"globalPackagesFolder\" value=\"packages\" />\n  </config>\n" +
                "  <packageSources>\n    <clear />\n" +
                string.Concat(feeds.Select((f, i) => $"    <add key=\"feed{i}\" value=\"{SecurityElement.Escape(f)}\" />\n")) +
                "  </packageSources>\n</configuration>\n");

        /// <summary>src/Provenance.MSBuild/bin/&lt;this test build's configuration&gt;/net8.0.</summary>
        private static string TasksFolder()
        {
            // <repo>/tests/Provenance.Cli.Tests/bin/<Configuration>/<tfm>/
            string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            string folder = Path.Combine(RepositoryPaths.Root, "src", "Provenance.MSBuild", "bin", configuration, "net8.0");
            if (!File.Exists(Path.Combine(folder, TaskClosure[0])))
                throw new InvalidOperationException($"no {TaskClosure[0]} in {folder}: build src/Provenance.MSBuild -c {configuration} first");
            return folder;
        }

        private static void Write(ZipArchive zip, string name, byte[] content)
        {
            using Stream stream = zip.CreateEntry(name).Open();
            stream.Write(content);
        }
    }
}
