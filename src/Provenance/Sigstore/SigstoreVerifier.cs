using System;
using System.Collections.Generic;
using System.Linq;
using Org.BouncyCastle.X509;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Verification;

namespace Provenance.Sigstore
{
    /// <summary>
    /// Verifies Sigstore bundles of every version and kind against trusted material (a <see cref="TrustedRoot"/>), with
    /// <see cref="SigstoreVerifierOptions"/> for how much evidence is needed and a <see cref="SigstorePolicy"/> for who
    /// must have signed — sigstore-go's pkg/verify split. Order: signer material, the signature over the content and the
    /// artifact, every log entry and timestamp, thresholds, the certificate at every proven signing time, its SCTs, and
    /// last the identity. Every failure is a <see cref="VerificationException"/>.
    /// </summary>
    public sealed class SigstoreVerifier
    {
        private readonly TrustedRoot _root;
        private readonly SigstoreVerifierOptions _options;

        public SigstoreVerifier(TrustedRoot trustedRoot, SigstoreVerifierOptions? options = null)
        {
            _root = trustedRoot ?? throw new ArgumentNullException(nameof(trustedRoot));
            _options = options ?? SigstoreVerifierOptions.Default;
            if (_options.TransparencyLogThreshold < 0 || _options.ObserverTimestampThreshold < 0 || _options.SctThreshold < 0)
                throw new ArgumentException("Thresholds cannot be negative.", nameof(options));
        }

