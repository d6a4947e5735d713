using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.Tests.Keyless
{
    /// <summary>
    /// Starts tests/interop/mock-sigstore-server.mjs (Sigstore's own @sigstore/mock Fulcio, Rekor and TSA over HTTP on
    /// 127.0.0.1) and stops it by closing its stdin; the server also stops by itself after a bounded time, so a killed
    /// test run leaves nothing behind. A missing node or `npm ci` fails the test: an interop test that silently passes
    /// proves nothing.
    /// </summary>
    internal sealed class MockSigstoreServer : IDisposable
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

        public string Url { get; }
        public string OidcRequestUrl { get; }
        public string OidcRequestToken { get; }
        public byte[] TrustedRoot { get; }

        public static MockSigstoreServer Start(string? claimsJson = null)
        {
            string interop = NodeScripts.Interop;
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
            start.ArgumentList.Add("300");
            if (claimsJson != null)
            {
                start.ArgumentList.Add("--claims");
                start.ArgumentList.Add(claimsJson);
            }
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
            return new MockSigstoreServer(process, url, ready.RootElement.GetProperty("oidcRequestUrl").GetString()!,
                ready.RootElement.GetProperty("oidcRequestToken").GetString()!, root);
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

    internal static class NodeScripts
    {
        public static string Interop
        {
            get
            {
                for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
                {
                    if (File.Exists(Path.Combine(dir, "Provenance.MSBuild.sln")))
                    {
                        string interop = Path.Combine(dir, "tests", "interop");
                        if (!Directory.Exists(Path.Combine(interop, "node_modules", "@sigstore", "mock")))
                            Assert.Fail($"@sigstore/mock is not installed: run `npm ci` in {interop} (.ci/run does this)");
                        return interop;
                    }
                }
                throw new InvalidOperationException("Provenance.MSBuild.sln not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>Runs verify-sigstore-bundle.mjs; a hang fails the test instead of the run.</summary>
        public static (int ExitCode, string Stdout) VerifyWithSigstoreJs(string artifact, string bundle, string trustedRoot, params string[] options)
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = Interop,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { Path.Combine(Interop, "verify-sigstore-bundle.mjs"), artifact, bundle, trustedRoot }) start.ArgumentList.Add(a);
            foreach (string o in options) start.ArgumentList.Add(o);
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("verify-sigstore-bundle.mjs did not finish within 60 s");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
