using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Org.BouncyCastle.X509;
using Provenance.Signing;
using Provenance.TestSupport;

namespace Provenance.Tests.Keyless
{
    /// <summary>
    /// In-process Fulcio, TSA and GitHub token endpoint behind an HttpMessageHandler (no socket): Fulcio issues test-CA
    /// leaves for the posted key, the TSA answers RFC 3161 with the test TSA. Each path can be told to fail with a
    /// status, an exception or a delay, and every request is recorded so tests can check what was sent.
    /// </summary>
    internal sealed class FakeSigstore : HttpMessageHandler
    {
        public const string Base = "https://sigstore.test/";
        public const string GitHubRequestToken = "gh-request-token-0123456789";

        public FakeSigstore(TestCertificateAuthority? pki = null) => Pki = pki ?? new TestCertificateAuthority("Fake Fulcio");

        public TestCertificateAuthority Pki { get; }
        public ConcurrentDictionary<string, int> Calls { get; } = new ConcurrentDictionary<string, int>();
        public ConcurrentQueue<(string Path, string? Authorization, string Body)> Requests { get; } = new ConcurrentQueue<(string, string?, string)>();
        public Dictionary<string, HttpStatusCode> FailWith { get; } = new Dictionary<string, HttpStatusCode>();
        public Dictionary<string, string> FailBody { get; } = new Dictionary<string, string>();
        public HashSet<string> Unreachable { get; } = new HashSet<string>();
        public TimeSpan Delay { get; set; }
        public Func<VerificationKey, VerificationKey>? CertifyInstead { get; set; }
        public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromMinutes(10);
        public string Token { get; set; } = Jwt(new { iss = "https://token.actions.githubusercontent.com", sub = "repo:acme/widget:ref:refs/heads/main", aud = "sigstore", exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() });

        public static string Jwt(object claims)
        {
            static string Part(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return Part(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\"}")) + "." + Part(JsonSerializer.SerializeToUtf8Bytes(claims)) + "." + Part(new byte[] { 1, 2, 3 });
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string path = request.RequestUri!.AbsolutePath;
            byte[] body = request.Content == null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Calls.AddOrUpdate(path, 1, (_, n) => n + 1);
            Requests.Enqueue((path, request.Headers.Authorization?.ToString(), Encoding.UTF8.GetString(body)));
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
            if (Unreachable.Contains(path)) throw new HttpRequestException("Connection refused (sigstore.test:443)");
            if (FailWith.TryGetValue(path, out HttpStatusCode status))
                return new HttpResponseMessage(status) { Content = new StringContent(FailBody.TryGetValue(path, out string? text) ? text : "{\"message\":\"nope\"}") };
            switch (path)
            {
                case "/oidc/token":
                    if (request.Headers.Authorization?.ToString() != "Bearer " + GitHubRequestToken || !request.RequestUri.Query.Contains("audience=sigstore"))
                        return new HttpResponseMessage(HttpStatusCode.Unauthorized);
                    return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new { value = Token }));
                case "/api/v2/signingCert":
                    return Json(HttpStatusCode.Created, IssueCertificate(body));
                case "/api/v1/timestamp":
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Pki.Timestamp(body)) };
                default:
                    return new HttpResponseMessage(HttpStatusCode.NotFound);
            }
        }

        private string IssueCertificate(byte[] body)
        {
            using JsonDocument request = JsonDocument.Parse(body);
            string pem = request.RootElement.GetProperty("publicKeyRequest").GetProperty("publicKey").GetProperty("content").GetString()!;
            VerificationKey key = VerificationKey.FromPem(pem, "request");
            if (CertifyInstead != null) key = CertifyInstead(key);
            X509Certificate leaf = Pki.IssueLeaf(key, "https://github.com/acme/widget/.github/workflows/release.yml@refs/heads/main",
                notBefore: DateTime.UtcNow.AddSeconds(-1), notAfter: DateTime.UtcNow + CertificateLifetime);
            return JsonSerializer.Serialize(new { signedCertificateEmbeddedSct = new { chain = new { certificates = new[] { TestCertificateAuthority.Pem(leaf), TestCertificateAuthority.Pem(Pki.CaCertificate) } } } });
        }

        private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
            new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