        public SigstoreVerificationResult Verify(SigstoreBundleDocument bundle, SigstoreArtifact artifact, SigstorePolicy policy)
        {
            if (bundle == null) throw new ArgumentNullException(nameof(bundle));
            if (artifact == null) throw new ArgumentNullException(nameof(artifact));
            if (policy == null) throw new ArgumentNullException(nameof(policy));

            // 1. Who signed: a leaf certificate, or one of the policy's keys.
            X509Certificate? leaf = null;
            SignerMaterial signer;
            byte[]? policyKey = null;
            if (bundle.HasPublicKey)
            {
                if (policy.PublicKeys.Count == 0)
                    throw new VerificationException(VerificationFailureReason.UntrustedSigner,
                        "The bundle is signed with a public key, but the policy names a certificate identity and no key.");
                (signer, policyKey) = FindKey(bundle, artifact, policy);
            }
            else
            {
                if (policy.Identity == null)
                    throw new VerificationException(VerificationFailureReason.UntrustedSigner,
                        "The bundle is signed with a certificate, but the policy names only public keys.");
                leaf = ReadLeaf(bundle);
                SigstoreKey key = SigstoreKey.TryFromCertificate(leaf)
                    ?? throw new VerificationException(VerificationFailureReason.UntrustedCertificate, "The signing certificate holds an unsupported public key.");
                signer = new SignerMaterial(bundle.Certificates[0], key);
                VerifyContent(bundle, artifact, key);
            }

            // 2. The content against the artifact (hashedrekord digest; DSSE statement subjects).
            VerifiedStatement? statement = CheckArtifact(bundle, artifact, signer.Key);

            // 3. Every log entry and every timestamp must verify; the proven times are the evidence.
            var times = new List<VerifiedTimestamp>();
            var unsignedTimeLogs = new List<TransparencyLogInstance>();
            var timedEntries = new HashSet<string>(StringComparer.Ordinal);
            foreach (TransparencyLogEntry entry in bundle.TlogEntries)
            {
                DateTimeOffset? integrated = TransparencyLogVerifier.Verify(entry, bundle, signer, _root, out TransparencyLogInstance log);
                if (integrated.HasValue)
                {
                    times.Add(new VerifiedTimestamp("tlog", integrated.Value, log.BaseUrl));
                    timedEntries.Add(Convert.ToBase64String(entry.LogId) + "/" + entry.LogIndex);
                }
                else unsignedTimeLogs.Add(log);
            }
            var rfc3161 = new List<VerifiedTimestamp>();
            foreach (byte[] timestamp in bundle.Rfc3161Timestamps)
            {
                DateTimeOffset time = TimestampVerifier.Verify(timestamp, bundle.Signature, _root, out CertificateAuthority tsa);
                rfc3161.Add(new VerifiedTimestamp("rfc3161", time, tsa.Uri));
            }
            // A Rekor v2 entry has no time of its own: its log key must have been valid when the timestamps say it signed.
            foreach (TransparencyLogInstance log in unsignedTimeLogs)
                foreach (VerifiedTimestamp t in rfc3161)
                    if (!TimeRange.Includes(log.ValidFor, t.Time))
                        throw new VerificationException(VerificationFailureReason.TransparencyLogInvalid,
                            $"The transparency log {log.BaseUrl} was not trusted at {t.Time:u} ({log.ValidFor}), when the bundle was timestamped.");
            times.AddRange(rfc3161);

            // 4. Thresholds, counting an entry (log, index) or a timestamp (its bytes) once however often the bundle repeats it.
            int distinctEntries = bundle.TlogEntries.Select(e => Convert.ToBase64String(e.LogId) + "/" + e.LogIndex).Distinct().Count();
            int distinctTimestamps = bundle.Rfc3161Timestamps.Select(Convert.ToBase64String).Distinct().Count();
            if (distinctEntries < _options.TransparencyLogThreshold)
                throw new VerificationException(VerificationFailureReason.InsufficientEvidence,
                    $"The bundle has {distinctEntries} verified transparency-log entries; {_options.TransparencyLogThreshold} are required.");
            int distinctTimes = timedEntries.Count + distinctTimestamps;
            if (leaf != null && distinctTimes < _options.ObserverTimestampThreshold)
                throw new VerificationException(VerificationFailureReason.InsufficientEvidence,
                    $"The bundle proves {distinctTimes} signing times (signed entry timestamps or RFC 3161 timestamps); {_options.ObserverTimestampThreshold} " +
                    "are required to check its certificate.");

            // 5. The certificate at every proven time, then its SCTs and identity.
            CertificateIdentity? identity = null;
            int scts = 0;
            if (leaf != null)
            {
                IEnumerable<DateTimeOffset> checkTimes = times.Count > 0 ? times.Select(t => t.Time) : new[] { _options.CurrentTime ?? DateTimeOffset.UtcNow };
                X509Certificate? issuer = null;
                foreach (DateTimeOffset time in checkTimes)
                    issuer = VerifyCertificateAt(leaf, time);
                scts = VerifyScts(leaf, issuer!);
                identity = CertificateIdentity.TryRead(leaf, bundle.Certificates[0], out string why)
                    ?? throw new VerificationException(VerificationFailureReason.UntrustedCertificate, $"The signing certificate cannot be read: {why}.");
                string? mismatch = policy.Identity!.Mismatch(identity);
                if (mismatch != null)
                    throw new VerificationException(VerificationFailureReason.UntrustedSigner, $"The bundle is not signed by the expected identity: {mismatch}.");
            }

            return new SigstoreVerificationResult(identity, policyKey, bundle.DsseEnvelope?.PayloadType, bundle.DsseEnvelope?.Payload,
                statement, times, distinctEntries, scts);
        }

        /// <summary>Convenience: parse and verify.</summary>
        public SigstoreVerificationResult Verify(byte[] bundleBytes, SigstoreArtifact artifact, SigstorePolicy policy) =>
            Verify(SigstoreBundleDocument.Parse(bundleBytes), artifact, policy);

        private static X509Certificate ReadLeaf(SigstoreBundleDocument bundle)
        {
            var parsed = new List<X509Certificate>();
            foreach (byte[] der in bundle.Certificates)
                parsed.Add(Certificates.TryParse(der) ?? throw new VerificationException(VerificationFailureReason.Malformed,
                    "Malformed Sigstore bundle: a certificate of its verification material is not DER X.509."));
            // The trusted root supplies the chain; a bundle that ships a root of its own is trying to choose its anchor.
            if (parsed.Any(Certificates.IsSelfSigned))
                throw new VerificationException(VerificationFailureReason.UntrustedCertificate,
                    "The bundle's certificate chain contains a self-signed (root) certificate; roots come only from the trusted root.");
            X509Certificate leaf = parsed[0];
            if (leaf.GetBasicConstraints() >= 0)
                throw new VerificationException(VerificationFailureReason.UntrustedCertificate, "The signing certificate is a CA certificate.");
            if (!Certificates.AllowsCodeSigning(leaf, leaf: true))
                throw new VerificationException(VerificationFailureReason.UntrustedCertificate, "The signing certificate does not allow code signing.");
            if (leaf.GetKeyUsage() is bool[] usage && !usage[0])
                throw new VerificationException(VerificationFailureReason.UntrustedCertificate, "The signing certificate does not allow digital signatures.");
            return leaf;
        }

