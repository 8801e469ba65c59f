"""The Landet page in a real browser on the sample data: 98 municipalities, the chosen one
highlighted, small numbers not shown; no fetch button for anonymous visitors."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.helpers import errors, main_text, open_page

pytestmark = [pytest.mark.browser]

_RANKING = ("() => { const el = document.querySelectorAll('[data-testid=\"stPlotlyChart\"] "
            ".js-plotly-plot')[0]; return {bars: el.data[0].hovertext.length, "
            "meta: el.layout.meta, notes: el.layout.annotations.map(a => a.text)}; }")


def test_landet_shows_all_municipalities_ranked(page, streamlit_server):
    open_page(page, f"{streamlit_server}/landet?kommune=657", 2)
    assert errors(page) == []
    ranking = page.evaluate(_RANKING)
    hidden = ranking["meta"]["ikke_vist"]
    assert ranking["bars"] + len(hidden) == 98
    assert "Læsø" in hidden  # fewer than 5 placed children: no bar, no place
    assert ranking["meta"]["valgt"] == 657
    assert any(t.startswith("<b>Herning</b> nr. ") for t in ranking["notes"])
    text = main_text(page)
    assert "Herning: " in text and f"af {ranking['bars']} kommuner" in text
    assert "Placeringen er ikke en karakter" in text
    page.get_by_text("Alle 98 kommuner i en tabel").click()
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
    screenshot(page, "side-landet-herning")


def test_no_fetch_button_for_anonymous_visitors(page, streamlit_server):
    open_page(page, f"{streamlit_server}/data")
    buttons = page.locator("[data-testid='stMain'] button").all_inner_texts()
    assert not [b for b in buttons if b.startswith("Hent ")]
    assert "Hent fra Danmarks Statistik" not in main_text(page)
