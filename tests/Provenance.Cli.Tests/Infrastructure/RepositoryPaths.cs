using System;
using System.IO;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>Finds the repository from the test assembly's folder (tests run from bin/, wherever the clone is).</summary>
    internal static class RepositoryPaths
    {
        public static string Root
        {
            get
            {
                for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
                {
                    if (File.Exists(Path.Combine(dir, "Provenance.MSBuild.sln"))) return dir;
                }
                throw new InvalidOperationException("Provenance.MSBuild.sln not found above " + AppContext.BaseDirectory);
            }
        }

        public static string Interop => Path.Combine(Root, "tests", "interop");
    }
}
