using System;
using System.IO;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;

namespace Provenance.Packages
{
    /// <summary>
    /// NuGet's package signature, '.signature.p7s': the one file a statement cannot list (it is added after
    /// attestation, by `dotnet nuget sign` or a registry), so its name alone must not exempt it. Only a file that is
    /// what NuGet writes there, a DER CMS ContentInfo of type SignedData (RFC 5652, OID 1.2.840.113549.1.7.2) and
    /// nothing after it, within <see cref="MaxBytes"/>, may stay unlisted. The signature itself is not verified
    /// (that is NuGet's job, and its trust policy's): this check only stops the name from carrying arbitrary bytes.
    /// </summary>
    public static class NuGetSignatureFile
    {
        public const string FileName = PackageAttestation.NuGetSignatureEntryName;

        /// <summary>
        /// Author and repository signatures with their chains, countersignature and timestamps are a few KiB to a few
        /// tens of KiB; 1 MiB leaves room for long chains while keeping a hostile file from costing a parse of megabytes.
        /// </summary>
        public const int MaxBytes = 1024 * 1024;

        private static readonly DerObjectIdentifier SignedDataType = CmsObjectIdentifiers.SignedData; // 1.2.840.113549.1.7.2

        /// <summary>Null when <paramref name="content"/> is a CMS SignedData ContentInfo; otherwise why it is not.</summary>
        public static string? Problem(byte[] content)
        {
            if (content == null) throw new ArgumentNullException(nameof(content));
            if (content.Length > MaxBytes) return $"it is {content.Length} bytes, over the {MaxBytes}-byte limit of a NuGet signature";
            // A DER SEQUENCE tag first: random or text bytes fail here without reaching the ASN.1 parser.
            if (content.Length < 2 || content[0] != 0x30) return "it is not a CMS (PKCS#7) structure";
            try
            {
                using (var input = new Asn1InputStream(new MemoryStream(content, writable: false), content.Length))
                {
                    Asn1Object? first = input.ReadObject();
                    if (first == null) return "it is not a CMS (PKCS#7) structure";
                    if (input.ReadObject() != null) return "it has data after its CMS (PKCS#7) structure";
                    ContentInfo info = ContentInfo.GetInstance(first);
                    if (!SignedDataType.Equals(info.ContentType))
                        return $"it is a CMS (PKCS#7) structure of type {info.ContentType.Id}, not SignedData ({SignedDataType.Id})";
                    SignedData signed = SignedData.GetInstance(info.Content);
                    if (signed.SignerInfos.Count == 0) return "its CMS SignedData has no signer";
                    return null;
                }
            }
            catch (Exception e) when (e is IOException || e is ArgumentException || e is InvalidCastException || e is InvalidOperationException || e is Asn1Exception)
            {
                // BouncyCastle reports malformed ASN.1 with any of these, depending on where the structure breaks.
                return "it is not a CMS (PKCS#7) SignedData structure";
            }
        }

        /// <summary>
        /// Null when the file at <paramref name="path"/> is a CMS SignedData ContentInfo; otherwise why it is not. The
        /// size is checked before anything is read, so a huge file costs nothing.
        /// </summary>
        public static string? FileProblem(string path)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete))
            {
                if (stream.Length > MaxBytes) return $"it is {stream.Length} bytes, over the {MaxBytes}-byte limit of a NuGet signature";
                var content = new byte[stream.Length];
                int read = 0;
                while (read < content.Length)
                {
                    int n = stream.Read(content, read, content.Length - read);
                    if (n == 0) break;
                    read += n;
                }
                if (read != content.Length || stream.ReadByte() != -1) return "it changed while it was read";
                return Problem(content);
            }
        }

        /// <summary>The tamper reason for a package whose '.signature.p7s' is not a signature, naming the file.</summary>
        public static string Reason(string problem) =>
            $"'{FileName}' is not a NuGet package signature ({problem}); it is not in the package's signed provenance either.";
    }
}
