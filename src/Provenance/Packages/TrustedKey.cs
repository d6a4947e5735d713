using System;
using System.Collections.Generic;
using System.IO;
using Provenance.Signing;

namespace Provenance.Packages
{
    /// <summary>A public key the consumer trusts, with the file it came from (ProvenanceTrustedKey items).</summary>
    public sealed class TrustedKey
    {
        public TrustedKey(VerificationKey key, string? path)
        {
            Key = key ?? throw new ArgumentNullException(nameof(key));
            Path = path;
        }

        public VerificationKey Key { get; }

        /// <summary>Full path of the key file; null for a key given in code.</summary>
        public string? Path { get; }

        /// <summary>Reads SPKI PEM files. A missing, unreadable or non-public key is PROV3003 naming the item.</summary>
        public static IReadOnlyList<TrustedKey> LoadFiles(IEnumerable<string> paths)
        {
            if (paths == null) throw new ArgumentNullException(nameof(paths));
            var keys = new List<TrustedKey>();
            foreach (string path in paths)
            {
                string description = $"ProvenanceTrustedKey '{path}'";
                string fullPath;
                string pem;
                try
                {
                    fullPath = System.IO.Path.GetFullPath(path);
                    if (new FileInfo(fullPath).Length > 64 * 1024) throw new IOException("the file is larger than 64 KiB: not a public key");
                    pem = File.ReadAllText(fullPath);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
                {
                    throw new ProvenanceException(DiagnosticCodes.TrustedKeyInvalid, $"Cannot read {description}: {e.Message}", e);
                }
                keys.Add(new TrustedKey(VerificationKey.FromPem(pem, description), fullPath));
            }
            return keys;
        }
    }
}
