using System;
using Provenance.Json;

namespace Provenance.Cli.Inspect
{
    /// <summary>
    /// resolvedDependencies counted by kind. The generator (Provenance.Generation.ResolvedDependencies) writes a
    /// "kind" annotation on files: "analyzer", "project-reference", else the input kind (compile, project, ...).
    /// Packages are pkg:nuget URIs and the source a git+ URI with a gitCommit digest; anything else is "other".
    /// </summary>
    internal sealed class DependencyCounts
    {
        public int Source { get; private set; }
        public int Files { get; private set; }
        public int Packages { get; private set; }
        public int Analyzers { get; private set; }
        public int ProjectReferences { get; private set; }
        public int Other { get; private set; }
        public int Total => Source + Files + Packages + Analyzers + ProjectReferences + Other;

        public static DependencyCounts From(JsonArray? dependencies)
        {
            var counts = new DependencyCounts();
            if (dependencies == null) return counts;
            foreach (JsonValue item in dependencies.Items)
            {
                if (item is JsonObject descriptor) counts.Add(descriptor);
                else counts.Other++;
            }
            return counts;
        }

        private void Add(JsonObject descriptor)
        {
            string kind = (descriptor.GetObject("annotations")?.GetString("kind") ?? "").ToLowerInvariant();
            string uri = descriptor.GetString("uri") ?? "";
            if (kind == "analyzer" || kind == "source-generator") Analyzers++;
            // "project" alone is the project file, an input; references carry "project-reference".
            else if (kind == "project-reference") ProjectReferences++;
            else if (uri.StartsWith("pkg:nuget/", StringComparison.Ordinal)) Packages++;
            else if (uri.StartsWith("git+", StringComparison.Ordinal) || descriptor.GetObject("digest")?.ContainsKey("gitCommit") == true) Source++;
            else if (kind.Length > 0 || (uri.Length == 0 && descriptor.GetString("name") != null)) Files++;
            else Other++;
        }

        public JsonObject ToJson() => new JsonObject()
            .Add("source", Source)
            .Add("files", Files)
            .Add("packages", Packages)
            .Add("analyzers", Analyzers)
            .Add("projectReferences", ProjectReferences)
            .Add("other", Other)
            .Add("total", Total);
    }
}
