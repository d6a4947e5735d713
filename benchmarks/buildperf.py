"""What both build benchmarks share: running a build, and reading our targets' and tasks' own time from MSBuild's
performance summary (`-clp:PerformanceSummary`).

Wall-clock ratios of whole builds vary by +-15 % between identical runs on a shared 2-core machine; the performance
summary times each target and task where it runs, so it is far less affected by what else the machine is doing.
"""
import re
import statistics
import subprocess
import sys
import time

# Our targets, in the order a build runs them (anything else named *Provenance* is listed after these).
OWN_TARGETS = [
    "_ProvenanceRequireGate",          # the consumer gate (Verify.targets), when ProvenanceVerifyPackages is on
    "_ProvenanceInitialize",           # the facts item, once per inner build (and outer, for pack)
    "_ProvenanceCollect",              # subjects, inputs, options: item work only
    "_ProvenanceWriteSettingsStamp",   # the stamp of settings no file time reflects
    "ProvenanceGenerate",              # the public target (its work is in _ProvenanceGenerateCore)
    "_ProvenanceGenerateCore",         # GenerateProvenance: statement and signature, skipped when up to date
    "ProvenanceCheckSubjects",         # the end-of-build check
    "ProvenanceGeneratePublish",
    "ProvenanceCheckPublishSubjects",
    "_ProvenanceAddAssemblyBundleToPackage",
    "_ProvenanceCollectPackages",
    "ProvenanceGeneratePackage",
    "_ProvenanceGeneratePackageCore",  # pack
    "_ProvenanceCleanPackageBundles",
]
OWN_TASKS = ["WriteProvenanceSettingsStamp", "GenerateProvenance", "GeneratePackageProvenance", "CheckProvenanceSubjects"]

_SECTION = re.compile(r"^(Project|Target|Task) Performance Summary:\s*$", re.M)
_ROW = re.compile(r"^\s*(\d+) ms\s+(\S+)\s+(\d+) calls", re.M)


def run(cmd, cwd, env=None, output=None):
    """Runs a command, fails loudly with the end of its output, returns the wall time in seconds."""
    started = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-6000:])
        raise SystemExit("failed (%d): %s in %s" % (result.returncode, " ".join(cmd), cwd))
    if output is not None:
        output.append(result.stdout)
    return elapsed


def summary(output):
    """{"Target": {name: (ms, calls)}, "Task": {...}} from one build's performance summary (times summed over nodes)."""
    sections = {"Project": {}, "Target": {}, "Task": {}}
    marks = list(_SECTION.finditer(output))
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(output)
        rows = sections[mark.group(1)]
        for row in _ROW.finditer(output, mark.end(), end):
            ms, name, calls = int(row.group(1)), row.group(2), int(row.group(3))
            old = rows.get(name, (0, 0))
            rows[name] = (old[0] + ms, old[1] + calls)
    return sections


def own_rows(section, names, match):
    """Our rows of one summary section, the known names first, then any other name that `match` accepts."""
    found = [n for n in names if n in section]
    found += sorted(n for n in section if n not in names and match(n))
    return found


def own_target_ms(output):
    """Our targets' summed time in one build (target times in the summary exclude the targets they depend on)."""
    targets = summary(output)["Target"]
    return sum(ms for name, (ms, _) in targets.items() if "Provenance" in name)


def breakdown(outputs_by_kind, label_width=40):
    """Lines of a per-target and per-task table: median ms and calls per build kind ("full", "no-op", ...)."""
    parsed = {kind: [summary(o) for o in outputs] for kind, outputs in outputs_by_kind.items()}
    kinds = list(parsed)
    lines = ["  %-*s" % (label_width, "median over repetitions") + "".join("%16s" % k for k in kinds)]
    for section, names in (("Target", OWN_TARGETS), ("Task", OWN_TASKS)):
        seen = set()
        for runs in parsed.values():
            for s in runs:
                seen.update(own_rows(s[section], names, lambda n: "Provenance" in n))
        ordered = [n for n in names if n in seen] + sorted(seen - set(names))
        if not ordered:
            continue
        lines.append("  %s" % ("targets (exclusive time)" if section == "Target" else "tasks"))
        for name in ordered:
            cells = ""
            for kind in kinds:
                ms = [s[section].get(name, (0, 0))[0] for s in parsed[kind]]
                calls = [s[section].get(name, (0, 0))[1] for s in parsed[kind]]
                cells += "%16s" % ("%d ms /%3d" % (statistics.median(ms), statistics.median(calls)))
            lines.append("    %-*s%s" % (label_width - 2, name, cells))
    lines.append("  %-*s" % (label_width, "all our targets") +
                 "".join("%16s" % ("%d ms" % statistics.median([own_target_ms(o) for o in outputs_by_kind[k]])) for k in kinds))
    return lines
