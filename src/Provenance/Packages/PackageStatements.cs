using System;
using System.Collections.Generic;
using Provenance.Bundles;
using Provenance.Dsse;
using Provenance.Json;
using Provenance.Signing;
using Provenance.Slsa;

namespace Provenance.Packages
{
    /// <summary>
    /// Small building blocks for a <see cref="PackageBundleFactory"/>: a statement from subjects and a predicate, a
    /// statement whose subjects replace those of another (so the generator's output for the build can be reused for
    /// the package), and the signed bundle.
    /// </summary>
    public static class PackageStatements
    {
        /// <summary>An in-toto Statement v1 with a SLSA provenance v1 predicate, indented as the generator writes it.</summary>
        public static byte[] Create(IReadOnlyList<ResourceDescriptor> subjects, JsonObject predicate)
        {
            if (subjects == null) throw new ArgumentNullException(nameof(subjects));
            if (predicate == null) throw new ArgumentNullException(nameof(predicate));
            return JsonWriter.ToUtf8Bytes(InTotoStatement.ToJson(subjects, InTotoStatement.SlsaProvenanceV1, predicate), indented: true);
        }

        /// <summary>
        /// The statement <paramref name="template"/> (e.g. from ProvenanceGenerator.CreateStatement) with its subjects
        /// replaced by <paramref name="subjects"/>; every other member keeps its value and order.
        /// </summary>
        public static byte[] WithSubjects(byte[] template, IReadOnlyList<ResourceDescriptor> subjects)
        {
            if (template == null) throw new ArgumentNullException(nameof(template));
            if (subjects == null) throw new ArgumentNullException(nameof(subjects));
            if (!(JsonReader.Parse(template) is JsonObject statement) || !statement.ContainsKey("subject"))
                throw new ArgumentException("The template is not an in-toto statement.", nameof(template));
            var subjectArray = new JsonArray();
            foreach (ResourceDescriptor subject in subjects) subjectArray.Add(subject.ToJson());
            var result = new JsonObject();
            foreach (var member in statement.Members)
                result.Add(member.Key, member.Key == "subject" ? subjectArray : member.Value);
            return JsonWriter.ToUtf8Bytes(result, indented: true);
        }

        /// <summary>DSSE-signs the statement and wraps it in a Sigstore bundle naming the signer's key.</summary>
        public static byte[] Sign(byte[] statement, ISigner signer)
        {
            if (statement == null) throw new ArgumentNullException(nameof(statement));
            if (signer == null) throw new ArgumentNullException(nameof(signer));
            DsseEnvelope envelope = DsseEnvelope.Sign(Pae.InTotoPayloadType, statement, signer);
            return SigstoreBundle.ForPublicKey(envelope, signer.PublicKey).ToUtf8Bytes();
        }

        /// <summary>A factory that signs a statement with the given predicate: enough for tests and the CLI.</summary>
        public static PackageBundleFactory Factory(JsonObject predicate, ISigner signer) =>
            subjects => Sign(Create(subjects, predicate), signer);
    }
}
