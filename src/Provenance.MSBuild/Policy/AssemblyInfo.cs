using System.Runtime.CompilerServices;

// DeclaredPolicyReader is internal (only the gate task uses it); its tests evaluate real projects through MSBuildLocator.
[assembly: InternalsVisibleTo("Provenance.MSBuild.UnitTests")]
