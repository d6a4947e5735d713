using System;
using System.Collections.Generic;

namespace Provenance.Capture
{
    /// <summary>
    /// Recognises the CI system from its environment variables and records run identifiers only: every
    /// variable read here is named explicitly, so tokens the CI injects (CI_JOB_TOKEN, SYSTEM_ACCESSTOKEN,
    /// ACTIONS_RUNTIME_TOKEN, ...) can never reach the statement. URLs pass through <see cref="UrlSanitizer"/>.
    /// </summary>
    public static class CiDetector
    {
        public const string GitHubActions = "github-actions";
        public const string AzurePipelines = "azure-pipelines";
        public const string GitLabCi = "gitlab-ci";
        public const string Jenkins = "jenkins";
        public const string TeamCity = "teamcity";
        public const string Generic = "generic";

        /// <summary>The CI system, or null for a local build.</summary>
        public static CiInfo? Detect(IReadOnlyDictionary<string, string> environment)
        {
            if (environment == null) throw new ArgumentNullException(nameof(environment));
            var env = new Reader(environment);
            // https://docs.github.com/actions/reference/workflows-and-actions/variables#default-environment-variables
            if (env.IsTrue("GITHUB_ACTIONS")) return DetectGitHub(env);
            // https://learn.microsoft.com/azure/devops/pipelines/build/variables#system-variables
            if (env.IsTrue("TF_BUILD")) return DetectAzure(env);
            // https://docs.gitlab.com/ci/variables/predefined_variables/
            if (env.IsTrue("GITLAB_CI")) return DetectGitLab(env);
            // https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#using-environment-variables
            if (env.Get("JENKINS_URL") != null) return DetectJenkins(env);
            // https://www.jetbrains.com/help/teamcity/predefined-build-parameters.html
            if (env.Get("TEAMCITY_VERSION") != null) return DetectTeamCity(env);
            // https://github.com/watson/ci-info (the de facto CI=true convention most other systems follow)
            if (env.IsTrue("CI")) return new CiInfo { System = Generic };
            return null;
        }

        private static CiInfo DetectGitHub(Reader env)
        {
            string? server = env.Url("GITHUB_SERVER_URL")?.TrimEnd('/');
            string? repository = env.Get("GITHUB_REPOSITORY");
            string? runId = env.Get("GITHUB_RUN_ID");
            string? attempt = env.Get("GITHUB_RUN_ATTEMPT");
            string? workflowRef = env.Get("GITHUB_WORKFLOW_REF");
            var info = new CiInfo { System = GitHubActions, RunId = runId };
            if (server != null && repository != null && runId != null)
                info.RunUrl = server + "/" + repository + "/actions/runs/" + runId + (attempt != null ? "/attempts/" + attempt : "");
            // As GitHub's own SLSA generators do: the workflow file at its ref identifies the builder.
            if (server != null && workflowRef != null) info.BuilderId = server + "/" + workflowRef;
            env.CopyTo(info.Details, "runAttempt", "GITHUB_RUN_ATTEMPT");
            env.CopyTo(info.Details, "workflowRef", "GITHUB_WORKFLOW_REF");
            env.CopyTo(info.Details, "workflowSha", "GITHUB_WORKFLOW_SHA");
            env.CopyTo(info.Details, "repository", "GITHUB_REPOSITORY");
            env.CopyTo(info.Details, "repositoryId", "GITHUB_REPOSITORY_ID");
            env.CopyTo(info.Details, "repositoryOwnerId", "GITHUB_REPOSITORY_OWNER_ID");
            env.CopyTo(info.Details, "eventName", "GITHUB_EVENT_NAME");
            env.CopyTo(info.Details, "ref", "GITHUB_REF");
            env.CopyTo(info.Details, "sha", "GITHUB_SHA");
            env.CopyTo(info.Details, "job", "GITHUB_JOB");
            env.CopyTo(info.Details, "runnerEnvironment", "RUNNER_ENVIRONMENT"); // github-hosted or self-hosted
            return info;
        }

