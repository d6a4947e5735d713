using System;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.X509;
using Provenance.Bundles;
using Provenance.Capture;
using Provenance.Signing;

namespace Provenance.Keyless
{
    /// <summary>
    /// Keyless signing for one build invocation: on first use an ephemeral ECDSA P-256 key, the CI's OIDC token and
    /// one Fulcio certificate, then reused for every bundle until the certificate is about to expire (then renewed
    /// with a fresh token). The MSBuild layer keeps one instance per build in BuildEngine4.RegisterTaskObject under
    /// <see cref="CacheKey"/>, so a 20-project build asks Fulcio once, not 20 times. The private key never leaves
    /// memory. Thread-safe: signing is serialized.
    /// </summary>
    public sealed class KeylessSession : IDisposable
    {
        /// <summary>
        /// A certificate this close to expiry is replaced before signing: a Rekor entry or timestamp made after NotAfter
        /// would prove nothing, and services may be slow.
        /// </summary>
        public static readonly TimeSpan RenewalMargin = TimeSpan.FromMinutes(2);

        private readonly object _lock = new object();
        private readonly SigstoreSigningSettings _settings;
        private readonly SigstoreBundleSigner _signer;
        private readonly FulcioClient _fulcio;
        private CertificateSigner? _current;
        private bool _disposed;

        public KeylessSession(SigstoreSigningSettings settings, ServiceCallCounter? calls = null)
        {
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            Uri fulcio = ServiceUrl.Parse(string.IsNullOrWhiteSpace(settings.FulcioUrl) ? SigstoreSigningSettings.PublicGoodFulcioUrl : settings.FulcioUrl!, "ProvenanceFulcioUrl");
            _signer = new SigstoreBundleSigner(settings, calls ?? new ServiceCallCounter(), keyless: true);
            _fulcio = new FulcioClient(fulcio, _signer.Http);
            FulcioUrl = fulcio;
        }

        public Uri FulcioUrl { get; }
        public ServiceCallCounter Calls => _signer.Calls;

        /// <summary>Tests move the clock; production reads the system time.</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>How many certificates this session obtained (1 for any build shorter than the certificate's life).</summary>
        public int CertificatesIssued { get; private set; }

        /// <summary>The current signing identity (certificate SAN); null before the first signature.</summary>
        public string? Identity => _current?.Identity;

        /// <summary>
        /// The key under which a build shares one session: Fulcio, Rekor and TSA URLs and where the token comes from.
        /// No secret: a token variable's value is named by a SHA-256, so a different token gets a different session.
        /// </summary>
        public static string CacheKey(SigstoreSigningSettings settings)
        {
            string source = OidcTokenSource.Describe(settings);
            string? secret = source.StartsWith("variable:", StringComparison.Ordinal)
                ? settings.GetEnvironmentVariable(source.Substring("variable:".Length))
                : source == "github-actions" ? settings.GetEnvironmentVariable(OidcTokenSource.GitHubRequestTokenVariable) : null;
            string tokenId;
            using (var sha = SHA256.Create()) tokenId = HexEncoding.ToLowerHex(sha.ComputeHash(Encoding.UTF8.GetBytes(secret ?? "")));
            return string.Join("|", "Provenance.Keyless.KeylessSession/1", settings.FulcioUrl ?? "", settings.RekorUrl ?? "",
                settings.TransparencyLog ? "tlog" : "no-tlog", settings.TimestampUrl ?? "", source, tokenId.Substring(0, 16));
        }

        /// <summary>Signs an in-toto statement into a bundle: certificate, Rekor entry and/or timestamp as configured.</summary>
        public SigstoreBundle Sign(byte[] statement)
        {
            lock (_lock)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(KeylessSession));
                return _signer.Sign(statement, CurrentSigner());
            }
        }

        /// <summary>Bundle bytes, ready for AtomicFile.Write.</summary>
        public byte[] CreateBundle(byte[] statement) => Sign(statement).ToUtf8Bytes();

        /// <summary>The certificate signer in use, obtaining or renewing it first when needed (caller holds the lock).</summary>
        private CertificateSigner CurrentSigner()
        {
            DateTimeOffset now = Clock();
            if (_current != null && now + RenewalMargin < _current.NotAfter) return _current;

            OidcToken token = OidcTokenSource.Acquire(_settings, _signer.Http);
            token.RequireUnexpired(now);
            SigningKey key = SigningKey.Generate(KeyAlgorithm.EcdsaP256Sha256);
            FulcioCertificate certificate = _fulcio.RequestCertificate(token, key);
            if (certificate.NotAfter <= now + RenewalMargin)
                throw new ProvenanceException(DiagnosticCodes.FulcioFailed,
                    $"{FulcioClient.ServiceName} at {ServiceUrl.Describe(FulcioUrl)} issued a certificate that expires at {certificate.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, too soon to sign with (is this machine's clock right?).");
            var chain = new X509Certificate[certificate.Chain.Count];
            for (int i = 0; i < chain.Length; i++) chain[i] = new X509Certificate(certificate.Chain[i]);
            // Fulcio's leaf is valid from issuance; a clock a little behind the CA's must not refuse it.
            DateTimeOffset checkAt = now < certificate.NotBefore ? certificate.NotBefore : now;
            try
            {
                _current = CertificateSigner.FromCertificates(chain, key, $"the certificate from {FulcioClient.ServiceName} at {ServiceUrl.Describe(FulcioUrl)}", checkAt);
            }
            catch (ProvenanceException ex)
            {
                throw new ProvenanceException(DiagnosticCodes.FulcioFailed, ex.Message, ex);
            }
            CertificatesIssued++;
            return _current;
        }

        public void Dispose()
        {
            lock (_lock)
            {
                if (_disposed) return;
                _disposed = true;
                _current = null;
                _signer.Dispose();
            }
        }
    }
}
