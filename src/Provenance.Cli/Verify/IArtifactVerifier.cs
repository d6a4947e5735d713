namespace Provenance.Cli.Verify
{
    /// <summary>
    /// One kind of artifact `verify` understands. Today: any file with a bundle beside it. The seam exists for
    /// packages (issue 3), whose provenance also travels inside the .nupkg; they get their own verifier, placed
    /// before <see cref="BundleFileVerifier"/> in <see cref="VerifyCommand"/>.
    /// </summary>
    internal interface IArtifactVerifier
    {
        bool CanVerify(string artifactPath);

        /// <summary>Returns the hint of the key that signed; throws CommandFailedException when invalid or unreadable.</summary>
        VerificationOutcome Verify(VerifyOptions options);
    }
}
