#!/usr/bin/env bash
# Measures `dotnet-provenance rebuild` on real libraries that use Provenance.MSBuild.
#
# Usage:
#   run-real.sh [--cli "dotnet /path/dotnet-provenance.dll"] [--key key.pem] [--pub key.pub.pem]
#               [--out DIR] [--runs N] [--cases "a b c"] [--no-timing]
#               NAME=CLONE:PROJECT:FRAMEWORK [NAME=CLONE:PROJECT:FRAMEWORK ...]
#
#   CLONE      a git clone in which the "author" commit adding Provenance.MSBuild is checked out on a branch, with
#              origin set to the real upstream URL (https://github.com/<owner>/<repo>.git)
#   PROJECT    the library project, relative to CLONE (e.g. src/Serilog/Serilog.csproj)
#   FRAMEWORK  one target framework (e.g. net8.0)
#
# Per library it measures
#   (a) CI-like build:   -c Release -p:ContinuousIntegrationBuild=true -p:ProvenanceSigningKeyFile=KEY, in CLONE
#   (b) local build:     -c Release -p:ProvenanceSigningKeyFile=KEY, in CLONE
#   (c) local build:     the same, from a second clone in another folder (OUT/second/elsewhere/NAME); the rebuild
#                        gets --source CLONE, so nothing of the second clone's folder can help it
# and runs `rebuild <dll> --source CLONE --key PUB --keep --json` for each (original outputs copied to OUT/NAME/<case>/
# first, so the cases do not overwrite each other). A rebuild that does not reproduce also gets
# `diff <original bundle> <rebuild's bundle>` into OUT/NAME/<case>/diff.txt.
# Then, back to back, N times: a baseline (fresh clone in a new folder, warm NuGet cache, `dotnet build` with restore,
# same project/framework/configuration/properties as case a) and a rebuild of case a; wall times in
# OUT/NAME/timing.tsv, and a summary in OUT/summary.md.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI_DEFAULT="dotnet $REPO/src/Provenance.Cli/bin/Release/net8.0/dotnet-provenance.dll"
CLI="${CLI:-$CLI_DEFAULT}"
KEY=""
PUB=""
OUT="${TMPDIR:-/tmp}/rebuild-real-libraries"
RUNS=3
CASES="a b c"
TIMING=1
LIBS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cli) CLI="$2"; shift 2;;
    --key) KEY="$2"; shift 2;;
    --pub) PUB="$2"; shift 2;;
    --out) OUT="$2"; shift 2;;
    --runs) RUNS="$2"; shift 2;;
    --cases) CASES="$2"; shift 2;;
    --no-timing) TIMING=0; shift;;
    -h|--help) sed -n '2,27p' "$0"; exit 0;;
    *=*:*:*) LIBS+=("$1"); shift;;
    *) echo "unknown argument: $1" >&2; exit 2;;
  esac
done
[ ${#LIBS[@]} -gt 0 ] || { echo "no library given (NAME=CLONE:PROJECT:FRAMEWORK)" >&2; exit 2; }
[ -n "$KEY" ] && [ -n "$PUB" ] || { echo "--key and --pub are required (dotnet-provenance keygen --algorithm ed25519 --out key.pem --public-out key.pub.pem)" >&2; exit 2; }
mkdir -p "$OUT"
KEY=$(readlink -f "$KEY"); PUB=$(readlink -f "$PUB"); OUT=$(readlink -f "$OUT")
read -r -a CLIV <<< "$CLI"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2])-float(sys.argv[1]):.2f}')" "$1" "$2"; }
log() { echo "[$(date +%T)] $*" >&2; }

# build DIR PROJECT FRAMEWORK CI(0/1) LOGFILE -> wall seconds in BT, exit code in BUILD_RC
build() {
  local dir=$1 proj=$2 tf=$3 ci=$4 logf=$5 t0 t1
  local props=(-c Release "-p:TargetFramework=$tf" "-p:ProvenanceSigningKeyFile=$KEY")
  [ "$ci" = 1 ] && props+=(-p:ContinuousIntegrationBuild=true)
  t0=$(now)
  (cd "$dir" && dotnet build "$proj" "${props[@]}") > "$logf" 2>&1
  BUILD_RC=$?
  t1=$(now)
  BT=$(elapsed "$t0" "$t1")
}

target_dir() { # DIR PROJECT FRAMEWORK
  (cd "$1" && dotnet msbuild "$2" -nologo -getProperty:TargetDir -p:Configuration=Release "-p:TargetFramework=$3" 2>/dev/null | tail -1)
}

