using Provenance.Cli.CommandLine;
using Provenance.Sigstore;

namespace Provenance.Cli.Verify
{
    /// <summary>
    /// --trusted-root: whom the Sigstore verifier trusts (CAs, transparency logs, CT logs, timestamp authorities).
    /// A root that cannot be read is a configuration error (PROV3011, exit 2), never a fall-back to public-good: that
    /// would trust authorities the user did not name.
    /// </summary>
    internal static class TrustedRootOption
    {
        public static TrustedRoot? Load(string? path)
        {
            if (path == null) return null;
            byte[] bytes;
            try
            {
                bytes = InputFiles.ReadAll(path, "trusted root", TrustedRoot.MaxBytes);
            }
            catch (CommandFailedException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.TrustedRootInvalid, e.Message, e);
            }
            try
            {
                return TrustedRoot.Parse(bytes);
            }
            catch (ProvenanceException e)
            {
                throw new CommandFailedException(ExitCodes.UsageOrUnreadable, DiagnosticCodes.TrustedRootInvalid,
                    $"trusted root '{path}' cannot be used: {e.Message}", e);
            }
        }
    }
}
