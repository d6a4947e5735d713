using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    /// <summary>
    /// The environment every child process starts from: this process's environment without the variables that
    /// would make results depend on where the tests run (CI detection, MSBuild/test-host plumbing, git, properties
    /// that environment variables would set). A test that wants one of them sets it explicitly.
    /// </summary>
    public static class ChildEnvironment
    {
        // Exact names (case-insensitive: MSBuild treats every environment variable as a property of that name).
        private static readonly HashSet<string> ScrubbedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CI", "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "JENKINS_HOME", "HUDSON_URL",
            "TEAMCITY_VERSION", "BUILDKITE", "APPVEYOR", "TRAVIS", "CIRCLECI", "DRONE", "SEMAPHORE", "BUILD_ID",
            "BUILD_NUMBER", "BUILD_URL", "JOB_NAME", "CODEBUILD_BUILD_ID", "BITBUCKET_BUILD_NUMBER",
            "SOURCE_DATE_EPOCH", "ContinuousIntegrationBuild", "DeterministicSourcePaths",
            "Configuration", "Platform", "TargetFramework", "TargetFrameworks", "RuntimeIdentifier", "OutDir", "OutputPath",
            "BaseIntermediateOutputPath", "IntermediateOutputPath", "RepositoryUrl", "SourceRevisionId",
            "NUGET_PACKAGES", "NUGET_HTTP_CACHE_PATH", "NUGET_FALLBACK_PACKAGES",
            "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "DOTNET_CLI_HOME",
        };

        private static readonly string[] ScrubbedPrefixes =
        {
            "GITHUB_", "RUNNER_", "ACTIONS_", "SYSTEM_", "BUILD_", "AGENT_", "RELEASE_", "CI_", "GITLAB_",
            "JENKINS_", "TEAMCITY_", "BUILDKITE_", "APPVEYOR_", "TRAVIS_", "CIRCLE_", "BITBUCKET_", "CODEBUILD_",
            "GIT_", "MSBUILD", "VSTEST", "TESTINGPLATFORM_", "Provenance", "_Provenance",
        };

        /// <summary>A fresh copy of the scrubbed environment of this process, with the settings every child gets.</summary>
        public static Dictionary<string, string> Create()
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                string name = (string)entry.Key;
                if (!IsScrubbed(name))
                {
                    environment[name] = (string?)entry.Value ?? "";
                }
            }

            environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            environment["DOTNET_NOLOGO"] = "1";
            environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1";
            environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
            // Node reuse is also turned off on every command line; this covers nodes that MSBuild starts on its own.
            environment["MSBUILDDISABLENODEREUSE"] = "1";
            // Plain, stable output to parse.
            environment["TERM"] = "dumb";
            environment["NO_COLOR"] = "1";
            environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
            environment["GIT_CONFIG_NOSYSTEM"] = "1";
            return environment;
        }

        public static bool IsScrubbed(string name) =>
            ScrubbedNames.Contains(name) ||
            ScrubbedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
