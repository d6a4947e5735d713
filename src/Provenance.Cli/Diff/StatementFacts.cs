using System;
using System.Collections.Generic;
using System.Linq;
using Provenance.Json;

namespace Provenance.Cli.Diff
{
    /// <summary>
    /// A statement flattened into named groups of key → value, the unit `diff` compares and `rebuild` reads its
    /// instructions from. Only what says something about the build is kept: start and finish times, the invocation
    /// id and the signature differ between any two builds and would bury the differences that matter.
    /// Group names are the ones printed; keys are sorted ordinally.
    /// </summary>
    internal sealed class StatementFacts
    {
        public const string Subjects = "subjects";
        public const string Source = "source";
        public const string Parameters = "parameters";
        public const string GlobalProperties = "global properties";
        public const string Inputs = "inputs";
        public const string Packages = "packages";
        public const string Analyzers = "analyzers";
        public const string ProjectReferences = "project references";
        public const string Compiler = "compiler";
        public const string Compilation = "compilation";
        public const string Toolchain = "sdk and runtime";
        public const string Environment = "environment";
        public const string Checkout = "checkout";
        public const string Builder = "builder";
        public const string Byproducts = "byproducts";

        /// <summary>The order groups are reported in: what was built, from what, with what, by whom.</summary>
        public static readonly string[] GroupOrder =
        {
            Subjects, Source, Parameters, GlobalProperties, Inputs, Packages, Analyzers, ProjectReferences,
            Compiler, Compilation, Toolchain, Environment, Checkout, Builder, Byproducts,
        };

        private readonly Dictionary<string, SortedDictionary<string, string>> _groups = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);

        private StatementFacts()
        {
            foreach (string group in GroupOrder) _groups[group] = new SortedDictionary<string, string>(StringComparer.Ordinal);
        }

        public IReadOnlyDictionary<string, string> this[string group] => _groups[group];

