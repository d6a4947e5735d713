using Provenance.Signing;

namespace Provenance.Keys
{
    /// <summary>A signer and where its key came from (recorded in the statement as internalParameters.signingKeySource).</summary>
    public sealed class ResolvedSigner
    {
        public const string FromFile = "file";
        public const string FromEnvironment = "environment";
        public const string FromCommand = "command";
        public const string FromDevelopmentKey = "development";

        public ResolvedSigner(ISigner signer, string source, string? developmentKeyPath = null)
        {
            Signer = signer;
            Source = source;
            DevelopmentKeyPath = developmentKeyPath;
        }

        public ISigner Signer { get; }
        public string Source { get; }

        /// <summary>Set when the development key signed: the build says so, once.</summary>
        public string? DevelopmentKeyPath { get; }
        public bool IsDevelopmentKey => Source == FromDevelopmentKey;
    }
}