        /// <summary>The first policy key the content verifies with; the hint only orders the tries.</summary>
        private (SignerMaterial, byte[]) FindKey(SigstoreBundleDocument bundle, SigstoreArtifact artifact, SigstorePolicy policy)
        {
            var keys = new List<(byte[] Der, SigstoreKey Key)>();
            foreach (byte[] der in policy.PublicKeys)
                if (SigstoreKey.TryFromSubjectPublicKeyInfo(der) is SigstoreKey key) keys.Add((der, key));
            string? hint = bundle.PublicKeyHint;
            foreach (var (der, key) in keys.OrderBy(k => hint != null && HintOf(k.Key) == hint ? 0 : 1))
            {
                try
                {
                    VerifyContent(bundle, artifact, key);
                    return (new SignerMaterial(null, key), (byte[])der.Clone());
                }
                catch (VerificationException ex) when (ex.Reason == VerificationFailureReason.BadSignature)
                {
                }
            }
            throw new VerificationException(VerificationFailureReason.UntrustedSigner,
                $"The bundle is not signed by any of the {policy.PublicKeys.Count} trusted key(s)" + (hint != null ? $"; it names the key {hint}." : "."));
        }

        private static string HintOf(SigstoreKey key) => Convert.ToBase64String(Crypto.Sha256(key.SubjectPublicKeyInfo));

        /// <summary>The signature over the content: the artifact (hashedrekord) or PAE(payloadType, payload) (DSSE).</summary>
        private static void VerifyContent(SigstoreBundleDocument bundle, SigstoreArtifact artifact, SigstoreKey key)
        {
            bool ok;
            if (bundle.MessageSignature is MessageSignature message)
            {
                string hashName = TransparencyLogVerifier.HashName(message.Algorithm)!;
                string name = InTotoName(message.Algorithm);
                byte[]? digest = artifact.Digests.TryGetValue(name, out byte[]? d) ? d : null;
                if (digest == null)
                    throw new VerificationException(VerificationFailureReason.SubjectMismatch, $"The artifact's {name} digest, which the bundle signs, is not known.");
                // The bundle's digest is a hint; what must verify is the signature over the artifact we were given.
                if (!Crypto.Equal(digest, message.Digest))
                    throw new VerificationException(VerificationFailureReason.SubjectMismatch,
                        $"The bundle signs another artifact: its {name} digest is {Crypto.Hex(message.Digest)}, the artifact's {Crypto.Hex(digest)}.");
                if (key.IsEd25519)
                {
                    byte[] bytes = artifact.Bytes ?? throw new VerificationException(VerificationFailureReason.BadSignature,
                        "An Ed25519 message signature can only be checked against the artifact's bytes, and only its digest was given.");
                    ok = key.Verify(bytes, message.Signature);
                }
                else
                {
                    ok = key.VerifyDigest(hashName, digest, message.Signature);
                }
            }
            else
            {
                DsseEnvelope envelope = bundle.DsseEnvelope!;
                byte[] pae;
                try { pae = Pae.Encode(envelope.PayloadType, envelope.Payload); }
                catch (ArgumentException) { throw new VerificationException(VerificationFailureReason.Malformed, "The DSSE payload type cannot be encoded."); }
                ok = key.Verify(pae, envelope.Signatures[0].Signature);
            }
            if (!ok) throw new VerificationException(VerificationFailureReason.BadSignature, "The bundle's signature does not verify with its signer's key.");
        }

        private static string InTotoName(string algorithm) => algorithm switch
        {
            "SHA2_384" => "sha384",
            "SHA2_512" => "sha512",
            _ => "sha256",
        };

