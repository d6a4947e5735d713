using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.TestSupport
{
    /// <summary>
    /// Starts tests/interop/mock-sigstore-server.mjs (Sigstore's own @sigstore/mock Fulcio, Rekor and TSA, and a
    /// GitHub-Actions-shaped OIDC token endpoint, over HTTP on 127.0.0.1 with an ephemeral port) and stops it by closing
    /// its stdin; the server also stops by itself after a bounded time, so a killed test run leaves nothing behind. A
    /// missing node or `npm ci` fails the test: an interop test that silently passes proves nothing.
    /// </summary>
    public sealed class MockSigstoreServer : IDisposable
    {
        private readonly Process _process;

        private MockSigstoreServer(Process process, string url, string oidcRequestUrl, string oidcRequestToken, byte[] trustedRoot)
        {
            _process = process;
            Url = url;
            OidcRequestUrl = oidcRequestUrl;
            OidcRequestToken = oidcRequestToken;
            TrustedRoot = trustedRoot;
        }

        /// <summary>http://127.0.0.1:PORT: Fulcio, Rekor and the TSA all answer here.</summary>
        public string Url { get; }
        public string OidcRequestUrl { get; }

        /// <summary>The bearer token of the token endpoint, as GitHub's ACTIONS_ID_TOKEN_REQUEST_TOKEN: a secret to look for in logs.</summary>
        public string OidcRequestToken { get; }

        /// <summary>trusted_root.json naming the mock CA, CT log, Rekor key and TSA chain.</summary>
        public byte[] TrustedRoot { get; }

        /// <summary>
        /// Starts the server; it stops by itself after <paramref name="maxSeconds"/>. <paramref name="claimsJson"/>
        /// overrides claims of the GitHub Actions token it hands out.
        /// </summary>
        public static MockSigstoreServer Start(string? claimsJson = null, int maxSeconds = 300)
        {
            var arguments = new List<string> { Path.Combine(NodeScripts.Interop, "mock-sigstore-server.mjs"), "--max-seconds", maxSeconds.ToString(CultureInfo.InvariantCulture) };
            if (claimsJson != null) arguments.AddRange(new[] { "--claims", claimsJson });
            Process process = NodeScripts.StartNode(arguments);
            Task<string?> line = process.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result == null)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                string error = process.StandardError.ReadToEnd();
                process.Dispose();
                Assert.Fail("mock-sigstore-server.mjs did not start: " + error);
            }
            using JsonDocument ready = JsonDocument.Parse(line.Result!);
            string url = ready.RootElement.GetProperty("url").GetString()!;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            byte[] root = http.GetByteArrayAsync(ready.RootElement.GetProperty("trustedRoot").GetString()).GetAwaiter().GetResult();
            return new MockSigstoreServer(process, url, ready.RootElement.GetProperty("oidcRequestUrl").GetString()!,
                ready.RootElement.GetProperty("oidcRequestToken").GetString()!, root);
        }

        /// <summary>The variables a GitHub Actions job with 'permissions: id-token: write' has, pointing at the mock.</summary>
        public IReadOnlyDictionary<string, string?> GitHubActionsEnvironment() => new Dictionary<string, string?>
        {
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = OidcRequestUrl,
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = OidcRequestToken,
        };

        /// <summary>An http URL on 127.0.0.1 where nothing listens (a port just released): "connection refused", at once.</summary>
        public static string UnreachableUrl()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            _process.Dispose();
        }
    }
}
