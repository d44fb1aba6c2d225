#!/usr/bin/env bash
# The whole test suite: builds the solution in Release (warnings are errors) and runs every test project, then the
# specification suite from its packed .nupkg (tests/Uonet.Access.Specification.Consumer.Tests).
# Usage: bash eng/test.sh [extra dotnet test arguments]
#
# Servers the tests need are provided here, once for the whole run:
#   PostgreSQL  a throwaway server on a loopback port (eng/postgres.sh), unless UONET_ACCESS_POSTGRES already names one,
#               and a second cluster on another port for the sharded store's tests (Sharding/), unless
#               UONET_ACCESS_POSTGRES_2 names one. Missing PostgreSQL is installed from Debian's packages when this runs as
#               root; otherwise the PostgreSQL tests are skipped with one line saying so (the sharding tests alone when
#               only the second cluster is missing).
#   Chromium    Debian's chromium for the browser tests, installed the same way, or those tests are skipped.
# UONET_ACCESS_REQUIRE_POSTGRES=1 / UONET_ACCESS_REQUIRE_BROWSER=1 (set by CI) turn a skip into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

skipped_lines=()

install_debian_package() {
  # Only as root on a Debian-like machine; never asks.
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null || return 1
  echo "installing Debian package(s): $*" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1; }
}

have_postgres() { compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }

postgres_dirs=()
stop_postgres() {
  for dir in "${postgres_dirs[@]}"; do
    bash "$root/eng/postgres.sh" stop "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
  done
}
trap stop_postgres EXIT

run_postgres=1
if [ -z "${UONET_ACCESS_POSTGRES:-}" ]; then
  have_postgres || install_debian_package postgresql || true
  if have_postgres; then
    postgres_dirs+=("$(mktemp -d /tmp/uonet-access-pg.XXXXXX)")
    UONET_ACCESS_POSTGRES="$(bash "$root/eng/postgres.sh" start "${postgres_dirs[-1]}")"
    export UONET_ACCESS_POSTGRES
  else
    run_postgres=0
    skipped_lines+=("skipped: the PostgreSQL tests (Uonet.Access.PostgreSql.Tests, and Category=PostgreSql of Uonet.Access.EntityFrameworkCore.Tests) — PostgreSQL is not installed and could not be (run as root, or: apt-get install postgresql, or set UONET_ACCESS_POSTGRES)")
  fi
fi

# The sharded store's tests spread instances over two clusters: a second one on another loopback port.
run_shards=1
if [ "$run_postgres" -eq 1 ] && [ -z "${UONET_ACCESS_POSTGRES_2:-}" ]; then
  if have_postgres; then
    postgres_dirs+=("$(mktemp -d /tmp/uonet-access-pg2.XXXXXX)")
    UONET_ACCESS_POSTGRES_2="$(bash "$root/eng/postgres.sh" start "${postgres_dirs[-1]}")"
    export UONET_ACCESS_POSTGRES_2
  else
    run_shards=0
    skipped_lines+=("skipped: the sharded PostgreSQL store's tests (Uonet.Access.PostgreSql.Tests, Sharding) — they need a second cluster: set UONET_ACCESS_POSTGRES_2, or install PostgreSQL so that eng/postgres.sh can start one")
  fi
fi

run_browser=1
if [ ! -x /usr/bin/chromium ]; then
  install_debian_package chromium || true
  if [ ! -x /usr/bin/chromium ]; then
    run_browser=0
    skipped_lines+=("skipped: the browser tests (Category=Browser) — /usr/bin/chromium is missing and could not be installed (run as root, or: apt-get install chromium)")
  fi
fi

if [ "$run_postgres" -eq 0 ] && [ "${UONET_ACCESS_REQUIRE_POSTGRES:-}" = "1" ]; then
  echo "PostgreSQL is required here (UONET_ACCESS_REQUIRE_POSTGRES=1) and is not available" >&2
  exit 1
fi
if [ "$run_postgres" -eq 1 ] && [ "$run_shards" -eq 0 ] && [ "${UONET_ACCESS_REQUIRE_POSTGRES:-}" = "1" ]; then
  echo "A second PostgreSQL cluster is required here (UONET_ACCESS_REQUIRE_POSTGRES=1) and is not available" >&2
  exit 1
fi
if [ "$run_browser" -eq 0 ] && [ "${UONET_ACCESS_REQUIRE_BROWSER:-}" = "1" ]; then
  echo "Chromium is required here (UONET_ACCESS_REQUIRE_BROWSER=1) and is not available" >&2
  exit 1
fi

dotnet build Uonet.Access.sln -c Release

# Every test project in the solution, each with its own TRX so the closing line can count per project.
mapfile -t projects < <(dotnet sln Uonet.Access.sln list | grep -E '^tests/.*\.Tests\.csproj$' | sort)
status=0
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  conditions=()
  if [ "$name" = "Uonet.Access.PostgreSql.Tests" ] && [ "$run_postgres" -eq 0 ]; then
    continue
  fi
  if [ "$name" = "Uonet.Access.PostgreSql.Tests" ] && [ "$run_shards" -eq 0 ]; then
    conditions+=("FullyQualifiedName!~.Sharding.")
  fi
  if [ "$run_browser" -eq 0 ]; then
    conditions+=("Category!=Browser")
  fi
  filter=()
  if [ "${#conditions[@]}" -gt 0 ]; then
    filter=(--filter "$(IFS='&'; echo "${conditions[*]}")")
  fi
  # The EF Core store's project holds both providers: without PostgreSQL only its SQLite half runs.
  if [ "$name" = "Uonet.Access.EntityFrameworkCore.Tests" ] && [ "$run_postgres" -eq 0 ]; then
    filter=(--filter "Category!=PostgreSql")
  fi
  dotnet test "$project" -c Release --no-build \
    --logger "trx;LogFileName=${name}.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" "${filter[@]}" "$@" || status=$?
done

# The specification suite as a store author outside this repository gets it: Uonet.Access and the suite packed, and a
# test project (not in the solution) restored from the packed .nupkg files into a package folder of its own, wiped
# first, so a cached package of the same version from an earlier run never stands in for the one just packed.
feed="artifacts/specification-feed"
consumer="tests/Uonet.Access.Specification.Consumer.Tests/Uonet.Access.Specification.Consumer.Tests.csproj"
rm -rf "$feed" artifacts/specification-consumer
dotnet pack src/Uonet.Access/Uonet.Access.csproj -c Release --no-build -o "$feed" >/dev/null
dotnet pack src/Uonet.Access.Specification.Tests/Uonet.Access.Specification.Tests.csproj -c Release --no-build -o "$feed" >/dev/null
dotnet restore "$consumer" --force
dotnet test "$consumer" -c Release --no-restore \
  --logger "trx;LogFileName=Uonet.Access.Specification.Consumer.Tests.trx" --logger "console;verbosity=minimal" \
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
  echo "  $(basename "$trx" .trx): ${p:-0} passed, ${f:-0} failed"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
for line in "${skipped_lines[@]}"; do
  echo "$line"
done
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
