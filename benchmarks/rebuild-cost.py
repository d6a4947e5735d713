#!/usr/bin/env python3
"""What `dotnet-provenance rebuild` costs against a normal restore + build of the same project (budget: + 10 %).

Usage (from the repository root, after `dotnet pack -c Release` wrote artifacts/packages and the CLI is built):

    python3 benchmarks/rebuild-cost.py [--repetitions 5] [--packages artifacts/packages] [--package] [--keep]
    python3 benchmarks/rebuild-cost.py --repository <git clone> --project <path in it> [--framework net8.0] [--build-args ...]

Without --repository it generates a git repository holding one library (Newtonsoft.Json and Provenance.MSBuild from
--packages as its packages, a GitHub remote spelled with ".git", a branch), builds it once with a fresh Ed25519 key
(the "original"), then, repetition by repetition and alternating the two so that machine drift hits both alike:
  normal  = `git clone` of the repository into a new folder, then `dotnet build -c Release` there (restore included),
            with the packages folder of this run already warm, as a developer's would be (--cold: an empty packages
            folder with the warm one as a feed, the work a rebuild's restore does, as on a fresh CI machine);
  rebuild = `dotnet-provenance rebuild <original dll> --source <repository>` (which clones, restores into a packages
            folder of its own, checks every package's hash, builds and compares).
Prints both medians and the ratio rebuild / normal (median of the per-repetition ratios), and fails when a rebuild
does not reproduce. With --repository the same is measured on an existing clone (the original is built there first).
With --package the library targets net8.0 and net10.0 and the original is a `dotnet pack`: normal = clone + `dotnet pack`,
rebuild = `dotnet-provenance rebuild <the .nupkg>` (every framework's assemblies rebuilt and compared).
"""
import argparse
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from buildperf import run  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(REPO, "src", "Provenance.Cli", "bin", "Release", "net8.0", "dotnet-provenance.dll")


