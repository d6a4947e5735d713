using System;
using Provenance.Keyless;

namespace Provenance.MSBuild
{
    /// <summary>
    /// What turns a statement into bundle bytes for one task: a key, a key with its certificate, or the build's keyless
    /// session; <see cref="Source"/> is what the statement records as internalParameters.signingKeySource. Made by
    /// <see cref="ProvenanceTask.ResolveBundleSigning"/>, so build, publish and pack sign alike.
    /// </summary>
    internal sealed class BundleSigning
    {
        public const string KeylessSource = "keyless";
        public const string CertificateSource = "certificate";

        private readonly Func<byte[], byte[]> _create;
        private readonly Func<string> _describe;

        public BundleSigning(string source, bool isKeyless, Func<byte[], byte[]> create, Func<string> describe)
        {
            Source = source;
            IsKeyless = isKeyless;
            _create = create;
            _describe = describe;
        }

        public string Source { get; }
        public bool IsKeyless { get; }

        /// <summary>The bundle; nothing is written here, so a failed service call leaves no file (callers use AtomicFile).</summary>
        public byte[] CreateBundle(byte[] statement) => _create(statement);

        /// <summary>Who signed, for the log: evaluated after signing, when a keyless identity is known.</summary>
        public string Describe() => _describe();
    }

    /// <summary>
    /// The keyless session of one build in this node (MSBuild's task object registry, build lifetime: disposed when the
    /// build ends), shared by every project and target framework, so that the build asks for one token and one
    /// certificate however many bundles it signs. It remembers a failure to obtain the certificate: a build of 20
    /// projects whose Fulcio refuses fails each project at once with the first answer, instead of asking (and waiting
    /// for a timeout) 20 times.
    /// </summary>
    internal sealed class KeylessBuildSession : IDisposable
    {
        private readonly object _lock = new object();
        private ProvenanceException? _failure;
        private int _certificatesLogged;

        public KeylessBuildSession(KeylessSession session) => Session = session;

        public KeylessSession Session { get; }

        /// <summary>Signs; <paramref name="newCertificate"/> is called (once per certificate) when this bundle needed a new one.</summary>
        public byte[] CreateBundle(byte[] statement, Action<KeylessSession> newCertificate)
        {
            lock (_lock)
            {
                if (_failure != null)
                    throw new ProvenanceException(_failure.Code, _failure.Message + " (Keyless signing failed earlier in this build; not asked again.)", _failure);
            }
            byte[] bundle;
            try
            {
                bundle = Session.CreateBundle(statement);
            }
            catch (ProvenanceException error) when (Session.CertificatesIssued == 0)
            {
                // No token or certificate yet: asking again within this build gets the same answer (or the same timeout).
                lock (_lock) _failure ??= error;
                throw;
            }
            bool report;
            lock (_lock)
            {
                report = Session.CertificatesIssued > _certificatesLogged;
                _certificatesLogged = Session.CertificatesIssued;
            }
            if (report) newCertificate(Session);
            return bundle;
        }

        public void Dispose() => Session.Dispose();
    }
}
