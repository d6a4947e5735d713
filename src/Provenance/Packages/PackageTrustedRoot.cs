using System;
using System.IO;
using Provenance.Sigstore;
using Provenance.Verification;

namespace Provenance.Packages
{
    /// <summary>
    /// The Sigstore trusted root certificate-signed packages are verified against (ProvenanceTrustedRoot; by default the
    /// embedded public-good root), with the digest of its bytes: the verification cache and the gate state key on it, so
    /// replacing the root re-judges every package.
    /// </summary>
    public sealed class PackageTrustedRoot
    {
        private const string PublicGoodResource = "Provenance.Sigstore.Resources.public-good-trusted_root.json";
        private static readonly Lazy<PackageTrustedRoot> LazyPublicGood = new Lazy<PackageTrustedRoot>(LoadPublicGood);

        private PackageTrustedRoot(TrustedRoot root, string sha256, string source)
        {
            Root = root;
            Sha256 = sha256;
            Source = source;
        }

        public TrustedRoot Root { get; }

        /// <summary>Lowercase hex SHA-256 of the trusted root's bytes.</summary>
        public string Sha256 { get; }

        /// <summary>The file it was read from, or "the Sigstore public-good trusted root".</summary>
        public string Source { get; }

        public static PackageTrustedRoot PublicGood => LazyPublicGood.Value;

        /// <summary>Reads a trusted_root.json. Unreadable or malformed is PROV3003 naming the file: trust material, like a trusted key.</summary>
        public static PackageTrustedRoot Load(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            string full;
            byte[] bytes;
            try
            {
                full = Path.GetFullPath(path);
                if (new FileInfo(full).Length > TrustedRoot.MaxBytes) throw new IOException($"the file is larger than {TrustedRoot.MaxBytes} bytes");
                bytes = File.ReadAllBytes(full);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw new ProvenanceException(DiagnosticCodes.TrustedKeyInvalid, $"Cannot read the ProvenanceTrustedRoot '{path}': {e.Message}", e);
            }
            return Parse(bytes, full);
        }

        /// <summary>A trusted root from bytes; <paramref name="source"/> names it in errors and messages.</summary>
        public static PackageTrustedRoot Parse(byte[] bytes, string source)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            try
            {
                return new PackageTrustedRoot(TrustedRoot.Parse(bytes), FileDigests.Sha256Hex(bytes), source);
            }
            catch (VerificationException e)
            {
                throw new ProvenanceException(DiagnosticCodes.TrustedKeyInvalid, $"The ProvenanceTrustedRoot '{source}' is not a Sigstore trusted root: {e.Message}", e);
            }
        }

        /// <summary>
        /// The evidence demanded follows from what the root can vouch for: an SCT when it names CT logs (Fulcio), a proven
        /// signing time when it names a transparency log or a timestamp authority. A company CA's root names neither, so its
        /// (long-lived) certificates are checked at the current time, as any X.509 signature without a timestamp is.
        /// </summary>
        internal SigstoreVerifierOptions VerifierOptions() => new SigstoreVerifierOptions
        {
            SctThreshold = Root.CtLogs.Count > 0 ? 1 : 0,
            ObserverTimestampThreshold = Root.TransparencyLogs.Count > 0 || Root.TimestampAuthorities.Count > 0 ? 1 : 0,
        };

        private static PackageTrustedRoot LoadPublicGood()
        {
            using (Stream? stream = typeof(TrustedRoot).Assembly.GetManifestResourceStream(PublicGoodResource))
            {
                if (stream == null) throw new InvalidOperationException($"The embedded resource {PublicGoodResource} is missing from the build.");
                using (var memory = new MemoryStream())
                {
                    stream.CopyTo(memory);
                    return new PackageTrustedRoot(TrustedRoot.PublicGood, FileDigests.Sha256Hex(memory.ToArray()), "the Sigstore public-good trusted root");
                }
            }
        }
    }
}
