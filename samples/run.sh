#!/usr/bin/env bash
# Builds the Provenance.MSBuild package and the CLI from this checkout, builds and publishes the samples with it,
# and verifies every provenance file they got; then shows the consumer gate (Sample.Consumer/Directory.Build.targets)
# pass a restore, reject a tampered package at `dotnet restore`, and refuse a build of the rejected restore.
# Usage: bash samples/run.sh
# Keys are created on first run in samples/.keys/ (never committed). Packages restore into artifacts/samples-packages
# so that a repacked Provenance.MSBuild of the same version is never served stale from the user's NuGet cache.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samples="$repo/samples"
out="$repo/artifacts/samples"
export NUGET_PACKAGES="$repo/artifacts/samples-packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

step() { printf '\n== %s\n' "$*"; }

step "pack Provenance.MSBuild and dotnet-provenance"
dotnet pack "$repo/Provenance.MSBuild.sln" -c Release -nr:false -v:q -o "$repo/artifacts/packages"
version="$(ls "$repo"/artifacts/packages/Provenance.MSBuild.*.nupkg | sed -E 's#.*/Provenance\.MSBuild\.(.*)\.nupkg#\1#' | sort -V | tail -1)"
rm -rf "$NUGET_PACKAGES/provenance.msbuild/$version"
cli=(dotnet "$repo/src/Provenance.Cli/bin/Release/net8.0/dotnet-provenance.dll")
# Sample.Consumer imports the gate as an MSBuild project SDK, which global.json pins to one version (no property can
# change it): it must be the version just packed, or the consumer would run an older gate from the packages folder.
pinned="$(sed -n -E 's/.*"Provenance\.MSBuild": *"([^"]+)".*/\1/p' "$samples/Sample.Consumer/global.json")"
if [ "$pinned" != "$version" ]; then
  echo "samples/Sample.Consumer/global.json pins Provenance.MSBuild $pinned in \"msbuild-sdks\", but this checkout packs $version: update it"; exit 1
fi

step "signing key (samples/.keys)"
if [ ! -f "$samples/.keys/signing-key.pem" ]; then
  "${cli[@]}" keygen --algorithm ed25519 --out "$samples/.keys/signing-key.pem" --public-out "$samples/.keys/signing-key.pub.pem"
fi

step "build and publish the samples with Provenance.MSBuild $version"
dotnet build "$samples/Samples.sln" -c Release -nr:false -p:ProvenanceMSBuildVersion="$version"
dotnet publish "$samples/Sample.App/Sample.App.csproj" -c Release -nr:false -p:ProvenanceMSBuildVersion="$version" -o "$out/publish"

step "verify every provenance file"
status=0
while IFS= read -r bundle; do
  artifact="${bundle%.sigstore.json}"
  "${cli[@]}" verify "$artifact" --key "$samples/.keys/signing-key.pub.pem" || status=1
done < <(find "$samples" "$out/publish" -name '*.sigstore.json' -path '*/bin/Release/*' -o -name '*.sigstore.json' -path "$out/publish/*" | sort)

step "pack Sample.Library into a local feed: provenance inside the package and beside it"
rm -rf "$out/feed"
dotnet pack "$samples/Sample.Library/Sample.Library.csproj" -c Release -nr:false -p:ProvenanceMSBuildVersion="$version" -o "$out/feed"
"${cli[@]}" verify "$out/feed/Sample.Library.1.0.0.nupkg" --key "$samples/.keys/signing-key.pub.pem" || status=1

step "a consumer whose policy requires Sample.* packages signed by the samples' key: the gate judges its restore"
rm -rf "$NUGET_PACKAGES/sample.library" "$samples/Sample.Consumer/packages.provenance.lock.json"
consumer="$samples/Sample.Consumer/Sample.Consumer.csproj"
if dotnet build "$consumer" -c Release -nr:false -v:n -p:ProvenanceMSBuildVersion="$version" > "$out/consumer.log" 2>&1; then
  grep -E 'PROV2|warning [A-Z]+[0-9]+' "$out/consumer.log" | sed -E 's/^ +//' | sort -u || true
else
  grep -E 'error [A-Z]+[0-9]+' "$out/consumer.log" | sort -u || cat "$out/consumer.log"
  echo "consumer build failed (log: $out/consumer.log)"; status=1
fi

step "one byte of the restored Sample.Library.dll changes: 'dotnet restore' itself must reject it (PROV2003)"
restored="$NUGET_PACKAGES/sample.library/1.0.0/lib/net10.0/Sample.Library.dll"
printf 'X' | dd of="$restored" bs=1 seek=200 conv=notrunc status=none
# NuGet has nothing to do (a no-op restore), but the gate runs after every Restore and sees the changed file.
if dotnet restore "$consumer" -nr:false -p:ProvenanceMSBuildVersion="$version" > "$out/tampered-restore.log" 2>&1; then
  echo "the tampered package was NOT rejected by restore"; status=1
elif grep -m1 -o 'error PROV2003.*' "$out/tampered-restore.log"; then
  echo "restore rejected, as it should be"
else
  cat "$out/tampered-restore.log"; status=1
fi

step "the rejected restore is quarantined: a build that skips restore fails too (PROV2011)"
if dotnet build "$consumer" -c Release --no-restore -nr:false -p:ProvenanceMSBuildVersion="$version" > "$out/quarantined-build.log" 2>&1; then
  echo "the build used the rejected restore"; status=1
elif grep -m1 -o 'error PROV2011.*' "$out/quarantined-build.log"; then
  echo "build refused, as it should be"
else
  cat "$out/quarantined-build.log"; status=1
fi

step "the fix: a clean copy of the package (the next restore extracts it again), and the gate passes"
rm -rf "$NUGET_PACKAGES/sample.library"
if dotnet build "$consumer" -c Release -nr:false -v:n -p:ProvenanceMSBuildVersion="$version" > "$out/fixed.log" 2>&1; then
  grep -m1 -o 'PROV2010: Package provenance: [^.]*' "$out/fixed.log" || true
  echo "restored and built again"
  # The verdict, for someone who was not at the build: an SLSA VSA signed with the samples' key (docs/vsa-v1.md).
  vsa="$samples/Sample.Consumer/obj/Sample.Consumer.csproj.provenance.vsa.sigstore.json"
  if [ -f "$vsa" ]; then echo "the gate's signed verdict: ${vsa#"$repo/"}"; else echo "no verdict at $vsa"; status=1; fi
else
  cat "$out/fixed.log"; status=1
fi

step "what one of them says"
"${cli[@]}" inspect "$samples/Sample.App/bin/Release/net10.0/Sample.App.dll.sigstore.json"

step "rebuild Sample.Library from its provenance in a fresh clone of the recorded commit, and compare bit for bit"
# rebuild checks out the commit the provenance names (git clone --shared of this repository), restores into a packages
# folder of its own checking every recorded package's sha512, builds as recorded and compares every subject; --attest
# signs the verdict (an SLSA VSA) with the samples' key, so a consumer policy can require "independently rebuilt".
# Only committed files are rebuilt: an edit to the samples that is not committed is named as the reason.
library="$samples/Sample.Library/bin/Release/net10.0/Sample.Library.dll"
if "${cli[@]}" rebuild "$library" --source "$repo" --key "$samples/.keys/signing-key.pub.pem" \
     --attest "$out/Sample.Library.rebuild.sigstore.json" --key-file "$samples/.keys/signing-key.pem"; then
  # The verdict names the library's digests as its subjects: verify checks the signature and that the dll is one.
  "${cli[@]}" verify "$library" --bundle "$out/Sample.Library.rebuild.sigstore.json" --key "$samples/.keys/signing-key.pub.pem" > /dev/null &&
    echo "the rebuild's signed verdict (verified): ${out#"$repo/"}/Sample.Library.rebuild.sigstore.json" || status=1
else
  echo "Sample.Library was not rebuilt bit for bit from its provenance"; status=1
fi

step "rebuild the published Sample.App (dotnet publish, as recorded) and compare every published file"
"${cli[@]}" rebuild "$out/publish/Sample.App.dll" --source "$repo" --key "$samples/.keys/signing-key.pub.pem" || {
  echo "the published Sample.App was not rebuilt bit for bit from its provenance"; status=1; }
exit $status
