"""Server-side render time of each page, warm (Streamlit's AppTest, no browser).

    .venv/bin/python benchmarks/script_times.py [--repeat 5]

Runs `app.py` on the bundled sample data in a throw-away store, opens each page once (cold:
the store is opened and the catalogue computed), then reruns it ``--repeat`` times and
reports the median script time: the time the server spends producing the page for a user
who changes a filter or comes back to it. Browser load times (including the WebSocket
session and drawing) are measured by ``benchmarks/pages.py``. Writes
``benchmarks/results/script_times.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    os.environ["NOEGLETAL_DATA_DIR"] = tempfile.mkdtemp(prefix="noegletal-bench-")
    from streamlit.testing.v1 import AppTest

    from noegletal.ui.shell import PAGES

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    t = time.perf_counter()
    at.run()
    first = time.perf_counter() - t
    rows = []
    for page in PAGES:
        at.switch_page(page.path)
        at.run()
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t)
        if at.exception:
            raise SystemExit(f"{page.key}: {at.exception[0].value}")
        rows.append({"page": page.title, "key": page.key,
                     "warm_median_s": round(statistics.median(times), 3),
                     "warm_max_s": round(max(times), 3)})
        print(f"{page.title:20s} varm: median {statistics.median(times):.2f} s, "
              f"højst {max(times):.2f} s")
    out = {"benchmark": "script_times", "first_run_s": round(first, 2), "repeat": args.repeat,
           "pages": rows}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "script_times.json").write_text(json.dumps(out, indent=2) + "\n")
    print(f"Første kørsel (åbn lager, indlæs eksempeldata, beregn katalog): {first:.1f} s")


if __name__ == "__main__":
    main()
