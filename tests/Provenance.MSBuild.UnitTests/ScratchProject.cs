using System;
using System.Collections.Generic;
using System.IO;
using Provenance.MSBuild.Policy;

namespace Provenance.MSBuild.UnitTests
{
    /// <summary>
    /// A folder under the temp directory with an empty Directory.Build.props and .targets, so that nothing above it (a
    /// temp folder other processes share) takes part in the evaluation; a test overwrites them to declare there.
    /// </summary>
    internal sealed class ScratchProject : IDisposable
    {
        public const string SdkProject = "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n{0}</Project>\n";

        public ScratchProject()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "prov-policy-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(Path);
            File("Directory.Build.props", "<Project />\n");
            File("Directory.Build.targets", "<Project />\n");
        }

        public string Path { get; }

        public string ProjectFile => Combine("App.csproj");

        public string CacheFile => Combine("obj", "App.provenance.policy.cache");

        /// <summary>Writes App.csproj (an SDK project) with the given body inside its Project element.</summary>
        public string Project(string body) => File("App.csproj", string.Format(SdkProject, body));

        public string File(string relativePath, string content)
        {
            string full = Combine(relativePath);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            System.IO.File.WriteAllText(full, content);
            return full;
        }

        public string Combine(params string[] parts) => System.IO.Path.Combine(Path, System.IO.Path.Combine(parts));

        public DeclaredPolicy Read(IReadOnlyDictionary<string, string>? globalProperties = null, bool cached = false) =>
            DeclaredPolicyReader.Read(ProjectFile, globalProperties ?? new Dictionary<string, string>(), cached ? CacheFile : null);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
