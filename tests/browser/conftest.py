"""A real `streamlit run app.py` on the bundled sample data, driven by headless Chromium.

The server runs in its own data folder (SQLite) so the developer's data is never touched.
Screenshots are written to ``tests/artifacts/screenshots`` for people to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]
ANALYST_PASSWORD = "test-analytiker-2026"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, timeout: float = 120.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"Streamlit svarede ikke på {url}")


@pytest.fixture(scope="session")
def analyst_password_hash() -> str:
    from noegletal.security import hash_password

    return hash_password(ANALYST_PASSWORD, iterations=1000)


@contextmanager
def run_streamlit(data_dir: Path, env: dict[str, str] | None = None):
    """``streamlit run app.py`` on its own port with ``data_dir`` as the data folder (SQLite,
    sample data imported on first use); yields the base URL and stops the server after.
    Started as ``noegletal app`` starts it: through the warm launcher
    (``python -m noegletal.ui.launch``, the same options as ``streamlit run``)."""
    port = _free_port()
    full_env = {**os.environ, "NOEGLETAL_DATA_DIR": str(data_dir),
                "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    full_env.pop("NOEGLETAL_DATABASE_URL", None)
    log = open(Path(data_dir) / f"streamlit-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "noegletal.ui.launch", str(ROOT / "app.py"),
         "--server.port", str(port), "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/_stcore/health")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory, analyst_password_hash):
    """Start `streamlit run app.py` once per test session; yield its base URL."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium er ikke installeret (apt-get install chromium)")
    data_dir = tmp_path_factory.mktemp("server-data")
    with run_streamlit(data_dir, {
        "NOEGLETAL_ANALYST_PASSWORD_HASH": analyst_password_hash,
        "NOEGLETAL_ANALYST_MUNICIPALITIES": "",
    }) as base:
        yield base


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies, no session) per test, at 1280x900."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    pg = context.new_page()
    yield pg
    context.close()


def wait_for_app(pg, timeout: float = 120_000) -> None:
    """Wait until Streamlit has run the page script and rendered it.

    Streamlit shows a status widget while the script runs and marks each element of the
    previous run stale (``data-stale``) from the moment a rerun is requested until the new
    run has replaced it; our pages show spinners while the store opens or the catalogue is
    computed, and lazily loaded elements (charts, tables) are grey skeletons until their
    code has arrived. We wait until none of these is there, the page's title (an ``h1``)
    has appeared and so has the footer's link to the accessibility statement, which the
    app draws only after the page's script has run to its end (a busy machine can pause
    between two elements long enough to look settled) — twice in a row, to let late
    elements (and a rerun a widget requests a moment after a key press) arrive.
    """
    pg.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    settled = """() => !document.querySelector('[data-testid="stStatusWidget"]')
        && !document.querySelector('[data-stale="true"]')
        && !document.querySelector('[data-testid="stSpinner"]')
        && !document.querySelector('[data-testid="stSkeleton"]')
        && !!document.querySelector('[data-testid="stMain"] h1')
        && [...document.querySelectorAll('[data-testid="stMain"] a')]
            .some(a => (a.getAttribute('href') || '').includes('tilgaengelighed'))"""
    pg.wait_for_function(settled, timeout=timeout)
    pg.wait_for_timeout(400)
    pg.wait_for_function(settled, timeout=timeout)


_CONTENT_HEIGHT = (
    "() => Math.max(document.body.scrollHeight, ...['stMain', 'stAppViewContainer',"
    " 'stMainBlockContainer', 'stSidebar'].map(id => {"
    "const el = document.querySelector(`[data-testid=\"${id}\"]`);"
    "return el ? el.scrollHeight : 0; }))"
)
_CHARTS_DRAWN = (
    "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
    ".every(el => el.querySelector('.main-svg'))"
)


def wait_for_charts(pg, timeout: float = 60_000) -> None:
    """Wait until every Plotly chart on the page has drawn its SVG."""
    pg.wait_for_function(_CHARTS_DRAWN, timeout=timeout)


def full_height(pg) -> None:
    """Grow the viewport to the page's content: Streamlit scrolls inside its main block, so
    a plain full-page screenshot would stop at the window's height. Growing re-lays out the
    page, so measure again until the content fits the window, then wait for the charts.

    The main block is at least as tall as the window, so the content "fits" when its height
    is no more than the window's (comparing with the last *requested* height instead would
    grow the window by the margin on every round)."""
    w = pg.viewport_size["width"]
    for _ in range(6):
        content = int(pg.evaluate(_CONTENT_HEIGHT))
        if content <= pg.viewport_size["height"] or pg.viewport_size["height"] >= 16000:
            break
        pg.set_viewport_size({"width": w, "height": min(content + 40, 16000)})
        pg.wait_for_timeout(300)
    wait_for_charts(pg)
    pg.wait_for_timeout(200)


def screenshots_wanted() -> bool:
    """Whether the browser tests write their screenshots: yes for a developer's ``make
    test``; on CI (``CI`` set) only when ``NOEGLETAL_SCREENSHOTS=1`` asks for them, as nobody
    looks at them there and a full-height PNG costs a second of CPU each. A failing browser
    test writes its page's screenshot either way (``pytest_runtest_makereport``)."""
    wanted = os.environ.get("NOEGLETAL_SCREENSHOTS")
    if wanted is not None:
        return wanted.strip().lower() not in ("", "0", "false", "nej")
    return not os.environ.get("CI")


def screenshot(pg, name: str, *, full: bool = True, force: bool = False) -> Path:
    """Write a screenshot of ``pg`` to ``tests/artifacts/screenshots/<name>.png`` (the whole
    page's height unless ``full`` is false), if :func:`screenshots_wanted` or ``force``."""
    path = ARTIFACTS / f"{name}.png"
    if not (force or screenshots_wanted()):
        return path
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if full:
        full_height(pg)
    pg.screenshot(path=str(path), full_page=full)
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser test leaves a screenshot of each page it had open
    (``FEJL-<test>.png``), so a failure on CI can be looked at."""
    report = yield
    if report.when == "call" and report.failed:
        pages = [item.funcargs[n] for n in ("page", "tablet")
                 if n in getattr(item, "funcargs", {})]
        for i, pg in enumerate(pages):
            try:
                if not pg.is_closed():
                    name = re.sub(r"[^A-Za-z0-9æøåÆØÅ_-]+", "-", item.name).strip("-")
                    screenshot(pg, f"FEJL-{name}" + (f"-{i}" if i else ""), full=False,
                               force=True)
            except Exception:  # the failure itself is what matters; the picture is a bonus
                pass
    return report


@pytest.fixture(scope="session")
def axe() -> str:
    """axe-core's script (tests/browser/axe.py), read once per test process."""
    from tests.browser.axe import axe_source

    return axe_source()
