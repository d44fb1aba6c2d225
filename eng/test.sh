#!/usr/bin/env bash
# The whole test suite: builds the solution in Release (warnings are errors) and runs every test project.
# Usage: bash eng/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build Uonet.Access.sln -c Release
status=0
dotnet test Uonet.Access.sln -c Release --no-build \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?

# One plain closing line over every test project, read from the TRX counters.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
