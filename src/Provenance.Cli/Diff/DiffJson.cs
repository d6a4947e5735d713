using Provenance.Json;

namespace Provenance.Cli.Diff
{
    /// <summary>--json: {"schemaVersion":1,"identical":..,"groups":[{"name","changes":[{"key","change","a","b"}]}]}, values whole.</summary>
    internal static class DiffJson
    {
        public const int SchemaVersion = 1;

        public static JsonArray Groups(ProvenanceDiff diff)
        {
            var groups = new JsonArray();
            foreach (var group in diff.Groups)
            {
                var changes = new JsonArray();
                foreach (DiffEntry entry in group)
                {
                    changes.Add(new JsonObject()
                        .Add("key", entry.Key)
                        .Add("change", entry.ChangeName)
                        .AddIfNotEmpty("a", entry.A)
                        .AddIfNotEmpty("b", entry.B));
                }
                groups.Add(new JsonObject().Add("name", group.Key).Add("changes", changes));
            }
            return groups;
        }
    }
}
