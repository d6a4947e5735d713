using System.IO;
using Provenance.TestSupport;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>Finds the repository from the test assembly's folder (tests run from bin/, wherever the clone is).</summary>
    internal static class RepositoryPaths
    {
        public static string Root => TestRepository.Root;

        public static string Interop => Path.Combine(Root, "tests", "interop");
    }
}
