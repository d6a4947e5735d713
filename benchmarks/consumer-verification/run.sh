#!/usr/bin/env bash
# Consumer verification benchmark (the performance budgets in README). Builds the program in Release and runs it.
# Usage: bash benchmarks/consumer-verification/run.sh [--packages 300] [--repetitions 7] [--msbuild [--msbuild-packages 300]
#        [--provenance-packages DIR]] [--keep]
# --msbuild packs src/Provenance.MSBuild (signed with the run's bench key) unless --provenance-packages names a folder
# holding a Provenance.MSBuild.<version>.nupkg, and measures a no-op `dotnet build` with the gate SDK against without.
# Prints medians and minimums, ratios against the hashing and stat floors measured in the same run, and the budgets
# with PASS/OVER marks (printed, never asserted). Exit status is non-zero only when a package fails to verify.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/ConsumerVerification.csproj" -c Release -nr:false -v:q -clp:NoSummary
exec dotnet "$here/bin/Release/net10.0/ConsumerVerification.dll" "$@"
