using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.TestSupport
{
    /// <summary>
    /// tests/interop: the node scripts (Sigstore's own @sigstore/mock served by mock-sigstore-server.mjs, and the
    /// sigstore-js verifiers). A missing `npm ci` fails the test: an interop test that silently passes proves nothing.
    /// </summary>
    public static class NodeScripts
    {
        /// <summary>tests/interop, with its node_modules (@sigstore/mock) installed.</summary>
        public static string Interop
        {
            get
            {
                string interop = Path.Combine(TestRepository.Root, "tests", "interop");
                if (!Directory.Exists(Path.Combine(interop, "node_modules", "@sigstore", "mock")))
                    Assert.Fail($"@sigstore/mock is not installed: run `npm ci` in {interop} (.ci/run does this)");
                return interop;
            }
        }

        /// <summary>
        /// node's arguments for verify-sigstore-bundle.mjs (sigstore-js: chain, SCT, tlog, timestamps, identity) on a
        /// bundle, for a caller that runs node its own way (in its sandbox); run it in <see cref="Interop"/>.
        /// </summary>
        public static List<string> VerifySigstoreBundleArguments(string artifact, string bundle, string trustedRoot, params string[] options)
        {
            var arguments = new List<string> { Path.Combine(Interop, "verify-sigstore-bundle.mjs"), artifact, bundle, trustedRoot };
            arguments.AddRange(options);
            return arguments;
        }

        /// <summary>Runs verify-sigstore-bundle.mjs; a hang fails the test instead of the run.</summary>
        public static (int ExitCode, string Stdout) VerifyWithSigstoreJs(string artifact, string bundle, string trustedRoot, params string[] options)
        {
            using Process process = StartNode(VerifySigstoreBundleArguments(artifact, bundle, trustedRoot, options));
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

        /// <summary>node with <paramref name="arguments"/> in <see cref="Interop"/>, its stdin, stdout and stderr redirected.</summary>
        public static Process StartNode(IEnumerable<string> arguments)
        {
            string interop = Interop;
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = interop,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in arguments) start.ArgumentList.Add(a);
            return Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        }
    }
}
