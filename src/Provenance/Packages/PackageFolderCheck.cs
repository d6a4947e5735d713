using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using Provenance.Bundles;
using Provenance.Capture;
using Provenance.Json;
using Provenance.Sigstore;
using Provenance.Signing;
using Provenance.Slsa;
using Provenance.Verification;

namespace Provenance.Packages
{
    /// <summary>
    /// One verification of one restored package folder, in the order that keeps it safe: the signature before the
    /// payload is read, then every file against the signed subjects, then the policy's rules.
    /// </summary>
    internal sealed class PackageFolderCheck
    {
        private readonly RestoredPackageFolder _package;
        private readonly string _folder;
        private readonly FolderSnapshot _snapshot;
        private readonly PackagePolicy _rule;
        private readonly IReadOnlyList<TrustedKey> _keys;
        private readonly VerificationCache? _cache;
        private readonly bool _checkPackageFile;
        private readonly Func<PackageTrustedRoot> _trustedRoot;

        /// <param name="trustedRoot">the Sigstore trusted root for certificate-signed bundles, asked for only when one is met</param>
        public PackageFolderCheck(RestoredPackageFolder package, string folder, FolderSnapshot snapshot, PackagePolicy rule,
            IReadOnlyList<TrustedKey> keys, VerificationCache? cache, bool checkPackageFile, Func<PackageTrustedRoot>? trustedRoot = null)
        {
            _trustedRoot = trustedRoot ?? (() => PackageTrustedRoot.PublicGood);
            _package = package;
            _folder = folder;
            _snapshot = snapshot;
            _rule = rule;
            _keys = keys;
            _cache = cache;
            _checkPackageFile = checkPackageFile;
        }

        /// <summary>Digests computed or reused during the check, by relative path, for the cache.</summary>
        public ConcurrentDictionary<string, string> Digests { get; } = new ConcurrentDictionary<string, string>(FolderSnapshot.PathComparer);

        private string Name => _package.DisplayName;

        /// <summary>The file the check is reading or judging, for a reason that names it when the check fails unexpectedly.</summary>
        private string _current = "the package folder";

