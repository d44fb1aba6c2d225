#!/usr/bin/env bash
# Runs the benchmarks in Release and keeps their GitHub Markdown reports, dated, in benchmarks/results/.
# Usage: ./benchmarks/run.sh [--short|--full] [filter] [-- more BenchmarkDotNet arguments]
#        ./benchmarks/run.sh burst [burst-mode arguments, e.g. --bursts 10 --server-gc]
#   --short  BenchmarkDotNet's short job: 1 launch, 3 warm-ups, 3 iterations (the default; a few minutes)
#   --full   BenchmarkDotNet's default job: as many iterations as the statistics need (much longer)
#   filter   a BenchmarkDotNet --filter glob over Namespace.Class.Method, e.g. '*Guardian*' (default: '*')
#   burst    only the sign-in burst mode (peak memory and latency percentiles, outside BenchmarkDotNet)
# With the default filter the burst mode runs after BenchmarkDotNet; with any other filter it does not.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/benchmarks/Uonet.Access.Benchmarks"
results="$root/benchmarks/results"

run_burst() {
  dotnet run -c Release --project "$project" -- burst --output "$results" "$@"
}

if [ "${1:-}" = "burst" ]; then
  shift
  run_burst "$@"
  exit 0
fi

job=(--job short)
label=short
case "${1:-}" in
  --short) shift ;;
  --full) job=(); label=default; shift ;;
esac
filter='*'
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  filter="$1"
  shift
fi
if [ "${1:-}" = "--" ]; then
  shift
fi

artifacts="$root/BenchmarkDotNet.Artifacts"
# BenchmarkDotNet's default exporters include GitHub Markdown (*-report-github.md), the one kept here. Only this
# run's reports are copied, so those of an earlier run are cleared first.
rm -rf "$artifacts/results"
dotnet run -c Release --project "$project" -- \
  --filter "$filter" "${job[@]}" --artifacts "$artifacts" "$@"

stamp="$(date +%Y-%m-%d)"
mkdir -p "$results"
copied=0
for report in "$artifacts"/results/*-report-github.md; do
  [ -e "$report" ] || continue
  name="$(basename "$report" -report-github.md)"
  target="$results/${stamp}-${name##*.}.md"
  {
    echo "# ${name##*.} — ${stamp}"
    echo
    echo "Job: ${label}; filter: \`${filter}\`. Produced by \`benchmarks/run.sh\`; the machine is described below."
    echo
    cat "$report"
  } >"$target"
  echo "report: ${target#"$root"/}"
  copied=$((copied + 1))
done
if [ "$copied" -eq 0 ]; then
  echo "no report was produced" >&2
  exit 1
fi
if [ "$filter" = '*' ]; then
  # Peak memory and latency percentiles of a burst are not BenchmarkDotNet statistics; this mode measures them.
  run_burst
fi