        /// <summary>For DSSE: an in-toto statement one of whose subjects has the artifact's digest.</summary>
        private static VerifiedStatement? CheckArtifact(SigstoreBundleDocument bundle, SigstoreArtifact artifact, SigstoreKey key)
        {
            if (!(bundle.DsseEnvelope is DsseEnvelope envelope)) return null;
            if (envelope.PayloadType != Pae.InTotoPayloadType)
                throw new VerificationException(VerificationFailureReason.Malformed,
                    $"The DSSE payload type \"{StrictFields.Shorten(envelope.PayloadType)}\" is not {Pae.InTotoPayloadType}, so it names no subjects.");
            JsonObject statement;
            try
            {
                statement = JsonReader.Parse(envelope.Payload, envelope.Payload.Length) as JsonObject
                    ?? throw new VerificationException(VerificationFailureReason.Malformed, "The signed statement is not a JSON object.");
            }
            catch (JsonFormatException ex)
            {
                throw new VerificationException(VerificationFailureReason.Malformed, "The signed statement is not valid JSON: " + ex.Message);
            }
            string? type = statement.GetString("_type");
            if (type != StatementParser.StatementTypeV1 && type != "https://in-toto.io/Statement/v0.1")
                throw new VerificationException(VerificationFailureReason.Malformed, "The signed statement's _type is not an in-toto Statement.");
            bool found = false;
            foreach (JsonValue subject in statement.GetArray("subject")?.Items ?? Array.Empty<JsonValue>())
            {
                if (!(subject is JsonObject s) || !(s.GetObject("digest") is JsonObject digests)) continue;
                foreach (var (name, value) in artifact.Digests.Select(kv => (kv.Key, kv.Value)))
                    if (digests.GetString(name) is string hex && Crypto.Equal(Crypto.FromHex(hex), value)) found = true;
            }
            if (!found)
                throw new VerificationException(VerificationFailureReason.SubjectMismatch,
                    $"The signed statement does not describe the artifact: no subject has its sha256 digest {Crypto.Hex(artifact.Digests.TryGetValue("sha256", out byte[]? d) ? d : Array.Empty<byte>())}.");

            // The familiar VerifiedStatement when our key type and statement rules allow it; the check above stands regardless.
            try { return StatementParser.Parse(envelope.Payload, VerificationKey.FromSubjectPublicKeyInfo(key.SubjectPublicKeyInfo)); }
            catch (ProvenanceException) { return null; }
        }

        /// <summary>The leaf chains to a CA trusted at <paramref name="time"/>, every certificate valid then. Returns the issuer.</summary>
        private X509Certificate VerifyCertificateAt(X509Certificate leaf, DateTimeOffset time)
        {
            var reasons = new List<string>();
            foreach (CertificateAuthority ca in _root.CertificateAuthorities)
            {
                if (!TimeRange.Includes(ca.ValidFor, time)) { reasons.Add($"{ca.Uri ?? "a CA"} is trusted {ca.ValidFor}, not at {time:u}"); continue; }
                X509Certificate? issuer = Certificates.BuildPath(leaf, ca.Chain, time, requireCodeSigning: true, out string why);
                if (issuer != null) return issuer;
                reasons.Add(why);
            }
            if (_root.CertificateAuthorities.Count == 0) reasons.Add("the trusted root has no certificate authorities");
            throw new VerificationException(VerificationFailureReason.UntrustedCertificate,
                $"The signing certificate is not trusted at the signing time {time:u}: {string.Join("; ", reasons.Distinct())}.");
        }

        private int VerifyScts(X509Certificate leaf, X509Certificate issuer)
        {
            if (_options.SctThreshold == 0) return 0;
            var failures = new List<string>();
            int verified = Certificates.VerifyEmbeddedScts(leaf, issuer, _root, failures);
            if (failures.Count > 0)
                throw new VerificationException(VerificationFailureReason.CertificateTransparencyInvalid,
                    $"The signing certificate's certificate transparency is invalid: {string.Join("; ", failures.Distinct())}.");
            if (verified < _options.SctThreshold)
                throw new VerificationException(VerificationFailureReason.CertificateTransparencyInvalid,
                    $"The signing certificate has {verified} verified SCTs; {_options.SctThreshold} are required.");
            return verified;
        }
    }
}
