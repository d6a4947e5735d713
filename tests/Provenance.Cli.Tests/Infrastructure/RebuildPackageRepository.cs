using System;
using System.IO;
using Provenance.Signing;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>
    /// One small git repository with a multi-targeted library (net8.0;net10.0, a packed README) that references
    /// Provenance.MSBuild, packed once with `dotnet pack` for every package rebuild test: the package carries
    /// provenance/package.sigstore.json and lib/&lt;tfm&gt;/Multi.dll.sigstore.json, and Multi.1.2.3.nupkg.sigstore.json
    /// lies beside it. The producer package is zipped from build/ and this test build's tasks, as
    /// <see cref="RebuildRepository"/> does, with its <see cref="RebuildRepository.PackProducer"/>. net8.0
    /// needs its targeting pack from a feed: the caller's packages folder is one of the repository's sources.
    /// </summary>
    internal sealed class RebuildPackageRepository : IDisposable
    {
        public const string ProducerVersion = "0.0.1-rebuildpackagetest";
        public const string Id = "Multi";
        public const string Version = "1.2.3";
        public static readonly string[] Frameworks = { "net10.0", "net8.0" };
        private readonly TempDirectory _dir = new TempDirectory();

        public RebuildPackageRepository()
        {
            Root = Directory.CreateDirectory(_dir.File("repo")).FullName;
            Feed = Directory.CreateDirectory(_dir.File("feed")).FullName;
            RebuildRepository.PackProducer(Feed, ProducerVersion, "The producer package, for the package rebuild tests.");
            Write("src/Multi/Multi.csproj",
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>\n    <Nullable>enable</Nullable>\n" +
                "    <PackageId>" + Id + "</PackageId>\n    <Version>" + Version + "</Version>\n    <Authors>tests</Authors>\n" +
                "    <Description>A multi-targeted library, for the package rebuild tests.</Description>\n    <PackageReadmeFile>README.md</PackageReadmeFile>\n  </PropertyGroup>\n" +
                "  <ItemGroup>\n    <None Include=\"README.md\" Pack=\"true\" PackagePath=\"\\\" />\n" +
                "    <PackageReference Include=\"Provenance.MSBuild\" Version=\"" + ProducerVersion + "\" PrivateAssets=\"all\" />\n  </ItemGroup>\n</Project>\n");
            Write("src/Multi/README.md", "# Multi\n\nGreets, on two frameworks.\n");
            Write("src/Multi/Greeting.cs", "namespace Multi;\npublic static class Greeting\n{\n    public static string Hello(string name) => \"Hello \" + name;\n}\n");
            Write("global.json", "{\n  \"sdk\": { \"version\": \"10.0.401\", \"rollForward\": \"latestFeature\" }\n}\n");
            Write(".gitignore", "bin/\nobj/\npackages/\n");
            Write("nuget.config", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <config>\n    <add key=\"globalPackagesFolder\" value=\"packages\" />\n  </config>\n" +
                "  <packageSources>\n    <clear />\n    <add key=\"feed\" value=\"" + System.Security.SecurityElement.Escape(Feed) + "\" />\n" +
                "    <add key=\"caller\" value=\"" + System.Security.SecurityElement.Escape(CallerPackagesFolder()) + "\" />\n  </packageSources>\n</configuration>\n");
            Git("init", "-q");
            Git("add", ".");
            Git("-c", "user.name=tests", "-c", "user.email=tests@example.com", "commit", "-q", "-m", "library");

            Key = SigningKey.Generate(KeyAlgorithm.Ed25519);
            File.WriteAllText(_dir.File("key.pem"), Key.ToPkcs8Pem(null));
            PublicKey = TestStatements.WritePublicKey(_dir.Path, "key.pub.pem", Key.PublicKey);

            var watch = System.Diagnostics.Stopwatch.StartNew();
            string output = Directory.CreateDirectory(_dir.File("out")).FullName;
            var (exit, stdout, stderr) = ProcessRunner.Run("dotnet",
                new[] { "pack", "src/Multi/Multi.csproj", "-c", "Release", "-nr:false", "-o", output, "-p:ProvenanceSigningKeyFile=" + _dir.File("key.pem") },
                Root, TimeSpan.FromMinutes(5));
            if (exit != 0) throw new InvalidOperationException($"dotnet pack failed\n{stdout}\n{stderr}");
            PackTime = watch.Elapsed;
            Package = Path.Combine(output, Id + "." + Version + ".nupkg");
            if (!File.Exists(Package) || !File.Exists(Package + ".sigstore.json"))
                throw new InvalidOperationException($"dotnet pack wrote no {Package} with its bundle\n{stdout}\n{stderr}");
        }

        public string Root { get; }
        public string Feed { get; }
        public SigningKey Key { get; }
        public string PublicKey { get; }

        /// <summary>The private key the pack signed with (PKCS#8 PEM, no password): it signs the tests' --attest too.</summary>
        public string KeyFile => _dir.File("key.pem");

        /// <summary>The packed Multi.1.2.3.nupkg (Multi.1.2.3.nupkg.sigstore.json beside it).</summary>
        public string Package { get; }

        public TimeSpan PackTime { get; }

        public string File_(string name) => _dir.File(name);

        /// <summary>A copy of the package under a new folder (without the bundle beside it), to change.</summary>
        public string CopyOfPackage(string folder)
        {
            string copy = Path.Combine(Directory.CreateDirectory(_dir.File(folder)).FullName, Path.GetFileName(Package));
            File.Copy(Package, copy);
            return copy;
        }

        private static string CallerPackagesFolder()
        {
            string? configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            return !string.IsNullOrEmpty(configured) ? configured! : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        private void Write(string relative, string content) => RebuildRepository.WriteFile(Root, relative, content);

        private void Git(params string[] arguments) => RebuildRepository.RunGit(Root, arguments);

        public void Dispose() => _dir.Dispose();
    }
}
