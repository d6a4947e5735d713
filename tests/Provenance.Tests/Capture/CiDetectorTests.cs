using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Provenance.Capture;

namespace Provenance.Tests.Capture
{
    [TestClass]
    public sealed class CiDetectorTests
    {
        [TestMethod]
        public void GitHub_actions_gives_the_run_url_with_attempt_and_the_workflow_as_builder()
        {
            CiInfo ci = CiDetector.Detect(Env(
                "GITHUB_ACTIONS", "true", "GITHUB_SERVER_URL", "https://github.com", "GITHUB_REPOSITORY", "o/r",
                "GITHUB_RUN_ID", "123", "GITHUB_RUN_ATTEMPT", "2", "GITHUB_WORKFLOW_REF", "o/r/.github/workflows/build.yml@refs/heads/main",
                "GITHUB_TOKEN", "ghp_secret", "ACTIONS_RUNTIME_TOKEN", "rt_secret", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "id_secret"))!;

            Assert.AreEqual(CiDetector.GitHubActions, ci.System);
            Assert.AreEqual("123", ci.RunId);
            Assert.AreEqual("https://github.com/o/r/actions/runs/123/attempts/2", ci.RunUrl);
            Assert.AreEqual("https://github.com/o/r/.github/workflows/build.yml@refs/heads/main", ci.BuilderId);
            Assert.AreEqual("2", ci.Details["runAttempt"]);
            AssertNoSecret(ci);
        }

        [TestMethod]
        public void Azure_pipelines_builds_the_results_url_and_never_reads_the_access_token()
        {
            CiInfo ci = CiDetector.Detect(Env(
                "TF_BUILD", "True", "BUILD_BUILDID", "42", "SYSTEM_COLLECTIONURI", "https://dev.azure.com/org/",
                "SYSTEM_TEAMPROJECT", "My Project", "SYSTEM_DEFINITIONID", "7", "SYSTEM_ACCESSTOKEN", "ado_secret",
                "BUILD_REPOSITORY_URI", "https://org@dev.azure.com/org/p/_git/r"))!;

            Assert.AreEqual(CiDetector.AzurePipelines, ci.System);
            Assert.AreEqual("42", ci.RunId);
            Assert.AreEqual("https://dev.azure.com/org/My%20Project/_build/results?buildId=42", ci.RunUrl);
            Assert.AreEqual("https://dev.azure.com/org/My%20Project/_build?definitionId=7", ci.BuilderId);
            Assert.AreEqual("https://dev.azure.com/org/p/_git/r", ci.Details["repositoryUri"]);
            AssertNoSecret(ci);
        }

        [TestMethod]
        public void GitLab_ci_records_the_job_url_and_the_runner_and_never_the_job_token()
        {
            CiInfo ci = CiDetector.Detect(Env(
                "GITLAB_CI", "true", "CI_PIPELINE_ID", "9", "CI_JOB_URL", "https://gitlab.com/g/p/-/jobs/99",
                "CI_PROJECT_URL", "https://gitlab.com/g/p", "CI_SERVER_URL", "https://gitlab.com", "CI_PROJECT_PATH", "g/p",
                "CI_RUNNER_ID", "5", "CI_JOB_TOKEN", "glcbt_secret", "CI_REGISTRY_PASSWORD", "reg_secret",
                "CI_REPOSITORY_URL", "https://gitlab-ci-token:glcbt_secret@gitlab.com/g/p.git"))!;

            Assert.AreEqual(CiDetector.GitLabCi, ci.System);
            Assert.AreEqual("9", ci.RunId);
            Assert.AreEqual("https://gitlab.com/g/p/-/jobs/99", ci.RunUrl);
            Assert.AreEqual("https://gitlab.com/g/p/-/runners/5", ci.BuilderId);
            Assert.AreEqual("https://gitlab.com/g/p", ci.Details["projectUrl"]);
            AssertNoSecret(ci);
        }

        [TestMethod]
        public void Jenkins_strips_credentials_from_its_urls()
        {
            CiInfo ci = CiDetector.Detect(Env(
                "JENKINS_URL", "https://admin:pw_secret@ci.example/", "BUILD_URL", "https://admin:pw_secret@ci.example/job/x/3/",
                "BUILD_ID", "3", "JOB_URL", "https://ci.example/job/x/"))!;

            Assert.AreEqual(CiDetector.Jenkins, ci.System);
            Assert.AreEqual("3", ci.RunId);
            Assert.AreEqual("https://ci.example/job/x/3/", ci.RunUrl);
            Assert.AreEqual("https://ci.example/job/x/", ci.BuilderId);
            AssertNoSecret(ci);
        }

        [TestMethod]
        public void TeamCity_records_the_build_number()
        {
            CiInfo ci = CiDetector.Detect(Env("TEAMCITY_VERSION", "2024.12", "BUILD_NUMBER", "77"))!;
            Assert.AreEqual(CiDetector.TeamCity, ci.System);
            Assert.AreEqual("77", ci.RunId);
            Assert.IsNull(ci.BuilderId);
        }

        [TestMethod]
        [DataRow("true")]
        [DataRow("1")]
        [DataRow("TRUE")]
        public void CI_true_is_a_generic_ci(string value) =>
            Assert.AreEqual(CiDetector.Generic, CiDetector.Detect(Env("CI", value))!.System);

        [TestMethod]
        public void A_local_build_has_no_ci()
        {
            Assert.IsNull(CiDetector.Detect(Env("CI", "false", "GITHUB_ACTIONS", "", "PATH", "/usr/bin")));
        }

        private static Dictionary<string, string> Env(params string[] pairs)
        {
            var env = new Dictionary<string, string>();
            for (int i = 0; i < pairs.Length; i += 2) env[pairs[i]] = pairs[i + 1];
            return env;
        }

        private static void AssertNoSecret(CiInfo ci)
        {
            var values = new List<string?> { ci.RunId, ci.RunUrl, ci.BuilderId };
            values.AddRange(ci.Details.Values);
            foreach (string key in ci.Details.Keys) Assert.IsFalse(SecretNames.LooksSecret(key), "a detail the generator would redact: " + key);
            foreach (string? value in values)
            {
                if (value != null) Assert.IsFalse(value.Contains("secret"), value);
            }
        }
    }
}