def newest_version(packages):
    found = [re.match(r"Provenance\.MSBuild\.(\d.*)\.nupkg$", os.path.basename(p)) for p in glob.glob(os.path.join(packages, "Provenance.MSBuild.*.nupkg"))]
    versions = sorted((m.group(1) for m in found if m), key=lambda v: [int(x) if x.isdigit() else x for x in re.split(r"[.-]", v)])
    if not versions:
        raise SystemExit("no Provenance.MSBuild.*.nupkg in %s: run `dotnet pack -c Release` first" % packages)
    return versions[-1]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def generate(root, packages, frameworks):
    version = newest_version(packages)
    write(os.path.join(root, "src/Lib/Lib.csproj"), """<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFrameworks>%s</TargetFrameworks>
    <Nullable>enable</Nullable>
    <PublishRepositoryUrl>true</PublishRepositoryUrl>
    <Authors>bench</Authors>
    <Description>A benchmark library.</Description>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="13.0.4" />
    <PackageReference Include="Provenance.MSBuild" Version="%s" PrivateAssets="all" />
  </ItemGroup>
</Project>
""" % (frameworks, version))
    for i in range(20):
        write(os.path.join(root, "src/Lib/Type%02d.cs" % i),
              "namespace Lib;\npublic static class Type%02d\n{\n    public static string Show(object o) => Newtonsoft.Json.JsonConvert.SerializeObject(o) + \"%d\";\n}\n" % (i, i))
    write(os.path.join(root, ".gitignore"), "bin/\nobj/\n")
    write(os.path.join(root, "nuget.config"), """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="provenance" value="%s" />
  </packageSources>
</configuration>
""" % os.path.abspath(packages))
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    run(git + ["init", "-q", "-b", "main"], root)
    run(git + ["add", "."], root)
    run(git + ["commit", "-q", "-m", "library"], root)
    run(git + ["remote", "add", "origin", "https://github.com/example/bench-lib.git"], root)
    return "src/Lib/Lib.csproj", (None if ";" in frameworks else frameworks)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--packages", default=os.path.join(REPO, "artifacts", "packages"))
    parser.add_argument("--repository", help="an existing git clone (its HEAD must reference Provenance.MSBuild)")
    parser.add_argument("--project", help="the project, relative to --repository")
    parser.add_argument("--framework", help="-p:TargetFramework for a multi-targeted project")
    parser.add_argument("--build-args", nargs="*", default=[], help="more arguments for the builds (e.g. -p:ContinuousIntegrationBuild=true)")
    parser.add_argument("--cli", default=CLI, help="the dotnet-provenance.dll to measure (e.g. an older build, to compare)")
    parser.add_argument("--cold", action="store_true", help="the normal build restores into an empty packages folder too (with the warm one as a feed), as the rebuild does")
    parser.add_argument("--package", action="store_true", help="a net8.0;net10.0 library, packed; rebuild the .nupkg")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    cli = args.cli
    if not os.path.exists(cli):
        raise SystemExit("build the CLI first: dotnet build src/Provenance.Cli -c Release")

    work = tempfile.mkdtemp(prefix="rebuild-cost-")
    env = dict(os.environ, NUGET_PACKAGES=os.path.join(work, "packages"), DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
    try:
        if args.repository:
            repository, project, framework = os.path.abspath(args.repository), args.project, args.framework
        else:
            repository = os.path.join(work, "repo")
            project, framework = generate(repository, args.packages, "net8.0;net10.0" if args.package else "net10.0")
        key = os.path.join(work, "key.pem")
        run(["dotnet", cli, "keygen", "--algorithm", "ed25519", "--out", key], work, env)
        build = ["dotnet", "pack" if args.package else "build", project, "-c", "Release", "-nr:false", "-p:ProvenanceSigningKeyFile=" + key] + args.build_args
        if framework:
            build.append("-p:TargetFramework=" + framework)
        run(build, repository, env)  # the original, and a warm packages folder for the normal builds
        output_folder = os.path.join(repository, os.path.dirname(project), "bin")
        if args.package:
            found = glob.glob(os.path.join(output_folder, "Release", "*.nupkg"))
        else:
            found = [b[: -len(".sigstore.json")] for b in glob.glob(os.path.join(output_folder, "**", "*.dll.sigstore.json"), recursive=True)
                     if "/publish/" not in b and (not framework or "/%s/" % framework in b)]
        if not found:
            raise SystemExit("the original build wrote no %s under %s" % (".nupkg" if args.package else ".dll.sigstore.json", output_folder))
        artifact = found[0]

        normal, rebuild, ratios = [], [], []
        for i in range(args.repetitions):
            clone = os.path.join(work, "normal-%d" % i)
            normal_env = env
            if args.cold:
                # The same work as the rebuild's restore: an empty packages folder, the warm one as a feed.
                normal_env = dict(env, NUGET_PACKAGES=os.path.join(work, "cold-packages-%d" % i))
                build_here = build + ["-p:RestoreAdditionalProjectSources=" + env["NUGET_PACKAGES"]]
            else:
                build_here = build
            n = run(["git", "clone", "-q", repository, clone], work, env) + run(build_here, clone, normal_env)  # a rebuild clones too
            shutil.rmtree(os.path.join(work, "cold-packages-%d" % i), ignore_errors=True)
            output = []
            r = run(["dotnet", cli, "rebuild", artifact, "--source", repository, "--work", os.path.join(work, "rebuild-%d" % i)], work, env, output)
            if r is None or "NOT reproduced" in output[0] or "not reproduced" in output[0]:
                sys.stderr.write(output[0])
                raise SystemExit("the rebuild did not reproduce the original")
            normal.append(n)
            rebuild.append(r)
            ratios.append(r / n)
            print("  repetition %d: normal %.2f s, rebuild %.2f s, ratio %.2f  (%s)" % (i + 1, n, r, r / n, output[0].strip().splitlines()[-1]))
            shutil.rmtree(clone, ignore_errors=True)
        print("normal restore + build: median %.2f s (%.2f-%.2f)" % (statistics.median(normal), min(normal), max(normal)))
        print("rebuild:                median %.2f s (%.2f-%.2f)" % (statistics.median(rebuild), min(rebuild), max(rebuild)))
        print("ratio rebuild / normal: median %.2f (%.2f-%.2f); budget 1.10" % (statistics.median(ratios), min(ratios), max(ratios)))
    finally:
        if args.keep:
            print("kept: " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
