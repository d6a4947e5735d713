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
    }
}
