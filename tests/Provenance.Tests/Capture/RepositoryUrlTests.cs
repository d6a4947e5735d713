using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    /// <summary>
    /// Issue 7: git's origin (https://github.com/o/r.git) was recorded in one project and RepositoryUrl without .git
    /// in another. Every spelling of one repository is recorded in one form (docs/buildtype-v2.md, "Repository URL").
    /// </summary>
    [TestClass]
    public sealed class RepositoryUrlTests
    {
        [TestMethod]
        [DataRow("https://github.com/o/r.git", "https://github.com/o/r")]
        [DataRow("https://github.com/o/r", "https://github.com/o/r")]
        [DataRow("https://github.com/o/r/", "https://github.com/o/r")]
        [DataRow("https://github.com/o/r.git/", "https://github.com/o/r")]
        [DataRow("https://GitHub.COM/App-vNext/Polly.git", "https://github.com/App-vNext/Polly")]
        [DataRow("HTTPS://github.com:443/o/r", "https://github.com/o/r")]
        [DataRow("https://x-access-token:ghp_abc@github.com/o/r.git", "https://github.com/o/r")]
        [DataRow("https://github.com/o/r.git?ref=main#readme", "https://github.com/o/r")]
        [DataRow("git+https://github.com/o/r.git", "https://github.com/o/r")]
        [DataRow("git@github.com:o/r.git", "https://github.com/o/r")]
        [DataRow("github.com:o/r", "https://github.com/o/r")]
        [DataRow("ssh://git@github.com/o/r.git", "https://github.com/o/r")]
        [DataRow("ssh://git@github.com:22/o/r.git", "https://github.com/o/r")]
        [DataRow("git+ssh://git@github.com/o/r.git", "https://github.com/o/r")]
        [DataRow("git://github.com/o/r.git", "https://github.com/o/r")]
        [DataRow("https://github.com//o//r.git", "https://github.com/o/r")]
        [DataRow("http://git.example:8080/team/r.git", "http://git.example:8080/team/r")]
        [DataRow("https://git.example:8443/team/r.git", "https://git.example:8443/team/r")]
        [DataRow("https://gitlab.com/group/sub/project.git", "https://gitlab.com/group/sub/project")]
        [DataRow("git@gitlab.com:group/sub/project.git", "https://gitlab.com/group/sub/project")]
        [DataRow("https://org@dev.azure.com/org/project/_git/repo", "https://dev.azure.com/org/project/_git/repo")]
        [DataRow("git@ssh.dev.azure.com:v3/org/project/repo", "https://dev.azure.com/org/project/_git/repo")]
        [DataRow("org@vs-ssh.visualstudio.com:v3/org/project/repo", "https://dev.azure.com/org/project/_git/repo")]
        [DataRow("https://org.visualstudio.com/project/_git/repo", "https://dev.azure.com/org/project/_git/repo")]
        [DataRow("https://org.visualstudio.com/DefaultCollection/project/_git/repo", "https://dev.azure.com/org/project/_git/repo")]
        [DataRow("file:///srv/git/r.git", "file:///srv/git/r.git")]
        [DataRow("/srv/git/r.git/", "file:///srv/git/r.git")]
        [DataRow("C:\\src\\r", "file:///C:/src/r")]
        [DataRow("", "")]
        public void Every_spelling_of_a_repository_is_recorded_in_one_form(string url, string expected) =>
            Assert.AreEqual(expected, RepositoryUrl.Canonical(url));

        [TestMethod]
        public void The_canonical_form_is_stable() =>
            Assert.AreEqual("https://github.com/o/r", RepositoryUrl.Canonical(RepositoryUrl.Canonical("git@github.com:o/r.git")));
    }
}
