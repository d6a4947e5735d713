using System.Threading;

namespace Provenance.Keyless
{
    /// <summary>
    /// How many requests each Sigstore service received, so a build can report what signing cost it ("a 20-project
    /// build makes N calls"). Thread-safe: one counter may serve every project of a build.
    /// </summary>
    public sealed class ServiceCallCounter
    {
        private int _oidc, _fulcio, _rekor, _timestamp;

        public int OidcToken => Volatile.Read(ref _oidc);
        public int Fulcio => Volatile.Read(ref _fulcio);
        public int Rekor => Volatile.Read(ref _rekor);
        public int Timestamp => Volatile.Read(ref _timestamp);
        public int Total => OidcToken + Fulcio + Rekor + Timestamp;

        internal void Count(SigstoreService service)
        {
            switch (service)
            {
                case SigstoreService.OidcToken: Interlocked.Increment(ref _oidc); break;
                case SigstoreService.Fulcio: Interlocked.Increment(ref _fulcio); break;
                case SigstoreService.Rekor: Interlocked.Increment(ref _rekor); break;
                case SigstoreService.Timestamp: Interlocked.Increment(ref _timestamp); break;
            }
        }

        public override string ToString() =>
            $"{Total} Sigstore service calls (OIDC token {OidcToken}, Fulcio {Fulcio}, Rekor {Rekor}, timestamp authority {Timestamp})";
    }

    internal enum SigstoreService { OidcToken, Fulcio, Rekor, Timestamp }
}
