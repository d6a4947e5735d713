using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Provenance.Json;

namespace Provenance.Packages
{
    /// <summary>
    /// packages.provenance.lock.json (opt-in, ProvenanceLockFile): per package id and version, the signer, source
    /// repository and outcome seen when the file was last updated on purpose. A later verification in which a
    /// package lost its provenance, or changed signer or source, is PROV2006 until <see cref="Update"/> is run.
    /// A new version is compared with the recorded versions of the same id, so an upgrade cannot switch signer
    /// unnoticed either.
    /// </summary>
    public sealed class ProvenanceLockFile
    {
        public const string DefaultFileName = "packages.provenance.lock.json";
        public const int FormatVersion = 1;

        private readonly SortedDictionary<string, LockedPackage> _packages;

        private ProvenanceLockFile(SortedDictionary<string, LockedPackage> packages) => _packages = packages;

        public IReadOnlyCollection<LockedPackage> Packages => _packages.Values;

        /// <summary>A missing file is an empty lock; a malformed one is PROV2006 naming it (never silently replaced).</summary>
        public static ProvenanceLockFile Load(string path)
        {
            if (path == null) throw new ArgumentNullException(nameof(path));
            var packages = NewMap();
            if (!File.Exists(path)) return new ProvenanceLockFile(packages);
            try
            {
                if (!(JsonReader.Parse(File.ReadAllBytes(path), 16 * 1024 * 1024) is JsonObject root) ||
                    !(root["version"] is JsonNumber version) || version.RawText != "1" || !(root["packages"] is JsonObject entries))
                    throw new JsonFormatException("it is not a version 1 provenance lock file");
                foreach (var member in entries.Members)
                {
                    LockedPackage package = LockedPackage.FromJson(member.Key, member.Value as JsonObject);
                    packages[member.Key] = package;
                }
            }
            catch (Exception e) when (e is JsonFormatException || e is IOException || e is UnauthorizedAccessException)
            {
                throw new ProvenanceException(DiagnosticCodes.LockFileInvalid, $"The provenance lock file '{path}' cannot be read: {e.Message}", e);
            }
            return new ProvenanceLockFile(packages);
        }

        public static ProvenanceLockFile FromResults(IEnumerable<PackageVerificationResult> results)
        {
            if (results == null) throw new ArgumentNullException(nameof(results));
            var packages = NewMap();
            foreach (PackageVerificationResult result in results)
            {
                var package = new LockedPackage(result.Id, result.Version, result.Outcome, result.SignerHint, result.SourceRepository, result.SignerIssuer);
                packages[package.Key] = package;
            }
            return new ProvenanceLockFile(packages);
        }

        /// <summary>Records the current results as the accepted state (the deliberate step after a reviewed change).</summary>
        public static void Update(string path, IEnumerable<PackageVerificationResult> results) =>
            FromResults(results).Save(path);

        public void Save(string path)
        {
            var entries = new JsonObject();
            foreach (var pair in _packages) entries.Add(pair.Key, pair.Value.ToJson());
            var root = new JsonObject().Add("version", FormatVersion).Add("packages", entries);
            AtomicFile.Write(path, JsonWriter.ToUtf8Bytes(root, indented: true));
        }

        /// <summary>One message per package whose provenance got weaker or changed hands since the lock was written.</summary>
        public IReadOnlyList<string> Check(IEnumerable<PackageVerificationResult> results)
        {
            if (results == null) throw new ArgumentNullException(nameof(results));
            var problems = new List<string>();
            foreach (PackageVerificationResult result in results)
            {
                List<LockedPackage> recorded = _packages.TryGetValue(LockedPackage.KeyOf(result.Id, result.Version), out LockedPackage? exact)
                    ? new List<LockedPackage> { exact }
                    : _packages.Values.Where(p => string.Equals(p.Id, result.Id, StringComparison.OrdinalIgnoreCase)).ToList();
                string? problem = Compare(result, recorded);
                if (problem != null)
                    problems.Add($"{result.Id} {result.Version}: {problem}; if this change is intended, update '{DefaultFileName}'.");
            }
            return problems;
        }

