namespace Provenance.Cli.Verify
{
    /// <summary>A successful verification: which key signed (its hint) and what was checked.</summary>
    internal sealed class VerificationOutcome
    {
        public VerificationOutcome(string signerHint, string bundlePath)
        {
            SignerHint = signerHint;
            BundlePath = bundlePath;
        }

        public string SignerHint { get; }
        public string BundlePath { get; }

        /// <summary>Printed between the artifact and "signed by", e.g. "(12 entries)"; null for none.</summary>
        public string? Detail { get; set; }

        /// <summary>A remark for stderr on success (e.g. what was not checked); null for none.</summary>
        public string? Note { get; set; }
    }
}
