#!/usr/bin/env bash
# Install noegletal in .venv and open the dashboard on the bundled sample data (SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/noegletal app "$@"
