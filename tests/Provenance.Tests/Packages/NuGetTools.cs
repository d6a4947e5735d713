using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.Tests.Packages
{
    /// <summary>Real `dotnet` and `openssl` commands for the tests that must agree with NuGet itself.</summary>
    internal static class NuGetTools
    {
        private static readonly Lazy<string?> Certificate = new Lazy<string?>(CreateCertificate);

        /// <summary>Signs like an author with a throwaway self-signed code-signing certificate (no timestamper: offline).</summary>
        public static void Sign(string nupkg)
        {
            string pfx = Certificate.Value ?? throw new AssertInconclusiveException("openssl is not available to create a signing certificate");
            Run("dotnet", Path.GetDirectoryName(nupkg)!, null, "nuget", "sign", nupkg, "--certificate-path", pfx, "--certificate-password", "x", "--overwrite");
        }

        public static string Run(string program, string workingDirectory, string? nugetPackages, params string[] arguments)
        {
            var start = new ProcessStartInfo(program)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            if (nugetPackages != null) start.Environment["NUGET_PACKAGES"] = nugetPackages;
            using Process process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{program} {string.Join(" ", arguments)} failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
            return stdout;
        }

        private static string? CreateCertificate()
        {
            string folder = Path.Combine(Path.GetTempPath(), "prov-pkg-cert-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                Run("openssl", folder, null, "req", "-x509", "-newkey", "rsa:2048", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-nodes",
                    "-subj", "/CN=Provenance Test Signer", "-addext", "extendedKeyUsage=codeSigning",
                    "-addext", "keyUsage=critical,digitalSignature,keyCertSign", "-addext", "basicConstraints=critical,CA:true");
                Run("openssl", folder, null, "pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-out", "cert.pfx", "-passout", "pass:x");
                return Path.Combine(folder, "cert.pfx");
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                return null;
            }
        }
    }
}
