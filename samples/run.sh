#!/usr/bin/env bash
# Builds the Provenance.MSBuild package and the CLI from this checkout, builds and publishes the samples with it,
# and verifies every provenance file they got. Usage: bash samples/run.sh
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

step "what one of them says"
"${cli[@]}" inspect "$samples/Sample.App/bin/Release/net10.0/Sample.App.dll.sigstore.json"
exit $status
