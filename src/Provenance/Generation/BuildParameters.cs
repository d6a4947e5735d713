using System;
using System.Collections.Generic;
using Provenance.Capture;
using Provenance.Json;

namespace Provenance.Generation
{
    /// <summary>externalParameters (what the user asked for) and internalParameters (what the platform chose).</summary>
    internal static class BuildParameters
    {
        public static JsonObject External(ProvenanceRequest request, RecordedPathNames names)
        {
            var external = new JsonObject()
                .Add("project", names.Name(request.ProjectPath))
                .AddIfNotEmpty("configuration", request.Configuration)
                .AddIfNotEmpty("targetFramework", request.TargetFramework)
                .AddIfNotEmpty("runtimeIdentifier", request.RuntimeIdentifier)
                .AddIfNotEmpty("globalProperties", Redacted(request.GlobalProperties));
            if (request.Source != null) external.AddIfNotEmpty("source", SourceReference.ToDescriptor(request.Source)?.ToJson());
            return external;
        }

        public static JsonObject Internal(ProvenanceRequest request)
        {
            var compiler = new JsonObject()
                .AddIfNotEmpty("name", request.CompilerName)
                .AddIfNotEmpty("version", request.CompilerVersion)
                .AddIfNotEmpty("options", Redacted(request.CompilerOptions));
            return new JsonObject()
                .AddIfNotEmpty("sdkVersion", request.SdkVersion)
                .AddIfNotEmpty("msbuildVersion", request.MSBuildVersion)
                .AddIfNotEmpty("dotnetRuntime", request.DotnetRuntime)
                .AddIfNotEmpty("os", request.OperatingSystem)
                .AddIfNotEmpty("architecture", request.Architecture)
                .AddIfNotEmpty("compiler", compiler)
                .AddIfNotEmpty("ci", Ci(request.Ci))
                .AddIfNotEmpty("environment", Redacted(request.Environment))
                // "checkout", not "source": externalParameters already has a "source" (buildtype v2).
                .AddIfNotEmpty("checkout", CheckoutFacts(request.Source))
                .AddIfNotEmpty("signingKeySource", request.KeySource)
                // What a rebuild replays and compares (docs/buildtype-v2.md, "Rebuilding from a statement"); appended
                // last so statements without them keep their bytes.
                .AddIfNotEmpty("compilation", CompilationFacts.Compilation(request.Compilation, request.RepositoryRoot))
                .AddIfNotEmpty("packs", CompilationFacts.Packs(request.Compilation));
        }

        /// <summary>Sorted ordinally; secret-looking names redacted, credentials removed from URL values (<see cref="SecretNames.Redact"/>).</summary>
        internal static JsonObject Redacted(IEnumerable<KeyValuePair<string, string>> values)
        {
            var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in values)
            {
                if (string.IsNullOrEmpty(pair.Key)) continue;
                sorted[pair.Key] = SecretNames.Redact(pair.Key, pair.Value);
            }
            var json = new JsonObject();
            foreach (var pair in sorted) json.Add(pair.Key, pair.Value);
            return json;
        }

        private static JsonObject? Ci(CiInfo? ci)
        {
            if (ci == null) return null;
            return new JsonObject()
                .Add("system", ci.System)
                .AddIfNotEmpty("runId", ci.RunId)
                .AddIfNotEmpty("runUrl", SecretNames.LooksSecretValue(ci.RunUrl) ? SecretNames.RedactedValue : ci.RunUrl)
                .AddIfNotEmpty("details", Redacted(ci.Details));
        }

        private static JsonObject? CheckoutFacts(GitSourceInfo? source)
        {
            if (source == null) return null;
            var facts = new JsonObject();
            if (source.Dirty.HasValue) facts.Add("dirty", source.Dirty.Value);
            facts.Add("shallow", source.IsShallow).Add("worktree", source.IsWorktree);
            // The URL as the build saw it, before the canonical form of source.uri: SourceLink writes this spelling
            // (".git" suffix, ssh form) into the assembly's RepositoryUrl, so a rebuild must give its clone this remote.
            if (!string.IsNullOrEmpty(source.RepositoryUrl))
                facts.Add("repositoryUrl", SecretNames.Redact("repositoryUrl", source.RepositoryUrl!));
            return facts;
        }
    }
}
