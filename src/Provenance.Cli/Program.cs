using System;
using System.IO;
using System.Linq;
using Provenance.Cli.CommandLine;
using Provenance.Cli.Diff;
using Provenance.Cli.Inspect;
using Provenance.Cli.Keygen;
using Provenance.Cli.Rebuild;
using Provenance.Cli.Verify;
using Provenance.Cli.VerifyRestore;

namespace Provenance.Cli
{
    /// <summary>
    /// Entry point of `dotnet-provenance`. <see cref="Run"/> takes its writers as parameters so tests call the
    /// tool in-process and read exactly what a user would see; Main only binds the console.
    /// </summary>
    internal static class Program
    {
        internal const string ToolName = "dotnet-provenance";

        private const string Usage =
            "Usage: " + ToolName + " <command> [options]\n" +
            "\n" +
            "Commands:\n" +
            "  keygen           create a signing key pair (PKCS#8 private key, SPKI public key)\n" +
            "  verify           check an artifact (or a .nupkg, through the statement inside it) against its signed provenance\n" +
            "  verify-restore   verify every restored package of a project under its trusted keys and policy, as a table\n" +
            "  inspect          summarise a provenance bundle without verifying it\n" +
            "  diff             what differs between two provenances (inputs, packages, compiler, SDK, ...)\n" +
            "  rebuild          rebuild an artifact from its provenance and compare every subject bit for bit\n" +
            "\n" +
            "Run '" + ToolName + " <command> --help' for a command's options.\n" +
            "Exit codes: 0 success, 1 invalid (verify) or policy failed (verify-restore), 2 usage error or unreadable input.\n";

        private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            if (args.Length == 0)
            {
                stderr.Write(Usage);
                return ExitCodes.UsageOrUnreadable;
            }
            string command = args[0];
            string[] rest = args.Skip(1).ToArray();
            switch (command)
            {
                case "-h":
                case "--help":
                case "-?":
                case "help":
                    stdout.Write(Usage);
                    return ExitCodes.Success;
                case "--version":
                    stdout.WriteLine(typeof(Program).Assembly.GetName().Version?.ToString(3) ?? "unknown");
                    return ExitCodes.Success;
                case "keygen":
                    return Guard(KeygenCommand.Usage, () => KeygenCommand.Run(rest, stdout, stderr), stdout, stderr);
                case "verify":
                    return Guard(VerifyCommand.Usage, () => VerifyCommand.Run(rest, stdout, stderr), stdout, stderr);
                case "verify-restore":
                    return Guard(VerifyRestoreCommand.Usage, () => VerifyRestoreCommand.Run(rest, stdout, stderr), stdout, stderr);
                case "inspect":
                    return Guard(InspectCommand.Usage, () => InspectCommand.Run(rest, stdout, stderr), stdout, stderr);
                case "diff":
                    return Guard(DiffCommand.Usage, () => DiffCommand.Run(rest, stdout, stderr), stdout, stderr);
                case "rebuild":
                    return Guard(RebuildCommand.Usage, () => RebuildCommand.Run(rest, stdout, stderr), stdout, stderr);
                default:
                    stderr.WriteLine($"error {DiagnosticCodes.CommandLineInvalid}: unknown command '{command}'");
                    stderr.Write(Usage);
                    return ExitCodes.UsageOrUnreadable;
            }
        }

        /// <summary>Turns a usage mistake into exit code 2 with the command's help on stderr; a core error into a coded line.</summary>
        internal static int Guard(string usage, Func<int> command, TextWriter stdout, TextWriter stderr)
        {
            try
            {
                return command();
            }
            catch (UsageException e)
            {
                // Coded like every other error, so scripts and the docs tell "you typed it wrong" from a verdict (PROV2xxx).
                stderr.WriteLine("error " + DiagnosticCodes.CommandLineInvalid + ": " + e.Message);
                stderr.Write(usage);
                return ExitCodes.UsageOrUnreadable;
            }
            catch (CommandFailedException e)
            {
                stderr.WriteLine(e.ToOneLine());
                return e.ExitCode;
            }
            catch (HelpRequestedException)
            {
                stdout.Write(usage);
                return ExitCodes.Success;
            }
            catch (ProvenanceException e)
            {
                // A core error a command did not translate itself (a policy the CLI cannot evaluate, a key file, ...):
                // still the user's to fix, so a coded one-line message and exit 2, never an unhandled crash (exit 134).
                stderr.WriteLine(new CommandFailedException(ExitCodes.UsageOrUnreadable, e.Code, e.Message, e).ToOneLine());
                return ExitCodes.UsageOrUnreadable;
            }
        }
    }
}
