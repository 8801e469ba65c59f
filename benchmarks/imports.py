"""Benchmark: import throughput of a large foranstaltninger file into SQLite and PostgreSQL.

    .venv/bin/python benchmarks/imports.py                 # national scale, both databases
    .venv/bin/python benchmarks/imports.py --kommuner 10 --backend sqlite

The file is ``foranstaltninger.csv`` of the national-scale sample (98 municipalities, see
``benchmarks/_common.py``). For each database, in a fresh process and an empty store:

``validate_s``
    read and validate the file (``noegletal.datain.load.read_and_validate``), as an upload;
``import_s``
    ``Store.import_frame`` of the validated frame: one transaction, one dataset version per
    municipality (98), all rows or none; ``rows_per_s = rows / import_s``;
``reimport_s``
    a second import of the same rows (new checksum) into the now non-empty store, which
    replaces the 98 active versions;
``read_back_s``
    ``Store.active_frames(["foranstaltninger"])``: the active rows back as a canonical frame
    (checked equal to what was imported, row for row);
``peak_rss_mb``
    the process's peak resident memory.

SQLite is a file under ``benchmarks/out/`` (WAL journal, as the app uses it). PostgreSQL is
``NOEGLETAL_TEST_POSTGRES_URL``; when it is not set, ``scripts/start-postgres.sh`` starts a
local throw-away server. Each run gets its own schema, dropped afterwards.
Writes ``benchmarks/results/imports.json``.
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

KIND = "foranstaltninger"


def postgres_url(start: bool = True) -> str | None:
    """``NOEGLETAL_TEST_POSTGRES_URL``, or the URL of a server started by
    ``scripts/start-postgres.sh`` (None when PostgreSQL is not installed)."""
    url = os.environ.get("NOEGLETAL_TEST_POSTGRES_URL")
    if url or not start:
        return url or None
    proc = subprocess.run(["bash", str(c.ROOT / "scripts" / "start-postgres.sh")],
                          capture_output=True, text=True, cwd=c.ROOT)
    settings = dict(line.removeprefix("export ").split("=", 1)
                    for line in proc.stdout.splitlines() if line.startswith("export "))
    folder = settings.get("NOEGLETAL_TEST_POSTGRES_DIR")
    if folder:  # the throw-away server is stopped when the benchmark ends
        atexit.register(subprocess.run, ["bash", str(c.ROOT / "scripts" / "stop-postgres.sh"),
                                         folder], check=False)
    url = settings.get("NOEGLETAL_TEST_POSTGRES_URL")
    if url:
        os.environ["NOEGLETAL_TEST_POSTGRES_URL"] = url
    return url or None


def _schema_url(base: str, schema: str) -> str:
    import sqlalchemy as sa

    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


# ------------------------------------------------------------------ child process

def child(backend: str, csv_path: str, target: str) -> None:
    """Validate, import twice and read back; prints one JSON line."""
    import pandas as pd

    from noegletal.datain.load import read_and_validate
    from noegletal.store import Store

    raw = Path(csv_path).read_bytes()
    t0 = time.perf_counter()
    result = read_and_validate(raw, Path(csv_path).name, KIND)
    validate_s = time.perf_counter() - t0
    if not result.ok:
        raise SystemExit(f"Filen har valideringsfejl: {result.problems[:3]}")
    frame = result.frame
    store = Store(target)
    t1 = time.perf_counter()
    outcome = store.import_frame(KIND, frame, filename=Path(csv_path).name,
                                 checksum=hashlib.sha256(raw).hexdigest(), user="benchmark")
    import_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    store.import_frame(KIND, frame, filename="igen-" + Path(csv_path).name,
                       checksum=hashlib.sha256(raw + b"\n").hexdigest(), user="benchmark")
    reimport_s = time.perf_counter() - t2
    t3 = time.perf_counter()
    back = store.active_frames([KIND])[KIND]
    read_back_s = time.perf_counter() - t3
    keys = ["kommunekode", "barn_id", "indsats", "startdato"]
    a = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    b = back[list(frame.columns)].sort_values(keys, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    store.close()
    print(json.dumps({
        "backend": backend, "rows": len(frame), "versions": len(outcome.version_ids),
        "file_mb": round(len(raw) / 1e6, 1),
        "validate_s": round(validate_s, 2), "import_s": round(import_s, 2),
        "rows_per_s": round(len(frame) / import_s),
        "reimport_s": round(reimport_s, 2), "read_back_s": round(read_back_s, 2),
        "read_back_rows_per_s": round(len(back) / read_back_s),
        "peak_rss_mb": round(c.peak_rss_mb()),
    }))


# ------------------------------------------------------------------ parent

def _run_sqlite(csv_path: Path) -> dict:
    folder = c.OUT / f"import-sqlite-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    try:
        url = f"sqlite:///{(folder / 'store.sqlite3').as_posix()}"
        out = c.run_json_child([__file__, "--child", "sqlite", str(csv_path), url])
        out["database_mb"] = round(sum(p.stat().st_size for p in folder.iterdir()) / 1e6, 1)
        return out
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run_postgres(csv_path: Path, base: str) -> dict:
    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        out = c.run_json_child([__file__, "--child", "postgresql", str(csv_path),
                                _schema_url(base, schema)])
        with admin.connect() as conn:
            size = conn.execute(sa.text(
                "SELECT coalesce(sum(pg_total_relation_size(quote_ident(schemaname) || '.' || "
                "quote_ident(tablename))), 0) FROM pg_tables WHERE schemaname = :s"),
                {"s": schema}).scalar_one()
        out["database_mb"] = round(int(size) / 1e6, 1)
        return out
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(kommuner: int, backends: list[str], repeat: int, log=print) -> dict:
    data = c.national_sample(kommuner, log=log)
    csv_path = data / f"{KIND}.csv"
    pg = postgres_url() if "postgresql" in backends else None
    results = []
    for backend in backends:
        if backend == "postgresql" and pg is None:
            log("  PostgreSQL er ikke installeret eller sat op; springes over.")
            continue
        runs = []
        for i in range(repeat):
            r = _run_sqlite(csv_path) if backend == "sqlite" else _run_postgres(csv_path, pg)
            runs.append(r)
            log(f"  {backend} kørsel {i + 1}: {c.format_number(r['rows'], 0)} rækker på "
                f"{c.format_number(r['import_s'])} s = {c.format_number(r['rows_per_s'], 0)} "
                f"rækker/s; læst tilbage på {c.format_number(r['read_back_s'])} s")
        best = min(runs, key=lambda r: r["import_s"])
        best["import_s_runs"] = [r["import_s"] for r in runs]
        best["read_back_s_runs"] = [r["read_back_s"] for r in runs]
        results.append(best)
    return {"kommuner": kommuner, "file": f"{KIND}.csv", "repeat": repeat,
            "results": results, "machine": c.machine(pg)}


def report(s: dict) -> str:
    lines = ["| Database | Rækker | Validering (s) | Import (s) | Rækker/s | Genimport (s) | "
             "Læst tilbage (s) | Database (MB) | Hukommelse (MB) |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in s["results"]:
        lines.append(
            f"| {r['backend']} | {c.format_number(r['rows'], 0)} | "
            f"{c.format_number(r['validate_s'])} | {c.format_number(r['import_s'])} | "
            f"{c.format_number(r['rows_per_s'], 0)} | {c.format_number(r['reimport_s'])} | "
            f"{c.format_number(r['read_back_s'])} | {c.format_number(r['database_mb'])} | "
            f"{c.format_number(r['peak_rss_mb'], 0)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kommuner", type=int, default=c.NATIONAL_KOMMUNER)
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "begge"), default="begge")
    ap.add_argument("--repeat", type=int, default=2, help="antal målinger; den hurtigste tæller")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    backends = ["sqlite", "postgresql"] if args.backend == "begge" else [args.backend]
    print(f"Importbenchmark: {KIND}.csv fra {args.kommuner} kommuner", flush=True)
    summary = run(args.kommuner, backends, max(1, args.repeat),
                  log=lambda m: print(m, flush=True))
    name = "imports" if args.kommuner == c.NATIONAL_KOMMUNER else f"imports-{args.kommuner}"
    path = c.write_result(name, summary)
    print()
    print(report(summary))
    print(f"\nResultat gemt i {path.relative_to(c.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
