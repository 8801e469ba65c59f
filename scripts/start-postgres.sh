#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the test suite and print its URL.
# Usage: eval "$(scripts/start-postgres.sh)"   (exports NOEGLETAL_TEST_POSTGRES_URL)
set -euo pipefail
PORT="${NOEGLETAL_PG_PORT:-54329}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$BIN" ]; then
  echo "echo 'PostgreSQL er ikke installeret; PostgreSQL-testene springes over.' >&2"
  exit 0
fi
DIR="${NOEGLETAL_PG_DIR:-/tmp/noegletal-pg-$PORT}"
run_as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if ! run_as_pg "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$DIR"
  run_as_pg "$BIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  run_as_pg "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
fi
run_as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname='noegletal_test'" | grep -q 1 \
  || run_as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres noegletal_test
echo "export NOEGLETAL_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/noegletal_test"
