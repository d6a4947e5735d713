using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Provenance.Cli.CommandLine;
using Provenance.Json;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// Asks MSBuild for the project's own configuration, so the CLI applies the trusted keys and policy the build
    /// would: `dotnet msbuild &lt;project&gt; -getProperty:... -getItem:...`. With more than one property or any item
    /// MSBuild (17.8+) prints one JSON object: {"Properties": {name: value}, "Items": {type: [{"Identity": ...,
    /// "FullPath": ..., custom metadata: value, ...}]}} (pinned by a test against the SDK this repository uses).
    /// </summary>
    internal static class MSBuildQuery
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
        private const int MaxOutputBytes = 16 * 1024 * 1024;

        public static readonly string[] Properties = { "ProjectAssetsFile", "NuGetPackageRoot", "TargetFrameworks", "TargetFramework", "DirectoryBuildPropsPath", "DirectoryBuildTargetsPath" };
        public static readonly string[] Items = { "ProvenanceTrustedKey", "ProvenancePolicy" };

        // Set by the dotnet host for MSBuild it runs in-process; inherited, they could point a child at another SDK.
        private static readonly string[] InheritedPlumbing = { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" };

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

        public static ProjectConfiguration Query(string projectPath)
        {
            string output = RunMSBuild(projectPath);
            return Parse(output, projectPath);
        }

        /// <summary>Reads MSBuild's JSON; anything printed before it (a first-run banner) is skipped.</summary>
        internal static ProjectConfiguration Parse(string output, string projectPath)
        {
            int start = output.IndexOf('{');
            JsonObject? root = null;
            if (start >= 0)
            {
                try { root = JsonReader.Parse(output.Substring(start)) as JsonObject; }
                catch (JsonFormatException) { root = null; }
            }
            if (root == null)
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null,
                    $"dotnet msbuild did not print the expected JSON for '{projectPath}' (MSBuild 17.8 or later is needed): {FirstLine(output)}");

            JsonObject properties = root.GetObject("Properties") ?? new JsonObject();
            JsonObject items = root.GetObject("Items") ?? new JsonObject();
            string projectDirectory = Path.GetDirectoryName(projectPath)!;

            var keyPaths = new List<string>();
            foreach (JsonObject item in ItemsOf(items, "ProvenanceTrustedKey"))
            {
                string? fullPath = NonEmpty(item.GetString("FullPath"));
                string? identity = NonEmpty(item.GetString("Identity"));
                if (fullPath != null) keyPaths.Add(fullPath);
                else if (identity != null) keyPaths.Add(Path.GetFullPath(Path.Combine(projectDirectory, identity)));
            }

            var policies = new List<ProvenancePolicyItem>();
            foreach (JsonObject item in ItemsOf(items, "ProvenancePolicy"))
            {
                policies.Add(new ProvenancePolicyItem(item.GetString("Identity") ?? "")
                {
                    Require = NonEmpty(item.GetString("Require")),
                    SourceRepository = NonEmpty(item.GetString("SourceRepository")),
                    Severity = NonEmpty(item.GetString("Severity")),
                    AllowDevelopmentKey = NonEmpty(item.GetString("AllowDevelopmentKey")),
                    TrustedKeys = NonEmpty(item.GetString("TrustedKeys")),
                });
            }

            // As the build does: wildcard patterns (Acme.*) that MSBuild dropped as unmatched file globs are read back
            // from the declaring files, and files such a glob matched instead are not policies.
            IReadOnlyList<ProvenancePolicyItem> dropped;
            try
            {
                dropped = DeclaredPolicies.WildcardItems(new[]
                {
                    projectPath, NonEmpty(properties.GetString("DirectoryBuildPropsPath")) ?? "", NonEmpty(properties.GetString("DirectoryBuildTargetsPath")) ?? "",
                });
            }
            catch (ProvenanceException e)
            {
                // A wildcard item the CLI cannot evaluate alone (a Condition, a $(property)): the build fails on it
                // with the same code, so the CLI reports it as an unusable input rather than guess.
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, e.Code, e.Message, e);
            }
            if (dropped.Count > 0)
            {
                policies.RemoveAll(p => DeclaredPolicies.IsFileMatchedByWildcard(p.Include, projectDirectory));
                policies.AddRange(dropped);
            }

            return new ProjectConfiguration(projectPath,
                NonEmpty(properties.GetString("ProjectAssetsFile")),
                NonEmpty(properties.GetString("NuGetPackageRoot")),
                keyPaths, policies);
        }

        private static IEnumerable<JsonObject> ItemsOf(JsonObject items, string type) =>
            (items.GetArray(type)?.Items ?? Array.Empty<JsonValue>()).OfType<JsonObject>();

        private static string RunMSBuild(string projectPath)
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
            foreach (string property in Properties) start.ArgumentList.Add("-getProperty:" + property);
            foreach (string item in Items) start.ArgumentList.Add("-getItem:" + item);
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
                string output = stdout.Result;
                if (process.ExitCode != 0)
                {
                    // MSBuild prints evaluation errors on stdout; the first "error" line is the useful one.
                    string all = output + "\n" + stderr.Result;
                    string reason = all.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.IndexOf("error", StringComparison.OrdinalIgnoreCase) >= 0)
                        ?? FirstLine(all);
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"dotnet msbuild failed (exit {process.ExitCode}) for '{projectPath}': {reason}");
                }
                if (output.Length > MaxOutputBytes)
                    throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"dotnet msbuild printed more than {MaxOutputBytes} bytes for '{projectPath}'");
                return output;
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
