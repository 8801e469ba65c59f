"""Shared set-up for the security tests: one real store per test session and helpers to run
the real app (``app.py``) with Streamlit's AppTest and read everything it would send to a
browser.

The store is a SQLite file in a temporary data folder holding the bundled sample data, plus a
recorded refusal of an upload full of CPR numbers (so the audit log has something to show).
Every test points ``NOEGLETAL_DATA_DIR`` at that folder; the app's cached store and computed
catalogue are then shared by all tests of the process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from noegletal.security import hash_password

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
ANALYST_USER = "analytiker"
ANALYST_PASSWORD = "sikkerheds-test-2026"
APPTEST_TIMEOUT = 180

# Ten-digit CPR numbers with real dates, in the formats a municipality's system may export.
CPR_NUMBERS = ("0101104321", "311299-1234", "150612 4455", "290204-2345")
CPR_DIGITS = tuple(re.sub(r"\D", "", c) for c in CPR_NUMBERS)


def cpr_file() -> bytes:
    """A foranstaltninger extract whose barn_id column holds CPR numbers."""
    rows = ["kommunekode;barn_id;foedselsdato;indsats;startdato;slutdato;bevilget_af"]
    for i, cpr in enumerate(CPR_NUMBERS):
        rows.append(f"167;{cpr};2010-01-0{i + 1};familiepleje;2016-02-01;;")
    return ("\n".join(rows) + "\n").encode("utf-8")


def sample_child_ids() -> set[str]:
    """Every ``barn_id`` of the bundled sample data."""
    ids: set[str] = set()
    for name in ("foranstaltninger", "opfoelgninger"):
        path = ROOT / "sample_data" / f"{name}.csv"
        if path.exists():
            ids |= set(pd.read_csv(path, usecols=["barn_id"], dtype=str)["barn_id"].dropna())
    return ids


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(ANALYST_PASSWORD, iterations=1000)


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory, password_hash) -> Path:
    """A data folder with a store holding the sample data and a refused CPR upload."""
    from noegletal.services import imports as im
    from noegletal.settings import Settings
    from noegletal.store import Store
    from noegletal.store.bootstrap import ensure_sample_data

    folder = tmp_path_factory.mktemp("security-data")
    settings = Settings(data_dir=folder, database_url=None)
    store = Store(settings.effective_database_url)
    ensure_sample_data(store, settings.sample_data_dir, load=settings.load_sample_data)
    checked = im.check_uploads([im.Upload("foranstaltninger_cpr.csv", cpr_file())], store,
                               im.permissions_for("", ANALYST_USER))
    assert checked[0].refusal_code == im.REFUSED_CPR
    im.record_refusals(store, checked, ANALYST_USER)
    store.close()
    return folder


@pytest.fixture(autouse=True)
def _app_settings(_isolated_settings, app_data_dir, password_hash, monkeypatch):
    """Point the app at the shared store, with the password login switched on."""
    monkeypatch.setenv("NOEGLETAL_DATA_DIR", str(app_data_dir))
    monkeypatch.setenv("NOEGLETAL_LOAD_SAMPLE_DATA", "true")
    monkeypatch.setenv("NOEGLETAL_ANALYST_PASSWORD_HASH", password_hash)
    monkeypatch.setenv("NOEGLETAL_ANALYST_MUNICIPALITIES", "")
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def page_paths() -> list[str]:
    """The page files of the navigation, relative to the repository root."""
    from noegletal.ui.shell import PAGES

    return [p.path for p in PAGES]


def run_page(path: str | None = None, query: dict[str, str | list[str]] | None = None):
    """Run ``app.py`` (optionally with ``query`` parameters), then switch to the page file
    ``path``; return the finished AppTest."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=APPTEST_TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if path is not None and path != page_paths()[0]:
        at.switch_page(path)
        at.run()
    return at


def nodes(at) -> Iterator:
    """Every node of the rendered tree (blocks and elements, main area and sidebar)."""
    stack = [at._tree]
    while stack:
        node = stack.pop()
        yield node
        children = getattr(node, "children", None) or {}
        stack.extend(children.values())


def payloads(at) -> list[tuple[str, bytes]]:
    """``(element type, serialized protobuf)`` of every node: exactly what Streamlit would send
    to the browser, including table data (Arrow) and chart specs (Plotly JSON)."""
    out = []
    for node in nodes(at):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "SerializeToString"):
            out.append((getattr(node, "type", type(node).__name__), proto.SerializeToString()))
    return out


def page_bytes(at) -> bytes:
    return b"\n".join(p for _, p in payloads(at))


def html_bodies(at) -> list[str]:
    """The bodies of everything the browser renders as HTML: ``st.html`` elements and
    markdown sent with ``unsafe_allow_html``."""
    out = []
    for node in nodes(at):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if kind == "html" or (proto is not None and getattr(proto, "allow_html", False)):
            out.append(proto.body)
    return out


def markdown_bodies(at) -> list[str]:
    """The text of every element rendered as markdown (markdown, captions, alerts, titles)."""
    out = []
    for node in nodes(at):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        for attr in ("body", "label"):
            value = getattr(proto, attr, None)
            if isinstance(value, str) and value:
                out.append(value)
    return out


def labels_of(at, kind: str) -> list[str]:
    return [getattr(n.proto, "label", "") for n in nodes(at)
            if getattr(n, "type", "") == kind and getattr(n, "proto", None) is not None]


def assert_rendered(at) -> None:
    """The page ran to the end without an exception element."""
    assert not at.exception, [e.message for e in at.exception]
    assert at.get("title"), "siden viste ingen overskrift"