        /// <summary>Package id (as recorded) → version; sha512 separately, as both are needed to restore and check.</summary>
        public SortedDictionary<string, (string Version, string Sha512)> PackageList { get; } = new SortedDictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);

        /// <summary>compilation.sources in the compiler's order, and compilation.commandLine (buildType v2 rebuild members; empty when not recorded).</summary>
        public List<string> CompileOrder { get; } = new List<string>();
        public List<string> CommandLine { get; } = new List<string>();

        public string? Get(string group, string key) => _groups[group].TryGetValue(key, out string? value) ? value : null;

        public static StatementFacts From(JsonObject statement)
        {
            var facts = new StatementFacts();
            foreach (JsonObject subject in Objects(statement.GetArray("subject")))
                facts.Set(Subjects, subject.GetString("name") ?? "(unnamed)", Digests(subject));

            JsonObject? predicate = statement.GetObject("predicate");
            JsonObject? definition = predicate?.GetObject("buildDefinition");
            JsonObject? external = definition?.GetObject("externalParameters");
            JsonObject? internals = definition?.GetObject("internalParameters");
            JsonObject? run = predicate?.GetObject("runDetails");

            facts.Set(Parameters, "buildType", definition?.GetString("buildType"));
            foreach (string name in new[] { "project", "configuration", "targetFramework", "runtimeIdentifier" })
                facts.Set(Parameters, name, external?.GetString(name));
            CopyStrings(external?.GetObject("globalProperties"), facts._groups[GlobalProperties], "");

            JsonObject? source = external?.GetObject("source");
            facts.Set(Source, "uri", source?.GetString("uri"));
            facts.Set(Source, "commit", source?.GetObject("digest")?.GetString("gitCommit"));

            foreach (JsonObject dependency in Objects(definition?.GetArray("resolvedDependencies")))
                facts.AddDependency(dependency);

            JsonObject? compiler = internals?.GetObject("compiler");
            facts.Set(Compiler, "name", compiler?.GetString("name"));
            facts.Set(Compiler, "version", compiler?.GetString("version"));
            CopyStrings(compiler?.GetObject("options"), facts._groups[Compiler], "option ");
            Flatten(internals?.GetObject("compilation"), facts._groups[Compilation], "");
            facts.CompileOrder.AddRange(Strings(internals?.GetObject("compilation")?.GetArray("sources")));
            facts.CommandLine.AddRange(Strings(internals?.GetObject("compilation")?.GetArray("commandLine")));
            // One fact per pack, so a diff names the pack whose version differs.
            foreach (JsonObject pack in Objects(internals?.GetArray("packs")))
                facts.Set(Toolchain, "pack " + pack.GetString("kind") + " " + pack.GetString("id"), pack.GetString("version") ?? "");

            foreach (string name in new[] { "sdkVersion", "msbuildVersion", "dotnetRuntime", "os", "architecture" })
                facts.Set(Toolchain, name, internals?.GetString(name));
            CopyStrings(internals?.GetObject("environment"), facts._groups[Environment], "");
            Flatten(internals?.GetObject("checkout"), facts._groups[Checkout], "");
            Flatten(internals?.GetObject("ci"), facts._groups[Builder], "ci.");
            facts.Set(Builder, "signingKeySource", internals?.GetString("signingKeySource"));

            JsonObject? builder = run?.GetObject("builder");
            facts.Set(Builder, "id", builder?.GetString("id"));
            Flatten(builder?.GetObject("version"), facts._groups[Builder], "version.");
            foreach (JsonObject byproduct in Objects(run?.GetArray("byproducts")))
                facts.Set(Byproducts, byproduct.GetString("name") ?? "(unnamed)", Digests(byproduct));
            return facts;
        }

        private void AddDependency(JsonObject dependency)
        {
            JsonObject? digest = dependency.GetObject("digest");
            string? uri = dependency.GetString("uri");
            string? name = dependency.GetString("name");
            JsonObject? annotations = dependency.GetObject("annotations");
            string kind = annotations?.GetString("kind") ?? "";
            if (digest?.GetString("gitCommit") != null) return; // the source, already read from externalParameters
            if (uri != null && uri.StartsWith("pkg:nuget/", StringComparison.Ordinal))
            {
                string purl = uri.Substring("pkg:nuget/".Length);
                int at = purl.LastIndexOf('@');
                string id = at > 0 ? Uri.UnescapeDataString(purl.Substring(0, at)) : purl;
                string version = at > 0 ? purl.Substring(at + 1) : "";
                string sha512 = digest?.GetString("sha512") ?? "";
                PackageList[id] = (version, sha512);
                Set(Packages, id, version + " sha512:" + sha512);
                return;
            }
            string key = name ?? uri ?? "(unnamed)";
            string value = Digests(dependency);
            if (kind == "analyzer") Set(Analyzers, key, value);
            else if (kind == "project-reference") Set(ProjectReferences, key, value + (annotations?.GetString("provenanceSha256") is string p ? " provenance sha256:" + p : ""));
            else Set(Inputs, key, value + (kind.Length > 0 ? " (" + kind + ")" : ""));
        }

        private void Set(string group, string key, string? value)
        {
            if (value != null) _groups[group][key] = value;
        }

        private static string Digests(JsonObject descriptor)
        {
            JsonObject? digest = descriptor.GetObject("digest");
            if (digest == null) return "";
            return string.Join(" ", digest.Members.Select(m => m.Key + ":" + m.Value.AsString()));
        }

        private static void CopyStrings(JsonObject? map, SortedDictionary<string, string> into, string prefix)
        {
            if (map == null) return;
            foreach (var member in map.Members) into[prefix + member.Key] = Scalar(member.Value);
        }

        /// <summary>Nested objects as dotted keys, arrays as their items joined with " | " (their order is the fact).</summary>
        private static void Flatten(JsonObject? map, SortedDictionary<string, string> into, string prefix)
        {
            if (map == null) return;
            foreach (var member in map.Members)
            {
                if (member.Value is JsonObject nested) Flatten(nested, into, prefix + member.Key + ".");
                else into[prefix + member.Key] = Scalar(member.Value);
            }
        }

        private static string Scalar(JsonValue value) => value switch
        {
            JsonString s => s.Value,
            JsonBool b => b.Value ? "true" : "false",
            JsonArray a => string.Join(" | ", a.Items.Select(Scalar)),
            JsonObject o => JsonWriter.ToText(o, indented: false),
            JsonNull => "null",
            _ => value.ToString() ?? "",
        };

        private static IEnumerable<string> Strings(JsonArray? array) => array?.Items.OfType<JsonString>().Select(s => s.Value) ?? Enumerable.Empty<string>();

        private static IEnumerable<JsonObject> Objects(JsonArray? array) => array?.Items.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>();
    }
}
