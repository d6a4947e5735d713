using System.Text;
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Signing;

namespace Provenance.Tests.Verification
{
    /// <summary>Small in-toto statements and the bundles that sign them, for bundle and verifier tests.</summary>
    internal static class Statements
    {
        public const string Sha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

        public static string WithSubjects(string subjects, string type = "https://in-toto.io/Statement/v1") =>
            "{\"_type\":\"" + type + "\",\"subject\":[" + subjects + "],\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{\"buildDefinition\":{}}}";

        public static string Simple() => WithSubjects("{\"name\":\"lib.dll\",\"digest\":{\"sha256\":\"" + Sha256 + "\"}}");

        public static SigstoreBundle Sign(string statement, ISigner signer, string payloadType = Pae.InTotoPayloadType) =>
            SigstoreBundle.ForPublicKey(DsseEnvelope.Sign(payloadType, Encoding.UTF8.GetBytes(statement), signer), signer.PublicKey);
    }
}
