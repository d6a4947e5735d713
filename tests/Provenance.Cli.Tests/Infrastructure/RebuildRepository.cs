using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;
using Provenance.Signing;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>
    /// One small git repository with a library that references Provenance.MSBuild (zipped from build/ and this test
    /// build's tasks, as TestGateSdk does: `dotnet pack` would build both task frameworks), built once for every
    /// rebuild test: a clean build, and a build of a source edited after the commit (a dirty checkout). Each build's
    /// output folder is copied aside, bundle beside assembly, as a consumer would hold them.
    /// </summary>
    internal sealed class RebuildRepository : IDisposable
    {
        public const string PackageVersion = "0.0.1-rebuildtest";
        private static readonly string[] TaskClosure = { "Provenance.MSBuild.Tasks.dll", "Provenance.dll", "BouncyCastle.Cryptography.dll" };
        private readonly TempDirectory _dir = new TempDirectory();

        public RebuildRepository()
        {
            Root = Directory.CreateDirectory(_dir.File("repo")).FullName;
            Feed = Directory.CreateDirectory(_dir.File("feed")).FullName;
            PackProducer(Feed, PackageVersion, "The producer package, for the rebuild tests.");
            Write("src/Lib/Lib.csproj",
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <Nullable>enable</Nullable>\n" +
                // The remote's spelling goes into the assembly (RepositoryUrl), and HEAD into a version attribute, as
                // version tools put the branch (Nerdbank.GitVersioning) into the bytes.
                "    <PublishRepositoryUrl>true</PublishRepositoryUrl>\n" +
                // A packages folder of the repository's choosing, which outranks NUGET_PACKAGES (enterprise repositories do this).
                "    <RestorePackagesPath>$(MSBuildThisFileDirectory)../../restored</RestorePackagesPath>\n" +
                "    <GitHead>$([System.IO.File]::ReadAllText('$(MSBuildThisFileDirectory)../../.git/HEAD').Trim())</GitHead>\n  </PropertyGroup>\n" +
                "  <ItemGroup>\n    <AssemblyMetadata Include=\"GitHead\" Value=\"$(GitHead)\" />\n  </ItemGroup>\n" +
                "  <ItemGroup>\n    <PackageReference Include=\"Provenance.MSBuild\" Version=\"" + PackageVersion + "\" PrivateAssets=\"all\" />\n  </ItemGroup>\n</Project>\n");
            Write("src/Lib/Greeting.cs", "namespace Lib;\npublic static class Greeting\n{\n    public static string Hello(string name) => \"Hello \" + name;\n}\n");
            Write("src/Lib/Farewell.cs", "namespace Lib;\npublic static class Farewell\n{\n    public static string Bye(string name) => \"Bye \" + name;\n}\n");
            Write("global.json", "{\n  \"sdk\": { \"version\": \"10.0.401\", \"rollForward\": \"latestFeature\" }\n}\n");
            Write(".gitignore", "bin/\nobj/\npackages/\nrestored/\n");
            Write("nuget.config", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <config>\n    <add key=\"globalPackagesFolder\" value=\"packages\" />\n  </config>\n" +
                "  <packageSources>\n    <clear />\n    <add key=\"feed\" value=\"" + System.Security.SecurityElement.Escape(Feed) + "\" />\n  </packageSources>\n</configuration>\n");
            Git("init", "-q", "-b", Branch);
            Git("add", ".");
            Git("-c", "user.name=tests", "-c", "user.email=tests@example.com", "commit", "-q", "-m", "library");
            // A GitHub remote spelled with ".git" (SourceLink maps the sources to it; the statement's canonical URL drops ".git").
            Git("remote", "add", "origin", RemoteUrl);

            Key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            File.WriteAllText(_dir.File("key.pem"), Key.ToPkcs8Pem(null));
            PublicKey = TestStatements.WritePublicKey(_dir.Path, "key.pub.pem", Key.PublicKey);

            CleanOutput = BuildInto("clean");
            // A CI-style publish of the same commit into a folder outside the repository (dotnet publish -o records a
            // PublishDir of this machine, and _IsPublishing): a rebuild must publish too, elsewhere.
            PublishOutput = _dir.File("out-publish");
            var (exit, stdout, stderr) = ProcessRunner.Run("dotnet",
                new[] { "publish", "src/Lib/Lib.csproj", "-c", "Release", "-nr:false", "-o", PublishOutput, "-p:ContinuousIntegrationBuild=true", "-p:ProvenanceSigningKeyFile=" + _dir.File("key.pem") },
                Root, TimeSpan.FromMinutes(5));
            if (exit != 0) throw new InvalidOperationException($"the publish failed\n{stdout}\n{stderr}");
            // Built from an edit nobody committed: the provenance names the commit, the bytes are not its.
            string greeting = Path.Combine(Root, "src/Lib/Greeting.cs");
            string committed = File.ReadAllText(greeting);
            File.WriteAllText(greeting, committed.Replace("\"Hello \"", "\"Hi \""));
            DirtyOutput = BuildInto("dirty");
            File.WriteAllText(greeting, committed);
        }

        /// <summary>The branch the original builds ran on, with a slash as release branches have.</summary>
        public const string Branch = "release/1.x";
        public const string RemoteUrl = "https://github.com/example/rebuild-lib.git";

        public string Root { get; }
        public string Feed { get; }
        public SigningKey Key { get; }
        public string PublicKey { get; }

        /// <summary>The private key the builds signed with (PKCS#8 PEM, no password): it signs the tests' --attest too.</summary>
        public string KeyFile => _dir.File("key.pem");

        /// <summary>Copies of bin/Release/net10.0 (Lib.dll, Lib.pdb, Lib.deps.json, Lib.dll.sigstore.json) of each build.</summary>
        public string CleanOutput { get; }

        /// <summary>The publish folder of `dotnet publish -o` with ContinuousIntegrationBuild=true (Lib.dll.sigstore.json beside Lib.dll).</summary>
        public string PublishOutput { get; }
        public string DirtyOutput { get; }

        /// <summary>How long the clean build (restore included) took, to compare a rebuild with.</summary>
        public TimeSpan CleanBuildTime { get; private set; }

        public string File_(string name) => _dir.File(name);

        private string BuildInto(string name)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (exit, stdout, stderr) = ProcessRunner.Run("dotnet",
                new[] { "build", "src/Lib/Lib.csproj", "-c", "Release", "-nr:false", "-p:ProvenanceSigningKeyFile=" + _dir.File("key.pem") },
                Root, TimeSpan.FromMinutes(5));
            if (exit != 0) throw new InvalidOperationException($"the {name} build failed\n{stdout}\n{stderr}");
            if (name == "clean") CleanBuildTime = watch.Elapsed;
            string output = Directory.CreateDirectory(_dir.File("out-" + name)).FullName;
            foreach (string file in Directory.GetFiles(Path.Combine(Root, "src/Lib/bin/Release/net10.0")))
                File.Copy(file, Path.Combine(output, Path.GetFileName(file)));
            return output;
        }

        private void Write(string relative, string content) => WriteFile(Root, relative, content);

        private void Git(params string[] arguments) => RunGit(Root, arguments);

        /// <summary>A file of a test repository, its folders made (shared with <see cref="RebuildPackageRepository"/>).</summary>
        internal static void WriteFile(string root, string relative, string content)
        {
            string path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        /// <summary>git in a test repository; a failure throws with git's output.</summary>
        internal static void RunGit(string root, params string[] arguments)
        {
            var (exit, stdout, stderr) = ProcessRunner.Run("git", arguments, root, TimeSpan.FromMinutes(1));
            if (exit != 0) throw new InvalidOperationException($"git {string.Join(" ", arguments)} failed\n{stdout}\n{stderr}");
        }

        /// <summary>
        /// The producer package Provenance.MSBuild <paramref name="version"/> in <paramref name="feed"/>: build/,
        /// buildTransitive/, buildMultiTargeting/ from the repository, tasks/net8.0 from this test build.
        /// </summary>
        internal static void PackProducer(string feed, string version, string description)
        {
            string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            string tasks = Path.Combine(RepositoryPaths.Root, "src", "Provenance.MSBuild", "bin", configuration, "net8.0");
            using ZipArchive zip = ZipFile.Open(Path.Combine(feed, "Provenance.MSBuild." + version + ".nupkg"), ZipArchiveMode.Create);
            Add(zip, "Provenance.MSBuild.nuspec", Encoding.UTF8.GetBytes(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\">\n" +
                "  <metadata>\n    <id>Provenance.MSBuild</id>\n    <version>" + version + "</version>\n    <authors>tests</authors>\n" +
                "    <description>" + description + "</description>\n    <developmentDependency>true</developmentDependency>\n  </metadata>\n</package>"));
            foreach (string folder in new[] { "build", "buildTransitive", "buildMultiTargeting" })
                foreach (string file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, folder)))
                    if (file.EndsWith(".props", StringComparison.Ordinal) || file.EndsWith(".targets", StringComparison.Ordinal))
                        Add(zip, folder + "/" + Path.GetFileName(file), File.ReadAllBytes(file));
            foreach (string file in TaskClosure) Add(zip, "tasks/net8.0/" + file, File.ReadAllBytes(Path.Combine(tasks, file)));
        }

        private static void Add(ZipArchive zip, string name, byte[] content)
        {
            using Stream stream = zip.CreateEntry(name).Open();
            stream.Write(content);
        }

        public void Dispose() => _dir.Dispose();
    }
}
