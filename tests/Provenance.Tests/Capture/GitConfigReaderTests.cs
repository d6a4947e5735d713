using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    [TestClass]
    public sealed class GitConfigReaderTests
    {
        [TestMethod]
        public void Quoted_values_comments_and_case_insensitive_names_are_understood()
        {
            var urls = GitConfigReader.ReadRemoteUrls(new[]
            {
                "[core]",
                "\turl = https://not-a-remote.example/",
                "[Remote \"origin\"] # the main one",
                "\tURL = \"https://example.com/a b.git\" ; comment",
                "\turl = https://second.example/ignored.git",
                "[remote.legacy]",
                "  url=https://example.com/legacy.git",
            });

            Assert.AreEqual("https://example.com/a b.git", urls["origin"]);
            Assert.AreEqual("https://example.com/legacy.git", urls["legacy"]);
            Assert.AreEqual(2, urls.Count);
        }

        [TestMethod]
        [DataRow("  plain  ", "plain")]
        [DataRow("\"quoted # not a comment\"", "quoted # not a comment")]
        [DataRow("a\\\\b", "a\\b")]
        [DataRow("value # comment", "value")]
        public void Values_follow_git_config_syntax(string raw, string expected) =>
            Assert.AreEqual(expected, GitConfigReader.ParseValue(raw));
    }
}
