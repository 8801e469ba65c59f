#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1 for the test suite and print its settings.
# Usage: eval "$(bash scripts/start-postgres.sh)"
#   exports NOEGLETAL_TEST_POSTGRES_URL and NOEGLETAL_TEST_POSTGRES_DIR; stop the server with
#   bash scripts/stop-postgres.sh "$NOEGLETAL_TEST_POSTGRES_DIR" (scripts/test.sh does so on exit).
# Every run gets its own folder, a free port chosen at random and a random password, so two
# checkouts on one machine never share (or reach) each other's server.
set -euo pipefail
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$BIN" ]; then
  echo "echo 'PostgreSQL er ikke installeret; PostgreSQL-testene springes over.' >&2"
  exit 0
fi
PY="${PYTHON:-python3}"
PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
PASSWORD="$("$PY" -c 'import secrets; print(secrets.token_hex(16))')"
DIR="$(mktemp -d /tmp/noegletal-pg-XXXXXX)"
# a failed start leaves nothing behind (no server listening, no folder)
trap 'bash "$(dirname "$0")/stop-postgres.sh" "$DIR"' ERR
run_as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
printf '%s\n' "$PASSWORD" > "$DIR/pwfile"
mkdir "$DIR/data"
if [ "$(id -u)" = "0" ]; then chown -R postgres:postgres "$DIR"; fi
chmod 700 "$DIR" "$DIR/data"
run_as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=scram-sha-256 --pwfile="$DIR/pwfile" \
  -E UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$DIR/pwfile"
run_as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
  start >/dev/null
PGPASSWORD="$PASSWORD" run_as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres noegletal_test
echo "export NOEGLETAL_TEST_POSTGRES_DIR=$DIR"
echo "export NOEGLETAL_TEST_POSTGRES_URL=postgresql+psycopg://postgres:${PASSWORD}@127.0.0.1:${PORT}/noegletal_test"