        private static CiInfo DetectAzure(Reader env)
        {
            string? collection = env.Url("SYSTEM_COLLECTIONURI");
            string? project = env.Get("SYSTEM_TEAMPROJECT");
            string? buildId = env.Get("BUILD_BUILDID");
            string? definitionId = env.Get("SYSTEM_DEFINITIONID");
            var info = new CiInfo { System = AzurePipelines, RunId = buildId };
            if (collection != null && project != null)
            {
                string projectUrl = collection.TrimEnd('/') + "/" + Uri.EscapeDataString(project);
                if (buildId != null) info.RunUrl = projectUrl + "/_build/results?buildId=" + Uri.EscapeDataString(buildId);
                if (definitionId != null) info.BuilderId = projectUrl + "/_build?definitionId=" + Uri.EscapeDataString(definitionId);
            }
            env.CopyTo(info.Details, "definitionId", "SYSTEM_DEFINITIONID");
            env.CopyTo(info.Details, "definitionName", "BUILD_DEFINITIONNAME");
            env.CopyTo(info.Details, "buildNumber", "BUILD_BUILDNUMBER");
            env.CopyTo(info.Details, "jobAttempt", "SYSTEM_JOBATTEMPT");
            env.CopyTo(info.Details, "reason", "BUILD_REASON");
            env.CopyTo(info.Details, "sourceBranch", "BUILD_SOURCEBRANCH");
            env.CopyTo(info.Details, "sourceVersion", "BUILD_SOURCEVERSION");
            env.CopyTo(info.Details, "repositoryUri", "BUILD_REPOSITORY_URI", isUrl: true);
            return info;
        }

        private static CiInfo DetectGitLab(Reader env)
        {
            string? server = env.Url("CI_SERVER_URL")?.TrimEnd('/');
            string? projectPath = env.Get("CI_PROJECT_PATH");
            string? runnerId = env.Get("CI_RUNNER_ID");
            var info = new CiInfo { System = GitLabCi, RunId = env.Get("CI_PIPELINE_ID"), RunUrl = env.Url("CI_JOB_URL") ?? env.Url("CI_PIPELINE_URL") };
            // The runner identifies the builder (as GitLab's own SLSA provenance does).
            if (server != null && projectPath != null && runnerId != null) info.BuilderId = server + "/" + projectPath + "/-/runners/" + runnerId;
            env.CopyTo(info.Details, "jobId", "CI_JOB_ID");
            env.CopyTo(info.Details, "jobName", "CI_JOB_NAME");
            env.CopyTo(info.Details, "pipelineUrl", "CI_PIPELINE_URL", isUrl: true);
            env.CopyTo(info.Details, "pipelineSource", "CI_PIPELINE_SOURCE");
            env.CopyTo(info.Details, "projectUrl", "CI_PROJECT_URL", isUrl: true);
            env.CopyTo(info.Details, "serverUrl", "CI_SERVER_URL", isUrl: true);
            env.CopyTo(info.Details, "commitSha", "CI_COMMIT_SHA");
            env.CopyTo(info.Details, "commitRefName", "CI_COMMIT_REF_NAME");
            env.CopyTo(info.Details, "runnerId", "CI_RUNNER_ID");
            return info;
        }

        private static CiInfo DetectJenkins(Reader env)
        {
            var info = new CiInfo
            {
                System = Jenkins,
                RunId = env.Get("BUILD_ID") ?? env.Get("BUILD_NUMBER"),
                RunUrl = env.Url("BUILD_URL"),
                BuilderId = env.Url("JOB_URL"),
            };
            env.CopyTo(info.Details, "jobName", "JOB_NAME");
            env.CopyTo(info.Details, "buildNumber", "BUILD_NUMBER");
            env.CopyTo(info.Details, "jenkinsUrl", "JENKINS_URL", isUrl: true);
            env.CopyTo(info.Details, "gitCommit", "GIT_COMMIT");
            env.CopyTo(info.Details, "gitBranch", "GIT_BRANCH");
            return info;
        }

        private static CiInfo DetectTeamCity(Reader env)
        {
            // TeamCity exposes no server URL in the environment, so there is no run URL or builder id to derive.
            var info = new CiInfo { System = TeamCity, RunId = env.Get("BUILD_NUMBER") };
            env.CopyTo(info.Details, "teamcityVersion", "TEAMCITY_VERSION");
            env.CopyTo(info.Details, "projectName", "TEAMCITY_PROJECT_NAME");
            env.CopyTo(info.Details, "buildConfigurationName", "TEAMCITY_BUILDCONF_NAME");
            env.CopyTo(info.Details, "buildVcsNumber", "BUILD_VCS_NUMBER");
            return info;
        }

        private readonly struct Reader
        {
            private readonly IReadOnlyDictionary<string, string> _environment;
            public Reader(IReadOnlyDictionary<string, string> environment) => _environment = environment;

            public string? Get(string name)
            {
                if (_environment.TryGetValue(name, out string? value) && !string.IsNullOrWhiteSpace(value)) return value.Trim();
                return null;
            }

            public string? Url(string name)
            {
                string? value = Get(name);
                return value == null ? null : UrlSanitizer.RemoveUserInfo(value);
            }

            public bool IsTrue(string name)
            {
                string? value = Get(name);
                return value != null && (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1");
            }

            public void CopyTo(SortedDictionary<string, string> details, string key, string name, bool isUrl = false)
            {
                string? value = isUrl ? Url(name) : Get(name);
                if (value != null) details[key] = value;
            }
        }
    }
}
