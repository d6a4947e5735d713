using System;
using System.IO;
using System.Security.Cryptography;
using Provenance.Capture;
using Provenance.Generation;
using Provenance.Signing;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>
    /// Bundles made the way a build makes them: a ProvenanceRequest over real files in a temporary "repository"
    /// (sources, a project file, a package, an analyzer, a referenced project with its own provenance file)
    /// through ProvenanceGenerator.CreateStatement and CreateBundle, the functions the MSBuild task calls.
    /// </summary>
    internal static class TestStatements
    {
        public const string RepositoryUrl = "https://example.com/acme/lib";
        public const string SourceUri = "git+" + RepositoryUrl + "@refs/heads/main";
        public const string Commit = "0123456789abcdef0123456789abcdef01234567";
        public const string BuilderId = "https://example.com/builders/ci";
        public const string ArtifactName = "Acme.Lib.dll";
        public const string InvocationId = "run-42";
        public static readonly DateTimeOffset StartedOn = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        public static readonly DateTimeOffset FinishedOn = StartedOn.AddSeconds(4);

        public static string Sha256Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

        /// <summary>Writes the repository and bin/Acme.Lib.dll with bin/Acme.Lib.dll.sigstore.json; returns the dll's path.</summary>
        public static string WriteSignedArtifact(string root, ISigner signer)
        {
            string bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
            byte[] artifact = new byte[4096];
            new Random(7).NextBytes(artifact);
            string artifactPath = Path.Combine(bin, ArtifactName);
            File.WriteAllBytes(artifactPath, artifact);

            ProvenanceRequest request = Request(root, artifactPath);
            byte[] statement = ProvenanceGenerator.CreateStatement(request, new FileDigestCache());
            File.WriteAllBytes(artifactPath + ".sigstore.json", ProvenanceGenerator.CreateBundle(statement, signer));
            return artifactPath;
        }

        public static string WritePublicKey(string directory, string name, VerificationKey key)
        {
            string path = Path.Combine(directory, name);
            File.WriteAllText(path, key.ToPem());
            return path;
        }

        private static ProvenanceRequest Request(string root, string artifactPath)
        {
            string project = Write(root, "src/Acme.Lib/Acme.Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            string source = Write(root, "src/Acme.Lib/Class1.cs", "namespace Acme.Lib { public sealed class Class1 { } }");
            string analyzer = Write(root, "analyzers/Acme.Analyzers.dll", "analyzer bytes");
            string referenced = Write(root, "src/Acme.Core/bin/Acme.Core.dll", "core bytes");
            string referencedProvenance = Write(root, "src/Acme.Core/bin/Acme.Core.dll.sigstore.json", "{}");
            var request = new ProvenanceRequest
            {
                RepositoryRoot = root,
                ProjectPath = project,
                Configuration = "Release",
                TargetFramework = "net10.0",
                Source = new GitSourceInfo { RepositoryRoot = root, RepositoryUrl = RepositoryUrl, Commit = Commit, Ref = "refs/heads/main", Dirty = false },
                SdkVersion = "10.0.401",
                Subjects = { artifactPath, Write(root, "bin/Acme.Lib.pdb", "pdb bytes") },
                SubjectBaseDirectory = Path.GetDirectoryName(artifactPath)!,
                BuilderId = BuilderId,
                ToolVersion = "0.1.0",
                KeySource = "file",
                InvocationId = InvocationId,
                StartedOn = StartedOn,
                FinishedOn = FinishedOn,
            };
            request.Inputs.Add(new InputFile(source, "compile"));
            request.Inputs.Add(new InputFile(project, "project"));
            request.Packages.Add(new RestoredPackage("Newtonsoft.Json", "13.0.3", new string('c', 128)));
            request.Analyzers.Add(new InputFile(analyzer, "analyzer"));
            request.ProjectReferences.Add(new ProjectReferenceOutput(Path.Combine(root, "src/Acme.Core/Acme.Core.csproj"), referenced, referencedProvenance));
            return request;
        }

        private static string Write(string root, string relativePath, string content)
        {
            string path = Path.Combine(root, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            return path;
        }
    }
}
