namespace Provenance.Packages
{
    public enum PolicyDecisionLevel
    {
        /// <summary>Verified: nothing to say beyond the summary count.</summary>
        Verified,

        /// <summary>Not verified, but nothing requires it: folded into the one PROV2010 summary message.</summary>
        Summary,

        Warning,
        Error,
    }

    /// <summary>How one package's result is reported: level, PROV code and the one-line reason.</summary>
    public sealed class PolicyDecision
    {
        public PolicyDecision(PolicyDecisionLevel level, string? code, string message)
        {
            Level = level;
            Code = code;
            Message = message;
        }

        public PolicyDecisionLevel Level { get; }
        public string? Code { get; }
        public string Message { get; }
    }
}
