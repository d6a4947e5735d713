using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>
    /// One test's temp folder: <see cref="Root"/> is the work tree the projects live in (and the git repository when the
    /// test makes one), <see cref="Home"/> is the HOME and XDG_CONFIG_HOME root every child process gets (so the
    /// per-user development key and git/NuGet user settings are the test's own), <see cref="KeysDirectory"/> holds keys
    /// outside the work tree. Every sandbox pins the SDK, keeps the machine's NuGet sources, adds the run's feed, and
    /// shares the run's packages folder.
    /// </summary>
    public sealed class Sandbox
    {
        /// <summary>Set to 1 to write a binary log of every dotnet command to &lt;sandbox&gt;/logs (keep them with PROVENANCE_TESTS_KEEP=1).</summary>
        public const string BinaryLogVariable = "PROVENANCE_TESTS_BINLOG";

        private readonly Action<string> log;
        private int binaryLogCounter;
        private readonly SortedDictionary<string, string> buildProperties = new SortedDictionary<string, string>(StringComparer.Ordinal);

        private Sandbox(string directory, Action<string> log)
        {
            this.log = log;
            Directory = directory;
            Root = Path.Combine(directory, "work");
            Home = Path.Combine(directory, "home");
            KeysDirectory = Path.Combine(directory, "keys");
            System.IO.Directory.CreateDirectory(Root);
            System.IO.Directory.CreateDirectory(ConfigHome);
            System.IO.Directory.CreateDirectory(KeysDirectory);

            CopyUserNuGetConfig();
            WriteGlobalJson(Root);
            WriteNuGetConfig();
            WriteDirectoryBuildProps();
            File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
            File.WriteAllText(Path.Combine(Root, ".gitignore"), "bin/\nobj/\n*.binlog\n");
        }

        /// <summary>The folder holding work/, home/ and keys/.</summary>
        public string Directory { get; }

        /// <summary>The work tree: projects, global.json, NuGet.config, Directory.Build.props.</summary>
        public string Root { get; }

        /// <summary>HOME of every child process.</summary>
        public string Home { get; }

        /// <summary>XDG_CONFIG_HOME of every child process.</summary>
        public string ConfigHome => Path.Combine(Home, ".config");

        /// <summary>Where <see cref="OpenSslKeys"/> writes key files: outside the work tree, so they are neither inputs nor git changes.</summary>
        public string KeysDirectory { get; }

        /// <summary>Variables set (or, with a null value, removed) for every child process of this sandbox.</summary>
        public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

        public static Sandbox Create(string testName, Action<string> log) =>
            new Sandbox(TestSuite.NextSandboxDirectory(testName), log);

        /// <summary>A path under <see cref="Root"/>; parts may use '/'.</summary>
        public string PathOf(params string[] parts) =>
            Path.GetFullPath(Path.Combine(new[] { Root }.Concat(parts.Select(p => p.Replace('/', Path.DirectorySeparatorChar))).ToArray()));

        public string WriteFile(string relativePath, string content)
        {
            string path = PathOf(relativePath);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content, new UTF8Encoding(false));
            return path;
        }

        // ---------------------------------------------------------------- MSBuild settings

        /// <summary>Sets a property in the sandbox's Directory.Build.props (null removes it) and rewrites the file.</summary>
        public void SetBuildProperty(string name, string? value)
        {
            if (value == null) buildProperties.Remove(name);
            else buildProperties[name] = value;
            WriteDirectoryBuildProps();
        }

        /// <summary>Generates a key of the given kind and makes it the signing key of every project in the sandbox.</summary>
        public KeyPair UseSigningKey(KeyKind kind = KeyKind.Ed25519, string? name = null)
        {
            KeyPair key = OpenSslKeys.Generate(this, name ?? kind.ToString().ToLowerInvariant(), kind);
            SetBuildProperty("ProvenanceSigningKeyFile", key.PrivateKeyPath);
            return key;
        }

        /// <summary>The PackageReference that brings in the package packed for this run.</summary>
        public static string ProvenancePackageReference =>
            "<PackageReference Include=\"Provenance.MSBuild\" Version=\"" + TestSuite.Package.Version + "\" PrivateAssets=\"all\" />";

        /// <summary>
        /// Writes &lt;directory&gt;/&lt;name&gt;.csproj (SDK style). <paramref name="targetFrameworks"/> with a ';' becomes
        /// TargetFrameworks. <paramref name="properties"/> and <paramref name="items"/> are raw XML put in a
        /// PropertyGroup and an ItemGroup.
        /// </summary>
        public string WriteProject(string directory, string name, string targetFrameworks = "net10.0", string? outputType = null, string properties = "", string items = "", bool provenance = true)
        {
            string tfmProperty = targetFrameworks.Contains(';', StringComparison.Ordinal) ? "TargetFrameworks" : "TargetFramework";
            var text = new StringBuilder();
            text.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
            text.AppendLine("  <PropertyGroup>");
            text.AppendLine($"    <{tfmProperty}>{targetFrameworks}</{tfmProperty}>");
            if (outputType != null) text.AppendLine($"    <OutputType>{outputType}</OutputType>");
            text.AppendLine("    <Nullable>enable</Nullable>");
            text.AppendLine("    <ImplicitUsings>disable</ImplicitUsings>");
            if (properties.Length > 0) text.AppendLine("    " + properties.Trim());
            text.AppendLine("  </PropertyGroup>");
            if (provenance || items.Length > 0)
            {
                text.AppendLine("  <ItemGroup>");
                if (provenance) text.AppendLine("    " + ProvenancePackageReference);
                if (items.Length > 0) text.AppendLine("    " + items.Trim());
                text.AppendLine("  </ItemGroup>");
            }

            text.AppendLine("</Project>");
            return WriteFile(directory.Length == 0 ? name + ".csproj" : directory + "/" + name + ".csproj", text.ToString());
        }

        /// <summary>A class library &lt;directory&gt;/&lt;name&gt;.csproj with one source file, Class1.cs.</summary>
        public string WriteLibrary(string directory, string name, string targetFrameworks = "net10.0", string properties = "", string items = "", bool provenance = true)
        {
            WriteFile(Combine(directory, "Class1.cs"),
                "namespace " + name + "\n{\n    public static class Class1\n    {\n        public static string Hello() => \"Hello from " + name + "\";\n    }\n}\n");
            return WriteProject(directory, name, targetFrameworks, null, properties, items, provenance);
        }

        /// <summary>A console application &lt;directory&gt;/&lt;name&gt;.csproj with Program.cs.</summary>
        public string WriteConsoleApp(string directory, string name, string targetFrameworks = "net10.0", string properties = "", string items = "", bool provenance = true, string body = "System.Console.WriteLine(\"hello\");")
        {
            WriteFile(Combine(directory, "Program.cs"),
                "namespace " + name + "\n{\n    public static class Program\n    {\n        public static void Main()\n        {\n            " + body + "\n        }\n    }\n}\n");
            return WriteProject(directory, name, targetFrameworks, "Exe", properties, items, provenance);
        }

        // ---------------------------------------------------------------- processes

        /// <summary>
        /// Runs `dotnet &lt;command&gt; args -nr:false` in <paramref name="workingDirectory"/> (default <see cref="Root"/>)
        /// with the sandbox environment plus <paramref name="environment"/>. Never throws on failure: check the result.
        /// </summary>
        public CommandResult DotNet(string command, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
        {
            var arguments = new List<string> { command };
            arguments.AddRange(args);
            if (command is "build" or "publish" or "clean" or "pack" or "msbuild" or "test" or "restore")
            {
                arguments.Add("-nr:false");
                // A compiler server would outlive the test and serve later sandboxes from its own environment.
                arguments.Add("-p:UseSharedCompilation=false");
                if (System.Environment.GetEnvironmentVariable(BinaryLogVariable) == "1" && !arguments.Any(a => a.StartsWith("-bl", StringComparison.Ordinal)))
                {
                    string logs = Path.Combine(Directory, "logs");
                    System.IO.Directory.CreateDirectory(logs);
                    arguments.Add("-bl:" + Path.Combine(logs, System.Threading.Interlocked.Increment(ref binaryLogCounter).ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + "-" + command + ".binlog"));
                }
            }

            return Run("dotnet", arguments, environment, workingDirectory);
        }

        public CommandResult DotNet(string command, params string[] args) => DotNet(command, args, null, null);

        /// <summary>Runs git in the sandbox with a fixed identity and no user or system configuration.</summary>
        public CommandResult Git(params string[] args)
        {
            var arguments = new List<string>
            {
                "-c", "user.name=Provenance Tests", "-c", "user.email=tests@example.invalid",
                "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
            };
            arguments.AddRange(args);
            return Run("git", arguments, null, null);
        }

        /// <summary>Runs git and fails the test with its output when it fails; returns its trimmed standard output.</summary>
        public string GitOrFail(params string[] args)
        {
            CommandResult result = Git(args);
            if (!result.Succeeded) throw new InvalidOperationException("git failed\n" + result);
            return result.StandardOutput.Trim();
        }

        /// <summary>`git init`, optionally a remote named origin, then commits everything in the work tree.</summary>
        public string InitGitRepository(string? remoteUrl = null)
        {
            GitOrFail("init", "-q");
            if (remoteUrl != null) GitOrFail("remote", "add", "origin", remoteUrl);
            return CommitAll("initial commit");
        }

        /// <summary>Stages and commits the work tree; returns the new HEAD commit id.</summary>
        public string CommitAll(string message)
        {
            GitOrFail("add", "-A");
            GitOrFail("commit", "-q", "-m", message);
            return GitOrFail("rev-parse", "HEAD");
        }

        public CommandResult Run(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
        {
            Dictionary<string, string> variables = ChildEnvironment.Create();
            variables["HOME"] = Home;
            variables["XDG_CONFIG_HOME"] = ConfigHome;
            variables["NUGET_PACKAGES"] = TestSuite.PackagesDirectory;
            variables["NUGET_HTTP_CACHE_PATH"] = TestSuite.HttpCacheDirectory;
            Apply(variables, Environment);
            if (environment != null) Apply(variables, environment);

            CommandResult result = ProcessRunner.Run(fileName, arguments, workingDirectory ?? Root, variables);
            log(result.ToString());
            return result;
        }

        // ---------------------------------------------------------------- files every sandbox has

        public static void WriteGlobalJson(string directory) =>
            File.WriteAllText(Path.Combine(directory, "global.json"),
                "{\n  \"sdk\": {\n    \"version\": \"" + TestSuite.PinnedSdkVersion + "\",\n    \"rollForward\": \"latestFeature\"\n  }\n}\n");

        /// <summary>Keeps the machine's sources (no &lt;clear/&gt;: this machine reaches NuGet through its default config) and adds the run's feed.</summary>
        private void WriteNuGetConfig() =>
            WriteFile("NuGet.config",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n" +
                "    <add key=\"provenance-tests-feed\" value=\"" + SecurityElement.Escape(TestSuite.FeedDirectory) + "\" />\n" +
                "  </packageSources>\n</configuration>\n");

        private void WriteDirectoryBuildProps()
        {
            var text = new StringBuilder();
            text.AppendLine("<Project>");
            text.AppendLine("  <!-- Written by the test harness; it also stops MSBuild from looking further up. -->");
            if (buildProperties.Count > 0)
            {
                text.AppendLine("  <PropertyGroup>");
                foreach (KeyValuePair<string, string> property in buildProperties)
                {
                    text.AppendLine($"    <{property.Key}>{SecurityElement.Escape(property.Value)}</{property.Key}>");
                }

                text.AppendLine("  </PropertyGroup>");
            }

            text.AppendLine("</Project>");
            WriteFile("Directory.Build.props", text.ToString());
        }

        /// <summary>The machine's user-level NuGet.Config is its "default config"; the test's HOME gets a copy of it.</summary>
        private void CopyUserNuGetConfig()
        {
            string? realHome = System.Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(realHome)) return;
            string source = Path.Combine(realHome, ".nuget", "NuGet", "NuGet.Config");
            if (!File.Exists(source)) return;
            string target = Path.Combine(Home, ".nuget", "NuGet", "NuGet.Config");
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
        }

        private static void Apply(Dictionary<string, string> variables, IEnumerable<KeyValuePair<string, string?>> overrides)
        {
            foreach (KeyValuePair<string, string?> variable in overrides)
            {
                if (variable.Value == null) variables.Remove(variable.Key);
                else variables[variable.Key] = variable.Value;
            }
        }

        private static string Combine(string directory, string file) => directory.Length == 0 ? file : directory + "/" + file;
    }
}
