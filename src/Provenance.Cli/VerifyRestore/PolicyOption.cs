using System;
using Provenance.Cli.CommandLine;
using Provenance.Packages;

namespace Provenance.Cli.VerifyRestore
{
    /// <summary>
    /// --policy "&lt;pattern&gt;[;require=true|false][;source=&lt;url&gt;][;severity=error|warning|none][;allowDevelopmentKey=true]
    /// [;trustedKeys=&lt;file or hint&gt;[,...]]": one ProvenancePolicy item on the command line. Values are checked
    /// by ProvenancePolicy.Create like the project's items; an unknown or repeated setting is a usage error.
    /// </summary>
    internal static class PolicyOption
    {
        public static ProvenancePolicyItem Parse(string value)
        {
            string[] parts = value.Split(';');
            string pattern = parts[0].Trim();
            if (pattern.Length == 0) throw new UsageException($"--policy \"{value}\" has no package pattern");
            var item = new ProvenancePolicyItem(pattern);
            for (int i = 1; i < parts.Length; i++)
            {
                string part = parts[i].Trim();
                if (part.Length == 0) continue;
                int equals = part.IndexOf('=');
                if (equals <= 0) throw new UsageException($"--policy \"{value}\": '{part}' is not name=value");
                string name = part.Substring(0, equals).Trim();
                string setting = part.Substring(equals + 1).Trim();
                switch (name.ToLowerInvariant())
                {
                    case "require": item.Require = Once(item.Require, setting, name, value); break;
                    case "source":
                    case "sourcerepository": item.SourceRepository = Once(item.SourceRepository, setting, name, value); break;
                    case "severity": item.Severity = Once(item.Severity, setting, name, value); break;
                    case "allowdevelopmentkey": item.AllowDevelopmentKey = Once(item.AllowDevelopmentKey, setting, name, value); break;
                    case "trustedkeys": item.TrustedKeys = Once(item.TrustedKeys, setting.Replace(',', ';'), name, value); break;
                    default:
                        throw new UsageException($"--policy \"{value}\": unknown setting '{name}' (require, source, severity, allowDevelopmentKey, trustedKeys)");
                }
            }
            return item;
        }

        private static string Once(string? existing, string setting, string name, string value)
        {
            if (existing != null) throw new UsageException($"--policy \"{value}\": '{name}' given more than once");
            if (setting.Length == 0) throw new UsageException($"--policy \"{value}\": '{name}' needs a value");
            return setting;
        }

        /// <summary>The pattern as ProvenancePolicy compares it: a command-line item replaces the project's item with the same Include.</summary>
        public static string Key(ProvenancePolicyItem item) => (item.Include ?? "").Trim().ToUpperInvariant();
    }
}
