#!/usr/bin/env bash
# The whole test suite on a fresh machine: system packages, Python deps, axe-core, PostgreSQL,
# checks, tests. The throw-away PostgreSQL server is stopped when the script ends, however
# it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
bash scripts/ensure-venv.sh test
bash scripts/fetch-axe.sh >/dev/null
export NOEGLETAL_TEST_POSTGRES_DIR=""
cleanup() { bash scripts/stop-postgres.sh "${NOEGLETAL_TEST_POSTGRES_DIR:-}"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
pg_env="$(bash scripts/start-postgres.sh)"
eval "$pg_env"
export NOEGLETAL_TEST_POSTGRES_URL="${NOEGLETAL_TEST_POSTGRES_URL:-}"
echo "== ruff"; .venv/bin/ruff check src tests pages app.py benchmarks scripts
echo "== import-linter"; .venv/bin/lint-imports
echo "== pytest"
.venv/bin/python -m pytest -p no:cacheprovider -n 2 --dist loadgroup --durations=30 "$@"
