using System;
using System.IO;
using System.Security.Cryptography;
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Slsa;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>
    /// Bundles made with the core library's own signing path (DsseEnvelope.Sign + SigstoreBundle.ForPublicKey),
    /// over a statement shaped like the generator's: two subjects, the git source, a file, a package, an analyzer
    /// and a project reference among the resolved dependencies.
    /// </summary>
    internal static class TestStatements
    {
        public const string SourceUri = "git+https://example.com/acme/lib@refs/heads/main";
        public const string Commit = "0123456789abcdef0123456789abcdef01234567";
        public const string BuilderId = "https://example.com/builders/ci";
        public const string ArtifactName = "Acme.Lib.dll";

        public static string Sha256Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

        public static byte[] Statement(byte[] artifact)
        {
            var subjects = new JsonArray()
                .Add(new ResourceDescriptor { Name = ArtifactName }.WithDigest("sha256", Sha256Hex(artifact)).ToJson())
                .Add(new ResourceDescriptor { Name = "Acme.Lib.pdb" }.WithDigest("sha256", new string('a', 64)).ToJson());
            var dependencies = new JsonArray()
                .Add(new ResourceDescriptor { Uri = SourceUri }.WithDigest("gitCommit", Commit).ToJson())
                .Add(new ResourceDescriptor { Name = "src/Class1.cs" }.WithDigest("sha256", new string('b', 64)).ToJson())
                .Add(new ResourceDescriptor { Uri = "pkg:nuget/Newtonsoft.Json@13.0.3" }.WithDigest("sha512", new string('c', 128)).ToJson())
                .Add(new ResourceDescriptor { Name = "analyzers/Acme.Analyzers.dll", Annotations = new JsonObject().Add("kind", "analyzer") }.WithDigest("sha256", new string('d', 64)).ToJson())
                .Add(new ResourceDescriptor { Name = "bin/Acme.Core.dll", Annotations = new JsonObject().Add("kind", "projectReference") }.WithDigest("sha256", new string('e', 64)).ToJson());
            var predicate = new JsonObject()
                .Add("buildDefinition", new JsonObject()
                    .Add("buildType", "https://github.com/provenance-msbuild/Provenance.MSBuild/buildtype/v1")
                    .Add("externalParameters", new JsonObject().Add("source", SourceUri))
                    .Add("resolvedDependencies", dependencies))
                .Add("runDetails", new JsonObject()
                    .Add("builder", new JsonObject().Add("id", BuilderId))
                    .Add("metadata", new JsonObject()
                        .Add("invocationId", "run-42")
                        .Add("startedOn", "2026-01-02T03:04:05Z")
                        .Add("finishedOn", "2026-01-02T03:04:09Z")));
            var statement = new JsonObject()
                .Add("_type", "https://in-toto.io/Statement/v1")
                .Add("subject", subjects)
                .Add("predicateType", "https://slsa.dev/provenance/v1")
                .Add("predicate", predicate);
            return JsonWriter.ToUtf8Bytes(statement);
        }

        public static byte[] Bundle(byte[] statement, ISigner signer) =>
            SigstoreBundle.ForPublicKey(DsseEnvelope.Sign(Pae.InTotoPayloadType, statement, signer), signer.PublicKey).ToUtf8Bytes();

        /// <summary>Writes Acme.Lib.dll and Acme.Lib.dll.sigstore.json into the folder; returns the artifact path.</summary>
        public static string WriteSignedArtifact(string directory, ISigner signer)
        {
            byte[] artifact = new byte[4096];
            new Random(7).NextBytes(artifact);
            string artifactPath = Path.Combine(directory, ArtifactName);
            File.WriteAllBytes(artifactPath, artifact);
            File.WriteAllBytes(artifactPath + ".sigstore.json", Bundle(Statement(artifact), signer));
            return artifactPath;
        }

        public static string WritePublicKey(string directory, string name, VerificationKey key)
        {
            string path = Path.Combine(directory, name);
            File.WriteAllText(path, key.ToPem());
            return path;
        }
    }
}
