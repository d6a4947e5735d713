using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>Base of every scenario class: gives each test its own <see cref="Sandbox"/> whose commands land in the test's log.</summary>
    public abstract class SandboxTest
    {
        protected SandboxTest(TestContext testContext) => TestContext = testContext;

        protected TestContext TestContext { get; }

        protected Sandbox CreateSandbox()
        {
            Sandbox sandbox = Sandbox.Create(TestContext.TestName ?? GetType().Name, TestContext.WriteLine);
            TestContext.WriteLine("sandbox: " + sandbox.Directory);
            return sandbox;
        }

        [TestCleanup]
        public void RecordOutcome()
        {
            if (TestContext.CurrentTestOutcome != UnitTestOutcome.Passed)
            {
                TestSuite.RecordFailure();
            }
        }
    }

    [TestClass]
    public static class AssemblyHooks
    {
        [AssemblyCleanup]
        public static void DeleteRunFolder(TestContext testContext) => testContext.WriteLine(TestSuite.Cleanup());
    }
}
