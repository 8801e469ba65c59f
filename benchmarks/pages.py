"""Benchmark: page render times in headless Chromium, cold and warm, and the server's memory.

    .venv/bin/python benchmarks/pages.py                    # sample data and national scale
    .venv/bin/python benchmarks/pages.py --scenario eksempeldata
    .venv/bin/python benchmarks/pages.py --uden-varmstart     # plain `streamlit run`, to compare

Scenarios:

``eksempeldata``
    the bundled sample data (3 municipalities), imported by the app into an empty store;
``landsdaekkende``
    the national-scale sample (98 municipalities, ``benchmarks/_common.py``), read and
    validated with ``noegletal.datain.load.load_directory`` and imported into a fresh SQLite
    store, key figures included (as every import stores them), before the server starts
    (``NOEGLETAL_LOAD_SAMPLE_DATA=false``).

Every server is started as ``noegletal app`` starts it, through the warm launcher
(``python -m noegletal.ui.launch app.py``: ``streamlit run`` with the pages' modules imported
before the server answers), or with ``--uden-varmstart`` as a plain ``streamlit run app.py``.
For every page of ``noegletal.ui.shell.PAGES``:

``start_s``
    from starting the server process until it answers ``/_stcore/health`` (Python, Streamlit
    and, with the launcher, the warm-up's imports);
``cold_s``
    from then, the page's first load on the new server: opening the store, reading the
    stored key figures, building the page's views and rendering it (and, without the
    launcher, importing the pages' modules);
``warm_s``
    the median of :data:`WARM_LOADS` further loads of the page on the same server, each in a
    new browser session (catalogue cached on the store's state token).

A load lasts from navigation until Streamlit has finished running the page (no running
indicator, a heading shown). ``server_rss_mb`` is the peak resident memory of the server
process (with any child processes), sampled every 0,2 s with psutil.
Writes ``benchmarks/results/pages.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

sys.path.insert(0, str(c.ROOT))

from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    _free_port,
    _wait_for,
    wait_for_app,
)

WARM_LOADS = 3
TIMEOUT_MS = 600_000
SCENARIOS = ("eksempeldata", "landsdaekkende")


class MemorySampler:
    """Peak RSS of a process and its children, sampled in a background thread."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def current(self) -> int:
        import psutil

        try:
            procs = [self.proc, *self.proc.children(recursive=True)]
            return sum(p.memory_info().rss for p in procs)
        except psutil.Error:
            return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.current())
            time.sleep(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


#: How a server is started: the warm launcher, as ``noegletal app`` does, or (to compare,
#: ``--uden-varmstart``) a plain ``streamlit run``; the options that follow are the same.
LAUNCH = (sys.executable, "-m", "noegletal.ui.launch")
STREAMLIT_RUN = (sys.executable, "-m", "streamlit", "run")


@contextmanager
def server(data_dir: Path, *, load_sample: bool, started: dict | None = None,
           command: tuple[str, ...] = LAUNCH):
    """A server for ``app.py`` on ``data_dir``, started with ``command``; yields (base URL,
    memory sampler). ``started["start_s"]`` is set to the seconds from starting the process
    until it answered ``/_stcore/health``."""
    port = _free_port()
    env = {**os.environ, "NOEGLETAL_DATA_DIR": str(data_dir),
           "NOEGLETAL_LOAD_SAMPLE_DATA": "true" if load_sample else "false",
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("NOEGLETAL_DATABASE_URL", None)
    log = open(data_dir / "streamlit.log", "a")  # noqa: SIM115
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*command, str(c.ROOT / "app.py"),
         "--server.port", str(port), "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=c.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        with MemorySampler(proc.pid) as mem:
            _wait_for(f"{base}/_stcore/health")
            if started is not None:
                started["start_s"] = time.perf_counter() - t0
            yield base, mem
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def load(browser, url: str) -> float:
    """Seconds from navigation until the page has finished running, in a new session."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url, timeout=TIMEOUT_MS)
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stException\"]') || "
            "(document.querySelector('[data-testid=\"stApp\"]') && "
            "!document.querySelector('[data-testid=\"stStatusWidget\"]') && "
            "document.querySelector('h1'))", timeout=TIMEOUT_MS)
        seconds = time.perf_counter() - t0
        if not page.locator("[data-testid='stException']").count():
            wait_for_app(page, timeout=TIMEOUT_MS)  # stable: no rerun started after that
        if page.locator("[data-testid='stException']").count():
            raise RuntimeError(f"{url} viste en fejl: "
                               f"{page.inner_text('[data-testid=stException]')[:500]}")
        return seconds
    finally:
        context.close()


def _prepare_national(folder: Path, log) -> dict:
    """Import the national-scale extracts into a fresh SQLite store in ``folder``."""
    from noegletal.datain.load import load_directory
    from noegletal.services.materialise import CatalogueMaterialiser, current_params
    from noegletal.store import PendingImport, Store

    data = c.national_sample(c.NATIONAL_KOMMUNER, log=log)
    t0 = time.perf_counter()
    loaded = load_directory(data)
    if not loaded.ok:
        raise SystemExit(f"Valideringsfejl i {data}: {loaded.errors[:3]}")
    pending = []
    for kind, frame in loaded.frames.items():
        raw = (data / f"{kind}.csv").read_bytes()
        pending.append(PendingImport(kind, frame, f"{kind}.csv",
                                     hashlib.sha256(raw).hexdigest()))
    store = Store(f"sqlite:///{(folder / 'noegletal.sqlite3').as_posix()}")
    # with the key figures stored, as every import does, so the servers start on a filled
    # store (without them the first server would compute the catalogue itself)
    store.import_frames(pending, user="benchmark",
                        materialise=CatalogueMaterialiser(current_params()))
    store.close()
    rows = {k: len(v) for k, v in loaded.frames.items()}
    log(f"  landsdækkende data indlæst i SQLite på {c.format_number(time.perf_counter() - t0)} s")
    return {"rows": rows, "prepare_s": round(time.perf_counter() - t0, 1)}


def run_scenario(browser, name: str, log, command: tuple[str, ...] = LAUNCH) -> dict:
    from noegletal.ui.shell import PAGES

    folder = c.OUT / f"pages-{name}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    try:
        setup = _prepare_national(folder, log) if name == "landsdaekkende" else {}
        load_sample = name == "eksempeldata"
        if load_sample:  # the app imports the sample data on its first start
            with server(folder, load_sample=True, command=command) as (base, _mem):
                t0 = time.perf_counter()
                load(browser, base + "/")
                setup["first_start_with_sample_import_s"] = round(time.perf_counter() - t0, 2)
        pages, peak = [], 0
        for page in PAGES:
            url_path = "/" if page is PAGES[0] else f"/{page.key}"
            started: dict = {}
            with server(folder, load_sample=load_sample, started=started,
                        command=command) as (base, mem):
                cold = load(browser, base + url_path)
                warm = [load(browser, base + url_path) for _ in range(WARM_LOADS)]
                rss_after = mem.current()
            peak = max(peak, mem.peak)
            pages.append({"page": page.key, "title": page.title,
                          "start_s": round(started["start_s"], 2), "cold_s": round(cold, 2),
                          "warm_s": round(statistics.median(warm), 2),
                          "warm_s_runs": [round(w, 2) for w in warm],
                          "server_rss_after_mb": round(rss_after / 2**20),
                          "server_rss_peak_mb": round(mem.peak / 2**20)})
            log(f"  {name} {page.key}: start {c.format_number(started['start_s'], 2)} s, "
                f"kold {c.format_number(cold, 2)} s, varm "
                f"{c.format_number(statistics.median(warm), 2)} s, server "
                f"{c.format_number(mem.peak / 2**20, 0)} MB")
        return {"scenario": name, **setup, "pages": pages,
                "server_rss_peak_mb": round(peak / 2**20)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def report(s: dict) -> str:
    lines = []
    for sc in s["scenarios"]:
        lines += [f"**{sc['scenario']}** (serverens største hukommelsesforbrug: "
                  f"{c.format_number(sc['server_rss_peak_mb'], 0)} MB)", "",
                  "| Side | Start (s) | Kold (s) | Varm (s) | Server (MB) |",
                  "|---|--:|--:|--:|--:|"]
        for p in sc["pages"]:
            lines.append(f"| {p['title']} | {c.format_number(p['start_s'], 2)} | "
                         f"{c.format_number(p['cold_s'], 2)} | "
                         f"{c.format_number(p['warm_s'], 2)} | "
                         f"{c.format_number(p['server_rss_peak_mb'], 0)} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", choices=(*SCENARIOS, "begge"), default="begge")
    ap.add_argument("--uden-varmstart", action="store_true",
                    help="start serverne med almindelig `streamlit run` i stedet for "
                         "noegletal.ui.launch (til sammenligning)")
    args = ap.parse_args(argv)
    command = STREAMLIT_RUN if args.uden_varmstart else LAUNCH
    launcher = "streamlit run" if args.uden_varmstart else "noegletal.ui.launch"
    if not Path(CHROMIUM).exists():
        print("Chromium findes ikke (/usr/bin/chromium); sidebenchmarken kan ikke køre.")
        return 1
    from playwright.sync_api import sync_playwright

    names = SCENARIOS if args.scenario == "begge" else (args.scenario,)
    print("Sidebenchmark: " + ", ".join(names) + f" (server: {launcher})", flush=True)
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in names:
                results.append(run_scenario(browser, name, lambda m: print(m, flush=True),
                                            command))
        finally:
            browser.close()
    summary = {"warm_loads": WARM_LOADS, "launcher": launcher, "scenarios": results,
               "machine": c.machine()}
    file = "pages" if args.scenario == "begge" else f"pages-{args.scenario}"
    if args.uden_varmstart:
        file += "-streamlit-run"
    path = c.write_result(file, summary)
    print()
    print(report(summary))
    print(f"Resultat gemt i {path.relative_to(c.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
