#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages, Python deps, PostgreSQL, checks, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
bash scripts/install-system-deps.sh
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
eval "$(bash scripts/start-postgres.sh)"
export NOEGLETAL_TEST_POSTGRES_URL="${NOEGLETAL_TEST_POSTGRES_URL:-}"
echo "== ruff"; .venv/bin/ruff check src tests pages app.py benchmarks scripts
echo "== import-linter"; .venv/bin/lint-imports
echo "== pytest"
.venv/bin/python -m pytest -p no:cacheprovider -n 2 --dist loadgroup "$@"
