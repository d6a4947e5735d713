using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Bundles;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Slsa;
using Provenance.Verification;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>
    /// A `.sigstore.json` file read and verified with the core library (strict bundle parse, DSSE signature checked
    /// with the given public keys before the payload is parsed), exposing the statement for assertions.
    /// </summary>
    public sealed class ProvenanceFile
    {
        private ProvenanceFile(string path, byte[] bytes, VerifiedStatement verified)
        {
            Path = path;
            Bytes = bytes;
            Verified = verified;
            StatementText = new UTF8Encoding(false, true).GetString(verified.Payload);
            Predicate = verified.Predicate ?? new JsonObject();
            BuildDefinition = Predicate.GetObject("buildDefinition") ?? new JsonObject();
            RunDetails = Predicate.GetObject("runDetails") ?? new JsonObject();
            ExternalParameters = BuildDefinition.GetObject("externalParameters") ?? new JsonObject();
            InternalParameters = BuildDefinition.GetObject("internalParameters") ?? new JsonObject();
            ResolvedDependencies = Descriptors(BuildDefinition.GetArray("resolvedDependencies"));
            Byproducts = Descriptors(RunDetails.GetArray("byproducts"));
        }

        public string Path { get; }
        public byte[] Bytes { get; }
        public VerifiedStatement Verified { get; }

        /// <summary>The signed payload (the in-toto statement) as text.</summary>
        public string StatementText { get; }

        public JsonObject Statement => Verified.Statement;
        public JsonObject Predicate { get; }
        public JsonObject BuildDefinition { get; }
        public JsonObject RunDetails { get; }
        public JsonObject ExternalParameters { get; }
        public JsonObject InternalParameters { get; }
        public IReadOnlyList<ResourceDescriptor> ResolvedDependencies { get; }
        public IReadOnlyList<ResourceDescriptor> Byproducts { get; }
        public IReadOnlyList<ResourceDescriptor> Subjects => Verified.Subjects;

        /// <summary>Parses and verifies the bundle with the public key file(s); fails the test with the reason otherwise.</summary>
        public static ProvenanceFile Verify(string bundlePath, params string[] publicKeyPaths)
        {
            Expect.FileExists(bundlePath);
            byte[] bytes = File.ReadAllBytes(bundlePath);
            VerificationKey[] keys = publicKeyPaths.Select(p => VerificationKey.FromPem(File.ReadAllText(p), p)).ToArray();
            try
            {
                SigstoreBundle bundle = SigstoreBundle.Parse(bytes);
                return new ProvenanceFile(bundlePath, bytes, BundleVerifier.Verify(bundle, keys));
            }
            catch (ProvenanceException e)
            {
                throw new AssertFailedException($"{bundlePath} does not verify with {string.Join(", ", publicKeyPaths)}: {e.Code} {e.Message}", e);
            }
        }

        /// <summary>The failure (a <see cref="ProvenanceException"/>) verifying with these keys raises, or null when it verifies.</summary>
        public static ProvenanceException? VerificationFailure(string bundlePath, params string[] publicKeyPaths)
        {
            VerificationKey[] keys = publicKeyPaths.Select(p => VerificationKey.FromPem(File.ReadAllText(p), p)).ToArray();
            try
            {
                BundleVerifier.Verify(SigstoreBundle.Parse(File.ReadAllBytes(bundlePath)), keys);
                return null;
            }
            catch (ProvenanceException e)
            {
                return e;
            }
        }

        /// <summary>The bundle file and the statement inside it (base64 in the file), as one text to search for leaks.</summary>
        public static string AllText(string bundlePath)
        {
            byte[] bytes = File.ReadAllBytes(bundlePath);
            string text = Encoding.UTF8.GetString(bytes);
            try
            {
                return text + "\n" + Encoding.UTF8.GetString(SigstoreBundle.Parse(bytes).Envelope.Payload);
            }
            catch (ProvenanceException)
            {
                return text;
            }
        }

        /// <summary>Subject name → sha256 (names relative to the folder the bundle attests, '/' separators).</summary>
        public IReadOnlyDictionary<string, string> SubjectSha256ByName =>
            Subjects.Where(s => s.Name != null && s.Digest.ContainsKey("sha256"))
                .GroupBy(s => s.Name!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Digest["sha256"], StringComparer.Ordinal);

        /// <summary>Resolved dependencies whose name or uri is exactly <paramref name="nameOrUri"/>.</summary>
        public IReadOnlyList<ResourceDescriptor> DependenciesNamed(string nameOrUri) =>
            ResolvedDependencies.Where(d => d.Name == nameOrUri || d.Uri == nameOrUri).ToList();

        /// <summary>Every string value anywhere under <paramref name="value"/> (object keys excluded).</summary>
        public static IEnumerable<string> Strings(JsonValue? value)
        {
            switch (value)
            {
                case JsonString s:
                    yield return s.Value;
                    break;
                case JsonArray array:
                    foreach (JsonValue item in array.Items)
                        foreach (string text in Strings(item)) yield return text;
                    break;
                case JsonObject obj:
                    foreach (KeyValuePair<string, JsonValue> member in obj.Members)
                        foreach (string text in Strings(member.Value)) yield return text;
                    break;
            }
        }

        /// <summary>A compact listing of the resolved dependencies, for assertion messages.</summary>
        public string DescribeDependencies() =>
            string.Join("\n", ResolvedDependencies.Select(d => "  " + (d.Uri ?? "") + " " + (d.Name ?? "") + " " + string.Join(",", d.Digest.Select(p => p.Key + ":" + p.Value))));

        public string DescribeSubjects() =>
            string.Join("\n", Subjects.Select(s => "  " + s.Name + " " + string.Join(",", s.Digest.Select(p => p.Key + ":" + p.Value))));

        private static IReadOnlyList<ResourceDescriptor> Descriptors(JsonArray? array) =>
            array == null
                ? Array.Empty<ResourceDescriptor>()
                : array.Items.OfType<JsonObject>().Select(ResourceDescriptor.FromJson).ToList();
    }
}
