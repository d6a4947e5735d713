using System;
using System.IO;
using System.Xml;

namespace Provenance.Packages
{
    /// <summary>The id and version a nuspec declares (metadata/id, metadata/version), read without DTDs or resolvers.</summary>
    internal static class NuspecIdentity
    {
        public const int MaxBytes = 4 * 1024 * 1024;

        /// <summary>Null values when the element is missing; throws <see cref="XmlException"/> on malformed XML.</summary>
        public static (string? Id, string? Version) Read(byte[] nuspec)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            string? id = null, version = null;
            using (var reader = XmlReader.Create(new MemoryStream(nuspec), settings))
            {
                while (reader.Read())
                {
                    // package/metadata/{id,version}: depth 2 below the root element.
                    if (reader.NodeType != XmlNodeType.Element || reader.Depth != 2) continue;
                    if (reader.LocalName == "id" && id == null) id = reader.ReadElementContentAsString().Trim();
                    else if (reader.LocalName == "version" && version == null) version = reader.ReadElementContentAsString().Trim();
                }
            }
            return (id, version);
        }

        /// <summary>
        /// NuGet's normalized form, as the folder name uses it: lowercase, build metadata dropped, a fourth part of 0
        /// dropped, leading zeros of numeric parts dropped (1.02.0.0 -> 1.2.0).
        /// </summary>
        public static string NormalizeVersion(string version)
        {
            string text = version.Trim();
            int plus = text.IndexOf('+');
            if (plus >= 0) text = text.Substring(0, plus);
            int dash = text.IndexOf('-');
            string release = dash >= 0 ? text.Substring(0, dash) : text;
            string suffix = dash >= 0 ? text.Substring(dash) : "";
            string[] parts = release.Split('.');
            for (int i = 0; i < parts.Length; i++)
                if (long.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long number))
                    parts[i] = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (parts.Length == 4 && parts[3] == "0") Array.Resize(ref parts, 3);
            while (parts.Length < 3) { Array.Resize(ref parts, parts.Length + 1); parts[parts.Length - 1] = "0"; }
            return (string.Join(".", parts) + suffix).ToLowerInvariant();
        }
    }
}
