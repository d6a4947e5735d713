using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using Provenance.Bundles;
using Provenance.Cli.CommandLine;
using Provenance.Packages;
using Provenance.Slsa;
using Provenance.Verification;

namespace Provenance.Cli.Verify
{
    /// <summary>
    /// A .nupkg carries its provenance inside (<see cref="PackageAttestation.EmbeddedBundleEntryName"/>): a statement
    /// signed by a trusted key whose subjects are exactly the package's entries, the statement itself and NuGet's
    /// signature (.signature.p7s) left out. An added, changed or missing entry is invalid. The bundle beside the
    /// package (&lt;package&gt;.sigstore.json, or --bundle) is checked too when present: its subject must carry the
    /// package's sha512 by NuGet's content-hash rule (so a package signed later still matches) and, while the package
    /// is unsigned, its sha256.
    /// </summary>
    internal sealed class NupkgVerifier : IArtifactVerifier
    {
        public bool CanVerify(string artifactPath) => artifactPath.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase);

        public VerificationOutcome Verify(VerifyOptions options)
        {
            string package = options.ArtifactPath;
            if (!File.Exists(package))
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"package '{package}' does not exist");

            (VerifiedStatement statement, bool signedByNuGet, int entries) = VerifyEmbedded(package, options.TrustedKeys);

            string outerPath = options.BundlePath ?? PackageAttestation.OuterBundlePath(package);
            string? outerSigner = null;
            if (options.BundlePath != null || File.Exists(outerPath))
                outerSigner = VerifyOuter(package, outerPath, signedByNuGet, options.TrustedKeys);

