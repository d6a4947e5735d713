using System;
using System.Globalization;
using System.Text;

namespace Provenance.Dsse
{
    /// <summary>
    /// DSSE pre-authentication encoding (https://github.com/secure-systems-lab/dsse/blob/master/protocol.md):
    /// "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths as ASCII decimal byte counts. Signing this, not
    /// the bare payload, binds the payload type into the signature.
    /// </summary>
    public static class Pae
    {
        public const string InTotoPayloadType = "application/vnd.in-toto+json";

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        public static byte[] Encode(string payloadType, byte[] payload)
        {
            if (payloadType == null) throw new ArgumentNullException(nameof(payloadType));
            if (payload == null) throw new ArgumentNullException(nameof(payload));
            byte[] type = StrictUtf8.GetBytes(payloadType);
            byte[] header = Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture,
                "DSSEv1 {0} ", type.Length));
            byte[] middle = Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture,
                " {0} ", payload.Length));

            var result = new byte[header.Length + type.Length + middle.Length + payload.Length];
            int offset = 0;
            foreach (byte[] part in new[] { header, type, middle, payload })
            {
                Buffer.BlockCopy(part, 0, result, offset, part.Length);
                offset += part.Length;
            }
            return result;
        }
    }
}
