namespace Provenance.MSBuild
{
    internal static class Placeholder { }
}
