using System;
using System.IO;
using System.Text;
using System.Xml;

namespace Provenance.Packages
{
    /// <summary>
    /// The OPC part list of a package, [Content_Types].xml. NuGet writes one Default per file extension it packed;
    /// an entry we add needs a Default for its extension too, or OPC readers (System.IO.Packaging, older NuGet)
    /// reject the package. The file is edited textually so that everything else in it keeps its exact bytes.
    /// </summary>
    internal static class ContentTypes
    {
        public const string EntryName = "[Content_Types].xml";
        public const int MaxBytes = 1024 * 1024;

        // What NuGet's PackageBuilder writes for every extension that is not OPC's own.
        private const string NuGetContentType = "application/octet";
        private const string ClosingTag = "</Types>";

        /// <summary>The file with a Default for <paramref name="extension"/> added, or null when it already has one.</summary>
        public static byte[]? WithDefault(byte[] xml, string extension, string packageDescription)
        {
            if (HasDefault(xml, extension, packageDescription)) return null;

            bool bom = xml.Length >= 3 && xml[0] == 0xEF && xml[1] == 0xBB && xml[2] == 0xBF;
            string text = new UTF8Encoding(false, true).GetString(xml, bom ? 3 : 0, xml.Length - (bom ? 3 : 0));
            int close = text.LastIndexOf(ClosingTag, StringComparison.Ordinal);
            if (close < 0)
                throw PackageArchiveScanner.Unreadable(packageDescription, $"its {EntryName} has no {ClosingTag} to add the '{extension}' content type to");
            string newline = text.IndexOf("\r\n", StringComparison.Ordinal) >= 0 ? "\r\n" : "\n";
            bool ownLine = close > 0 && (text[close - 1] == '\n');
            string element = "<Default Extension=\"" + extension + "\" ContentType=\"" + NuGetContentType + "\" />";
            string inserted = ownLine ? "  " + element + newline : element;
            string result = text.Substring(0, close) + inserted + text.Substring(close);

            byte[] body = new UTF8Encoding(false).GetBytes(result);
            if (!bom) return body;
            var withBom = new byte[body.Length + 3];
            withBom[0] = 0xEF; withBom[1] = 0xBB; withBom[2] = 0xBF;
            Buffer.BlockCopy(body, 0, withBom, 3, body.Length);
            return withBom;
        }

        /// <summary>OPC compares extensions ignoring case.</summary>
        public static bool HasDefault(byte[] xml, string extension, string packageDescription)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            try
            {
                using (var reader = XmlReader.Create(new MemoryStream(xml), settings))
                {
                    while (reader.Read())
                    {
                        if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Default" &&
                            string.Equals(reader.GetAttribute("Extension"), extension, StringComparison.OrdinalIgnoreCase))
                            return true;
                    }
                }
            }
            catch (XmlException e)
            {
                throw PackageArchiveScanner.Unreadable(packageDescription, $"its {EntryName} is not valid XML: {e.Message}", e);
            }
            return false;
        }
    }
}
