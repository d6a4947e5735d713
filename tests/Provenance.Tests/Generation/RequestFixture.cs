using System;
using System.Collections.Generic;
using System.IO;
using Provenance.Capture;
using Provenance.Generation;
using Provenance.Tests.Capture;

namespace Provenance.Tests.Generation
{
    /// <summary>
    /// A request as the task would fill it for src/Lib/Lib.csproj in a scratch repository, with real files:
    /// inputs in the repository, an analyzer in a NuGet packages folder, one in a .NET installation, one elsewhere,
    /// a referenced project with its provenance file, and an assembly and a package to attest.
    /// </summary>
    internal sealed class RequestFixture : IDisposable
    {
        public const string Token = "ghp_TOPSECRET0123456789";
        public const string Commit = "0123456789abcdef0123456789abcdef01234567";

        private readonly ScratchDirectory _scratch = new ScratchDirectory();

        public RequestFixture()
        {
            string repo = Combine("repo");
            string output = Combine("repo/src/Lib/bin/Release/net8.0");
            Request = new ProvenanceRequest
            {
                RepositoryRoot = repo,
                ProjectPath = File("repo/src/Lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />"),
                Configuration = "Release",
                TargetFramework = "net8.0",
                GlobalProperties = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Configuration"] = "Release",
                    ["NuGetApiKey"] = Token,
                    ["RestoreFeed"] = "https://user:" + Token + "@pkgs.example/v3/index.json",
                },
                Source = new GitSourceInfo
                {
                    RepositoryRoot = repo,
                    RepositoryUrl = "https://x-access-token:" + Token + "@github.com/o/r.git",
                    Commit = Commit,
                    Ref = "refs/heads/main",
                    Dirty = false,
                },
                SdkVersion = "10.0.401",
                MSBuildVersion = "18.0.5",
                DotnetRuntime = ".NET 10.0.0",
                OperatingSystem = "Linux",
                Architecture = "X64",
                CompilerName = "csc",
                CompilerVersion = "5.0.0",
                CompilerOptions = new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["optimize"] = "true",
                    ["deterministic"] = "true",
                    ["defineConstants"] = "RELEASE;NET8_0",
                    ["langVersion"] = "latest",
                },
                Ci = new CiInfo { System = "github-actions", RunId = "123", RunUrl = "https://github.com/o/r/actions/runs/123/attempts/1" },
                Environment = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["SOURCE_DATE_EPOCH"] = "1700000000" },
                Inputs =
                {
                    new InputFile(File("repo/src/Lib/Class1.cs", "class C1 {}"), "compile"),
                    new InputFile(File("repo/src/Lib/A.cs", "class A {}"), "compile"),
                    new InputFile(Combine("repo/src/Lib/Lib.csproj"), "project"),
                    new InputFile(File("repo/global.json", "{}"), "sdk"),
                    new InputFile(File("repo/.editorconfig", "root = true"), "config"),
                },
                Packages =
                {
                    new RestoredPackage("Newtonsoft.Json", "13.0.3", new string('a', 128), "newtonsoft.json/13.0.3"),
                    new RestoredPackage("Foo.Analyzers", "1.0.0", new string('b', 128), "foo.analyzers/1.0.0"),
                },
                Analyzers =
                {
                    new InputFile(File("packages/foo.analyzers/1.0.0/analyzers/dotnet/cs/Foo.Analyzers.dll", "foo"), "analyzer", "Foo.Analyzers"),
                    new InputFile(File("dotnet/sdk/10.0.401/Sdks/Microsoft.NET.Sdk/analyzers/Microsoft.CodeAnalysis.NetAnalyzers.dll", "net"), "analyzer"),
                    new InputFile(File("dotnet/packs/Microsoft.NETCore.App.Ref/8.0.0/analyzers/dotnet/cs/System.Text.Json.SourceGeneration.dll", "stj"), "analyzer"),
                    new InputFile(File("elsewhere/Tool.Generator.dll", "tool"), "analyzer"),
                },
                ProjectReferences =
                {
                    new ProjectReferenceOutput(
                        File("repo/src/Core/Core.csproj", "<Project />"),
                        File("repo/src/Core/bin/Release/net8.0/Core.dll", "core"),
                        File("repo/src/Core/bin/Release/net8.0/Core.dll.sigstore.json", "{}")),
                },
                Subjects =
                {
                    File("repo/src/Lib/bin/Release/net8.0/Lib.dll", "lib"),
                    File("repo/src/Lib/bin/Release/net8.0/Lib.1.0.0.nupkg", "nupkg"),
                },
                SubjectBaseDirectory = output,
                Byproducts = { File("repo/src/Lib/bin/Release/net8.0/Lib.pdb", "pdb") },
                BuilderId = "https://github.com/o/r/.github/workflows/build.yml@refs/heads/main",
                ToolVersion = "0.1.0",
                KeySource = "environment",
                InvocationId = "https://github.com/o/r/actions/runs/123/attempts/1",
                StartedOn = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)),
                FinishedOn = new DateTimeOffset(2024, 5, 6, 5, 8, 30, TimeSpan.Zero),
            };
        }

        public ProvenanceRequest Request { get; }

        public string ScratchPath => _scratch.Path;

        public string Combine(string relative) => Path.GetFullPath(Path.Combine(_scratch.Path, relative));

        public string File(string relative, string content) => _scratch.File(relative, content);

        public void Dispose() => _scratch.Dispose();
    }
}
