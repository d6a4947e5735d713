using System;
using System.IO;
using System.Text;
using Provenance.Bundles;
using Provenance.Generation;
using Provenance.Signing;

namespace Provenance.Cli.Tests.Infrastructure
{
    /// <summary>
    /// A second provenance that differs from a first one in exactly the ways a test names: the statement's text is
    /// edited and signed again with the test's key, as a producer with that key could have written it.
    /// </summary>
    internal static class StatementEdits
    {
        public static string Statement(string bundlePath) =>
            Encoding.UTF8.GetString(SigstoreBundle.Parse(File.ReadAllBytes(bundlePath)).Envelope.Payload);

        /// <summary>Writes the edited, re-signed bundle to <paramref name="outputPath"/>; every replacement must apply.</summary>
        public static string Resign(string bundlePath, string outputPath, ISigner signer, params (string Old, string New)[] replacements)
        {
            string statement = Statement(bundlePath);
            foreach (var (oldText, newText) in replacements)
            {
                if (!statement.Contains(oldText, StringComparison.Ordinal)) throw new InvalidOperationException($"the statement has no '{oldText}'");
                statement = statement.Replace(oldText, newText, StringComparison.Ordinal);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
            File.WriteAllBytes(outputPath, ProvenanceGenerator.CreateBundle(Encoding.UTF8.GetBytes(statement), signer));
            return outputPath;
        }
    }
}
