using System.IO;
using System.IO.Compression;
using System.Text;

namespace Provenance.MSBuild.Tests.Infrastructure
{
    public static class BinaryLog
    {
        /// <summary>
        /// A binary log is a gzip stream in which strings are stored as UTF-8: decompressed and read as text, any
        /// property value, item, message or environment variable it recorded can be searched for.
        /// </summary>
        public static string ReadAsText(string path)
        {
            using FileStream file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            gzip.CopyTo(buffer);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
