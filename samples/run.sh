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

step "pack Sample.Library into a local feed: provenance inside the package and beside it"
rm -rf "$out/feed"
dotnet pack "$samples/Sample.Library/Sample.Library.csproj" -c Release -nr:false -p:ProvenanceMSBuildVersion="$version" -o "$out/feed"
"${cli[@]}" verify "$out/feed/Sample.Library.1.0.0.nupkg" --key "$samples/.keys/signing-key.pub.pem" || status=1

step "a consumer whose policy requires Sample.* packages signed by the samples' key"
rm -rf "$NUGET_PACKAGES/sample.library" "$samples/Sample.Consumer/packages.provenance.lock.json"
dotnet build "$samples/Sample.Consumer/Sample.Consumer.csproj" -c Release -nr:false -v:n -p:ProvenanceMSBuildVersion="$version" \
  | grep -E 'PROV2|error [A-Z]+[0-9]+' || true
[ -f "$samples/Sample.Consumer/bin/Release/net10.0/Sample.Consumer.dll.sigstore.json" ] || { echo "consumer build failed"; status=1; }

step "one byte of the restored Sample.Library.dll changes: the consumer's next build must fail with PROV2003"
restored="$NUGET_PACKAGES/sample.library/1.0.0/lib/net10.0/Sample.Library.dll"
printf 'X' | dd of="$restored" bs=1 seek=200 conv=notrunc status=none
if dotnet build "$samples/Sample.Consumer/Sample.Consumer.csproj" -c Release -nr:false -p:ProvenanceMSBuildVersion="$version" > "$out/tampered.log" 2>&1; then
  echo "the tampered package was NOT rejected"; status=1
else
  grep -m1 -o 'error PROV2003.*' "$out/tampered.log" || { cat "$out/tampered.log"; status=1; }
  echo "rejected, as it should be"
fi
rm -rf "$NUGET_PACKAGES/sample.library"   # the next restore extracts a clean copy

step "what one of them says"
"${cli[@]}" inspect "$samples/Sample.App/bin/Release/net10.0/Sample.App.dll.sigstore.json"
exit $status
