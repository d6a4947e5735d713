using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Org.BouncyCastle.X509;
using Provenance.Json;
using Provenance.Verification;

namespace Provenance.Sigstore
{
    /// <summary>
    /// A transparency log (Rekor) or certificate-transparency log (CT) of a trusted root: its key, the key's validity
    /// and the log ID by which entries and SCTs name it.
    /// </summary>
    public sealed class TransparencyLogInstance
    {
        internal TransparencyLogInstance(string? baseUrl, string? hashAlgorithm, byte[] publicKey, string? keyDetails,
            TimeRange? validFor, byte[] logId, SigstoreKey key)
        {
            BaseUrl = baseUrl;
            HashAlgorithm = hashAlgorithm;
            PublicKey = publicKey;
            KeyDetails = keyDetails;
            ValidFor = validFor;
            LogId = logId;
            Key = key;
        }

        public string? BaseUrl { get; }
        public string? HashAlgorithm { get; }

        /// <summary>publicKey.rawBytes: DER SPKI, or PKCS#1 for PKCS1_RSA_* key details.</summary>
        public byte[] PublicKey { get; }
        public string? KeyDetails { get; }

        /// <summary>When the key may be used; null: unbounded (the field was absent).</summary>
        public TimeRange? ValidFor { get; }
        public byte[] LogId { get; }

        internal SigstoreKey Key { get; }
    }

    /// <summary>A Fulcio-style CA or an RFC 3161 timestamp authority: its chain (issuing certificate first, root last).</summary>
    public sealed class CertificateAuthority
    {
        internal CertificateAuthority(string? uri, IReadOnlyList<byte[]> chainDer, IReadOnlyList<X509Certificate> chain, TimeRange? validFor)
        {
            Uri = uri;
            CertificateChain = chainDer;
            Chain = chain;
            ValidFor = validFor;
        }

        public string? Uri { get; }

        /// <summary>DER certificates, the one that issues (or, for a TSA, signs) first and the root last.</summary>
        public IReadOnlyList<byte[]> CertificateChain { get; }

        public TimeRange? ValidFor { get; }

        internal IReadOnlyList<X509Certificate> Chain { get; }
    }

    /// <summary>
    /// The Sigstore trusted root (application/vnd.dev.sigstore.trustedroot+json;version=0.1): whom a verifier trusts
    /// for certificates, transparency logs, CT logs and timestamps. The root is configuration, not attacker input, yet it
    /// is parsed as strictly as a bundle (size, duplicate keys, types) because it is often downloaded; unknown members
    /// are ignored since new fields (operators, checkpoint key IDs) appear in the wild and do not widen trust.
    /// </summary>
    public sealed class TrustedRoot
    {
        public const string MediaTypeV01 = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

        /// <summary>Far above public-good's ~8 KB, far below memory trouble.</summary>
        public const int MaxBytes = 4 * 1024 * 1024;

        private const string PublicGoodResource = "Provenance.Sigstore.Resources.public-good-trusted_root.json";
        private static readonly Lazy<TrustedRoot> LazyPublicGood = new Lazy<TrustedRoot>(LoadPublicGood);
        private static readonly StrictFields F = new StrictFields(VerificationFailureReason.InvalidTrustedRoot, "Sigstore trusted root");

        private TrustedRoot(IReadOnlyList<TransparencyLogInstance> tlogs, IReadOnlyList<CertificateAuthority> cas,
            IReadOnlyList<TransparencyLogInstance> ctlogs, IReadOnlyList<CertificateAuthority> tsas)
        {
            TransparencyLogs = tlogs;
            CertificateAuthorities = cas;
            CtLogs = ctlogs;
            TimestampAuthorities = tsas;
        }

        public IReadOnlyList<TransparencyLogInstance> TransparencyLogs { get; }
        public IReadOnlyList<CertificateAuthority> CertificateAuthorities { get; }
        public IReadOnlyList<TransparencyLogInstance> CtLogs { get; }
        public IReadOnlyList<CertificateAuthority> TimestampAuthorities { get; }

        /// <summary>
        /// The Sigstore public-good instance's root as shipped in @sigstore/tuf 5.0.1's seeds (embedded; see
        /// Sigstore/Resources/README.md). Refreshing it through TUF is a separate, explicit step: no network here.
        /// </summary>
        public static TrustedRoot PublicGood => LazyPublicGood.Value;

        public static TrustedRoot Parse(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            if (bytes.Length > MaxBytes) throw F.Fail($"it is {bytes.Length} bytes, over the limit of {MaxBytes}");
            JsonValue root;
            try { root = JsonReader.Parse(bytes, MaxBytes); }
            catch (JsonFormatException ex) { throw F.Fail("it is not valid JSON: " + ex.Message); }
            if (!(root is JsonObject json)) throw F.Fail("it is not a JSON object");

            string mediaType = F.String(json, "mediaType", "trustedRoot");
            if (mediaType != MediaTypeV01) throw F.Fail($"mediaType \"{StrictFields.Shorten(mediaType)}\" is not {MediaTypeV01}");

            var tlogs = ParseLogs(F.OptionalArray(json, "tlogs", "trustedRoot"), "tlogs");
            var cas = ParseAuthorities(F.OptionalArray(json, "certificateAuthorities", "trustedRoot"), "certificateAuthorities");
            var ctlogs = ParseLogs(F.OptionalArray(json, "ctlogs", "trustedRoot"), "ctlogs");
            var tsas = ParseAuthorities(F.OptionalArray(json, "timestampAuthorities", "trustedRoot"), "timestampAuthorities");
            return new TrustedRoot(tlogs, cas, ctlogs, tsas);
        }