        /// <summary>
        /// Never throws for anything a package holds: every failure becomes this package's verdict, so that one hostile
        /// package cannot end the build (MSB4018) or the CLI and hide the verdicts on all the others.
        /// </summary>
        public PackageVerificationResult Run()
        {
            try
            {
                return RunChecks();
            }
            catch (ProvenanceException e)
            {
                return Result(PackageVerificationOutcome.Tampered, $"{Name}: {e.Message}");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
            {
                return Result(PackageVerificationOutcome.Tampered, $"{Name}: a file of the restored package cannot be read: {e.Message}");
            }
            catch (Exception e) when (!IsFatal(e))
            {
                // Last resort: a reader that throws something it does not document (a bug we have not found yet) must
                // still fail closed for this package only. Tampered is the verdict that can never pass a policy.
                return Result(PackageVerificationOutcome.Tampered,
                    $"{Name}: '{_current}' could not be checked ({e.GetType().Name}: {e.Message}); the package is treated as tampered.");
            }
        }

        /// <summary>The process is in trouble, not the package: such an exception is not a verdict on it.</summary>
        internal static bool IsFatal(Exception e) =>
            e is OutOfMemoryException || e is StackOverflowException || e is AccessViolationException ||
            e is System.Threading.ThreadAbortException;

        private PackageVerificationResult RunChecks()
        {
            string? contentHash = null;
            string? contentProblem = ReadContentHash(ref contentHash);

            if (!_snapshot.Files.ContainsKey(PackageAttestation.EmbeddedBundleEntryName))
            {
                // Integrity is still worth reporting when there is nothing to verify it against: NuGet's own record.
                if (contentProblem != null) return Result(PackageVerificationOutcome.Tampered, contentProblem, contentHash);
                return Result(PackageVerificationOutcome.NotAttested, $"{Name} has no provenance ({PackageAttestation.EmbeddedBundleEntryName} is missing).", contentHash);
            }

            _current = PackageAttestation.EmbeddedBundleEntryName;
            byte[] bundleBytes = ReadLimited(PackageAttestation.EmbeddedBundleEntryName, SigstoreBundle.MaxBytes);
            // A certificate (keyless Fulcio, or a company CA) goes to the Sigstore verifier and the policy's identity; a
            // key-signed bundle, and anything the general parser refuses, keeps the strict path it has always had.
            SigstoreBundleDocument? document = null;
            try { document = SigstoreBundleDocument.Parse(bundleBytes); }
            catch (VerificationException) { }
            if (document != null && !document.HasPublicKey) return RunCertificateChecks(document, contentHash, contentProblem);

            SigstoreBundle bundle;
            try { bundle = SigstoreBundle.Parse(bundleBytes); }
            catch (VerificationException e) { return Result(PackageVerificationOutcome.Tampered, $"{Name}: {PackageAttestation.EmbeddedBundleEntryName}: {e.Message}", contentHash); }

            VerifiedStatement statement;
            try { statement = BundleVerifier.Verify(bundle, _keys.Select(k => k.Key).ToList(), PackageLimits.MaxEntries); }
            catch (VerificationException e) when (e.Reason == VerificationFailureReason.UntrustedSigner)
            {
                // Under an identity rule the key list is empty unless the rule names keys: say why, not just "0 keys".
                string why = _rule.Identity != null && _keys.Count == 0
                    ? $" Its ProvenancePolicy '{_rule.Pattern}' requires a certificate from {_rule.Identity.Describe()}, or a key its TrustedKeys names."
                    : "";
                var untrusted = Result(PackageVerificationOutcome.UntrustedSigner, $"{Name}: {e.Message}{why}", contentHash);
                untrusted.SignerHint = bundle.PublicKeyHint;
                return untrusted;
            }
            catch (VerificationException e) { return Result(PackageVerificationOutcome.Tampered, $"{Name}: {PackageAttestation.EmbeddedBundleEntryName}: {e.Message}", contentHash); }

            string statementDigest = FileDigests.Sha256Hex(statement.Payload);
            string signer = statement.Signer.Hint;
            string? source = StatementFacts.SourceRepository(statement.Predicate);
            PackageVerificationResult Signed(PackageVerificationOutcome outcome, string reason)
            {
                PackageVerificationResult r = Result(outcome, reason, contentHash);
                r.StatementSha256 = statementDigest;
                r.SignerHint = signer;
                r.SourceRepository = source;
                return r;
            }

            string? tampered = CheckFiles(statement) ?? contentProblem;
            if (tampered != null) return Signed(PackageVerificationOutcome.Tampered, tampered);
            if (statement.PredicateType != InTotoStatement.SlsaProvenanceV1)
                return Signed(PackageVerificationOutcome.Tampered, $"{Name}: its statement is not SLSA provenance v1 (predicateType \"{statement.PredicateType}\").");
            return CheckRules(statement, source, signer, Signed, null);
        }

        /// <summary>The policy's rules over a signed, complete package: source repository, certificate claims, development key.</summary>
        private PackageVerificationResult CheckRules(VerifiedStatement statement, string? source, string signer,
            Func<PackageVerificationOutcome, string, PackageVerificationResult> Signed, CertificateIdentity? certificate)
        {
            if (_rule.SourceRepository != null && !SourceRepositoryUrl.SameRepository(_rule.SourceRepository, source))
                return Signed(PackageVerificationOutcome.PolicyViolation,
                    $"{Name} was built from {(source == null ? "an unrecorded source" : "'" + source + "'")}, but the policy '{_rule.Pattern}' requires '{_rule.SourceRepository}'.");
            if (certificate != null)
            {
                // The certificate's claim is the OIDC issuer's word on the repository, the statement only the builder's:
                // when both exist they must agree, or the recorded source cannot be believed.
                string? claimed = certificate.SourceRepositoryUri;
                if (claimed != null && source != null && !SourceRepositoryUrl.SameRepository(claimed, source))
                    return Signed(PackageVerificationOutcome.PolicyViolation,
                        $"{Name}: its statement names the source '{source}', but its certificate was issued to a build of '{claimed}' " +
                        $"(claim {CertificateIdentity.SourceRepositoryUriOid}).");
                string? violation = _rule.Identity!.ClaimViolation(certificate);
                if (violation != null)
                    return Signed(PackageVerificationOutcome.PolicyViolation, $"{Name}: {violation} (policy '{_rule.Pattern}').");
                return Signed(PackageVerificationOutcome.Verified, $"{Name} is verified: signed by the certificate identity '{certificate.SubjectAlternativeName}'" +
                    (certificate.Issuer != null ? $" (issuer {certificate.Issuer})" : "") + (source != null ? $", built from '{source}'." : "."));
            }
            if (StatementFacts.SignedWithDevelopmentKey(statement.Predicate) && !_rule.AllowDevelopmentKey)
                return Signed(PackageVerificationOutcome.DevelopmentKey,
                    $"{Name} is signed with a development key ({signer}); set AllowDevelopmentKey=\"true\" on its ProvenancePolicy to accept it.");
            return Signed(PackageVerificationOutcome.Verified, $"{Name} is verified: signed by {signer}" + (source != null ? $", built from '{source}'." : "."));
        }

        /// <summary>
        /// A certificate-signed bundle: verified against the trusted root with the rule's identity (SAN and issuer: a
        /// mismatch is PROV2002 naming the identity found), then the files, then the claims (PROV2004 naming the claim).
        /// </summary>
        private PackageVerificationResult RunCertificateChecks(SigstoreBundleDocument document, string? contentHash, string? contentProblem)
        {
            CertificateIdentity? unverified = UnverifiedIdentity(document);
            string found = unverified == null ? "an unreadable certificate" : $"the certificate identity '{unverified}'";
            PackageVerificationResult Untrusted(string reason)
            {
                PackageVerificationResult r = Result(PackageVerificationOutcome.UntrustedSigner, reason, contentHash);
                r.SignerHint = r.SignerIdentity = unverified?.SubjectAlternativeName;
                r.SignerIssuer = unverified?.Issuer;
                return r;
            }
            if (_rule.Identity == null)
                return Untrusted($"{Name} is signed by {found}, but " +
                    (_rule.Pattern == null ? "no ProvenancePolicy matches it" : $"its ProvenancePolicy '{_rule.Pattern}' names no certificate identity") +
                    " (CertificateIdentity or CertificateIdentityRegex); a trusted key never vouches for a certificate.");

            // The Sigstore verifier checks the statement against one artifact: the manifest, which every package has and
            // which CheckFiles later compares along with every other file.
            string nuspec = NuGetFolderLayout.NuspecFileName(_package.Id);
            if (!_snapshot.Files.ContainsKey(nuspec))
                return Result(PackageVerificationOutcome.Tampered, $"{Name}: its manifest '{nuspec}' is missing from the restored package.", contentHash);
            SigstoreArtifact artifact = SigstoreArtifact.FromDigest("sha256", Crypto.FromHex(Sha256(nuspec))!); // our own lowercase hex

            PackageTrustedRoot root = _trustedRoot();
            SigstoreVerificationResult verified;
            _current = PackageAttestation.EmbeddedBundleEntryName;
            try { verified = new SigstoreVerifier(root.Root, root.VerifierOptions()).Verify(document, artifact, _rule.Identity.SigstorePolicy); }
            catch (VerificationException e) when (IsAboutTheSigner(e.Reason))
            {
                string why = e.Reason == VerificationFailureReason.UntrustedSigner
                    ? $"the policy '{_rule.Pattern}' requires {_rule.Identity.Describe()}"
                    : $"checked against {root.Source}";
                return Untrusted($"{Name} is signed by {found}, which is not trusted: {e.Message} ({why})");
            }
            catch (VerificationException e) when (!IssuedUnderRoot(document, root))
            {
                // A signer with its own CA and its own timestamp authority fails first on the timestamp (checked before the
                // chain): what is wrong is whom it chains to, not what it signed.
                return Untrusted($"{Name} is signed by {found}, whose certificate is not issued by a certificate authority of {root.Source} ({e.Message})");
            }
            catch (VerificationException e) { return Result(PackageVerificationOutcome.Tampered, $"{Name}: {PackageAttestation.EmbeddedBundleEntryName}: {e.Message}", contentHash); }

            CertificateIdentity identity = verified.Identity!;
            if (verified.Payload == null)
                return Result(PackageVerificationOutcome.Tampered, $"{Name}: {PackageAttestation.EmbeddedBundleEntryName} signs no in-toto statement (a DSSE envelope is required).", contentHash);
            VerifiedStatement statement;
            try
            {
                // The package's own subject limit (the Sigstore verifier's statement stops at 1024 subjects).
                statement = StatementParser.Parse(verified.Payload, VerificationKey.FromSubjectPublicKeyInfo(SubjectPublicKeyInfo(identity)), PackageLimits.MaxEntries);
            }
            catch (VerificationException e) { return Result(PackageVerificationOutcome.Tampered, $"{Name}: {PackageAttestation.EmbeddedBundleEntryName}: {e.Message}", contentHash); }

            string statementDigest = FileDigests.Sha256Hex(statement.Payload);
            // A statement that records no source is answered by the certificate's claim, which the OIDC issuer vouches for;
            // when both exist, CheckRules requires them to agree.
            string? source = StatementFacts.SourceRepository(statement.Predicate)
                ?? (identity.SourceRepositoryUri is string claimed ? SourceRepositoryUrl.Normalize(claimed) : null);
            PackageVerificationResult Signed(PackageVerificationOutcome outcome, string reason)
            {
                PackageVerificationResult r = Result(outcome, reason, contentHash);
                r.StatementSha256 = statementDigest;
                r.SignerHint = r.SignerIdentity = identity.SubjectAlternativeName;
                r.SignerIssuer = identity.Issuer;
                r.SourceRepository = source;
                return r;
            }

            string? tampered = CheckFiles(statement) ?? contentProblem;
            if (tampered != null) return Signed(PackageVerificationOutcome.Tampered, tampered);
            if (statement.PredicateType != InTotoStatement.SlsaProvenanceV1)
                return Signed(PackageVerificationOutcome.Tampered, $"{Name}: its statement is not SLSA provenance v1 (predicateType \"{statement.PredicateType}\").");
            return CheckRules(statement, source, identity.SubjectAlternativeName, Signed, identity);
        }

        /// <summary>Failures that say the signer is not one we trust (not that the bundle was altered): PROV2002.</summary>
        private static bool IsAboutTheSigner(VerificationFailureReason reason) =>
            reason == VerificationFailureReason.UntrustedSigner || reason == VerificationFailureReason.UntrustedCertificate ||
            reason == VerificationFailureReason.CertificateTransparencyInvalid || reason == VerificationFailureReason.InsufficientEvidence;

        /// <summary>Whether the leaf chains to a CA of the root at its own start of validity (only to classify a failure).</summary>
        private static bool IssuedUnderRoot(SigstoreBundleDocument document, PackageTrustedRoot root)
        {
            if (document.Certificates.Count == 0) return false;
            Org.BouncyCastle.X509.X509Certificate? leaf = Certificates.TryParse(document.Certificates[0]);
            if (leaf == null) return false;
            DateTimeOffset time = Certificates.NotBefore(leaf);
            return root.Root.CertificateAuthorities.Any(ca => Certificates.BuildPath(leaf, ca.Chain, time, requireCodeSigning: true, out _) != null);
        }

        /// <summary>The leaf's identity before any check, only to name it in a refusal; null when unreadable.</summary>
        private static CertificateIdentity? UnverifiedIdentity(SigstoreBundleDocument document)
        {
            if (document.Certificates.Count == 0) return null;
            Org.BouncyCastle.X509.X509Certificate? leaf = Certificates.TryParse(document.Certificates[0]);
            return leaf == null ? null : CertificateIdentity.TryRead(leaf, document.Certificates[0], out _);
        }

        private static byte[] SubjectPublicKeyInfo(CertificateIdentity identity)
        {
            Org.BouncyCastle.X509.X509Certificate leaf = Certificates.TryParse(identity.Certificate)!;
            return Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(leaf.GetPublicKey()).GetDerEncoded();
        }

        /// <summary>Every file the statement lists is present and unchanged; nothing else is there. Null when so.</summary>
        private string? CheckFiles(VerifiedStatement statement)
        {
            var expected = new Dictionary<string, string>(FolderSnapshot.PathComparer);
            int manifests = 0;
            foreach (ResourceDescriptor subject in statement.Subjects)
            {
                string? name = subject.Name;
                if (name == null || PackageEntryNames.Problem(name) is string problem)
                    return $"{Name}: its statement lists the subject '{PackageArchiveScanner.Printable(name ?? "")}', which is not a valid package path.";
                if (!subject.Digest.TryGetValue("sha256", out string? sha256))
                    return $"{Name}: its statement has no sha256 digest for '{name}'.";
                string? path = NuGetFolderLayout.ExtractedPath(name, _package.Id, _package.Version);
                if (path == null) continue;
                if (NuGetFolderLayout.IsRootNuspec(PackageEntryNames.ExtractedName(name)))
                {
                    manifests++;
                    if (!string.Equals(Path.GetFileNameWithoutExtension(name), _package.Id, StringComparison.OrdinalIgnoreCase))
                        return $"{Name}: its provenance describes another package (manifest '{name}').";
                }
                if (expected.ContainsKey(path)) return $"{Name}: its statement lists '{path}' twice.";
                expected.Add(path, sha256);
            }
            if (manifests != 1) return $"{Name}: its statement lists {manifests} package manifests (.nuspec); exactly one is required.";

            HashSet<string> xmlDocs = NuGetFolderLayout.XmlDocFiles(expected.Keys);
            foreach (var file in expected)
            {
                if (_snapshot.Files.ContainsKey(file.Key))
                {
                    if (Sha256(file.Key) != file.Value) return $"{Name}: '{file.Key}' differs from its signed provenance.";
                }
                else if (!xmlDocs.Contains(file.Key))
                {
                    return $"{Name}: '{file.Key}' is missing from the restored package.";
                }
                else if (_snapshot.Files.ContainsKey(file.Key + ".zip") && CompressedXmlDigest(file.Key) != file.Value)
                {
                    return $"{Name}: '{file.Key}.zip' differs from its signed provenance.";
                }
                // else: NUGET_XMLDOC_MODE=skip left the IntelliSense file out.
            }
            foreach (string present in _snapshot.Files.Keys)
            {
                if (expected.ContainsKey(present)) continue;
                // '.signature.p7s' is exempt only when it is a CMS SignedData: by name alone any bytes could ride along unlisted.
                if (NuGetFolderLayout.IsBookkeeping(_package.FolderPath, present, _package.Id, _package.Version, out string? notASignature)) continue;
                if (notASignature != null) return $"{Name}: {notASignature}";
                if (present.EndsWith(".xml.zip", StringComparison.Ordinal) && xmlDocs.Contains(present.Substring(0, present.Length - 4))) continue;
                return $"{Name}: '{present}' was added; it is not in the package's signed provenance.";
            }
            return CheckIdentity();
        }

        /// <summary>The (already verified) nuspec names this package and version: a statement is not reusable under another name.</summary>
        private string? CheckIdentity()
        {
            string nuspec = NuGetFolderLayout.NuspecFileName(_package.Id);
            (string? id, string? version) identity;
            try { identity = NuspecIdentity.Read(ReadLimited(nuspec, NuspecIdentity.MaxBytes)); }
            catch (XmlException e) { return $"{Name}: '{nuspec}' is not valid XML: {e.Message}"; }
            if (!string.Equals(identity.id, _package.Id, StringComparison.OrdinalIgnoreCase) || identity.version == null ||
                NuspecIdentity.NormalizeVersion(identity.version) != NuspecIdentity.NormalizeVersion(_package.Version))
                return $"{Name}: its signed manifest is for {identity.id} {identity.version}, not for this package.";
            return null;
        }

        /// <summary>Reads .nupkg.metadata; when asked, checks the nupkg copy against it. Returns a tamper reason or null.</summary>
        private string? ReadContentHash(ref string? contentHash)
        {
            const string metadataName = NuGetFolderLayout.MetadataFileName;
            _current = metadataName;
            if (!_snapshot.Files.ContainsKey(metadataName)) return $"{Name}: NuGet's {metadataName} is missing from the restored package.";
            byte[]? recorded;
            try
            {
                var json = JsonReader.Parse(ReadLimited(metadataName, 64 * 1024)) as JsonObject;
                string? base64 = json?.GetString("contentHash");
                recorded = base64 == null ? null : Convert.FromBase64String(base64);
            }
            catch (Exception e) when (e is JsonFormatException || e is FormatException) { recorded = null; }
            if (recorded == null || recorded.Length != 64) return $"{Name}: NuGet's {metadataName} has no valid SHA-512 contentHash.";
            contentHash = HexEncoding.ToLowerHex(recorded);

            string nupkg = NuGetFolderLayout.PackageFileName(_package.Id, _package.Version);
            string? present = _snapshot.Files.Keys.FirstOrDefault(k => string.Equals(k, nupkg, StringComparison.OrdinalIgnoreCase));
            if (!_checkPackageFile || present == null) return null; // NuGet may be told not to keep the nupkg
            _current = present;
            string actual = _cache?.Digest(_folder, present, _snapshot.Files[present]) ?? PackageContentHash.ComputeHex(FullPath(present));
            Digests[present] = actual;
            return actual == contentHash ? null : $"{Name}: '{present}' does not have the contentHash NuGet recorded in {metadataName}.";
        }

        private string Sha256(string relativePath)
        {
            _current = relativePath;
            string hex = _cache?.Digest(_folder, relativePath, _snapshot.Files[relativePath]) ?? FileHashes.Sha256Hex(FullPath(relativePath));
            Digests[relativePath] = hex;
            return hex;
        }

        /// <summary>NUGET_XMLDOC_MODE=compress: the file's single entry is the IntelliSense XML.</summary>
        private string? CompressedXmlDigest(string xmlPath)
        {
            _current = xmlPath + ".zip";
            using (var archive = System.IO.Compression.ZipFile.OpenRead(FullPath(xmlPath + ".zip")))
            {
                if (archive.Entries.Count != 1) return null;
                return PackageArchiveScanner.Scan(archive, "'" + xmlPath + ".zip'")[0].Sha256Hex;
            }
        }

        private byte[] ReadLimited(string relativePath, int maxBytes)
        {
            _current = relativePath;
            if (_snapshot.Files[relativePath].Length > maxBytes)
                throw new IOException($"'{relativePath}' is larger than {maxBytes} bytes");
            return File.ReadAllBytes(FullPath(relativePath));
        }

        private string FullPath(string relativePath) => Path.Combine(_folder, relativePath.Replace('/', Path.DirectorySeparatorChar));

        private PackageVerificationResult Result(PackageVerificationOutcome outcome, string reason, string? contentHash = null) =>
            new PackageVerificationResult(_package.Id, _package.Version, outcome, reason) { ContentHashSha512 = contentHash };
    }
}
