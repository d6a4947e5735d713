using Microsoft.Build.Locator;
using Microsoft.VisualStudio.TestTools.UnitTesting;

// Each test evaluates a real SDK project (hundreds of ms, CPU bound); in parallel they would only fight for the cores.
[assembly: DoNotParallelize]

namespace Provenance.MSBuild.UnitTests
{
    [TestClass]
    public static class MSBuildHost
    {
        /// <summary>
        /// Before any test touches a type that loads Microsoft.Build: from then on it is resolved from the installed SDK,
        /// the same assembly `dotnet build` hands the task.
        /// </summary>
        [AssemblyInitialize]
        public static void Register(TestContext context)
        {
            _ = context;
            if (!MSBuildLocator.IsRegistered) MSBuildLocator.RegisterDefaults();
        }
    }
}
