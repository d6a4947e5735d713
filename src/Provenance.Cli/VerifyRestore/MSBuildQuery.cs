using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Provenance.Cli.CommandLine;
using Provenance.Json;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// Asks the project's own gate for what the build would apply, so that the CLI never reads a policy its own way:
    /// `dotnet msbuild &lt;project&gt; -t:ProvenanceWriteDeclaredPolicy -p:ExcludeRestorePackageImports=true
    /// -p:ProvenancePolicyOutput=&lt;file&gt;` runs the gate SDK's target, which reads the ProvenanceTrustedKey and
    /// ProvenancePolicy items exactly as restore and build do (wildcards, imported files, conditions) in an evaluation
    /// that imports no restored package, and writes them as <see cref="DeclaredPolicyJson"/>. ProjectAssetsFile and
    /// NuGetPackageRoot come from the same evaluation (-getProperty, MSBuild 17.8+), so the packages folder is the one
    /// the gate uses too (NuGetPackageRoot is empty there: the assets file's packageFolders apply).
    /// </summary>
    internal static class MSBuildQuery
    {
        public const string PolicyTarget = "ProvenanceWriteDeclaredPolicy";

        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
        private const int MaxOutputBytes = 16 * 1024 * 1024;

        public static readonly string[] Properties = { "ProjectAssetsFile", "NuGetPackageRoot" };

        // Set by the dotnet host for MSBuild it runs in-process; inherited, they could point a child at another SDK.
        private static readonly string[] InheritedPlumbing = { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" };

        private static readonly Regex ErrorCode = new Regex(@"error (PROV\d{4}):", RegexOptions.CultureInvariant);

        /// <summary>A project file, or a folder holding exactly one.</summary>
        public static string ResolveProject(string projectOrDirectory)
        {
            string full = Path.GetFullPath(projectOrDirectory);
            if (File.Exists(full)) return full;
            if (!Directory.Exists(full))
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"'{projectOrDirectory}' is neither a project file nor a folder");
            List<string> projects = Directory.EnumerateFiles(full, "*.*proj")
                .Where(p => !p.EndsWith(".vcxproj", StringComparison.OrdinalIgnoreCase) && !p.EndsWith(".shproj", StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p, StringComparer.Ordinal).ToList();
            if (projects.Count == 0)
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"the folder '{projectOrDirectory}' holds no project file; name one");
            if (projects.Count > 1)
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null,
                    $"the folder '{projectOrDirectory}' holds {projects.Count} project files ({string.Join(", ", projects.Select(Path.GetFileName))}); name one");
            return projects[0];
        }

        /// <summary>
        /// The project's configuration through its gate. A project that does not import the gate (MSB4057) is PROV3009,
        /// unless <paramref name="commandLinePolicyGiven"/> (--key or --policy): then only those apply, and the
        /// properties are read from a plain evaluation.
        /// </summary>
        public static ProjectConfiguration Query(string projectPath, bool commandLinePolicyGiven)
        {
            string folder = Path.Combine(Path.GetTempPath(), "dotnet-provenance-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string policyFile = Path.Combine(folder, "declared-policy.json");
                MSBuildRun run = RunMSBuild(projectPath, new[] { "-t:" + PolicyTarget, "-p:ProvenancePolicyOutput=" + policyFile });
                if (run.ExitCode == 0) return Configuration(projectPath, run, ReadPolicyFile(policyFile, projectPath), gateImported: true);
                if (IsRejectedRestore(run.Stdout + "\n" + run.Stderr))
                {
                    // The gate quarantined the last restore: obj/<project>.nuget.g.targets now fails every target run
                    // (InitialTargets), this one too, yet that restore is exactly what the user wants explained. Under
                    // ExcludeRestorePackageImports=true the nuget.g.* files contribute nothing else, so the policy is read
                    // with them out of reach (an empty MSBuildProjectExtensionsPath), and the properties from an evaluation
                    // that runs no target.
                    string emptyExtensions = Directory.CreateDirectory(Path.Combine(folder, "obj")).FullName + Path.DirectorySeparatorChar;
                    MSBuildRun policyRun = RunMSBuild(projectPath, new[] { "-t:" + PolicyTarget, "-p:ProvenancePolicyOutput=" + policyFile, "-p:MSBuildProjectExtensionsPath=" + emptyExtensions });
                    if (policyRun.ExitCode != 0) throw Failed(projectPath, policyRun);
                    var policy = ReadPolicyFile(policyFile, projectPath);
                    run = RunMSBuild(projectPath, Array.Empty<string>());
                    if (run.ExitCode != 0) throw Failed(projectPath, run);
                    return Configuration(projectPath, run, policy, gateImported: true);
                }
                if (!IsMissingPolicyTarget(run.Stdout + "\n" + run.Stderr)) throw Failed(projectPath, run);
                if (!commandLinePolicyGiven)
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.GateNotImported,
                        $"'{projectPath}' has no provenance gate (it does not import Sdk.targets of the Provenance.MSBuild SDK, so it has no target {PolicyTarget}): " +
                        "nothing declares what its restore must satisfy. Enable the gate (global.json \"msbuild-sdks\" and <Import Project=\"Sdk.targets\" Sdk=\"Provenance.MSBuild\" /> " +
                        "in Directory.Build.targets), or give --key/--policy to verify under those alone.");
                run = RunMSBuild(projectPath, Array.Empty<string>());
                if (run.ExitCode != 0) throw Failed(projectPath, run);
                return Configuration(projectPath, run, (Array.Empty<string>(), Array.Empty<ProvenancePolicyItem>()), gateImported: false);
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException) { }
            }
        }

        private static (IReadOnlyList<string> TrustedKeyFiles, IReadOnlyList<ProvenancePolicyItem> Policies) ReadPolicyFile(string policyFile, string projectPath)
        {
            if (!File.Exists(policyFile))
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"the target {PolicyTarget} of '{projectPath}' wrote no policy file");
            return ReadDeclaredPolicy(File.ReadAllBytes(policyFile), projectPath);
        }

        /// <summary>The quarantine's PROV2011 (RestoreQuarantine): the gate rejected the project's last restore.</summary>
        internal static bool IsRejectedRestore(string output) =>
            output.IndexOf("error " + DiagnosticCodes.RestoreRejected + ":", StringComparison.Ordinal) >= 0;

        /// <summary>The gate's policy file; a document it did not write is PROV3004, exit 2.</summary>
        internal static (IReadOnlyList<string> TrustedKeyFiles, IReadOnlyList<ProvenancePolicyItem> Policies) ReadDeclaredPolicy(byte[] json, string projectPath)
        {
            try
            {
                return DeclaredPolicyJson.Parse(json, $"{PolicyTarget} of '{projectPath}'");
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, e.Code, e.Message, e);
            }
        }

        /// <summary>MSBuild's "error MSB4057: The target "ProvenanceWriteDeclaredPolicy" does not exist in the project."</summary>
        internal static bool IsMissingPolicyTarget(string output) =>
            output.Split('\n').Any(l => l.Contains("MSB4057", StringComparison.Ordinal) && l.Contains("\"" + PolicyTarget + "\"", StringComparison.Ordinal));

        private static ProjectConfiguration Configuration(string projectPath, MSBuildRun run,
            (IReadOnlyList<string> Keys, IReadOnlyList<ProvenancePolicyItem> Policies) declared, bool gateImported)
        {
            var (keys, policies) = declared;
            JsonObject properties = ParseProperties(run.Stdout, projectPath);
            return new ProjectConfiguration(projectPath,
                NonEmpty(properties.GetString("ProjectAssetsFile")),
                NonEmpty(properties.GetString("NuGetPackageRoot")),
                keys, policies, gateImported);
        }

        /// <summary>
        /// MSBuild prints {"Properties": {name: value}} after the build (more than one property: always JSON);
        /// anything printed before it (a first-run banner, the target's messages) is skipped.
        /// </summary>
        internal static JsonObject ParseProperties(string output, string projectPath)
        {
            int start = output.IndexOf("{", StringComparison.Ordinal);
            while (start >= 0)
            {
                try
                {
                    if (JsonReader.Parse(output.Substring(start)) is JsonObject root && root.GetObject("Properties") is JsonObject properties) return properties;
                }
                catch (JsonFormatException) { }
                start = output.IndexOf("{", start + 1, StringComparison.Ordinal);
            }
            throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null,
                $"dotnet msbuild did not print the expected JSON for '{projectPath}' (MSBuild 17.8 or later is needed): {FirstLine(output)}");
        }

        private static CommandFailedException Failed(string projectPath, MSBuildRun run)
        {
            // The gate's own errors (PROV3004 for a policy it cannot honour, ...) keep their code; MSBuild prints
            // errors on stderr with -getProperty, on stdout otherwise: the first "error" line is the useful one.
            string all = run.Stdout + "\n" + run.Stderr;
            string reason = all.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.IndexOf("error", StringComparison.OrdinalIgnoreCase) >= 0)
                ?? FirstLine(all);
            Match code = ErrorCode.Match(reason);
            return new CommandFailedException(ExitCodes.UsageOrUnreadable, code.Success ? code.Groups[1].Value : null,
                $"dotnet msbuild failed (exit {run.ExitCode}) for '{projectPath}': {reason}");
        }

        private sealed class MSBuildRun
        {
            public MSBuildRun(int exitCode, string stdout, string stderr)
            {
                ExitCode = exitCode;
                Stdout = stdout;
                Stderr = stderr;
            }

            public int ExitCode { get; }
            public string Stdout { get; }
            public string Stderr { get; }
        }

        private static MSBuildRun RunMSBuild(string projectPath, IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo(DotnetExecutable())
            {
                WorkingDirectory = Path.GetDirectoryName(projectPath)!, // global.json is found from here, as `dotnet build` would
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("msbuild");
            start.ArgumentList.Add(projectPath);
            start.ArgumentList.Add("-nologo");
            start.ArgumentList.Add("-nodeReuse:false"); // a query must not leave MSBuild nodes behind
            // The gate's evaluation: no restored package's build files, so no package can change what is read.
            start.ArgumentList.Add("-p:ExcludeRestorePackageImports=true");
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            foreach (string property in Properties) start.ArgumentList.Add("-getProperty:" + property);
            foreach (string name in InheritedPlumbing) start.Environment.Remove(name);
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("no process");
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"could not run '{start.FileName} msbuild': {e.Message}", e);
            }
            using (process)
            {
                process.StandardInput.Close();
                Task<string> stdout = process.StandardOutput.ReadToEndAsync();
                Task<string> stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
                {
                    try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"dotnet msbuild did not finish within {Timeout.TotalMinutes} minutes for '{projectPath}'");
                }
                process.WaitForExit();
                if (stdout.Result.Length > MaxOutputBytes)
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"dotnet msbuild printed more than {MaxOutputBytes} bytes for '{projectPath}'");
                return new MSBuildRun(process.ExitCode, stdout.Result, stderr.Result);
            }
        }

        /// <summary>The dotnet host this tool runs under when there is one (so the same SDK resolution applies), else dotnet on PATH.</summary>
        private static string DotnetExecutable()
        {
            string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath)) return hostPath;
            string? processPath = Environment.ProcessPath;
            string name = Path.GetFileNameWithoutExtension(processPath ?? "");
            if (processPath != null && string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase)) return processPath;
            return "dotnet";
        }

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        private static string FirstLine(string text)
        {
            string line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no output)";
            return line.Length > 300 ? line.Substring(0, 300) + "..." : line;
        }
    }
}
