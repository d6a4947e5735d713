using System;
using System.IO;

namespace Provenance.TestSupport
{
    /// <summary>Finds the repository from the test assembly's folder (tests run from bin/, wherever the clone is).</summary>
    public static class TestRepository
    {
        /// <summary>The folder holding Provenance.MSBuild.sln above the test assembly.</summary>
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
    }
}
