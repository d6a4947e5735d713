using System;

namespace Provenance.Dsse
{
    /// <summary>One DSSE signature. <see cref="KeyId"/> is an unauthenticated hint and never decides trust.</summary>
    public sealed class DsseSignature
    {
        public DsseSignature(byte[] signature, string keyId = "")
        {
            Signature = signature ?? throw new ArgumentNullException(nameof(signature));
            KeyId = keyId ?? throw new ArgumentNullException(nameof(keyId));
        }

        public string KeyId { get; }

        public byte[] Signature { get; }
    }
}
