"""Targets and units in a real browser: a shared link with a unit reproduces the unit view
in a new browser; choosing another unit updates the address; an anonymous visitor finds no
way to change targets but sees Målopfølgning."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from noegletal.ui.shell import PAGE_BY_KEY
from tests.browser.conftest import screenshot
from tests.browser.helpers import (
    errors,
    main_text,
    open_page,
    page_url,
    pick_option,
    query,
    settle,
    share_links,
    wait_for_query,
)

pytestmark = [pytest.mark.browser]

HERNING = 657


def unit_box(pg) -> str:
    box = pg.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(
        has=pg.locator("[data-testid='stWidgetLabel']", has_text="Enhed"))
    return box.locator("input").input_value()


def chart_text(pg) -> str:
    return " ".join(pg.locator("[data-testid='stPlotlyChart'] .main-svg text").evaluate_all(
        "els => els.map(e => e.textContent || '')"))


def test_a_shared_link_with_a_unit_reproduces_the_view(page, browser, streamlit_server):
    overblik = PAGE_BY_KEY["overblik"]
    url = page_url(streamlit_server, overblik,
                   f"kommune={HERNING}&enhed={quote('Distrikt Syd')}")
    open_page(page, url, 1)
    page.get_by_text("Pr. enhed", exact=True).wait_for(timeout=120_000)
    settle(page, 1)
    assert not errors(page)
    assert "Pr. enhed" in main_text(page) and "Målopfølgning" in main_text(page)
    assert unit_box(page) == "Distrikt Syd"
    assert "Herning i alt" in chart_text(page) and "Distrikt Syd" in chart_text(page)
    screenshot(page, "overblik-enhed-distrikt-syd")

    # Another unit: the address follows, and its «Del link» reproduces it elsewhere.
    pick_option(page, "Enhed", "Distrikt Nord", scope="stMain")
    wait_for_query(page, "enhed", "Distrikt Nord")
    settle(page, 1)
    link, _ = share_links(page)
    assert query(link)["enhed"] == "Distrikt Nord" and query(link)["kommune"] == str(HERNING)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    try:
        other = context.new_page()
        open_page(other, link if link.startswith("http") else streamlit_server + link, 1)
        assert unit_box(other) == "Distrikt Nord"
        assert "Distrikt Nord" in chart_text(other)
    finally:
        context.close()

    # «Alle enheder»: one panel per district and the municipality total, on one axis.
    pick_option(page, "Enhed", "Alle enheder", scope="stMain")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('enhed')")
    settle(page, 1)
    text = chart_text(page)
    for name in ("Herning i alt", "Distrikt Nord", "Distrikt Syd", "Distrikt Øst",
                 "Distrikt Vest"):
        assert name in text
    screenshot(page, "overblik-enheder-alle")


def test_an_anonymous_visitor_cannot_change_targets(page, streamlit_server):
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["data"], f"kommune={HERNING}"), 0)
    page.get_by_text("Kommunens mål", exact=True).wait_for(timeout=120_000)
    text = main_text(page)
    assert "Kommunens mål" in text and "Log ind som analytiker" in text
    assert page.get_by_role("button", name="Tilføj målet").count() == 0
    assert page.get_by_role("button", name="Gem ændringen").count() == 0


def test_an_analyst_adds_a_target_and_sees_it_on_the_chart_and_in_malopfoelgning(
        page, streamlit_server):
    from tests.browser.test_upload import log_in

    haderslev = 510
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["data"], f"kommune={haderslev}"), 0)
    page.get_by_text("Kommunens mål", exact=True).wait_for(timeout=120_000)
    log_in(page)
    form = page.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name="Tilføj målet"))
    form.wait_for(timeout=60_000)
    pick_option(page, "Nøgletal", "Anbragte børn pr. 1.000 børn", scope="stMain")
    form.get_by_label("Målværdi").fill("11.5")
    # The date field has one spin button per part (day, month, year): type the year.
    year = form.get_by_role("spinbutton", name="year, Gælder fra")
    year.click()
    page.keyboard.type("2016")
    page.keyboard.press("Tab")
    form.get_by_label("Beskrivelse").fill("Browsertest: færre anbringelser")
    form.get_by_role("button", name="Tilføj målet").click()
    page.get_by_text("er gemt som en ny version").wait_for(timeout=60_000)
    assert not errors(page)

    # Målopfølgning on Overblik lists it; the figure's chart draws it.
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["overblik"],
                             f"kommune={haderslev}"), 0)
    page.get_by_text("Målopfølgning", exact=True).first.wait_for(timeout=120_000)
    settle(page)
    assert "højst 11,5" in main_text(page)
    screenshot(page, "overblik-maalopfoelgning")
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["anbringelser"],
                             f"kommune={haderslev}"), 1)
    settle(page, 1)
    assert "Mål: højst 11,5" in chart_text(page)
    screenshot(page, "anbringelser-maal")
