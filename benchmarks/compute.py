"""Benchmark: the whole catalogue at national scale, relative to reading the extract.

    .venv/bin/python benchmarks/compute.py                 # 98 municipalities (~1,1 mio. børn)
    .venv/bin/python benchmarks/compute.py --kommuner 10 --repeat 1

Steps: generate the national-scale sample once (cached in ``benchmarks/out/``), then, in a
fresh process per measurement,

1. *read*: read and validate every extract (``noegletal.datain.load.load_directory``);
2. *compute*: the same read, then the full catalogue
   (``noegletal.metrics.compute.compute_catalogue``) at the tertial cut-offs 2015-2025
   (33 dates), timing each theme module as ``compute_catalogue`` runs it.

Definitions:

``read_s``
    Wall time of ``load_directory`` (best of ``--repeat`` runs).
``compute_s``
    Wall time of ``compute_catalogue`` (best of ``--repeat`` runs).
``ratio``
    ``compute_s / read_s``; target at most 2.
``peak_rss_mb``
    Peak resident memory (max RSS) of the compute process, which holds the read frames and
    the computation; target under 2048 MB.
``modules``
    Per theme module, in the order ``compute_catalogue`` runs them: ``own_s`` the module's
    own time and ``engine_s`` the time spent inside the shared case-level engine
    (``noegletal.metrics.engine.prepare``, ``snapshot``, ``home_based_types_at``,
    ``state_arrays``; cached in the context, so the first module to ask pays for it),
    ``rows`` the result rows, ``rss_after_mb`` the peak RSS when the module finished.

With ``--profile auto`` (default), when a target is missed, a separate untimed run profiles
each theme module with ``cProfile`` and lists, per module, the functions with the most own
time (``hotspots``; ``--profile always`` / ``never``).
Writes ``benchmarks/results/compute.json``.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

TARGET_RATIO = 2.0
TARGET_MB = 2048
ENGINE_FUNCTIONS = ("prepare", "snapshot", "home_based_types_at", "state_arrays")
THEME_LABELS = {
    "placements": "A anbringelser",
    "ladder": "B indsatstrappen",
    "preventive": "C § 11.3",
    "expenditure": "D udgifter",
    "school": "E skoletrivsel",
    "casework": "F sagsbehandling",
    "flows": "G strømme",
}


# ------------------------------------------------------------------ child process

def _load(data: str):
    from noegletal.datain.load import load_directory

    t0 = time.perf_counter()
    loaded = load_directory(Path(data))
    read_s = time.perf_counter() - t0
    if not loaded.ok:
        first = "; ".join(f"{p.location}: {p.message}" for p in loaded.errors[:3])
        raise SystemExit(f"Udtrækket har valideringsfejl: {first}")
    return loaded, read_s


def _instrument(timings: dict) -> None:
    """Wrap each theme module's ``compute`` and the engine's cached builders with timers.

    Engine time is attributed to the module that is running; nested engine calls are timed
    once (outermost call only).
    """
    from noegletal.metrics import compute as compute_mod
    from noegletal.metrics import engine

    state = {"module": None, "depth": 0}

    def wrap_engine(fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            state["depth"] += 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                state["depth"] -= 1
                if state["depth"] == 0 and state["module"] is not None:
                    timings[state["module"]]["engine_s"] += time.perf_counter() - t0
        return timed

    def wrap_module(module):
        fn = module.compute
        name = module.__name__.rsplit(".", 1)[-1]

        @functools.wraps(fn)
        def timed(ctx):
            timings[name] = {"engine_s": 0.0}
            state["module"] = name
            t0 = time.perf_counter()
            try:
                out = fn(ctx)
            finally:
                state["module"] = None
            total = time.perf_counter() - t0
            entry = timings[name]
            entry["total_s"] = total
            entry["own_s"] = total - entry["engine_s"]
            entry["rows"] = 0 if out is None else len(out)
            entry["key_figures"] = 0 if out is None or not len(out) else int(
                out["noegletal"].nunique())
            entry["rss_after_mb"] = c.peak_rss_mb()
            return out
        module.compute = timed

    for fname in ENGINE_FUNCTIONS:
        setattr(engine, fname, wrap_engine(getattr(engine, fname)))
    for module in compute_mod._theme_modules():
        wrap_module(module)


def child(mode: str, data: str) -> None:
    """Runs in a fresh process; prints one JSON line."""
    import pandas as pd

    loaded, read_s = _load(data)
    out: dict = {"read_s": read_s, "rows": {k: len(v) for k, v in loaded.frames.items()},
                 "rss_after_read_mb": c.peak_rss_mb()}
    if "foranstaltninger" in loaded.frames:
        f = loaded.frames["foranstaltninger"]
        out["children"] = int(f[["kommunekode", "barn_id"]].drop_duplicates().shape[0])
    if mode in ("compute", "profile"):
        from noegletal.metrics.compute import compute_catalogue

        dates = [pd.Timestamp(d) for d in c.tertial_cutoffs()]
        timings: dict = {}
        if mode == "compute":
            _instrument(timings)
            t1 = time.perf_counter()
            result = compute_catalogue(loaded.frames, dates)
            out["compute_s"] = time.perf_counter() - t1
            out["modules"] = timings
        else:
            out["hotspots"] = _profile_modules(lambda: compute_catalogue(loaded.frames, dates))
            result = None
        if result is not None:
            out["result_rows"] = len(result.table)
            out["key_figures"] = int(result.table["noegletal"].nunique())
            out["warnings"] = len(result.warnings)
    out["peak_rss_mb"] = c.peak_rss_mb()
    print(json.dumps(out))


def _profile_modules(run, top: int = 10) -> dict[str, dict[str, list[dict]]]:
    """Call ``run()`` with each theme module's ``compute`` under its own cProfile profiler.

    Per module: ``own`` the ``top`` functions by own time (often pandas internals) and
    ``project`` the ``top`` noegletal functions by cumulative time (where to look in our code).
    """
    import cProfile
    import pstats

    from noegletal.metrics import compute as compute_mod

    profiles: dict[str, cProfile.Profile] = {}
    for module in compute_mod._theme_modules():
        name = module.__name__.rsplit(".", 1)[-1]
        prof = profiles[name] = cProfile.Profile()
        module.compute = functools.partial(prof.runcall, module.compute)
    run()
    out: dict[str, dict[str, list[dict]]] = {}
    for name, prof in profiles.items():
        rows = []
        for (filename, line, func), (_cc, ncalls, tottime, cumtime, _c) in \
                pstats.Stats(prof).stats.items():
            rows.append({"function": func, "where": f"{_short(filename)}:{line}",
                         "calls": ncalls, "own_s": round(tottime, 3),
                         "cumulative_s": round(cumtime, 3)})
        ours = sorted((r for r in rows if r["where"].startswith("noegletal/")),
                      key=lambda r: r["cumulative_s"], reverse=True)
        rows.sort(key=lambda r: r["own_s"], reverse=True)
        out[name] = {"own": rows[:top], "project": ours[:top]}
    return out


def _short(filename: str) -> str:
    for marker in ("/site-packages/", "/src/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


# ------------------------------------------------------------------ parent

def run(kommuner: int, repeat: int, profile: str, log=print) -> dict:
    data = c.national_sample(kommuner, log=log)
    size_mb = sum(p.stat().st_size for p in data.glob("*.csv")) / 1e6
    reads, computes = [], []
    for i in range(repeat):
        r = c.run_json_child([__file__, "--child", "read", str(data)])
        m = c.run_json_child([__file__, "--child", "compute", str(data)])
        reads.append(r)
        computes.append(m)
        log(f"  kørsel {i + 1}: indlæsning {c.format_number(r['read_s'])} s, beregning "
            f"{c.format_number(m['compute_s'])} s, hukommelse {c.format_number(m['peak_rss_mb'], 0)} MB")
    best = min(computes, key=lambda x: x["compute_s"])
    read_s = min(x["read_s"] for x in reads)
    compute_s = best["compute_s"]
    peak = max(x["peak_rss_mb"] for x in computes)
    ratio = compute_s / read_s
    modules = [
        {"module": name, "theme": THEME_LABELS.get(name, name),
         "total_s": round(t["total_s"], 3), "own_s": round(t["own_s"], 3),
         "engine_s": round(t["engine_s"], 3), "share_of_compute": round(t["total_s"] / compute_s, 3),
         "rows": t["rows"], "key_figures": t["key_figures"],
         "rss_after_mb": round(t["rss_after_mb"])}
        for name, t in best["modules"].items()
    ]
    summary = {
        "kommuner": kommuner,
        "children": best.get("children"),
        "cutoffs": len(c.tertial_cutoffs()),
        "csv_mb": round(size_mb, 1),
        "input_rows": best["rows"],
        "result_rows": best["result_rows"],
        "key_figures": best["key_figures"],
        "repeat": repeat,
        "read_s": round(read_s, 2),
        "read_s_runs": [round(x["read_s"], 2) for x in reads],
        "compute_s": round(compute_s, 2),
        "compute_s_runs": [round(x["compute_s"], 2) for x in computes],
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "ratio_met": ratio <= TARGET_RATIO,
        "peak_rss_read_mb": round(max(x["peak_rss_mb"] for x in reads)),
        "peak_rss_mb": round(peak),
        "target_mb": TARGET_MB,
        "memory_met": peak < TARGET_MB,
        "modules": modules,
    }
    missed = not (summary["ratio_met"] and summary["memory_met"])
    if profile == "always" or (profile == "auto" and missed):
        log("  profilerer beregningen (cProfile, ikke tidsmålt) …")
        prof = c.run_json_child([__file__, "--child", "profile", str(data)])
        summary["hotspots"] = prof["hotspots"]
    summary["machine"] = c.machine()
    return summary


def report(s: dict) -> str:
    lines = [
        f"Kommuner: {s['kommuner']}, børn med foranstaltninger: "
        f"{c.format_number(s['children'], 0)}, skæringsdatoer: {s['cutoffs']}, "
        f"CSV: {c.format_number(s['csv_mb'])} MB",
        f"Indlæsning (læs + validér): {c.format_number(s['read_s'], 2)} s",
        f"Hele kataloget:             {c.format_number(s['compute_s'], 2)} s",
        f"Forhold beregning/indlæsning: {c.format_number(s['ratio'], 2)} "
        f"(mål: højst {c.format_number(TARGET_RATIO, 0)}) – "
        f"{'opfyldt' if s['ratio_met'] else 'IKKE opfyldt'}",
        f"Største hukommelsesforbrug: {c.format_number(s['peak_rss_mb'], 0)} MB "
        f"(mål: under {c.format_number(TARGET_MB, 0)} MB) – "
        f"{'opfyldt' if s['memory_met'] else 'IKKE opfyldt'}",
        "",
        "| Modul | I alt (s) | Eget (s) | Motor (s) | Andel | Rækker |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for m in s["modules"]:
        lines.append(
            f"| {m['theme']} | {c.format_number(m['total_s'], 2)} | "
            f"{c.format_number(m['own_s'], 2)} | {c.format_number(m['engine_s'], 2)} | "
            f"{c.format_number(100 * m['share_of_compute'], 0)} % | "
            f"{c.format_number(m['rows'], 0)} |")
    for name, spots in (s.get("hotspots") or {}).items():
        lines += ["", f"{THEME_LABELS.get(name, name)} (cProfile): projektets funktioner efter "
                      "samlet tid · funktioner efter egen tid"]
        for h in spots["project"][:5]:
            lines.append(f"  {c.format_number(h['cumulative_s'], 2):>7} s  {h['function']}  "
                         f"({h['where']}, {h['calls']} kald)")
        for h in spots["own"][:4]:
            lines.append(f"  {c.format_number(h['own_s'], 2):>7} s  egen tid i {h['function']}  "
                         f"({h['where']}, {h['calls']} kald)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kommuner", type=int, default=c.NATIONAL_KOMMUNER,
                    help="antal kommuner i eksempeldata (98 = landsdækkende)")
    ap.add_argument("--repeat", type=int, default=3, help="antal målinger; den bedste tæller")
    ap.add_argument("--profile", choices=("auto", "always", "never"), default="auto")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    print(f"Beregningsbenchmark: {args.kommuner} kommuner, {args.repeat} målinger", flush=True)
    summary = run(args.kommuner, max(1, args.repeat), args.profile,
                  log=lambda m: print(m, flush=True))
    name = "compute" if args.kommuner == c.NATIONAL_KOMMUNER else f"compute-{args.kommuner}"
    path = c.write_result(name, summary)
    print()
    print(report(summary))
    print(f"\nResultat gemt i {path.relative_to(c.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
