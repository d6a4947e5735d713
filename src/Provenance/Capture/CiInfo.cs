using System;
using System.Collections.Generic;

namespace Provenance.Capture
{
    /// <summary>The CI system a build runs on, with its run identifiers.</summary>
    public sealed class CiInfo
    {
        /// <summary>github-actions, azure-pipelines, gitlab-ci, jenkins, teamcity or generic.</summary>
        public string System { get; set; } = "";
        public string? RunId { get; set; }
        public string? RunUrl { get; set; }

        /// <summary>A builder id derived from the CI system (for example the workflow URI); null when none can be derived.</summary>
        public string? BuilderId { get; set; }

        /// <summary>Other identifiers worth recording (workflow, job, attempt, pipeline), already free of secrets.</summary>
        public SortedDictionary<string, string> Details { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    }
}
