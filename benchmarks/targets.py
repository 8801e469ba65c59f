"""Benchmark of issue 10's targets at national scale, each as a ratio to a plain read.

    .venv/bin/python benchmarks/targets.py                 # everything (heavy: ~15 min)
    .venv/bin/python benchmarks/targets.py --uden-browser  # without headless Chromium
    .venv/bin/python benchmarks/targets.py --gentag 3      # medians of 3 runs

The machine is shared and noisy, so every figure is the median of ``--gentag`` runs and is
compared with a *plain read* measured in the same run: ``pandas.read_csv(f, dtype=str)`` of
every CSV file of the same extracts. Ratios use CPU time (user + system of the process and
its threads), which a busy machine disturbs much less than wall-clock time; wall-clock times
are printed too.

Figures and targets (PASS/FAIL):

``compute``
    the whole ``noegletal compute`` CLI (read, validate, compute, write) in a fresh process:
    at most 2x the plain read; peak memory under 1 GB.
``import``
    ``noegletal import`` of every extract into a fresh SQLite store, including the
    materialisation of the key figures: at most 4x the plain read.
``pages, server``
    per page, in a fresh process on the filled store (as after a server start): the cold
    view (Streamlit's ``AppTest``: the entrypoint's first run, plus the page when it is not
    the start page, so an upper bound) at most 1,5 s; the warm view (the page run again in
    its session) at most 0,3 s.
``pages, browser``
    per page, a fresh ``streamlit run`` server, then headless Chromium: the first load
    (cold) and the median of three more loads in new sessions (warm), from navigation until
    Streamlit is done; same targets. The server's peak memory (with children) under 400 MB.
``growth``
    CPU time of ``noegletal compute`` for 3, 10, 30 and 98 municipalities and for 6 and 33
    cut-offs; linear or better when the growth exponent (log t2/t1 / log n2/n1) between
    the two largest sizes is at most 1,1.

Writes ``benchmarks/results/targets.json`` and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

CUTOFFS_33 = c.tertial_cutoffs(2015, 2025)
CUTOFFS_6 = c.tertial_cutoffs(2024, 2025)
GROWTH_KOMMUNER = (3, 10, 30, 98)
TARGETS = {"compute_ratio": 2.0, "import_ratio": 4.0, "cold_s": 1.5, "warm_s": 0.3,
           "compute_mb": 1024.0, "server_mb": 400.0, "growth_exponent": 1.1}


def _n(x, d: int = 2) -> str:
    return c.format_number(x, d)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# ------------------------------------------------------------------ processes


def run_measured(args: list[str], *, env: dict | None = None) -> dict:
    """Run a command; its wall time, CPU time (user + system) and peak RSS (MB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=c.ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(args[:4])} fejlede ({code}): {err[-1500:]}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "stdout": out, "stderr": err}


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


PLAIN_READ = """
import sys, pandas as pd
from pathlib import Path
for f in sorted(Path(sys.argv[1]).glob("*.csv")):
    head = f.open(encoding="utf-8", errors="replace").readline()
    pd.read_csv(f, dtype=str, sep=";" if head.count(";") > head.count(",") else ",")
"""


def plain_read(folder: Path) -> dict:
    # The interpreter's start and pandas' import are measured apart and subtracted, so the
    # figure is the read itself.
    base = run_measured([sys.executable, "-c", "import pandas"])
    run = run_measured([sys.executable, "-c", PLAIN_READ, str(folder)])
    return {"wall_s": run["wall_s"] - base["wall_s"], "cpu_s": run["cpu_s"] - base["cpu_s"],
            "peak_mb": run["peak_mb"]}


def cli(*args: str, env: dict | None = None) -> dict:
    return run_measured([sys.executable, "-m", "noegletal", *args], env=env)


def compute_run(folder: Path, cutoffs: list[str], out: Path) -> dict:
    return cli("compute", "--data", str(folder), "--datoer", ",".join(cutoffs), "--out",
               str(out))


