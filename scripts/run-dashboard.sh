#!/usr/bin/env bash
# Install noegletal in .venv (only when pyproject.toml changed) and start the dashboard on the
# bundled sample data (SQLite). Options go to `noegletal app`: --port N (or
# STREAMLIT_SERVER_PORT=N), --headless / --browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-venv.sh
exec .venv/bin/noegletal app "$@"
