using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    [TestClass]
    public sealed class EnvironmentCaptureTests
    {
        private static readonly Dictionary<string, string> Environment = new Dictionary<string, string>
        {
            ["SOURCE_DATE_EPOCH"] = "1700000000",
            ["PATH"] = "/usr/bin",
            ["HOME"] = "/home/me",
            ["GITHUB_TOKEN"] = "ghp_live",
            ["MY_SETTING"] = "on",
            ["MY_SIGNING_KEY"] = "-----BEGIN " + "PRIVATE KEY-----",
            ["FEED"] = "https://u:tok@pkgs.example/v3/index.json",
        };

        [TestMethod]
        public void Only_allowlisted_variables_are_recorded()
        {
            var captured = EnvironmentCapture.Capture(Environment, new string[0]);
            CollectionAssert.AreEqual(new[] { "SOURCE_DATE_EPOCH" }, new List<string>(captured.Keys));
        }

        [TestMethod]
        public void Extra_names_are_added_but_secret_looking_ones_are_redacted()
        {
            var captured = EnvironmentCapture.Capture(Environment, new[] { "MY_SETTING", "GITHUB_TOKEN", "MY_SIGNING_KEY", "FEED", "NOT_SET", " " });

            Assert.AreEqual("on", captured["MY_SETTING"]);
            Assert.AreEqual(SecretNames.RedactedValue, captured["GITHUB_TOKEN"]);
            Assert.AreEqual(SecretNames.RedactedValue, captured["MY_SIGNING_KEY"]);
            Assert.AreEqual("https://pkgs.example/v3/index.json", captured["FEED"]);
            Assert.IsFalse(captured.ContainsKey("NOT_SET"));
            foreach (string value in captured.Values) Assert.IsFalse(value.Contains("ghp_live") || value.Contains("tok@") || value.Contains("PRIVATE"));
        }

        [TestMethod]
        [DataRow("NuGetApiKey", "oy2abc", SecretNames.RedactedValue)]
        [DataRow("RepositoryUrl", "https://x:ghp_1@github.com/o/r.git", "https://github.com/o/r.git")]
        [DataRow("RestoreSources", "https://u:tok@a.example/v3/index.json;https://b.example/v3/index.json", SecretNames.RedactedValue)]
        [DataRow("Configuration", "Release", "Release")]
        [DataRow("Empty", null, "")]
        public void Named_values_are_redacted_by_name_and_cleaned_of_url_credentials(string name, string? value, string expected) =>
            Assert.AreEqual(expected, SecretNames.Redact(name, value));

        [TestMethod]
        public void The_default_allowlist_holds_no_secret_looking_or_path_variables()
        {
            foreach (string name in EnvironmentCapture.DefaultAllowlist)
            {
                Assert.IsFalse(SecretNames.LooksSecret(name), name);
                Assert.IsFalse(name.Contains("ROOT") || name.Contains("PATH") || name.Contains("HOME") || name.Contains("PACKAGES"), name);
            }
        }
    }
}
