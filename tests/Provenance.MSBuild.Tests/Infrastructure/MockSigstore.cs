using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>
    /// tests/interop/mock-sigstore-server.mjs (Sigstore's own @sigstore/mock Fulcio, Rekor and TSA, and a
    /// GitHub-Actions-shaped OIDC token endpoint, on 127.0.0.1 with an ephemeral port), started for a test class and
    /// stopped by closing its stdin; it also stops by itself after a bounded time, so a killed run leaves nothing behind.
    /// A copy of tests/Provenance.Tests/Keyless/MockSigstoreServer.cs, which that project keeps internal. A missing node
    /// or `npm ci` fails the test: an interop test that silently passes proves nothing.
    /// </summary>
    public sealed class MockSigstore : IDisposable
    {
        private readonly Process process;

        private MockSigstore(Process process, string url, string oidcRequestUrl, string oidcRequestToken, byte[] trustedRoot)
        {
            this.process = process;
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

        public static string InteropDirectory
        {
            get
            {
                string interop = Path.Combine(TestSuite.RepositoryRoot, "tests", "interop");
                if (!Directory.Exists(Path.Combine(interop, "node_modules", "@sigstore", "mock")))
                    Assert.Fail($"@sigstore/mock is not installed: run `npm ci` in {interop} (.ci/run does this)");
                return interop;
            }
        }

        /// <summary>The variables a GitHub Actions job with 'permissions: id-token: write' has, pointing at the mock.</summary>
        public IReadOnlyDictionary<string, string?> GitHubActionsEnvironment() => new Dictionary<string, string?>
        {
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = OidcRequestUrl,
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = OidcRequestToken,
        };

        public static MockSigstore Start(int maxSeconds = 1200)
        {
            string interop = InteropDirectory;
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = interop,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(interop, "mock-sigstore-server.mjs"));
            start.ArgumentList.Add("--max-seconds");
            start.ArgumentList.Add(maxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
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
            return new MockSigstore(process, url, ready.RootElement.GetProperty("oidcRequestUrl").GetString()!,
                ready.RootElement.GetProperty("oidcRequestToken").GetString()!, root);
        }

        /// <summary>An http URL on 127.0.0.1 where nothing listens (a port just released): "connection refused", at once.</summary>
        public static string UnreachableUrl()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return "http://127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>Runs verify-sigstore-bundle.mjs (sigstore-js: chain, SCT, tlog, timestamps, identity) on a bundle.</summary>
        public static CommandResult VerifyWithSigstoreJs(Sandbox sandbox, string artifact, string bundle, string trustedRoot, params string[] options)
        {
            string interop = InteropDirectory;
            var arguments = new List<string> { Path.Combine(interop, "verify-sigstore-bundle.mjs"), artifact, bundle, trustedRoot };
            arguments.AddRange(options);
            return sandbox.Run("node", arguments, workingDirectory: interop);
        }

        public void Dispose()
        {
            try
            {
                process.StandardInput.Close();
                if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            process.Dispose();
        }
    }
}
