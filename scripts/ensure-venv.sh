#!/usr/bin/env bash
# Make .venv hold noegletal with the given extras; reinstall only when pyproject.toml changed.
# Usage: bash scripts/ensure-venv.sh [EXTRAS]    e.g. bash scripts/ensure-venv.sh test
# A stamp in .venv records the hash of pyproject.toml and the extras of the last install, so a
# second start with nothing changed skips pip altogether (and needs no network).
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS="${1:-}"
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
HASH="$(sha256sum pyproject.toml | cut -d' ' -f1)"
STAMP=".venv/.noegletal-install-${EXTRAS:-base}"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$HASH" ] && .venv/bin/python -c "import noegletal" 2>/dev/null; then
  exit 0
fi
echo "Installerer Python-pakkerne i .venv (kun når pyproject.toml er ændret) …" >&2
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip
if [ -n "$EXTRAS" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[$EXTRAS]"
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
fi
echo "$HASH" > "$STAMP"
# a full install covers the smaller ones
[ "$EXTRAS" = "test" ] && echo "$HASH" > .venv/.noegletal-install-base
exit 0
