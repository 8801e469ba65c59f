"""Run every benchmark and print one results table (Danish/English) in Markdown.

    .venv/bin/python benchmarks/run_all.py            # all benchmarks, then the table
    .venv/bin/python benchmarks/run_all.py --tabel    # only the table, from the saved results

Runs ``compute.py``, ``imports.py`` and ``pages.py`` one after the other (each in its own
process, so one does not disturb another's timings or memory), reads their JSON files in
``benchmarks/results/`` and prints the machine and the results as Markdown; the same text
is saved as ``benchmarks/results/RESULTATER.md``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common as c

BENCHMARKS = ("compute", "imports", "pages")


def _load(name: str) -> dict | None:
    path = c.RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _n(x, d: int = 1) -> str:
    return c.format_number(x, d)


def machine_text(m: dict) -> list[str]:
    return [
        "| Maskine / Machine | |",
        "|---|---|",
        f"| CPU | {m.get('cpu')} |",
        f"| Kerner / Cores | {m.get('cores')} |",
        f"| RAM | {_n(m.get('ram_gb'))} GB |",
        f"| Styresystem / OS | {m.get('os')} |",
        f"| Python | {m.get('python')} (pandas {m.get('pandas')}, numpy {m.get('numpy')}, "
        f"Streamlit {m.get('streamlit')}, SQLAlchemy {m.get('sqlalchemy')}) |",
        f"| SQLite | {m.get('sqlite')} |",
        f"| PostgreSQL | {m.get('postgresql') or '–'} |",
        f"| Git-commit | {m.get('git_commit') or '–'} |",
    ]


def table(results: dict[str, dict | None]) -> str:
    compute, imports, pages = (results.get(k) for k in BENCHMARKS)
    machine = next((r["machine"] for r in (imports, compute, pages) if r), {})
    lines = ["## Ydelse / Performance", "", *machine_text(machine), ""]
    rows = ["| Måling / Measurement | Resultat / Result | Mål / Target |", "|---|--:|---|"]
    if compute:
        rows += [
            f"| Data: kommuner, børn med foranstaltninger, skæringsdatoer / municipalities, children with measures, cut-offs | "
            f"{compute['kommuner']}, {_n(compute['children'], 0)}, {compute['cutoffs']} | |",
            f"| Indlæs og validér udtræk / Read and validate extract | "
            f"{_n(compute['read_s'], 1)} s | |",
            f"| Beregn hele kataloget / Compute whole catalogue | "
            f"{_n(compute['compute_s'], 1)} s | |",
            f"| Forhold beregning/indlæsning / Compute-to-read ratio | "
            f"{_n(compute['ratio'], 2)} | ≤ 2 ({'opfyldt / met' if compute['ratio_met'] else 'ikke opfyldt / missed'}) |",
            f"| Hukommelse, beregning / Peak memory, compute | "
            f"{_n(compute['peak_rss_mb'], 0)} MB | < 2.048 MB "
            f"({'opfyldt / met' if compute['memory_met'] else 'ikke opfyldt / missed'}) |",
        ]
    if imports:
        for r in imports["results"]:
            db = "SQLite" if r["backend"] == "sqlite" else "PostgreSQL"
            rows += [
                f"| Import til / into {db} ({_n(r['rows'], 0)} rækker / rows) | "
                f"{_n(r['import_s'], 1)} s = {_n(r['rows_per_s'], 0)} rækker/s / rows/s | |",
                f"| Læs tilbage fra / Read back from {db} | {_n(r['read_back_s'], 1)} s | |",
            ]
    if pages:
        for sc in pages["scenarios"]:
            label = ("eksempeldata / sample data" if sc["scenario"] == "eksempeldata"
                     else "landsdækkende / national scale")
            cold = [p["cold_s"] for p in sc["pages"]]
            warm = [p["warm_s"] for p in sc["pages"]]
            rows += [
                f"| Sider, {label}: kold / pages, cold (min–maks) | "
                f"{_n(min(cold), 1)}–{_n(max(cold), 1)} s | |",
                f"| Sider, {label}: varm / pages, warm (min–maks) | "
                f"{_n(min(warm), 1)}–{_n(max(warm), 1)} s | |",
                f"| Server-hukommelse, {label} / Server memory | "
                f"{_n(sc['server_rss_peak_mb'], 0)} MB | |",
            ]
    lines += rows
    if compute and compute.get("modules"):
        lines += ["", "### Beregning pr. temamodul / Compute per theme module", "",
                  "| Modul / Module | I alt / Total (s) | Heraf motor / Engine (s) | Andel / Share |",
                  "|---|--:|--:|--:|"]
        for m in compute["modules"]:
            lines.append(f"| {m['theme']} | {_n(m['total_s'], 2)} | {_n(m['engine_s'], 2)} | "
                         f"{_n(100 * m['share_of_compute'], 0)} % |")
    if pages:
        for sc in pages["scenarios"]:
            label = ("eksempeldata / sample data" if sc["scenario"] == "eksempeldata"
                     else "landsdækkende / national scale")
            lines += ["", f"### Sider / Pages: {label}", "",
                      "| Side / Page | Kold / Cold (s) | Varm / Warm (s) | Server (MB) |",
                      "|---|--:|--:|--:|"]
            for p in sc["pages"]:
                lines.append(f"| {p['title']} | {_n(p['cold_s'], 2)} | {_n(p['warm_s'], 2)} | "
                             f"{_n(p['server_rss_peak_mb'], 0)} |")
    missing = [k for k in BENCHMARKS if results.get(k) is None]
    if missing:
        lines += ["", "Mangler / Missing: " + ", ".join(f"{k}.json" for k in missing)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tabel", action="store_true", help="kun tabellen fra gemte resultater")
    args = ap.parse_args(argv)
    failed = []
    if not args.tabel:
        for name in BENCHMARKS:
            print(f"\n=== {name}.py", flush=True)
            rc = subprocess.run([sys.executable, str(c.HERE / f"{name}.py")], cwd=c.ROOT).returncode
            if rc != 0:
                failed.append(name)
    text = table({name: _load(name) for name in BENCHMARKS})
    c.RESULTS.mkdir(parents=True, exist_ok=True)
    (c.RESULTS / "RESULTATER.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    if failed:
        print("Fejlede / Failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
