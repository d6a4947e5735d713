namespace Provenance.Capture
{
    /// <summary>A package in the restore graph, with the SHA-512 content hash NuGet recorded for it.</summary>
    public sealed class RestoredPackage
    {
        public RestoredPackage(string id, string version, string sha512Hex, string? path = null)
        {
            Id = id;
            Version = version;
            Sha512Hex = sha512Hex;
            Path = path;
        }

        public string Id { get; }
        public string Version { get; }

        /// <summary>Lowercase hex of the contentHash in the package's .nupkg.metadata (also in project.assets.json).</summary>
        public string Sha512Hex { get; }

        /// <summary>The package folder relative to the packages root, as the assets file gives it (id/version, lowercase).</summary>
        public string? Path { get; }

        /// <summary>Lowercase hex SHA-256 of the package's provenance statement when this build verified it; null otherwise.</summary>
        public string? VerifiedStatementSha256 { get; set; }

        /// <summary>Hint of the key that signed the verified statement.</summary>
        public string? VerifiedSigner { get; set; }

        /// <summary>pkg:nuget/&lt;id&gt;@&lt;version&gt;</summary>
        public string PackageUrl => "pkg:nuget/" + Id + "@" + Version;
    }
}
