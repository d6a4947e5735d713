using System;
using System.Collections.Generic;

namespace Provenance.Cli.CommandLine
{
    /// <summary>
    /// A small hand-rolled parser: the tool's dependency closure stays the core library alone.
    /// Options are declared up front so that a mistyped one is an error, never silently ignored.
    /// Accepts "--name value", "--name=value" and "--" to end options.
    /// </summary>
    internal sealed class ParsedArguments
    {
        private readonly Dictionary<string, List<string>> _values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        private readonly HashSet<string> _flags = new HashSet<string>(StringComparer.Ordinal);

        private ParsedArguments() { }

        public List<string> Positionals { get; } = new List<string>();
        public bool HelpRequested { get; private set; }

        public static ParsedArguments Parse(IReadOnlyList<string> args, ICollection<string> valueOptions, ICollection<string> flagOptions)
        {
            var parsed = new ParsedArguments();
            bool optionsEnded = false;
            for (int i = 0; i < args.Count; i++)
            {
                string arg = args[i];
                if (optionsEnded || !arg.StartsWith("-", StringComparison.Ordinal) || arg == "-")
                {
                    parsed.Positionals.Add(arg);
                    continue;
                }
                if (arg == "--") { optionsEnded = true; continue; }
                if (arg == "-h" || arg == "--help" || arg == "-?") { parsed.HelpRequested = true; continue; }

                string name = arg;
                string? inlineValue = null;
                int equals = arg.IndexOf('=');
                if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
                {
                    name = arg.Substring(0, equals);
                    inlineValue = arg.Substring(equals + 1);
                }

                if (flagOptions.Contains(name))
                {
                    if (inlineValue != null) throw new UsageException($"option '{name}' takes no value");
                    parsed._flags.Add(name);
                }
                else if (valueOptions.Contains(name))
                {
                    string? value = inlineValue;
                    if (value == null)
                    {
                        if (i + 1 >= args.Count) throw new UsageException($"option '{name}' needs a value");
                        value = args[++i];
                    }
                    if (value.Length == 0) throw new UsageException($"option '{name}' needs a non-empty value");
                    if (!parsed._values.TryGetValue(name, out List<string>? list))
                        parsed._values[name] = list = new List<string>();
                    list.Add(value);
                }
                else
                {
                    throw new UsageException($"unknown option '{name}'");
                }
            }
            return parsed;
        }

        public bool HasFlag(string name) => _flags.Contains(name);

        public IReadOnlyList<string> GetAll(string name) =>
            _values.TryGetValue(name, out List<string>? list) ? list : (IReadOnlyList<string>)Array.Empty<string>();

        /// <summary>The option's value; given twice it is an error, because which one wins would be a guess.</summary>
        public string? GetSingle(string name)
        {
            IReadOnlyList<string> all = GetAll(name);
            if (all.Count > 1) throw new UsageException($"option '{name}' given more than once");
            return all.Count == 1 ? all[0] : null;
        }

        public string ExactlyOnePositional(string what)
        {
            if (Positionals.Count == 0) throw new UsageException($"missing {what}");
            if (Positionals.Count > 1) throw new UsageException($"unexpected argument '{Positionals[1]}'");
            return Positionals[0];
        }
    }
}
