"""Take full-page screenshots of dashboard pages in headless Chromium.

    .venv/bin/python scripts/screenshot.py overblik "anbringelser?kommune=657" --out /tmp/shots

Starts `streamlit run app.py` on a free port with a throw-away data folder (sample data),
opens each page path, waits for Streamlit to finish, and writes PNGs. For developers; the
browser tests in tests/browser do the same with assertions.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    full_height,
    run_streamlit,
    wait_for_app,
)


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--out", default="/tmp/noegletal-shots")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--data-dir", default=None, help="reuse a data folder (faster restarts)")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="noegletal-shot-")
    with run_streamlit(Path(data_dir)) as base, sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in args.paths:
            ctx = b.new_context(viewport={"width": args.width, "height": 900})
            pg = ctx.new_page()
            pg.goto(f"{base}/{path.lstrip('/')}")
            wait_for_app(pg)
            pg.wait_for_timeout(1500)
            full_height(pg)
            name = path.strip("/").replace("?", "_").replace("&", "_").replace("=", "-")
            target = out / f"{name or 'root'}.png"
            pg.screenshot(path=str(target), full_page=True)
            errors = pg.locator("[data-testid='stException']").count()
            print(f"{target}  exceptions={errors}")
            ctx.close()
        b.close()
    print(f"server log: {data_dir}")


if __name__ == "__main__":
    main()
