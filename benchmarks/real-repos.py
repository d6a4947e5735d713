#!/usr/bin/env python3
"""Build overhead of Provenance.MSBuild on a real repository (budgets: full build <= 3 %, no-op <= 20 ms per project).

Usage (from this repository's root, after `dotnet pack -c Release` wrote artifacts/packages):

    python3 benchmarks/real-repos.py CLONE PROJECT [PROJECT ...] [--repetitions 3] [--packages artifacts/packages]
                                     [--version V] [-p Name=Value ...] [--configuration Release] [--keep]

CLONE is a local clone of the repository (never committed here); each PROJECT is a path inside it, e.g.
`src/Serilog/Serilog.csproj`. Several projects are built together through a temporary solution, as a repository's
own build would (-m). Two copies of the clone are made in a temporary folder (bin/ and obj/ left out): "without"
as is, "with" where our package is added without touching the repository's files, through
-p:CustomAfterMicrosoftCommonTargets (and its cross-targeting twin) naming a file that adds the PackageReference
(a PackageVersion too under Central Package Management) and an Ed25519 key from `openssl genpkey`. The package
comes from --packages (the newest Provenance.MSBuild.<version>.nupkg there unless --version) through
RestoreAdditionalProjectSources, and every run restores into its own NUGET_PACKAGES so that a repacked package of
the same version is never served stale.

Then, repetition by repetition, alternating the two:
  full build  = `dotnet clean` then `dotnet build --no-restore -c Release -m -nr:false`
  no-op build = the same build again, nothing changed
Prints the wall-clock medians and ratios, and our targets' and tasks' own time from MSBuild's performance summary
(full and no-op) against the budgets. -p passes properties to restore and every build of both copies, e.g.
`-p TargetFrameworks=net8.0\\;netstandard2.0` to skip frameworks whose packs the feed lacks, or
`-p WarningsNotAsErrors=NU1603` when the feed serves a nearby version of a package.

Examples (each clone has its `origin` set to the public URL so that SourceLink and our statement see one):
    python3 benchmarks/real-repos.py /tmp/serilog src/Serilog/Serilog.csproj
    python3 benchmarks/real-repos.py /tmp/dapper Dapper/Dapper.csproj Dapper.StrongName/Dapper.StrongName.csproj \\
        Dapper.ProviderTools/Dapper.ProviderTools.csproj Dapper.Rainbow/Dapper.Rainbow.csproj \\
        Dapper.SqlBuilder/Dapper.SqlBuilder.csproj -p WarningsNotAsErrors=NU1603
"""
import argparse
import glob
import os
import re
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import buildperf  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

INJECT = """<Project>
  <!-- Added by benchmarks/real-repos.py through CustomAfterMicrosoftCommonTargets: the repository's files stay as they are. -->
  <PropertyGroup>
    <ProvenanceSigningKeyFile>{key}</ProvenanceSigningKeyFile>
  </PropertyGroup>
  <ItemGroup Condition="'$(ManagePackageVersionsCentrally)' == 'true'">
    <PackageVersion Include="Provenance.MSBuild" Version="{version}" />
    <PackageReference Include="Provenance.MSBuild" PrivateAssets="all" />
  </ItemGroup>
  <ItemGroup Condition="'$(ManagePackageVersionsCentrally)' != 'true'">
    <PackageReference Include="Provenance.MSBuild" Version="{version}" PrivateAssets="all" />
  </ItemGroup>
</Project>
"""


def newest_package_version(folder):
    candidates = [p for p in glob.glob(os.path.join(folder, "Provenance.MSBuild.*.nupkg"))
                  if re.match(r"^Provenance\.MSBuild\.\d", os.path.basename(p)) and not p.endswith(".symbols.nupkg")]
    if not candidates:
        raise SystemExit("no Provenance.MSBuild.<version>.nupkg in %s: run `dotnet pack -c Release` first" % folder)
    return os.path.basename(max(candidates, key=os.path.getmtime))[len("Provenance.MSBuild."):-len(".nupkg")]


def copy_clone(source, target):
    # bin/ and obj/ stay behind: both copies start from the same clean state, and restore writes their own obj/.
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("bin", "obj"))


