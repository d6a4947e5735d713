using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    [TestClass]
    public sealed class UrlSanitizerTests
    {
        [TestMethod]
        [DataRow("https://x-access-token:ghp_abc@github.com/o/r.git", "https://github.com/o/r.git")]
        [DataRow("https://ghp_abc@github.com/o/r.git", "https://github.com/o/r.git")]
        [DataRow("http://user:p%40ss@host:8080/r", "http://host:8080/r")]
        [DataRow("https://gitlab-ci-token:glcbt-xyz@gitlab.com/g/p.git", "https://gitlab.com/g/p.git")]
        [DataRow("https://dev.azure.com/org/p/_git/r?private_token=abc#frag", "https://dev.azure.com/org/p/_git/r")]
        [DataRow("ssh://git@github.com/o/r.git", "ssh://github.com/o/r.git")]
        [DataRow("git://host/r.git", "git://host/r.git")]
        [DataRow("git@github.com:o/r.git", "ssh://github.com/o/r.git")]
        [DataRow("ghp_secret@github.com:o/r.git", "ssh://github.com/o/r.git")]
        [DataRow("github.com:o/r.git", "ssh://github.com/o/r.git")]
        [DataRow("https://github.com/o/r@v1.git", "https://github.com/o/r@v1.git")]
        [DataRow("/srv/git/r.git", "/srv/git/r.git")]
        [DataRow("C:/src/r", "C:/src/r")]
        [DataRow("file:///srv/git/r.git", "file:///srv/git/r.git")]
        public void Credentials_queries_and_user_names_are_removed(string url, string expected) =>
            Assert.AreEqual(expected, UrlSanitizer.RemoveUserInfo(url));

        [TestMethod]
        public void Free_text_with_a_credentialed_url_is_recognised()
        {
            Assert.IsTrue(UrlSanitizer.ContainsUserInfo("feed=https://u:tok@pkgs.example/v3/index.json;x"));
            Assert.IsFalse(UrlSanitizer.ContainsUserInfo("https://pkgs.example/v3/index.json mail me@example.com"));
        }
    }
}
