"""After a server restart every page renders from the stored key figures alone.

The store is filled with the sample data and its catalogue is computed once (the first
page view). Then the "server" restarts (Streamlit's caches cleared, the store opened again)
and every raw row of every extract table is deleted: the pages must render exactly the same
charts and numbers, and the SQL the app sends (SQLite's trace of every statement, including
the driver-level reads) must not touch an extract table.

Herning (657) is the sample municipality with units (enhed) and targets (maal): its Overblik
is opened once more with a unit chosen, so the unit breakdown and the targets (drawn on the
charts, in Målopfølgning and on the cards) must come from the stored materialisation too.
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
LINK = {"kommune": "657", "sammenlign": "gruppe", "gruppe": "167,510"}
UNIT = "Distrikt Syd"  # one of Herning's sample districts
# Every page, and Overblik with a unit chosen (the unit breakdown of one district).
VIEWS: tuple[tuple[str, dict], ...] = (*((p, LINK) for p in PAGES),
                                       ("overblik", {**LINK, "enhed": UNIT}))


def rendered(at) -> tuple:
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    # The traces, and the layout's target lines and labels and the unit view's metadata.
    figures = [(s["data"], {k: s.get("layout", {}).get(k) for k in ("shapes", "annotations",
                                                                    "meta")})
               for s in specs]
    metrics = [(m.label, m.value) for m in at.metric]
    tables = [t.value.to_json() for t in at.table]
    return (texts(at), json.dumps(figures, sort_keys=True, ensure_ascii=False), metrics,
            tables)


def _open_all(open_page) -> dict:
    return {(page, json.dumps(query)): rendered(open_page(page, **query))
            for page, query in VIEWS}


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
    before = _open_all(open_page)
    # What must be covered really is on the pages: the unit view of the chosen district,
    # the targets on a chart, and Målopfølgning.
    unit_view = before[("overblik", json.dumps({**LINK, "enhed": UNIT}))]
    assert f'"enhed": "{UNIT}"' in unit_view[1]
    assert any("Mål: " in figures for _texts, figures, _m, _t in before.values())
    assert "Målopfølgning" in unit_view[0]
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
        after = _open_all(open_page)
    finally:
        sa.event.remove(sa.Engine, "connect", trace)
    for view in before:
        assert after[view] == before[view], view
    assert any("materialised_result" in s for s in statements)
    assert not [s for s in statements if "extract_" in s]
    with Store(own_store) as store:
        assert len(store.materialisations()) == n_stored  # nothing was computed again
