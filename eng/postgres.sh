#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks, on a loopback port, with trust authentication.
#
#   bash eng/postgres.sh start <dir>   initializes a cluster in <dir> (or reuses the one there), starts it, waits until
#                                      it accepts connections and prints ONE line on stdout: the Npgsql connection string
#                                      (Host=127.0.0.1;Port=…;Username=postgres;Database=postgres).
#   bash eng/postgres.sh stop <dir>    stops it (nothing to do when it is not running).
#
# PostgreSQL refuses to run as root: when called as root, the cluster belongs to the `postgres` OS user (runuser), and
# <dir> is handed to that user. Durability is switched off (fsync, full_page_writes, synchronous_commit): the data is
# meant to be thrown away. Only loopback TCP and a socket inside <dir> are opened. Messages go to stderr.
set -euo pipefail

fail() {
  echo "eng/postgres.sh: $*" >&2
  exit 1
}

usage() { fail "usage: bash eng/postgres.sh start|stop <dir>"; }

[ $# -eq 2 ] || usage
command="$1"
dir="$2"
[ -n "$dir" ] || usage

bin=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
    bin="$candidate"
    break
  fi
done
[ -n "$bin" ] || fail "PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin); install it (apt-get install postgresql) or set UONET_ACCESS_POSTGRES to a server's connection string"

# Runs a PostgreSQL program as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

data="$dir/data"

case "$command" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    data="$dir/data"
    if [ "$(id -u)" -eq 0 ]; then
      id postgres >/dev/null 2>&1 || fail "running as root needs the 'postgres' OS user (PostgreSQL refuses to run as root)"
      chown postgres: "$dir"
      runuser -u postgres -- test -w "$dir" ||
        fail "the 'postgres' user cannot write to $dir (a parent folder is closed to it); use a folder under /tmp"
    fi

    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" --pgdata="$data" --username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        --no-sync >"$dir/initdb.log" 2>&1 || fail "initdb failed: see $dir/initdb.log"
    fi

    if as_owner "$bin/pg_ctl" status --pgdata="$data" >/dev/null 2>&1; then
      port="$(cat "$dir/port")"
    else
      started=0
      for _ in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        if command -v ss >/dev/null && [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; then
          continue
        fi
        # Settings on the command line, so that a reused cluster gets a fresh port too.
        options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir'"
        options="$options -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300"
        if as_owner "$bin/pg_ctl" start --pgdata="$data" --wait --timeout=60 --log="$dir/server.log" \
          --options="$options" >/dev/null 2>&1; then
          started=1
          break
        fi
      done
      [ "$started" -eq 1 ] || fail "the server did not start: see $dir/server.log"
      echo "$port" >"$dir/port"
    fi

    # pg_ctl --wait returns once the server is up; pg_isready proves the TCP port answers too.
    for _ in $(seq 1 100); do
      if "$bin/pg_isready" --host=127.0.0.1 --port="$port" --quiet; then
        echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
        exit 0
      fi
      sleep 0.1
    done
    fail "the server started but does not accept connections on 127.0.0.1:$port: see $dir/server.log"
    ;;
  stop)
    if [ ! -f "$data/PG_VERSION" ]; then
      echo "eng/postgres.sh: no cluster in $dir, nothing to stop" >&2
      exit 0
    fi
    if as_owner "$bin/pg_ctl" status --pgdata="$data" >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" stop --pgdata="$data" --mode=fast --wait >/dev/null ||
        fail "pg_ctl could not stop the server in $data"
    fi
    ;;
  *)
    usage
    ;;
esac
