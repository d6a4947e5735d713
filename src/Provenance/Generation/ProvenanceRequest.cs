using System;
using System.Collections.Generic;
using Provenance.Capture;

namespace Provenance.Generation
{
    /// <summary>
    /// Everything one provenance statement records, as plain data. The MSBuild task fills it from items and
    /// properties; tests fill it by hand. Paths are absolute; the generator makes them repository-relative.
    /// </summary>
    public sealed class ProvenanceRequest
    {
        /// <summary>Root that recorded paths are relative to: the git repository root, else the solution or project folder.</summary>
        public string RepositoryRoot { get; set; } = "";

        /// <summary>Absolute path of the project file.</summary>
        public string ProjectPath { get; set; } = "";
        public string Configuration { get; set; } = "";
        public string TargetFramework { get; set; } = "";
        public string? RuntimeIdentifier { get; set; }

        /// <summary>Global properties of the build (redacted by the generator when the name looks secret).</summary>
        public IDictionary<string, string> GlobalProperties { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Source control facts; null outside a repository.</summary>
        public GitSourceInfo? Source { get; set; }

        public string SdkVersion { get; set; } = "";
        public string MSBuildVersion { get; set; } = "";
        public string DotnetRuntime { get; set; } = "";
        public string OperatingSystem { get; set; } = "";
        public string Architecture { get; set; } = "";

        /// <summary>Compiler name (csc, vbc, fsc) and version.</summary>
        public string CompilerName { get; set; } = "";
        public string CompilerVersion { get; set; } = "";

        /// <summary>Options that shape the output: langVersion, optimize, deterministic, defineConstants, nullable, continuousIntegrationBuild, pathMap, ...</summary>
        public IDictionary<string, string> CompilerOptions { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        public CiInfo? Ci { get; set; }

        /// <summary>Environment variables already filtered through the allowlist.</summary>
        public IDictionary<string, string> Environment { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Files that went into the compilation, with a kind: compile, resource, additional, config, project, build, restore.</summary>
        public IList<InputFile> Inputs { get; set; } = new List<InputFile>();

        /// <summary>Restored packages with the sha512 NuGet recorded (from project.assets.json).</summary>
        public IList<RestoredPackage> Packages { get; set; } = new List<RestoredPackage>();

        /// <summary>Analyzer and source generator assemblies (absolute paths); the package id when they come from one.</summary>
        public IList<InputFile> Analyzers { get; set; } = new List<InputFile>();

        /// <summary>Referenced projects' output assemblies and, when they have one, their provenance file.</summary>
        public IList<ProjectReferenceOutput> ProjectReferences { get; set; } = new List<ProjectReferenceOutput>();

        /// <summary>Files attested (absolute paths); their subject names are relative to <see cref="SubjectBaseDirectory"/>.</summary>
        public IList<string> Subjects { get; set; } = new List<string>();
        public string SubjectBaseDirectory { get; set; } = "";

        /// <summary>runDetails.byproducts: files the build wrote that are not attested (absolute paths, named like subjects); missing ones are skipped.</summary>
        public IList<string> Byproducts { get; set; } = new List<string>();

        /// <summary>runDetails.builder.id: configured, else CI-derived, else a local-builder URI.</summary>
        public string BuilderId { get; set; } = "";

        /// <summary>Version of Provenance.MSBuild that wrote the statement.</summary>
        public string ToolVersion { get; set; } = "";

        /// <summary>Where the signing key came from: file, environment, command, development.</summary>
        public string KeySource { get; set; } = "";

        /// <summary>runDetails.metadata.invocationId; null when the build has no stable run identifier (local builds).</summary>
        public string? InvocationId { get; set; }

        public DateTimeOffset StartedOn { get; set; }
        public DateTimeOffset FinishedOn { get; set; }

        /// <summary>What a rebuild needs (source order, source roots, command line, packs); null records none of it.</summary>
        public CompilationRecord? Compilation { get; set; }
    }

    public sealed class InputFile
    {
        public InputFile(string path, string kind, string? packageId = null)
        {
            Path = path;
            Kind = kind;
            PackageId = packageId;
        }

        public string Path { get; }
        public string Kind { get; }
        public string? PackageId { get; }
    }

    public sealed class ProjectReferenceOutput
    {
        public ProjectReferenceOutput(string projectPath, string outputPath, string? provenancePath)
        {
            ProjectPath = projectPath;
            OutputPath = outputPath;
            ProvenancePath = provenancePath;
        }

        public string ProjectPath { get; }
        public string OutputPath { get; }
        public string? ProvenancePath { get; }
    }
}
