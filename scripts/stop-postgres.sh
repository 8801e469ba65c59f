#!/usr/bin/env bash
# Stop a server started by scripts/start-postgres.sh and remove its folder.
# Usage: bash scripts/stop-postgres.sh "$NOEGLETAL_TEST_POSTGRES_DIR"
set -euo pipefail
DIR="${1:-${NOEGLETAL_TEST_POSTGRES_DIR:-}}"
case "$DIR" in /tmp/noegletal-pg-*) ;; *) exit 0 ;; esac  # only what start-postgres.sh made
[ -d "$DIR" ] || exit 0
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -n "$BIN" ] && [ -f "$DIR/data/postmaster.pid" ]; then
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
  else
    "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
  fi
fi
rm -rf "$DIR"
