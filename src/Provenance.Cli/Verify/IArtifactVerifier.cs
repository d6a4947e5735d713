namespace Provenance.Cli.Verify
{
    /// <summary>
    /// One kind of artifact `verify` understands: a .nupkg, whose provenance travels inside it
    /// (<see cref="NupkgVerifier"/>), and any other file with a bundle beside it (<see cref="BundleFileVerifier"/>,
    /// last in <see cref="VerifyCommand"/> because it accepts anything).
    /// </summary>
    internal interface IArtifactVerifier
    {
        bool CanVerify(string artifactPath);

        /// <summary>Returns the hint of the key that signed; throws CommandFailedException when invalid or unreadable.</summary>
        VerificationOutcome Verify(VerifyOptions options);
    }
}
