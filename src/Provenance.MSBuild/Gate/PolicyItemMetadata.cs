using Microsoft.Build.Framework;
using Provenance.Packages;

namespace Provenance.MSBuild.Gate
{
    internal static class PolicyItemMetadata
    {
        public static ProvenancePolicyItem ToPolicyItem(ITaskItem item) => new ProvenancePolicyItem(item.ItemSpec)
        {
            Require = Metadata(item, "Require"),
            SourceRepository = Metadata(item, "SourceRepository"),
            Severity = Metadata(item, "Severity"),
            AllowDevelopmentKey = Metadata(item, "AllowDevelopmentKey"),
            TrustedKeys = Metadata(item, "TrustedKeys"),
        };

        private static string? Metadata(ITaskItem item, string name)
        {
            string value = item.GetMetadata(name);
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }
}