fresh_clone() { # SRC DEST : same branch, same origin URL as SRC
  local src=$1 dest=$2 branch url
  branch=$(git -C "$src" branch --show-current)
  url=$(git -C "$src" remote get-url origin)
  rm -rf "$dest"; mkdir -p "$(dirname "$dest")"
  git clone -q --branch "$branch" "$src" "$dest" && git -C "$dest" remote set-url origin "$url"
}

# rebuild ARTIFACT SOURCE JSONOUT -> wall seconds in RT, exit code in REBUILD_RC
rebuild() {
  local t0 t1
  t0=$(now)
  "${CLIV[@]}" rebuild "$1" --source "$2" --key "$PUB" --keep --json > "$3" 2> "${3%.json}.err"
  REBUILD_RC=$?
  t1=$(now)
  RT=$(elapsed "$t0" "$t1")
}

SUMMARY="$OUT/summary.md"
{
  echo "# rebuild on real libraries ($(date -u +%FT%TZ))"
  echo
  echo "CLI: \`$CLI\`; SDK $(dotnet --version); $(nproc) cores"
  echo
} > "$SUMMARY"

for spec in "${LIBS[@]}"; do
  name=${spec%%=*}; rest=${spec#*=}
  clone=${rest%%:*}; rest=${rest#*:}
  proj=${rest%%:*}; tf=${rest#*:}
  clone=$(readlink -f "$clone")
  lo="$OUT/$name"; mkdir -p "$lo"
  branch=$(git -C "$clone" branch --show-current)
  {
    echo "## $name ($proj, $tf)"
    echo
    echo "clone $clone, branch $branch, origin $(git -C "$clone" remote get-url origin)"
    echo "local commit $(git -C "$clone" rev-parse HEAD), upstream commit $(git -C "$clone" rev-parse HEAD~1)"
    echo
    echo "| case | build s | rebuild rc | reproduced | subjects | reasons | timings ms (checkout/sdk/restore/packages/build/compare) | wall s |"
    echo "|---|---|---|---|---|---|---|---|"
  } >> "$SUMMARY"

  for c in $CASES; do
    cd_dir=$clone; ci=0
    case $c in
      a) ci=1;;
      b) ;;
      c) cd_dir="$OUT/second/elsewhere/$name"; fresh_clone "$clone" "$cd_dir" || { log "$name: second clone failed"; continue; };;
    esac
    git -C "$cd_dir" clean -xdfq
    log "$name ($c): build in $cd_dir"
    build "$cd_dir" "$proj" "$tf" "$ci" "$lo/build-$c.log"; bt=$BT
    if [ "$BUILD_RC" != 0 ]; then
      log "$name ($c): build failed, see $lo/build-$c.log"
      echo "| $c | failed ($bt) | | | | see build-$c.log | | |" >> "$SUMMARY"; continue
    fi
    td=$(target_dir "$cd_dir" "$proj" "$tf")
    bundle=$(ls "$td"/*.dll.sigstore.json 2>/dev/null | head -1)
    [ -n "$bundle" ] || { log "$name ($c): no provenance in $td"; echo "| $c | $bt | | no provenance | | | | |" >> "$SUMMARY"; continue; }
    dll=$(basename "${bundle%.sigstore.json}")
    rm -rf "$lo/$c"; mkdir -p "$lo/$c"; cp -r "$td". "$lo/$c/"
    log "$name ($c): rebuild $dll"
    rebuild "$lo/$c/$dll" "$clone" "$lo/$c/rebuild.json"; rt=$RT
    python3 - "$lo/$c/rebuild.json" "$c" "$bt" "$REBUILD_RC" "$rt" >> "$SUMMARY" <<'EOF'
import json,sys
p,c,bt,rc,rt=sys.argv[1:]
try: j=json.load(open(p))
except Exception as e:
    print(f"| {c} | {bt} | {rc} | no JSON ({e}) | | see {p.rsplit('/',1)[0]}/rebuild.err | | {rt} |"); sys.exit()
subs="; ".join(f"{s['name']} {'=' if s.get('match') else '≠'}" for s in j.get('subjects',[]))
reasons="<br>".join(str(r) if not isinstance(r,dict) else json.dumps(r) for r in j.get('reasons',[])).replace('|','\\|')
t=j.get('timingsMs',{})
tm="/".join(str(t.get(k,'-')) for k in ('checkout','sdk','restore','packages','build','compare'))
print(f"| {c} | {bt} | {rc} | {'yes' if j.get('reproduced') else 'no'} | {subs} | {reasons} | {tm} | {rt} |")
EOF
    if ! python3 -c "import json,sys; sys.exit(0 if json.load(open(sys.argv[1])).get('reproduced') else 1)" "$lo/$c/rebuild.json" 2>/dev/null; then
      work=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get('workDirectory',''))" "$lo/$c/rebuild.json" 2>/dev/null)
      if [ -n "$work" ]; then
        rb=$(find "$work" -name "$dll.sigstore.json" -path '*/bin/*' 2>/dev/null | head -1)
        [ -n "$rb" ] && "${CLIV[@]}" diff "$lo/$c/$dll.sigstore.json" "$rb" > "$lo/$c/diff.txt" 2>&1
        echo "$work" > "$lo/$c/workdir.txt"
      fi
    fi
  done
  echo >> "$SUMMARY"

  if [ "$TIMING" = 1 ] && [ -f "$lo/a/rebuild.json" ]; then
    dll=$(ls "$lo/a"/*.dll.sigstore.json | head -1); dll=$(basename "${dll%.sigstore.json}")
    echo -e "run\tbaseline_s\trebuild_s\treproduced\tcheckout\tsdk\trestore\tpackages\tbuild\tcompare\tbaseline_nuget_restore\tload1" > "$lo/timing.tsv"
    for i in $(seq 1 "$RUNS"); do
      bdir="$OUT/baseline/$name-$i-$(date +%s)"
      fresh_clone "$clone" "$bdir"
      log "$name: baseline $i in $bdir"
      build "$bdir" "$proj" "$tf" 1 "$lo/baseline-$i.log"; bt=$BT
      [ "$BUILD_RC" = 0 ] || bt="failed"
      rm -rf "$bdir"
      log "$name: rebuild $i"
      rebuild "$lo/a/$dll" "$clone" "$lo/timing-rebuild-$i.json"; rt=$RT
      brs=$(grep -o 'Restored .* (in [^)]*)' "$lo/baseline-$i.log" | sed 's/.*(in //; s/)//' | tr ' ' '_' | head -1)
      load=$(cut -d' ' -f1 /proc/loadavg)
      python3 - "$lo/timing-rebuild-$i.json" "$i" "$bt" "$rt" "$brs" "$load" >> "$lo/timing.tsv" <<'EOF'
import json,sys
p,i,bt,rt,brs,load=sys.argv[1:]
try: j=json.load(open(p)); t=j.get('timingsMs',{}); rep=j.get('reproduced')
except Exception: t={}; rep=None
print("\t".join([i,bt,rt,str(rep)]+[str(t.get(k,'')) for k in ('checkout','sdk','restore','packages','build','compare')]+[brs or '-',load]))
EOF
      w=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get('workDirectory',''))" "$lo/timing-rebuild-$i.json" 2>/dev/null)
      [ -n "$w" ] && rm -rf "$w"
    done
    python3 - "$lo/timing.tsv" >> "$SUMMARY" <<'EOF'
import csv,statistics,sys
rows=list(csv.DictReader(open(sys.argv[1]),delimiter='\t'))
def f(x):
    try: return float(x)
    except: return None
b=[f(r['baseline_s']) for r in rows]; r_=[f(r['rebuild_s']) for r in rows]
print("| run | baseline s | baseline's NuGet restore | rebuild s | ratio | rebuild timings ms (checkout/sdk/restore/packages/build/compare) | load avg |")
print("|---|---|---|---|---|---|---|")
ratios=[]
for r,bb,rr in zip(rows,b,r_):
    ratio = rr/bb if bb and rr else None
    if ratio: ratios.append(ratio)
    rs_=f"{ratio:.2f}" if ratio else "-"
    print(f"| {r['run']} | {r['baseline_s']} | {r['baseline_nuget_restore'].replace('_',' ')} | {r['rebuild_s']} | {rs_} |", "/".join(r[k] for k in ('checkout','sdk','restore','packages','build','compare')), f"| {r['load1']} |")
bs=[x for x in b if x]; rs=[x for x in r_ if x]
if bs and rs:
    print()
    print(f"baseline median {statistics.median(bs):.2f} s (range {min(bs):.2f}-{max(bs):.2f}); rebuild median {statistics.median(rs):.2f} s (range {min(rs):.2f}-{max(rs):.2f}); ratio median {statistics.median(ratios):.2f} (range {min(ratios):.2f}-{max(ratios):.2f}); budget 1.10")
print()
EOF
  fi
done
log "summary: $SUMMARY"
cat "$SUMMARY"
