#!/usr/bin/env bash
# Prints `export TEST_DATABASE_URL=...` for a PostgreSQL server the tests may use (create/drop databases).
# Order: $TEST_DATABASE_URL if reachable; otherwise a throwaway cluster started from Debian's `postgresql`
# package (installed with apt-get when missing) as the `postgres` user, since PostgreSQL refuses to run as root.
# Usage: eval "$(scripts/ensure-postgres.sh)"; stop it with scripts/ensure-postgres.sh --stop
set -euo pipefail
cd "$(dirname "$0")/.."
root_dir=$(pwd)
port=${DUBAN_TEST_PG_PORT:-54329}
data_dir=${DUBAN_TEST_PG_DIR:-/tmp/duban-test-pg-$port}

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  return 1
}

if [ "${1:-}" = "--stop" ]; then
  bin=$(pg_bin) || exit 0
  [ -d "$data_dir" ] && as_pg "$bin/pg_ctl -D $data_dir -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$data_dir"
  exit 0
fi

if [ -n "${TEST_DATABASE_URL:-}" ] && psql "$TEST_DATABASE_URL" -Atqc 'select 1' >/dev/null 2>&1; then
  echo "export TEST_DATABASE_URL='$TEST_DATABASE_URL'"
  exit 0
fi

if ! bin=$(pg_bin); then
  echo "ensure-postgres: installing Debian's postgresql package" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
  bin=$(pg_bin)
fi

if ! as_pg "$bin/pg_ctl -D $data_dir status" >/dev/null 2>&1; then
  rm -rf "$data_dir"
  mkdir -p "$data_dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$data_dir"
  as_pg "$bin/initdb -D $data_dir -U postgres -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
  # Tests are throwaway: durability off makes the suite several times faster.
  as_pg "$bin/pg_ctl -D $data_dir -l $data_dir/server.log -w -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start" >&2
  # Only whoever started the cluster stops it: a run must not pull the server from under a concurrent one.
  echo "export DUBAN_PG_STARTED=1"
fi
echo "export TEST_DATABASE_URL='postgres://postgres@127.0.0.1:$port/postgres'"
