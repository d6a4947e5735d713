namespace Provenance.Packages
{
    /// <summary>How a required package that fails verification is reported. A tampered package is an error whatever this says.</summary>
    public enum PolicySeverity
    {
        Error,
        Warning,
        None,
    }
}
