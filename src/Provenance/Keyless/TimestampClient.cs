using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;

namespace Provenance.Keyless
{
    /// <summary>
    /// RFC 3161: POST &lt;tsa&gt;/api/v1/timestamp with a DER TimeStampReq over SHA-256 of the DSSE signature bytes
    /// (what Sigstore verifiers hash), asking for the TSA's certificate and binding the answer with a nonce. The answer
    /// is checked against the request (status granted, same imprint, same nonce, certificate present) before it goes in
    /// the bundle; whether the TSA is trusted is the verifier's call.
    /// </summary>
    internal sealed class TimestampClient
    {
        internal const string ServiceName = "The timestamp authority";

        /// <summary>
        /// Nonce size: 53 bits is ample to tie one answer to one request within seconds, and stays exact in TSAs that
        /// hold the nonce in a double (JavaScript, as Sigstore's mock TSA does); a longer nonce is echoed wrong there.
        /// </summary>
        private const int NonceBits = 53;

        private static readonly SecureRandom Random = new SecureRandom();
        private readonly Uri _endpoint;
        private readonly SigstoreHttp _http;

        /// <param name="endpoint">The full timestamp URL; a base URL gets /api/v1/timestamp (Sigstore's TSA) appended.</param>
        public TimestampClient(Uri endpoint, SigstoreHttp http)
        {
            _endpoint = endpoint;
            _http = http;
        }

        /// <summary>Sigstore's TSA path below a base URL; a URL that already names a path (another vendor's TSA) is used as is.</summary>
        public static Uri EndpointFor(Uri baseUrl) =>
            baseUrl.AbsolutePath == "/" ? ServiceUrl.Endpoint(baseUrl, "api/v1/timestamp") : new Uri(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/'));

        /// <summary>The DER TimeStampResp over SHA-256(<paramref name="signature"/>), as the bundle's signedTimestamp holds it.</summary>
        public byte[] Timestamp(byte[] signature)
        {
            byte[] digest;
            using (var sha = SHA256.Create()) digest = sha.ComputeHash(signature);
            var generator = new TimeStampRequestGenerator();
            generator.SetCertReq(true);
            TimeStampRequest request = generator.Generate(TspAlgorithms.Sha256, digest, new BigInteger(NonceBits, Random).Add(BigInteger.One));

            HttpAnswer answer = _http.Send(SigstoreService.Timestamp, DiagnosticCodes.TimestampFailed, ServiceName, HttpMethod.Post, _endpoint,
                request.GetEncoded(), "application/timestamp-query", "application/timestamp-reply");
            if (!answer.IsSuccess)
                throw Fail($"refused the request (HTTP {answer.Status}: {SigstoreHttp.Excerpt(answer.Body)})");

            TimeStampResponse response;
            try { response = new TimeStampResponse(answer.Body); }
            catch (Exception ex) when (ex is TspException || ex is IOException || ex is ArgumentException || ex is InvalidCastException)
            {
                throw Fail("answered with something that is not an RFC 3161 TimeStampResp");
            }
            if (response.Status != 0 && response.Status != 1)
                throw Fail($"refused the request (PKIStatus {response.Status}: {response.GetStatusString() ?? "no reason given"})");
            try
            {
                response.Validate(request);
            }
            catch (TspException ex)
            {
                throw Fail("answered with a timestamp that does not match the request: " + ex.Message.TrimEnd('.'), ex);
            }
            if (response.TimeStampToken == null) throw Fail("answered without a TimeStampToken");
            // The bundle's signedTimestamp is the whole DER TimeStampResp (Sigstore's protobuf spec; sigstore-js reads
            // nothing else), so the TSA's answer is kept as it came, after the checks above.
            return answer.Body;
        }

        private ProvenanceException Fail(string what, Exception? inner = null) =>
            SigstoreHttp.Failure(DiagnosticCodes.TimestampFailed, ServiceName, _endpoint, what, inner);
    }
}
