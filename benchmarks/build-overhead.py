#!/usr/bin/env python3
"""Build overhead of Provenance.MSBuild (budgets: full build <= 3 % wall time, no-op <= 20 ms per project).

Usage (from the repository root, after `dotnet pack -c Release` wrote artifacts/packages):

    python3 benchmarks/build-overhead.py [--projects 20] [--files 50] [--repetitions 5]
                                         [--packages artifacts/packages] [--version V] [--without-only] [--keep]

Generates in a temporary folder two identical solutions of --projects class libraries x --files source files
(a tree of ProjectReferences, PackageReferences to Newtonsoft.Json and Microsoft.Extensions.Logging.Abstractions):
"without" as is, "with" adding a PackageReference to Provenance.MSBuild (version taken from the newest
Provenance.MSBuild.<version>.nupkg in --packages) and an Ed25519 key from `openssl genpkey`. Both restore once
(untimed) into one NUGET_PACKAGES folder of this run, so a repacked package of the same version is never served
stale. Then, repetition by repetition and alternating the two so that machine drift hits both alike:
  full build  = `dotnet clean` then `dotnet build --no-restore -c Release -m -nr:false`
  no-op build = the same build again, nothing changed
Prints medians, the with/without ratios and the no-op overhead per project in ms, our targets' and tasks' own time
per target (MSBuild's performance summary, full and no-op), and warns when a no-op build rewrote a provenance file.
benchmarks/real-repos.py measures the same on a real repository. --without-only measures the "without" half alone (before the package can be built).
--keep leaves the generated folder for inspection.
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
from buildperf import breakdown, own_target_ms, run  # noqa: E402

PACKAGES = {"Newtonsoft.Json": "13.0.4", "Microsoft.Extensions.Logging.Abstractions": "8.0.2"}
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def project_name(i):
    return "Lib%02d" % i


def references(i):
    # A tree with some sharing: each project builds on i//2 and i//3, so the graph is about log2(n) deep
    # and -m has parallel work, like a real layered solution.
    return sorted({j for j in (i // 2, i // 3) if j < i and i > 0})


def source_file(project, refs, index):
    uses = "".join("        public {0}.Type{1:02d} Dep{2} {{ get; }} = new {0}.Type{1:02d}();\n".format(project_name(r), index % 10, k)
                   for k, r in enumerate(refs))
    return (
        "using System;\nusing System.Collections.Generic;\nusing System.Linq;\n\n"
        "namespace {p}\n{{\n"
        "    public sealed class Type{i:02d}\n    {{\n{uses}"
        "        private readonly List<int> _values = new List<int>();\n\n"
        "        public void Add(int value) => _values.Add(value * {i} + 1);\n\n"
        "        public int Sum() => _values.Where(v => v % 2 == 0).Sum();\n\n"
        "        public string Describe(string prefix)\n        {{\n"
        "            var parts = new List<string>();\n"
        "            foreach (int v in _values) parts.Add(prefix + v.ToString(System.Globalization.CultureInfo.InvariantCulture));\n"
        "            return string.Join(\",\", parts) + Newtonsoft.Json.JsonConvert.SerializeObject(_values.Count);\n"
        "        }}\n\n"
        "        public override string ToString() => Describe(\"{p}.{i}:\");\n"
        "    }}\n}}\n"
    ).format(p=project, i=index, uses=uses)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def generate(root, projects, files, package_version, key_path):
    props = "<Project>\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n    <Nullable>disable</Nullable>\n" \
            "    <ImplicitUsings>disable</ImplicitUsings>\n    <GenerateDocumentationFile>false</GenerateDocumentationFile>\n"
    if package_version:
        props += "    <ProvenanceSigningKeyFile>%s</ProvenanceSigningKeyFile>\n" % key_path
    props += "  </PropertyGroup>\n  <ItemGroup>\n"
    for pid, version in PACKAGES.items():
        props += '    <PackageReference Include="%s" Version="%s" />\n' % (pid, version)
    if package_version:
        props += '    <PackageReference Include="Provenance.MSBuild" Version="%s" PrivateAssets="all" />\n' % package_version
    props += "  </ItemGroup>\n</Project>\n"
    write(os.path.join(root, "Directory.Build.props"), props)
    shutil.copy(os.path.join(REPO, "global.json"), os.path.join(root, "global.json"))
    for i in range(projects):
        name = project_name(i)
        refs = references(i)
        items = "".join('    <ProjectReference Include="../%s/%s.csproj" />\n' % (project_name(r), project_name(r)) for r in refs)
        write(os.path.join(root, name, name + ".csproj"),
              '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n%s  </ItemGroup>\n</Project>\n' % items)
        for f in range(files):
            write(os.path.join(root, name, "Type%02d.cs" % f), source_file(name, refs, f))
    run(["dotnet", "new", "sln", "-n", "Bench", "--format", "sln"], root)
    run(["dotnet", "sln", "Bench.sln", "add"] + ["%s/%s.csproj" % (project_name(i), project_name(i)) for i in range(projects)], root)


def bundle_stamps(root):
    """Provenance files beside the outputs with their modification times: a no-op build must not rewrite them."""
    paths = glob.glob(os.path.join(root, "*", "bin", "Release", "*", "*.dll.sigstore.json"))
    return {p: os.stat(p).st_mtime_ns for p in paths}


def newest_package_version(folder):
    candidates = [p for p in glob.glob(os.path.join(folder, "Provenance.MSBuild.*.nupkg"))
                  if re.match(r"^Provenance\.MSBuild\.\d", os.path.basename(p)) and not p.endswith(".symbols.nupkg")]
    if not candidates:
        raise SystemExit("no Provenance.MSBuild.<version>.nupkg in %s: run `dotnet pack -c Release` first, or pass --without-only" % folder)
    newest = max(candidates, key=os.path.getmtime)
    return os.path.basename(newest)[len("Provenance.MSBuild."):-len(".nupkg")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--packages", default=os.path.join(REPO, "artifacts", "packages"))
    parser.add_argument("--version", help="the package version to measure (default: the newest .nupkg in --packages)")
    parser.add_argument("--without-only", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="provenance-bench-")
    env = dict(os.environ, NUGET_PACKAGES=os.path.join(work, "nuget-packages"), DOTNET_CLI_TELEMETRY_OPTOUT="1",
               DOTNET_NOLOGO="1", MSBUILDDISABLENODEREUSE="1", DOTNET_CLI_UI_LANGUAGE="en")
    env.pop("CI", None)  # CI detection must not differ from a developer's build
    variants = {"without": None}
    if not args.without_only:
        variants["with"] = args.version or newest_package_version(os.path.abspath(args.packages))
    key = os.path.join(work, "signing-key.pem")
    if "with" in variants:
        run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", key], work)
    # Machine sources stay (no <clear/>) for the third-party packages; the local folder serves ours.
    write(os.path.join(work, "NuGet.config"),
          '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n'
          '    <add key="provenance-local" value="%s" />\n  </packageSources>\n</configuration>\n' % os.path.abspath(args.packages))

    print("benchmark folder: %s" % work)
    print("%d projects x %d files, %d repetitions; package: %s" % (args.projects, args.files, args.repetitions, variants.get("with", "not measured")))
    build = ["dotnet", "build", "Bench.sln", "--no-restore", "-c", "Release", "-m", "-nr:false", "-v:q", "-clp:NoSummary"]
    measured = build + ["-clp:NoSummary;PerformanceSummary"]
    times = {v: {"full": [], "noop": []} for v in variants}
    own = {"full": [], "noop": []}
    outputs_by_kind = {"full": [], "no-op": []}
    try:
        for variant, version in variants.items():
            root = os.path.join(work, variant)
            generate(root, args.projects, args.files, version, key)
            run(["dotnet", "restore", "Bench.sln", "-nr:false"], root, env)
            run(build, root, env)  # warm-up: first compiler-server start, disk cache
        for rep in range(args.repetitions):
            for variant in variants:
                root = os.path.join(work, variant)
                run(["dotnet", "clean", "Bench.sln", "-c", "Release", "-nr:false", "-v:q"], root, env)
                outputs = []
                full = run(measured if variant == "with" else build, root, env, outputs)
                before = bundle_stamps(root)
                noop = run(measured if variant == "with" else build, root, env, outputs)
                if variant == "with":
                    own["full"].append(own_target_ms(outputs[0]))
                    own["noop"].append(own_target_ms(outputs[1]))
                    outputs_by_kind["full"].append(outputs[0])
                    outputs_by_kind["no-op"].append(outputs[1])
                if variant == "with":
                    rewritten = sum(1 for path, stamp in bundle_stamps(root).items() if before.get(path) != stamp)
                    if rewritten:
                        print("  WARNING: the no-op build rewrote %d provenance file(s)" % rewritten)
                times[variant]["full"].append(full)
                times[variant]["noop"].append(noop)
                print("  rep %d %-7s full %6.2f s  no-op %6.2f s" % (rep + 1, variant, full, noop), flush=True)
        if "with" in variants:
            print("provenance files written by the 'with' build: %d (expected %d)" % (len(bundle_stamps(os.path.join(work, "with"))), args.projects))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    med = {v: {k: statistics.median(t) for k, t in d.items()} for v, d in times.items()}
    print()
    print("median of %d         full build   no-op build" % args.repetitions)
    for variant in variants:
        print("  %-18s %8.2f s  %8.2f s" % (variant, med[variant]["full"], med[variant]["noop"]))
    if "with" in variants:
        full_ratio = med["with"]["full"] / med["without"]["full"]
        noop_ratio = med["with"]["noop"] / med["without"]["noop"]
        per_project_ms = (med["with"]["noop"] - med["without"]["noop"]) * 1000 / args.projects
        print("  ratio with/without  %8.3f     %8.3f" % (full_ratio, noop_ratio))
        print("full build overhead: %+.1f %% (budget <= 3 %%)" % ((full_ratio - 1) * 100))
        print("no-op overhead per project: %+.1f ms (budget <= 20 ms)" % per_project_ms)
        own_full, own_noop = statistics.median(own["full"]), statistics.median(own["noop"])
        print("Provenance.MSBuild's own targets and tasks (MSBuild performance summary, summed over projects and nodes):")
        for line in breakdown(outputs_by_kind):
            print(line)
        print("  full build: %d ms = %.1f %% of the 'without' full build (budget <= 3 %%)" % (own_full, own_full / 10 / med["without"]["full"]))
        print("  no-op build: %d ms = %.1f ms per project (budget <= 20 ms)" % (own_noop, own_noop / args.projects))
    else:
        print("per project no-op (without): %.1f ms" % (med["without"]["noop"] * 1000 / args.projects))


if __name__ == "__main__":
    main()