        private static string? Compare(PackageVerificationResult result, List<LockedPackage> recorded)
        {
            List<LockedPackage> attested = recorded.Where(p => p.Signer != null).ToList();
            if (attested.Count == 0) return null; // nothing recorded to lose
            if (result.SignerHint == null || result.Outcome == PackageVerificationOutcome.NotAttested)
                return $"it lost its provenance (locked: signed by {attested[0].Signer}; now {VerificationReport.OutcomeName(result.Outcome)})";
            // A certificate's identity is only the same signer when the same issuer vouched for it.
            if (attested.All(p => p.Signer != result.SignerHint || p.SignerIssuer != result.SignerIssuer))
                return $"its signer changed from {Describe(attested[0].Signer, attested[0].SignerIssuer)} to {Describe(result.SignerHint, result.SignerIssuer)}";
            if (attested.Any(p => p.Outcome == PackageVerificationOutcome.Verified) && result.Outcome != PackageVerificationOutcome.Verified)
                return $"it was verified when locked and now is {VerificationReport.OutcomeName(result.Outcome)}";
            List<string> sources = attested.Where(p => p.SourceRepository != null).Select(p => p.SourceRepository!).ToList();
            // Compared as the host resolves names (a locked ssh://github.com/O/R is the https://github.com/o/r recorded now).
            if (sources.Count > 0 && !sources.Any(source => SourceRepositoryUrl.SameRepository(source, result.SourceRepository)))
                return $"its source repository changed from '{sources[0]}' to '{result.SourceRepository ?? "none"}'";
            return null;
        }

        private static string Describe(string? signer, string? issuer) => issuer == null ? signer ?? "none" : $"{signer} (issuer {issuer})";

        private static SortedDictionary<string, LockedPackage> NewMap() => new SortedDictionary<string, LockedPackage>(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>One package as the lock file records it.</summary>
    public sealed class LockedPackage
    {
        public LockedPackage(string id, string version, PackageVerificationOutcome outcome, string? signer, string? sourceRepository, string? signerIssuer = null)
        {
            SignerIssuer = signerIssuer;
            Id = id;
            Version = version;
            Outcome = outcome;
            Signer = signer;
            SourceRepository = sourceRepository;
        }

        public string Id { get; }
        public string Version { get; }
        public PackageVerificationOutcome Outcome { get; }
        /// <summary>The key hint, or a certificate's identity (SAN).</summary>
        public string? Signer { get; }

        /// <summary>The OIDC issuer of a certificate signer; null for keys.</summary>
        public string? SignerIssuer { get; }
        public string? SourceRepository { get; }
        public string Key => KeyOf(Id, Version);

        internal static string KeyOf(string id, string version) => id + "/" + version;

        internal JsonObject ToJson() =>
            new JsonObject()
                .Add("outcome", VerificationReport.OutcomeName(Outcome))
                .AddIfNotEmpty("signer", Signer)
                .AddIfNotEmpty("signerIssuer", SignerIssuer)
                .AddIfNotEmpty("sourceRepository", SourceRepository);

        internal static LockedPackage FromJson(string key, JsonObject? json)
        {
            int slash = key.IndexOf('/');
            PackageVerificationOutcome? outcome = VerificationReport.ParseOutcome(json?.GetString("outcome"));
            if (json == null || slash <= 0 || slash == key.Length - 1 || outcome == null)
                throw new JsonFormatException($"the entry \"{key}\" is malformed");
            return new LockedPackage(key.Substring(0, slash), key.Substring(slash + 1), outcome.Value, json.GetString("signer"), json.GetString("sourceRepository"),
                json.GetString("signerIssuer"));
        }
    }
}
