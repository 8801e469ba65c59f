"""Shared fixtures for the Streamlit page tests (``streamlit.testing.v1.AppTest``).

All page tests of a session share one throw-away data folder with the sample data, so the
sample import and the catalogue computation happen once: ``page_data_dir`` creates it, and
the autouse ``_page_store`` points ``NOEGLETAL_DATA_DIR`` at it for every test (overriding
the per-test folder of ``tests/conftest.py``). AppTest runs the app in this process, so it
uses the same settings and Streamlit's caches.

``open_page("anbringelser", kommune="657")`` runs ``app.py`` with those query parameters and
switches to the page; ``dashboard_data`` is the computed catalogue the app shows, for exact
expected values.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


@pytest.fixture(scope="session")
def page_data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("page-data")


@pytest.fixture(scope="session")
def page_sample_dir(tmp_path_factory) -> Path | None:
    """The bundled sample data, or freshly generated sample data when it is not bundled."""
    bundled = ROOT / "sample_data"
    if bundled.is_dir() and any(bundled.glob("*.csv")):
        return None
    from noegletal.sample.generate import generate

    out = tmp_path_factory.mktemp("sample-data")
    generate(out)
    return out


@pytest.fixture(autouse=True)
def _page_store(_isolated_settings, page_data_dir, page_sample_dir, monkeypatch):
    monkeypatch.setenv("NOEGLETAL_DATA_DIR", str(page_data_dir))
    if page_sample_dir is not None:
        monkeypatch.setenv("NOEGLETAL_SAMPLE_DATA_DIR", str(page_sample_dir))
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def dashboard_data():
    """The computed catalogue of the shared store (what the app shows)."""
    from noegletal.ui.data import get_data

    return get_data()


@pytest.fixture
def open_page() -> Callable[..., object]:
    """Run the app with query parameters and switch to a page (``None`` = the start page)."""
    from streamlit.testing.v1 import AppTest

    def _open(page: str | None = None, **params: str):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            at.switch_page(f"pages/{page}.py")
            at.run()
        return at

    return _open


def unescape(text: object) -> str:
    """What a reader sees of a Markdown text that went through ``ui.plain.plain``: the
    backslash escapes and invisible word joiners removed."""
    import re

    return re.sub(r"\\(.)", r"\1", str(text)).replace("\u2060", "")


def texts(at) -> str:
    """Every markdown, caption, info and subheader text on the page, joined."""
    parts = []
    for kind in ("markdown", "caption", "info", "subheader", "title"):
        parts += [e.value for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)