def store_env(data_dir: Path) -> dict:
    env = {**os.environ, "NOEGLETAL_DATA_DIR": str(data_dir),
           "NOEGLETAL_LOAD_SAMPLE_DATA": "false"}
    env.pop("NOEGLETAL_DATABASE_URL", None)
    return env


def import_run(folder: Path, data_dir: Path) -> dict:
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    files = [str(p) for p in sorted(folder.glob("*.csv"))]
    return cli("import", *files, "--bruger", "benchmark", env=store_env(data_dir))


# ------------------------------------------------------------------ pages


SERVER_TIMES = """
import json, statistics, sys, time
from streamlit.testing.v1 import AppTest
root, path, warm_runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0, c0 = time.perf_counter(), time.process_time()
at = AppTest.from_file(root + "/app.py", default_timeout=600)
at.run()
if path != "pages/overblik.py":
    at.switch_page(path)
    at.run()
cold, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
assert not at.exception, at.exception
warm, warm_cpu = [], []
for _ in range(warm_runs):
    t0, c0 = time.perf_counter(), time.process_time()
    at.run()
    warm.append(time.perf_counter() - t0)
    warm_cpu.append(time.process_time() - c0)
    assert not at.exception, at.exception
print(json.dumps({"cold_wall_s": cold, "cold_s": cold_cpu, "warm_wall_s":
                  statistics.median(warm), "warm_s": statistics.median(warm_cpu),
                  "warm_runs": warm}))
"""


def server_times(data_dir: Path, pages: list[str], warm_runs: int = 3) -> list[dict]:
    from noegletal.ui.shell import PAGE_BY_KEY

    out = []
    for page in pages:
        run = run_measured([sys.executable, "-c", SERVER_TIMES, str(c.ROOT),
                            PAGE_BY_KEY[page].path, str(warm_runs)], env=store_env(data_dir))
        line = [ln for ln in run["stdout"].splitlines() if ln.startswith("{")][-1]
        out.append({"page": page, **json.loads(line), "peak_mb": run["peak_mb"]})
        print(f"  server {page}: kold {_n(out[-1]['cold_s'])} CPU-s "
              f"({_n(out[-1]['cold_wall_s'])} s), varm {_n(out[-1]['warm_s'])} CPU-s "
              f"({_n(out[-1]['warm_wall_s'])} s)", flush=True)
    return out