def bundles(root):
    return {p: os.stat(p).st_mtime_ns for p in glob.glob(os.path.join(root, "**", "bin", "**", "*.sigstore.json"), recursive=True)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clone")
    parser.add_argument("projects", nargs="+")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--packages", default=os.path.join(REPO, "artifacts", "packages"))
    parser.add_argument("--version")
    parser.add_argument("--configuration", default="Release")
    parser.add_argument("-p", "--property", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    packages = os.path.abspath(args.packages)
    version = args.version or newest_package_version(packages)
    work = tempfile.mkdtemp(prefix="provenance-real-")
    env = dict(os.environ, NUGET_PACKAGES=os.path.join(work, "nuget-packages"), DOTNET_CLI_TELEMETRY_OPTOUT="1",
               DOTNET_NOLOGO="1", MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_UI_LANGUAGE="en")
    env.pop("CI", None)  # CI detection must not differ from a developer's build
    key = os.path.join(work, "signing-key.pem")
    buildperf.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", key], work)
    inject = os.path.join(work, "provenance-inject.targets")
    with open(inject, "w", encoding="utf-8") as f:
        f.write(INJECT.format(key=key, version=version))

    properties = ["-p:" + p for p in args.property]
    variant_properties = {
        "without": [],
        "with": ["-p:CustomAfterMicrosoftCommonTargets=" + inject, "-p:CustomAfterMicrosoftCommonCrossTargetingTargets=" + inject,
                 "-p:RestoreAdditionalProjectSources=" + packages],
    }
    print("benchmark folder: %s" % work)
    print("%s: %s; package %s; %d repetitions" % (os.path.basename(os.path.abspath(args.clone)), " ".join(args.projects), version, args.repetitions))

    times = {v: {"full": [], "noop": []} for v in variant_properties}
    outputs = {"full": [], "no-op": []}
    try:
        for variant, extra in variant_properties.items():
            root = os.path.join(work, variant)
            copy_clone(os.path.abspath(args.clone), root)
            for project in args.projects:
                if not os.path.exists(os.path.join(root, project)):
                    raise SystemExit("no %s in %s" % (project, args.clone))
            buildperf.run(["dotnet", "new", "sln", "-n", "ProvenanceBench", "--format", "sln"], root, env)
            buildperf.run(["dotnet", "sln", "ProvenanceBench.sln", "add"] + args.projects, root, env)
            buildperf.run(["dotnet", "restore", "ProvenanceBench.sln", "-nr:false"] + properties + extra, root, env)
        build = ["dotnet", "build", "ProvenanceBench.sln", "--no-restore", "-c", args.configuration, "-m", "-nr:false", "-v:q",
                 "-clp:NoSummary;PerformanceSummary"] + properties
        clean = ["dotnet", "clean", "ProvenanceBench.sln", "-c", args.configuration, "-nr:false", "-v:q"] + properties
        for variant, extra in variant_properties.items():
            buildperf.run(build + extra, os.path.join(work, variant), env)  # warm-up: disk cache, first compiler start
        for rep in range(args.repetitions):
            for variant, extra in variant_properties.items():
                root = os.path.join(work, variant)
                buildperf.run(clean + extra, root, env)
                out = []
                full = buildperf.run(build + extra, root, env, out)
                before = bundles(root)
                noop = buildperf.run(build + extra, root, env, out)
                if variant == "with":
                    outputs["full"].append(out[0])
                    outputs["no-op"].append(out[1])
                    rewritten = sum(1 for p, stamp in bundles(root).items() if before.get(p) != stamp)
                    if rewritten:
                        print("  WARNING: the no-op build rewrote %d provenance file(s)" % rewritten)
                times[variant]["full"].append(full)
                times[variant]["noop"].append(noop)
                print("  rep %d %-7s full %6.2f s  no-op %6.2f s" % (rep + 1, variant, full, noop), flush=True)
        written = len(bundles(os.path.join(work, "with")))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    med = {v: {k: statistics.median(t) for k, t in d.items()} for v, d in times.items()}
    # One generation per inner build (project x target framework): the unit the per-project budget is about.
    builds = statistics.median(buildperf.summary(o)["Target"].get("_ProvenanceCollect", (0, 0))[1] for o in outputs["full"]) or 1
    print()
    print("provenance files beside the outputs: %d; inner builds (project x framework): %d" % (written, builds))
    print("median of %d         full build   no-op build" % args.repetitions)
    for variant in times:
        print("  %-18s %8.2f s  %8.2f s" % (variant, med[variant]["full"], med[variant]["noop"]))
    full_ratio = med["with"]["full"] / med["without"]["full"]
    noop_ratio = med["with"]["noop"] / med["without"]["noop"]
    print("  ratio with/without  %8.3f     %8.3f   (wall clock: +-15 %% noise on a shared machine)" % (full_ratio, noop_ratio))
    print()
    print("Provenance.MSBuild's own targets and tasks (MSBuild performance summary, summed over projects and nodes):")
    for line in buildperf.breakdown(outputs):
        print(line)
    own_full = statistics.median(buildperf.own_target_ms(o) for o in outputs["full"])
    own_noop = statistics.median(buildperf.own_target_ms(o) for o in outputs["no-op"])
    print("  full build: %d ms = %.1f %% of the 'without' full build (budget <= 3 %%); %.0f ms per inner build"
          % (own_full, own_full / 10 / med["without"]["full"], own_full / builds))
    print("  no-op build: %d ms = %.1f ms per inner build, %.1f ms per project (budget <= 20 ms)"
          % (own_noop, own_noop / builds, own_noop / len(args.projects)))


if __name__ == "__main__":
    main()
