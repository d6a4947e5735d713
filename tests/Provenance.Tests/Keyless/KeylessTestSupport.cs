using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using Provenance.Keyless;

namespace Provenance.Tests.Keyless
{
    internal static class KeylessTestSupport
    {
        /// <summary>An in-toto statement whose one subject is <paramref name="artifact"/>.</summary>
        public static byte[] Statement(byte[] artifact, string name = "Widget.dll")
        {
            string sha256 = Convert.ToHexString(SHA256.HashData(artifact)).ToLowerInvariant();
            return Encoding.UTF8.GetBytes(
                "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + name + "\",\"digest\":{\"sha256\":\"" + sha256 + "\"}}]," +
                "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{\"buildDefinition\":{\"buildType\":\"https://example.test/t\",\"externalParameters\":{}},\"runDetails\":{\"builder\":{\"id\":\"https://example.test/b\"}}}}");
        }

        public static Dictionary<string, string> GitHubEnvironment(string requestUrl, string requestToken) => new Dictionary<string, string>
        {
            [OidcTokenSource.GitHubRequestUrlVariable] = requestUrl,
            [OidcTokenSource.GitHubRequestTokenVariable] = requestToken,
        };

        /// <summary>Keyless through the fake: Fulcio and TSA in process, no Rekor (the node mock covers Rekor).</summary>
        public static SigstoreSigningSettings FakeSettings(FakeSigstore fake, IReadOnlyDictionary<string, string>? environment = null) => new SigstoreSigningSettings
        {
            FulcioUrl = FakeSigstore.Base,
            TransparencyLog = false,
            TimestampUrl = FakeSigstore.Base,
            HttpHandler = fake,
            Timeout = TimeSpan.FromSeconds(10),
            GetEnvironmentVariable = name => (environment ?? GitHubEnvironment(FakeSigstore.Base + "oidc/token?api-version=2.0", FakeSigstore.GitHubRequestToken))
                .TryGetValue(name, out string? value) ? value : null,
        };
    }
}
