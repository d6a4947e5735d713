using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
using PkcsObjectIdentifiers = Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers;
using Org.BouncyCastle.Asn1.X509;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>
    /// A '.signature.p7s' shaped as NuGet writes one (DER CMS ContentInfo of type SignedData with one signer), built
    /// with BouncyCastle so the CLI tests need neither openssl nor `dotnet nuget sign`. Its signature bytes are not a
    /// real signature: the verifier only checks the structure, NuGet's trust policy checks the signature.
    /// </summary>
    internal static class TestSignatures
    {
        public static byte[] MinimalSignedData()
        {
            var sha256 = new AlgorithmIdentifier(NistObjectIdentifiers.IdSha256, DerNull.Instance);
            var signer = new SignerInfo(
                new SignerIdentifier(new DerOctetString(new byte[20])),
                sha256,
                (Asn1Set?)null,
                new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance),
                new DerOctetString(new byte[256]),
                (Asn1Set?)null);
            var signedData = new SignedData(
                new DerSet(sha256),
                new ContentInfo(CmsObjectIdentifiers.Data, null),
                null,
                null,
                new DerSet(signer));
            return new ContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
        }
    }
}
