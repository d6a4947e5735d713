namespace Provenance.Packages
{
    /// <summary>One file entry of a package: its name as stored in the zip and the SHA-256 of its uncompressed bytes.</summary>
    public sealed class PackageEntry
    {
        public PackageEntry(string name, long length, string sha256Hex)
        {
            Name = name;
            Length = length;
            Sha256Hex = sha256Hex;
        }

        /// <summary>The entry's full name, '/'-separated, exactly as the zip stores it (the subject name).</summary>
        public string Name { get; }

        /// <summary>Uncompressed length in bytes.</summary>
        public long Length { get; }

        public string Sha256Hex { get; }
    }
}