            string hint = statement.Signer.Hint;
            string? note = outerSigner == null
                ? $"note: no {Path.GetFileName(outerPath)} beside the package; only its embedded statement was checked"
                : null;
            return new VerificationOutcome(hint, outerSigner != null ? outerPath : package + "!/" + PackageAttestation.EmbeddedBundleEntryName)
            {
                Detail = $"({entries} entries)",
                Note = note,
            };
        }

        private static (VerifiedStatement Statement, bool SignedByNuGet, int Entries) VerifyEmbedded(string package, IReadOnlyList<Signing.VerificationKey> keys)
        {
            try
            {
                using (ZipArchive archive = NupkgEntries.Open(package))
                {
                    NupkgEntries.CheckEntryCount(archive, package);
                    ZipArchiveEntry bundleEntry = archive.GetEntry(PackageAttestation.EmbeddedBundleEntryName)
                        ?? throw new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.PackageNotAttested,
                            $"{package}: it has no provenance ({PackageAttestation.EmbeddedBundleEntryName} is missing)");

                    // The signature is checked before the payload is parsed and before anything else is hashed.
                    string where = $"{package}: {PackageAttestation.EmbeddedBundleEntryName}";
                    byte[] bundleBytes = NupkgEntries.ReadAll(bundleEntry, package, SigstoreBundle.MaxBytes);
                    VerifiedStatement statement;
                    try
                    {
                        statement = BundleVerifier.Verify(SigstoreBundle.Parse(bundleBytes), keys, PackageLimits.MaxEntries);
                    }
                    catch (ProvenanceException e)
                    {
                        throw new CommandFailedException(ExitCodes.Invalid, e.Code, $"{where}: {e.Message}", e);
                    }
                    catch (FormatException e)
                    {
                        throw new CommandFailedException(ExitCodes.Invalid, DiagnosticCodes.PackageTampered, $"{where}: {e.Message}", e);
                    }

                    Dictionary<string, string> expected = SubjectsByName(statement, package);
                    List<PackageEntry> entries = NupkgEntries.Scan(archive, package);
                    bool signedByNuGet = false;
                    int attested = 0;
                    foreach (PackageEntry entry in entries)
                    {
                        if (entry.Name == PackageAttestation.EmbeddedBundleEntryName) continue;
                        if (entry.Name == PackageAttestation.NuGetSignatureEntryName && !expected.ContainsKey(entry.Name))
                        {
                            // Added by `dotnet nuget sign` or a registry, after attestation; unlisted, so it must at least be
                            // a CMS SignedData, or any bytes could ride along under that name (as the restore gate checks).
                            ZipArchiveEntry signature = archive.GetEntry(entry.Name)!;
                            string? problem = signature.Length > NuGetSignatureFile.MaxBytes
                                ? $"it is {signature.Length} bytes, over the {NuGetSignatureFile.MaxBytes}-byte limit of a NuGet signature"
                                : NuGetSignatureFile.Problem(NupkgEntries.ReadAll(signature, package, NuGetSignatureFile.MaxBytes));
                            if (problem != null) throw Tampered(package, NuGetSignatureFile.Reason(problem));
                            signedByNuGet = true;
                            continue;
                        }
                        if (!expected.TryGetValue(entry.Name, out string? sha256))
                            throw Tampered(package, $"the entry '{NupkgEntries.Printable(entry.Name)}' was added: the signed statement does not list it");
                        if (!string.Equals(sha256, entry.Sha256Hex, StringComparison.Ordinal))
                            throw Tampered(package, $"the entry '{NupkgEntries.Printable(entry.Name)}' differs from its signed provenance (sha256 {entry.Sha256Hex}, signed {sha256})");
                        expected.Remove(entry.Name);
                        attested++;
                    }
                    if (expected.Count > 0)
                    {
                        string missing = expected.Keys.OrderBy(k => k, StringComparer.Ordinal).First();
                        throw Tampered(package, $"the entry '{NupkgEntries.Printable(missing)}' is missing: the signed statement lists it" +
                            (expected.Count > 1 ? $" (and {expected.Count - 1} more)" : ""));
                    }
                    return (statement, signedByNuGet, attested);
                }
            }
            catch (InvalidDataException e)
            {
                throw Tampered(package, $"it cannot be read as a zip: {e.Message}", e);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"package '{package}' could not be read: {e.Message}", e);
            }
        }

        /// <summary>Subject name → sha256; a subject without a valid package path or sha256, or named twice, is invalid.</summary>
        private static Dictionary<string, string> SubjectsByName(VerifiedStatement statement, string package)
        {
            var byName = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (ResourceDescriptor subject in statement.Subjects)
            {
                string? name = subject.Name;
                if (name == null || PackageEntryNames.Problem(name) != null)
                    throw Tampered(package, $"its statement lists the subject '{NupkgEntries.Printable(name ?? "")}', which is not a valid package path");
                if (!subject.Digest.TryGetValue("sha256", out string? sha256))
                    throw Tampered(package, $"its statement has no sha256 digest for '{NupkgEntries.Printable(name)}'");
                if (byName.ContainsKey(name))
                    throw Tampered(package, $"its statement lists '{NupkgEntries.Printable(name)}' twice");
                byName.Add(name, sha256);
            }
            return byName;
        }

        /// <summary>The bundle beside the package; returns the hint of the key that signed it.</summary>
        private static string VerifyOuter(string package, string bundlePath, bool signedByNuGet, IReadOnlyList<Signing.VerificationKey> keys)
        {
            SigstoreBundle bundle = BundleFileVerifier.ReadBundle(bundlePath, ExitCodes.Invalid);
            VerifiedStatement statement;
            try
            {
                statement = BundleVerifier.Verify(bundle, keys);
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.Invalid, e.Code, $"{bundlePath}: {e.Message}", e);
            }

            string sha512;
            try
            {
                sha512 = PackageContentHash.ComputeHex(package);
            }
            catch (ProvenanceException e)
            {
                throw Tampered(package, e.Message, e);
            }
            string? sha256 = signedByNuGet ? null : Sha256Hex(package);
            bool matched = statement.Subjects.Any(s =>
                s.Digest.TryGetValue("sha512", out string? h512) && h512 == sha512 &&
                (sha256 == null || (s.Digest.TryGetValue("sha256", out string? h256) && h256 == sha256)));
            if (!matched)
            {
                string what = statement.HasSubjectDigest("sha512", sha512)
                    ? $"its sha256 {sha256} is not on the subject with its sha512"
                    : $"its content hash (sha512 {sha512}) is not a subject";
                throw Tampered(package, $"{what} of '{bundlePath}' (the package changed after signing, or the bundle belongs to another package)");
            }
            return statement.Signer.Hint;
        }

        private static string Sha256Hex(string path)
        {
            try
            {
                using (Stream stream = InputFiles.OpenRead(path, "package"))
                using (SHA256 sha = SHA256.Create())
                    return Convert.ToHexString(sha.ComputeHash(stream)).ToLowerInvariant();
            }
            catch (IOException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, null, $"package '{path}' could not be read: {e.Message}", e);
            }
        }

        private static CommandFailedException Tampered(string package, string why, Exception? inner = null) =>
            NupkgEntries.Invalid(package, why, inner);
    }
}
