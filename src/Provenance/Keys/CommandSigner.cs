using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using Provenance.Signing;

namespace Provenance.Keys
{
    /// <summary>
    /// Signs through an external command (a KMS or HSM client). The command gets the bytes to sign (the DSSE PAE) on
    /// standard input and writes the signature, standard base64, on standard output. Every signature is checked
    /// against the configured public key before use, so a misbehaving signer fails the build instead of shipping
    /// an unverifiable file.
    /// </summary>
    public sealed class CommandSigner : ISigner
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
        private readonly string _command;

        public CommandSigner(string command, VerificationKey publicKey)
        {
            _command = command;
            PublicKey = publicKey;
        }

        public VerificationKey PublicKey { get; }

        public byte[] Sign(byte[] data)
        {
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var start = new ProcessStartInfo(windows ? "cmd.exe" : "/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
#if NET
            // An argument list, not a command line: .NET splits Arguments with Windows rules, which mangles sh quoting.
            if (windows) start.Arguments = "/d /s /c \"" + _command + "\"";
            else { start.ArgumentList.Add("-c"); start.ArgumentList.Add(_command); }
#else
            // .NET Framework runs on Windows only.
            start.Arguments = "/d /s /c \"" + _command + "\"";
#endif

            string output, error;
            int exitCode;
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception || ex is IOException)
            {
                throw Failure("could not be started: " + ex.Message);
            }
            using (process)
            {
                {
                    Task<string> stdout = process.StandardOutput.ReadToEndAsync();
                    Task<string> stderr = process.StandardError.ReadToEndAsync();
                    try
                    {
                        using (Stream stdin = process.StandardInput.BaseStream)
                            stdin.Write(data, 0, data.Length);
                    }
                    catch (IOException)
                    {
                        // The command stopped reading (or never read): its exit code and output decide below.
                    }
                    if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
                    {
                        try { process.Kill(); } catch (InvalidOperationException) { }
                        throw Failure($"did not finish within {Timeout.TotalSeconds} seconds");
                    }
                    output = stdout.Result;
                    error = stderr.Result;
                    exitCode = process.ExitCode;
                }
            }

            if (exitCode != 0) throw Failure($"exited with code {exitCode}: {FirstLine(error)}");
            byte[] signature;
            try { signature = Convert.FromBase64String(output.Trim()); }
            catch (FormatException) { throw Failure("did not write a base64 signature on standard output"); }
            if (!PublicKey.Verify(data, signature))
                throw Failure("returned a signature that ProvenanceSigningPublicKeyFile's key does not verify");
            return signature;
        }

        private ProvenanceException Failure(string what) =>
            new ProvenanceException(DiagnosticCodes.SigningCommandFailed, "The signing command (ProvenanceSigningCommand) " + what + ".");

        private static string FirstLine(string text)
        {
            text = text.Trim();
            int newline = text.IndexOf('\n');
            return newline < 0 ? text : text.Substring(0, newline).Trim();
        }
    }
}