def browser_times(data_dir: Path, pages: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    import pages as page_bench
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for page in pages:
                path = "/" if page == "overblik" else f"/{page}"
                with page_bench.server(data_dir, load_sample=False) as (base, mem):
                    cold = page_bench.load(browser, base + path)
                    warm = [page_bench.load(browser, base + path) for _ in range(3)]
                out.append({"page": page, "cold_s": cold, "warm_s": statistics.median(warm),
                            "warm_runs": warm, "server_peak_mb": mem.peak / 2**20})
                print(f"  browser {page}: kold {_n(cold)} s, varm "
                      f"{_n(statistics.median(warm))} s, server "
                      f"{_n(mem.peak / 2**20, 0)} MB", flush=True)
        finally:
            browser.close()
    return out


# ------------------------------------------------------------------ growth


def exponent(n1: float, t1: float, n2: float, t2: float) -> float:
    """Growth exponent between two sizes: 1 = linear."""
    return math.log(t2 / t1) / math.log(n2 / n1)


def growth(national: Path, tmp: Path, repeat: int) -> dict:
    sizes = []
    for k in GROWTH_KOMMUNER:
        folder = national if k == 98 else c.national_sample(k)
        runs = [compute_run(folder, CUTOFFS_33, tmp / f"g{k}.csv") for _ in range(repeat)]
        sizes.append({"kommuner": k, "cpu_s": median_of(runs, "cpu_s"),
                      "wall_s": median_of(runs, "wall_s")})
        print(f"  vækst: {k} kommuner {_n(sizes[-1]['cpu_s'])} CPU-s", flush=True)
    runs = [compute_run(national, CUTOFFS_6, tmp / "g6.csv") for _ in range(repeat)]
    six = {"cutoffs": 6, "cpu_s": median_of(runs, "cpu_s"), "wall_s": median_of(runs, "wall_s")}
    big, bigger = sizes[-2], sizes[-1]
    k_exp = exponent(big["kommuner"], big["cpu_s"], bigger["kommuner"], bigger["cpu_s"])
    return {"kommuner": sizes, "cutoffs_6": six, "exponent_kommuner": k_exp}


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gentag", type=int, default=1, help="kørsler pr. tung måling (median)")
    ap.add_argument("--data", type=Path, default=None,
                    help="mappe med landsdækkende udtræk (standard: genereres)")
    ap.add_argument("--uden-browser", action="store_true")
    ap.add_argument("--uden-vaekst", action="store_true")
    args = ap.parse_args(argv)
    from noegletal.ui.shell import PAGES

    national = args.data or c.national_sample(c.NATIONAL_KOMMUNER)
    page_keys = [p.key for p in PAGES]
    load = os.getloadavg()
    print(f"Mål for issue 10 på {national} (belastning {load[0]:.1f})", flush=True)
    with tempfile.TemporaryDirectory(dir=c.OUT if c.OUT.exists() else None) as tmp_name:
        tmp = Path(tmp_name)
        plain = [plain_read(national) for _ in range(max(3, args.gentag))]
        plain_cpu, plain_wall = median_of(plain, "cpu_s"), median_of(plain, "wall_s")
        print(f"  almindelig læsning: {_n(plain_cpu)} CPU-s, {_n(plain_wall)} s", flush=True)
        comp = [compute_run(national, CUTOFFS_33, tmp / "n.csv") for _ in range(args.gentag)]
        print(f"  compute: {_n(median_of(comp, 'cpu_s'))} CPU-s", flush=True)
        data_dir = tmp / "store"
        imp = [import_run(national, data_dir) for _ in range(args.gentag)]
        print(f"  import: {_n(median_of(imp, 'cpu_s'))} CPU-s", flush=True)
        srv = server_times(data_dir, page_keys)
        brw = [] if args.uden_browser else browser_times(data_dir, page_keys)
        grw = None if args.uden_vaekst else growth(national, tmp, args.gentag)
    result = {
        "data": str(national), "loadavg_start": load, "loadavg_end": os.getloadavg(),
        "plain_read": {"cpu_s": plain_cpu, "wall_s": plain_wall},
        "compute": {"cpu_s": median_of(comp, "cpu_s"), "wall_s": median_of(comp, "wall_s"),
                    "peak_mb": max(r["peak_mb"] for r in comp)},
        "import": {"cpu_s": median_of(imp, "cpu_s"), "wall_s": median_of(imp, "wall_s"),
                   "peak_mb": max(r["peak_mb"] for r in imp)},
        "server_pages": srv, "browser_pages": brw, "growth": grw, "targets": TARGETS,
        "machine": c.machine(),
    }
    path = c.write_result("targets", result)
    text = report(result)
    print()
    print(text)
    print(f"Resultat gemt i {path.relative_to(c.ROOT)}")
    return 0


def checks(r: dict) -> list[tuple[str, str, str, bool]]:
    """(figure, result, target, met) for every target."""
    t, plain = r["targets"], r["plain_read"]["cpu_s"]
    out = []
    ratio = r["compute"]["cpu_s"] / plain
    out.append(("noegletal compute / almindelig læsning (CPU)",
                f"{_n(ratio)}x ({_n(r['compute']['cpu_s'], 1)} mod {_n(plain, 1)} CPU-s; "
                f"{_n(r['compute']['wall_s'], 1)} s)", f"≤ {_n(t['compute_ratio'], 0)}x",
                ratio <= t["compute_ratio"]))
    ratio = r["import"]["cpu_s"] / plain
    out.append(("import inkl. materialisering / almindelig læsning (CPU)",
                f"{_n(ratio)}x ({_n(r['import']['cpu_s'], 1)} CPU-s; "
                f"{_n(r['import']['wall_s'], 1)} s)", f"≤ {_n(t['import_ratio'], 0)}x",
                ratio <= t["import_ratio"]))
    for label, pages in (("server", r["server_pages"]), ("Chromium", r["browser_pages"])):
        if not pages:
            continue
        cold = max(p["cold_s"] for p in pages)
        warm = max(p["warm_s"] for p in pages)
        out.append((f"kold side, {label} (langsomste side)", f"{_n(cold)} s",
                    f"≤ {_n(t['cold_s'], 1)} s", cold <= t["cold_s"]))
        out.append((f"varm side, {label} (langsomste side)", f"{_n(warm)} s",
                    f"≤ {_n(t['warm_s'], 1)} s", warm <= t["warm_s"]))
    out.append(("hukommelse, compute", f"{_n(r['compute']['peak_mb'], 0)} MB",
                f"< {_n(t['compute_mb'], 0)} MB", r["compute"]["peak_mb"] < t["compute_mb"]))
    if r["browser_pages"]:
        peak = max(p["server_peak_mb"] for p in r["browser_pages"])
        out.append(("hukommelse, server", f"{_n(peak, 0)} MB", f"< {_n(t['server_mb'], 0)} MB",
                    peak < t["server_mb"]))
    g = r.get("growth")
    if g:
        out.append(("vækst, kommuner (eksponent 30 -> 98)", _n(g["exponent_kommuner"]),
                    f"≤ {_n(t['growth_exponent'], 1)}",
                    g["exponent_kommuner"] <= t["growth_exponent"]))
        six, all_ = g["cutoffs_6"]["cpu_s"], g["kommuner"][-1]["cpu_s"]
        e = exponent(6, six, 33, all_)
        out.append(("vækst, skæringsdatoer (eksponent 6 -> 33)", _n(e),
                    f"≤ {_n(t['growth_exponent'], 1)}", e <= t["growth_exponent"]))
    return out


def report(r: dict) -> str:
    m = r["machine"]
    lines = [f"Maskine: {m['cpu']}, {m['cores']} kerner, {_n(m['ram_gb'], 1)} GB RAM, "
             f"{m['os']}, Python {m['python']}; belastning (1 min) "
             f"{_n(r['loadavg_start'][0], 1)} ved start og {_n(r['loadavg_end'][0], 1)} ved "
             f"slut; commit {m['git_commit']}.", "",
             "| Måling | Resultat | Mål | |", "|---|---|---|---|"]
    for name, value, target, ok in checks(r):
        lines.append(f"| {name} | {value} | {target} | {_verdict(ok)} |")
    lines += ["", "| Side | Server kold (s) | Server varm (s) | Chromium kold (s) | "
              "Chromium varm (s) | Server (MB) |", "|---|--:|--:|--:|--:|--:|"]
    browser = {p["page"]: p for p in r["browser_pages"]}
    for p in r["server_pages"]:
        b = browser.get(p["page"], {})
        lines.append(f"| {p['page']} | {_n(p['cold_s'])} | {_n(p['warm_s'])} | "
                     f"{_n(b.get('cold_s'))} | {_n(b.get('warm_s'))} | "
                     f"{_n(b.get('server_peak_mb'), 0)} |")
    g = r.get("growth")
    if g:
        lines += ["", "| Vækst | CPU-s | Væg-s |", "|---|--:|--:|"]
        for s in g["kommuner"]:
            lines.append(f"| {s['kommuner']} kommuner, 33 skæringsdatoer | {_n(s['cpu_s'])} | "
                         f"{_n(s['wall_s'])} |")
        s = g["cutoffs_6"]
        lines.append(f"| 98 kommuner, 6 skæringsdatoer | {_n(s['cpu_s'])} | {_n(s['wall_s'])} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
