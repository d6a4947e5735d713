using System;
using System.Collections.Generic;
using System.Text;
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Keyless
{
    /// <summary>
    /// Signs a statement into a Sigstore bundle with any signer: a key (bundle names its hint), or a
    /// <see cref="CertificateSigner"/> (bundle carries the leaf), then adds what the settings ask for: a Rekor entry
    /// (<see cref="SigstoreSigningSettings.RekorUrl"/>) and an RFC 3161 timestamp
    /// (<see cref="SigstoreSigningSettings.TimestampUrl"/>). Both countersign the one DSSE signature, so a failure of
    /// either fails the whole bundle: nothing is returned half-made, and callers write the bytes with AtomicFile.
    /// Thread-safe; one instance (and its HTTP connections) may serve a whole build.
    /// </summary>
    public sealed class SigstoreBundleSigner : IDisposable
    {
        private readonly SigstoreHttp _http;
        private readonly RekorClient? _rekor;
        private readonly TimestampClient? _timestamp;

        public SigstoreBundleSigner(SigstoreSigningSettings settings, ServiceCallCounter? calls = null)
            : this(settings, calls ?? new ServiceCallCounter(), keyless: false)
        {
        }

        internal SigstoreBundleSigner(SigstoreSigningSettings settings, ServiceCallCounter calls, bool keyless)
        {
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            Uri? rekor = null, timestamp = null;
            if (!string.IsNullOrWhiteSpace(settings.RekorUrl)) rekor = ServiceUrl.Parse(settings.RekorUrl!, "ProvenanceRekorUrl");
            else if (keyless && settings.TransparencyLog) rekor = new Uri(SigstoreSigningSettings.PublicGoodRekorUrl + "/");
            if (!settings.TransparencyLog) rekor = null;
            if (!string.IsNullOrWhiteSpace(settings.TimestampUrl)) timestamp = ServiceUrl.Parse(settings.TimestampUrl!, "ProvenanceTimestampUrl", allowHttp: true);
            // A keyless certificate lives minutes; without a log entry or a timestamp nobody can show the signature was
            // made while it was valid, and every verifier would refuse the bundle.
            if (keyless && rekor == null && timestamp == null)
                throw new ProvenanceException(DiagnosticCodes.SigstoreServiceUrlInvalid,
                    "Keyless signing needs a transparency log (ProvenanceRekorUrl) or a timestamp authority (ProvenanceTimestampUrl): " +
                    "its certificate expires within minutes, and only they prove the signature was made while it was valid.");

            Calls = calls;
            _http = new SigstoreHttp(settings.HttpHandler, settings.Timeout, calls);
            if (rekor != null) _rekor = new RekorClient(rekor, _http);
            if (timestamp != null) _timestamp = new TimestampClient(TimestampClient.EndpointFor(timestamp), _http);
        }

        public ServiceCallCounter Calls { get; }

        internal SigstoreHttp Http => _http;

        public bool UsesTransparencyLog => _rekor != null;
        public bool UsesTimestampAuthority => _timestamp != null;

        /// <summary>The bundle for an in-toto statement (payload type application/vnd.in-toto+json).</summary>
        public SigstoreBundle Sign(byte[] statement, ISigner signer) => Sign(Pae.InTotoPayloadType, statement, signer);

        public SigstoreBundle Sign(string payloadType, byte[] payload, ISigner signer)
        {
            if (signer == null) throw new ArgumentNullException(nameof(signer));
            DsseEnvelope envelope = DsseEnvelope.Sign(payloadType, payload, signer);
            var certificate = signer as CertificateSigner;
            SigstoreBundle bundle = certificate != null
                ? SigstoreBundle.ForCertificate(envelope, certificate.Leaf)
                : SigstoreBundle.ForPublicKey(envelope, signer.PublicKey);

            var entries = new List<JsonObject>();
            var timestamps = new List<byte[]>();
            if (_rekor != null)
            {
                string verifier = certificate != null ? PemBlock.Write("CERTIFICATE", certificate.Leaf) : signer.PublicKey.ToPem();
                entries.Add(_rekor.Upload(envelope, verifier));
            }
            if (_timestamp != null) timestamps.Add(_timestamp.Timestamp(envelope.Signatures[0].Signature));
            return bundle.WithTransparency(entries, timestamps);
        }

        /// <summary>Bundle bytes, ready for AtomicFile.Write.</summary>
        public byte[] CreateBundle(byte[] statement, ISigner signer) => Sign(statement, signer).ToUtf8Bytes();

        public void Dispose() => _http.Dispose();
    }
}
