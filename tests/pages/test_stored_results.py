"""After a server restart every page renders from the stored key figures alone.

The store is filled with the sample data and its catalogue is computed once (the first
page view). Then the "server" restarts (Streamlit's caches cleared, the store opened again)
and every raw row of every extract table is deleted: the pages must render exactly the same
charts and numbers, and the SQL the app sends (SQLite's trace of every statement, including
the driver-level reads) must not touch an extract table.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from noegletal.metrics.catalogue import PAGES as CATALOGUE_PAGES
from noegletal.store import Store
from noegletal.store.tables import EXTRACT_TABLES
from tests.pages.conftest import texts

# Every page that shows key figures (the registry's overview, theme and ranking pages).
PAGES = tuple(p.module for p in CATALOGUE_PAGES if p.kind in ("overview", "theme", "ranking"))


def rendered(at) -> tuple:
    assert not at.exception
    figures = [json.loads(c.proto.spec)["data"] for c in at.get("plotly_chart")]
    metrics = [(m.label, m.value) for m in at.metric]
    return texts(at), json.dumps(figures, sort_keys=True), metrics


def _restart() -> None:
    from noegletal.ui import data as ui_data

    ui_data._store.clear()
    ui_data._data.clear()


@pytest.fixture
def own_store(tmp_path, monkeypatch):
    monkeypatch.setenv("NOEGLETAL_DATA_DIR", str(tmp_path / "restart-data"))
    from noegletal.settings import get_settings

    get_settings.cache_clear()
    _restart()
    yield get_settings().effective_database_url
    _restart()
    get_settings.cache_clear()


def test_pages_after_a_restart_render_from_stored_results_only(own_store, open_page):
    before = {p: rendered(open_page(p, kommune="657", sammenlign="gruppe", gruppe="167,510"))
              for p in PAGES}
    with Store(own_store) as store:
        n_raw = 0
        with store.engine.begin() as conn:
            for table in EXTRACT_TABLES.values():
                n_raw += conn.execute(table.delete()).rowcount
        assert n_raw > 10_000  # the sample data really was there
        n_stored = len(store.materialisations())
    _restart()

    statements: list[str] = []

    def trace(dbapi_connection, _record) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    sa.event.listen(sa.Engine, "connect", trace)
    try:
        after = {p: rendered(open_page(p, kommune="657", sammenlign="gruppe",
                                       gruppe="167,510")) for p in PAGES}
    finally:
        sa.event.remove(sa.Engine, "connect", trace)
    for page in PAGES:
        assert after[page] == before[page], page
    assert any("materialised_result" in s for s in statements)
    assert not [s for s in statements if "extract_" in s]
    with Store(own_store) as store:
        assert len(store.materialisations()) == n_stored  # nothing was computed again