        internal TransparencyLogInstance? FindTransparencyLog(byte[] logId) => TransparencyLogs.FirstOrDefault(l => Crypto.Equal(l.LogId, logId));

        internal TransparencyLogInstance? FindCtLog(byte[] logId) => CtLogs.FirstOrDefault(l => Crypto.Equal(l.LogId, logId));

        private static List<TransparencyLogInstance> ParseLogs(JsonArray array, string where)
        {
            var logs = new List<TransparencyLogInstance>();
            for (int i = 0; i < array.Count; i++)
            {
                string at = $"{where}[{i}]";
                JsonObject log = F.Item(array, i, where);
                JsonObject publicKey = F.Object(log, "publicKey", at);
                byte[] raw = F.NonEmptyBytes(publicKey, "rawBytes", at + ".publicKey");
                string? keyDetails = F.OptionalString(publicKey, "keyDetails", at + ".publicKey");
                TimeRange? validFor = ParseValidFor(publicKey, at + ".publicKey");
                JsonObject logId = F.Object(log, "logId", at);
                byte[] keyId = F.NonEmptyBytes(logId, "keyId", at + ".logId");
                if (keyId.Length < 4) throw F.Fail($"{at}.logId.keyId is shorter than a checkpoint key hint");
                SigstoreKey key = SigstoreKey.TryFromTrustedRoot(raw, keyDetails)
                    ?? throw F.Fail($"{at}.publicKey is not a supported public key ({keyDetails ?? "no keyDetails"})");
                logs.Add(new TransparencyLogInstance(F.OptionalString(log, "baseUrl", at), F.OptionalString(log, "hashAlgorithm", at),
                    raw, keyDetails, validFor, keyId, key));
            }
            return logs;
        }

        private static List<CertificateAuthority> ParseAuthorities(JsonArray array, string where)
        {
            var authorities = new List<CertificateAuthority>();
            for (int i = 0; i < array.Count; i++)
            {
                string at = $"{where}[{i}]";
                JsonObject ca = F.Item(array, i, where);
                JsonObject certChain = F.Object(ca, "certChain", at);
                JsonArray certificates = F.Array(certChain, "certificates", at + ".certChain");
                if (certificates.Count == 0 || certificates.Count > 10) throw F.Fail($"{at}.certChain holds {certificates.Count} certificates; 1 to 10 are allowed");
                var der = new List<byte[]>();
                var parsed = new List<X509Certificate>();
                for (int c = 0; c < certificates.Count; c++)
                {
                    string cat = $"{at}.certChain.certificates[{c}]";
                    byte[] bytes = F.NonEmptyBytes(F.Item(certificates, c, at + ".certChain.certificates"), "rawBytes", cat);
                    der.Add(bytes);
                    parsed.Add(Certificates.TryParse(bytes) ?? throw F.Fail($"{cat} is not a DER X.509 certificate"));
                }
                authorities.Add(new CertificateAuthority(F.OptionalString(ca, "uri", at), der, parsed, ParseValidFor(ca, at)));
            }
            return authorities;
        }

        /// <summary>protobuf-specs: TimeRange.start is required, end optional; an absent validFor is unbounded.</summary>
        private static TimeRange? ParseValidFor(JsonObject json, string where)
        {
            JsonObject? validFor = F.OptionalObject(json, "validFor", where);
            if (validFor == null) return null;
            if (StrictFields.IsAbsent(validFor, "start"))
                throw F.Fail($"{where}.validFor has no start (a validity without its start must not be read as unbounded)");
            DateTimeOffset start = F.Timestamp(validFor, "start", where + ".validFor");
            DateTimeOffset? end = !StrictFields.IsAbsent(validFor, "end") ? F.Timestamp(validFor, "end", where + ".validFor") : (DateTimeOffset?)null;
            if (end.HasValue && end.Value < start) throw F.Fail($"{where}.validFor ends before it starts");
            return new TimeRange(start, end);
        }

        private static TrustedRoot LoadPublicGood()
        {
            using (Stream? stream = typeof(TrustedRoot).Assembly.GetManifestResourceStream(PublicGoodResource))
            {
                if (stream == null) throw new InvalidOperationException($"The embedded resource {PublicGoodResource} is missing from the build.");
                using (var memory = new MemoryStream())
                {
                    stream.CopyTo(memory);
                    return Parse(memory.ToArray());
                }
            }
        }
    }
}
