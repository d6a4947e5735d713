using System;
using System.Reflection;

namespace Provenance.MSBuild
{
    /// <summary>The version of this package (the informational version without any +commit suffix).</summary>
    internal static class ToolVersion
    {
        public static readonly Lazy<string> Lazy = new Lazy<string>(() =>
        {
            string? version = typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (string.IsNullOrEmpty(version)) return typeof(ToolVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0";
            int plus = version!.IndexOf('+');
            return plus < 0 ? version : version.Substring(0, plus);
        });

        public static string Value => Lazy.Value;
    }
}
