using System;

namespace Provenance.Packages
{
    /// <summary>A package as restore left it: &lt;packages root&gt;/&lt;id lowercase&gt;/&lt;version lowercase&gt;/.</summary>
    public sealed class RestoredPackageFolder
    {
        public RestoredPackageFolder(string id, string version, string folderPath)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Version = version ?? throw new ArgumentNullException(nameof(version));
            FolderPath = folderPath ?? throw new ArgumentNullException(nameof(folderPath));
        }

        public string Id { get; }

        /// <summary>The normalized version, as the assets file and the folder name give it.</summary>
        public string Version { get; }
        public string FolderPath { get; }

        public string DisplayName => Id + " " + Version;
    }
}
