#!/usr/bin/env bash
# Runs the benchmarks in Release and keeps their GitHub Markdown reports, dated, in benchmarks/results/.
# Usage: ./benchmarks/run.sh [--short|--full|--dry] [--artifacts-path DIR] [filter] [-- more BenchmarkDotNet arguments]
#        ./benchmarks/run.sh [--short|--full] [--artifacts-path DIR] burst [burst-mode arguments, e.g. --server-gc]
#   --short  BenchmarkDotNet's short job (1 launch, 3 warm-ups, 3 iterations) and a short burst mode (1 round of
#            3 bursts per configuration): the default, for a quick look
#   --full   BenchmarkDotNet's default job (as many iterations as the statistics need) and 3 rounds of 5 bursts:
#            for the record
#   --dry    BenchmarkDotNet's dry job (one cold iteration): proves every row runs and checks its answers, on a busy
#            machine too; its numbers are no results, so its reports stay in the artifacts path (nothing is written to
#            benchmarks/results/) and the burst mode is not run
#   --artifacts-path DIR  where the program is built and BenchmarkDotNet keeps its files (default:
#            BenchmarkDotNet.Artifacts/ of the repository, ignored by git), so that this build never shares
#            obj/ or bin/ folders with another build of the repository
#   filter   a BenchmarkDotNet --filter glob over Namespace.Class.Method, e.g. '*Guardian*' (default: '*')
#   burst    only the sign-in burst mode (peak memory and latency percentiles, outside BenchmarkDotNet)
# With the default filter the burst mode runs after BenchmarkDotNet; with any other filter it does not.
#
# Stores: in-memory and SQLite always; PostgreSQL on the server named by UONET_ACCESS_BENCH_POSTGRES (an Npgsql
# connection string) or, when that is unset, on a throwaway server started here with eng/postgres.sh (stopped at the
# end, its data kept for the next run). Without either the PostgreSQL rows are skipped, with a line saying so.
# Seeded databases (up to a million records, minutes to seed) are kept in UONET_ACCESS_BENCH_DATA (default:
# /tmp/uonet-access-benchmarks) and reused by later runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/benchmarks/Uonet.Access.Benchmarks"
results="$root/benchmarks/results"

job=(--job short)
label=short
burst_defaults=(--rounds 1 --bursts 3)
artifacts="$root/BenchmarkDotNet.Artifacts"
while [ $# -gt 0 ]; do
  case "$1" in
    --short) shift ;;
    --full) job=(); label=default; burst_defaults=(--rounds 3 --bursts 5); shift ;;
    --dry) job=(--job dry); label=dry; shift ;;
    --artifacts-path) artifacts="$2"; shift 2 ;;
    *) break ;;
  esac
done
mkdir -p "$artifacts"
artifacts="$(cd "$artifacts" && pwd)"

export UONET_ACCESS_BENCH_DATA="${UONET_ACCESS_BENCH_DATA:-${TMPDIR:-/tmp}/uonet-access-benchmarks}"
mkdir -p "$UONET_ACCESS_BENCH_DATA"

build="$artifacts/build"
dotnet build "$project" -c Release --artifacts-path "$build" -v quiet -nologo
program="$build/bin/Uonet.Access.Benchmarks/release/Uonet.Access.Benchmarks.dll"
# BenchmarkDotNet finds the project to build its runner from the working directory; it builds that runner into a
# folder of its own next to the program, so inside the artifacts path as well.
cd "$root/benchmarks"

run_burst() {
  dotnet "$program" burst "${burst_defaults[@]}" --output "$results" "$@"
}

postgres_dir=""
stop_postgres() {
  if [ -n "$postgres_dir" ]; then
    bash "$root/eng/postgres.sh" stop "$postgres_dir" >/dev/null 2>&1 || true
  fi
}
trap stop_postgres EXIT

start_postgres() {
  if [ -n "${UONET_ACCESS_BENCH_POSTGRES:-}" ]; then
    return
  fi
  local dir="$UONET_ACCESS_BENCH_DATA/postgres" connection
  if connection="$(bash "$root/eng/postgres.sh" start "$dir")"; then
    postgres_dir="$dir"
    export UONET_ACCESS_BENCH_POSTGRES="$connection"
    echo "PostgreSQL: a throwaway server at ${connection%%;Username*} (data in $dir)"
  else
    echo "PostgreSQL rows skipped: no server could be started (see above); set UONET_ACCESS_BENCH_POSTGRES to use one"
  fi
}

if [ "${1:-}" = "burst" ]; then
  shift
  run_burst "$@"
  exit 0
fi

filter='*'
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  filter="$1"
  shift
fi
if [ "${1:-}" = "--" ]; then
  shift
fi

start_postgres
case "$filter" in
  '*' | *Guardian*)
    # Seeding a million records into a database takes minutes; done here, with progress, rather than silently
    # inside a benchmark's setup. Data seeded by an earlier run is reused.
    dotnet "$program" seed
    ;;
  *National*)
    # Ten million records are copied in with COPY (a quarter of an hour on two busy cores) and kept, like the others.
    dotnet "$program" seed 10000 1000000 10000000
    ;;
esac

bdn="$artifacts/bdn"
# BenchmarkDotNet's default exporters include GitHub Markdown (*-report-github.md), the one kept here. Only this
# run's reports are copied, so those of an earlier run are cleared first.
rm -rf "$bdn/results"
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
dotnet "$program" --filter "$filter" "${job[@]}" --artifacts "$bdn" "$@"
load_after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

if [ "$label" = dry ]; then
  echo "dry run (load average ${load_before} before, ${load_after} after): reports in $bdn/results, none copied to benchmarks/results/"
  exit 0
fi

stamp="$(date +%Y-%m-%d)"
mkdir -p "$results"
copied=0
for report in "$bdn"/results/*-report-github.md; do
  [ -e "$report" ] || continue
  name="$(basename "$report" -report-github.md)"
  target="$results/${stamp}-${name##*.}.md"
  {
    echo "# ${name##*.} — ${stamp}"
    echo
    echo "Job: ${label}; filter: \`${filter}\`. Produced by \`benchmarks/run.sh\`; load average (1, 5, 15 min) ${load_before} before the run and ${load_after} after it; the machine is described below."
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
