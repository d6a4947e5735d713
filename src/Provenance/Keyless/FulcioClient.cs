using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Provenance.Json;
using Provenance.Signing;

namespace Provenance.Keyless
{
    /// <summary>
    /// Fulcio's v2 API: POST /api/v2/signingCert with the OIDC token, the ephemeral public key and a proof that we hold
    /// its private key (a signature over the token's subject). The answer is a PEM chain, leaf first, whose leaf must
    /// hold our key: a certificate for another key would make every bundle unverifiable, so it is refused here.
    /// </summary>
    internal sealed class FulcioClient
    {
        internal const string ServiceName = "Fulcio";
        private readonly Uri _baseUrl;
        private readonly SigstoreHttp _http;

        public FulcioClient(Uri baseUrl, SigstoreHttp http)
        {
            _baseUrl = baseUrl;
            _http = http;
        }

        public FulcioCertificate RequestCertificate(OidcToken token, SigningKey key)
        {
            Uri uri = ServiceUrl.Endpoint(_baseUrl, "api/v2/signingCert");
            byte[] proof = key.Sign(Encoding.UTF8.GetBytes(token.ProofOfPossessionChallenge));
            var request = new JsonObject()
                .Add("credentials", new JsonObject().Add("oidcIdentityToken", token.Value))
                .Add("publicKeyRequest", new JsonObject()
                    .Add("publicKey", new JsonObject().Add("algorithm", "ECDSA").Add("content", key.PublicKey.ToPem()))
                    .Add("proofOfPossession", Convert.ToBase64String(proof)));
            HttpAnswer answer = _http.Send(SigstoreService.Fulcio, DiagnosticCodes.FulcioFailed, ServiceName, HttpMethod.Post, uri,
                JsonWriter.ToUtf8Bytes(request), "application/json", "application/json", null, token.Value);

            if (answer.Status == 401 || answer.Status == 403)
                throw new ProvenanceException(DiagnosticCodes.OidcTokenInvalid,
                    $"{ServiceName} at {ServiceUrl.Describe(uri)} refused the OIDC token from {token.Source} (HTTP {answer.Status}: " +
                    $"{SigstoreHttp.Excerpt(answer.Body, token.Value)}); it may have expired, have another audience than '{OidcTokenSource.Audience}', or come from an issuer this Fulcio does not accept.");
            if (!answer.IsSuccess)
                throw Fail(uri, $"refused the certificate request (HTTP {answer.Status}: {SigstoreHttp.Excerpt(answer.Body, token.Value)})");
            return ReadAnswer(uri, answer.Body, key.PublicKey);
        }

        private static FulcioCertificate ReadAnswer(Uri uri, byte[] body, VerificationKey expectedKey)
        {
            JsonObject? json;
            try { json = JsonReader.ParseLenient(body) as JsonObject; }
            catch (FormatException ex) { throw Fail(uri, "answered with invalid JSON: " + ex.Message); }
            if (json == null) throw Fail(uri, "answered with something other than a JSON object");

            bool embedded = json.ContainsKey("signedCertificateEmbeddedSct");
            JsonObject? signed = json.GetObject(embedded ? "signedCertificateEmbeddedSct" : "signedCertificateDetachedSct");
            JsonArray? pems = signed?.GetObject("chain")?.GetArray("certificates");
            if (pems == null || pems.Count == 0)
                throw Fail(uri, "answered without signedCertificateEmbeddedSct.chain.certificates or signedCertificateDetachedSct.chain.certificates");

            var chain = new List<X509Certificate>();
            foreach (JsonValue pem in pems.Items)
            {
                IReadOnlyList<X509Certificate> parsed;
                try { parsed = CertificateChain.ReadPem(pem.AsString() ?? ""); }
                catch (FormatException ex) { throw Fail(uri, "answered with a certificate that cannot be read: " + ex.Message); }
                chain.AddRange(parsed);
            }
            if (chain.Count == 0) throw Fail(uri, "answered with an empty certificate chain");
            X509Certificate leaf = chain[0];
            if (!CertificateChain.HoldsKey(leaf, expectedKey))
                throw Fail(uri, "issued a certificate for another public key than the one it was asked to certify");
            return new FulcioCertificate(chain.Select(c => c.GetEncoded()).ToList(),
                new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                embedded, CertificateChain.SubjectAlternativeName(leaf) ?? leaf.SubjectDN.ToString());
        }

        private static ProvenanceException Fail(Uri uri, string what) => SigstoreHttp.Failure(DiagnosticCodes.FulcioFailed, ServiceName, uri, what);
    }
}
