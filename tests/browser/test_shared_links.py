"""Shared links in a real browser (see conftest.py): a view set up by clicking through the
filters is reproduced exactly by its «Del link» in a new browser; moving between pages
keeps the municipality, period and comparator in the address; a broken link falls back to
the defaults with short Danish notices and no error.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest

from noegletal.domain.kommuner import kommune_navn
from noegletal.presentation.formatting import format_date
from noegletal.ui.shell import PAGE_BY_KEY
from tests.browser.conftest import screenshot
from tests.browser.helpers import (
    EXPECTED_CHARTS,
    count,
    default_kommune,
    errors,
    expected_title,
    main_text,
    open_page,
    options_of,
    page_url,
    pick_option,
    query,
    settle,
    share_links,
    sidebar_state,
    title,
    wait_for_query,
)

pytestmark = [pytest.mark.browser]

HERNING, HADERSLEV, HVIDOVRE = 657, 510, 167


def new_context_page(browser, width: int = 1280, height: int = 900):
    """A second browser with nothing in common with the first (the politician's)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    return context, context.new_page()


def test_a_clicked_view_is_reproduced_by_its_link(page, browser, streamlit_server):
    trappen = PAGE_BY_KEY["indsatstrappen"]
    n = EXPECTED_CHARTS["indsatstrappen"]
    open_page(page, page_url(streamlit_server, trappen), n)
    sb = page.locator("[data-testid='stSidebar']")

    # the page's own choices: counts instead of rates, and an earlier date for the Sankey
    choose_counts(page)
    settle(page, n)
    sankey_label = "Vis overgangene frem til skæringsdatoen"
    current = page.locator("[data-testid='stMain'] [data-testid='stSelectbox'] input") \
        .input_value()
    # a year before the latest date, so it stays inside the shorter period chosen below
    earlier = options_of(page, sankey_label, str(int(current[-4:]) - 1), scope="stMain")[-1]
    pick_option(page, sankey_label, earlier, scope="stMain")
    page.wait_for_function("() => new URLSearchParams(location.search).has('dato')")
    settle(page, n)
    # another municipality, another municipality to compare with, a shorter period
    pick_option(page, "Kommune", kommune_navn(HERNING))
    wait_for_query(page, "kommune", str(HERNING))
    settle(page, n)
    sb.get_by_text("En anden kommune", exact=True).click()
    settle(page, n)
    pick_option(page, "Sammenligningskommune", kommune_navn(HADERSLEV))
    wait_for_query(page, "sammenlign", str(HADERSLEV))
    settle(page, n)
    thumb = sb.locator("[data-testid='stSlider'] input[type='range']").first
    thumb.focus()
    for _ in range(3):
        thumb.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).has('fra')")
    before = settle(page, n)

    link, embed_link = share_links_checked(page)
    params = query(link)
    assert params["kommune"] == str(HERNING) and params["sammenlign"] == str(HADERSLEV)
    assert params["visning"] == "antal", params
    assert set(params) == {"kommune", "sammenlign", "fra", "visning", "dato"}, params
    assert query(page.url) == params, page.url  # the address bar is the same link
    assert query(embed_link) == {**params, "embed": "true"}
    assert before["title"] == "Indsatstrappen · Herning"
    assert before["sidebar"]["Sammenligningskommune"] == "Haderslev"
    assert before["sidebar"]["Periode"][0] == format_date(date.fromisoformat(params["fra"]))
    assert any("Haderslev" in t for chart in before["charts"] for t in chart)
    assert any(earlier[-4:] in t for chart in before["charts"] for t in chart)  # Sankey
    screenshot(page, "delt-link-foer")

    context, other = new_context_page(browser)
    try:
        open_page(other, link, n)
        after = settle(other, n)
        assert after == before
        selected = other.locator("[data-testid='stMain'] [data-testid='stButtonGroup'] "
                                 "[aria-checked='true']").all_inner_texts()
        assert [s.strip() for s in selected] == ["Antal børn"]
        assert other.locator("[data-testid='stMain'] [data-testid='stSelectbox'] input") \
            .input_value() == earlier
        assert errors(other) == []
        screenshot(other, "delt-link-efter")
    finally:
        context.close()


def choose_counts(pg) -> None:
    """Indsatstrappen's own choice: the home-based types as numbers of children."""
    pg.locator("[data-testid='stMain'] [data-testid='stButtonGroup']") \
        .get_by_role("radio", name="Antal børn").click()
    wait_for_query(pg, "visning", "antal")


def test_the_share_popover_follows_a_page_choice_at_once(page, streamlit_server):
    n = EXPECTED_CHARTS["indsatstrappen"]
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["indsatstrappen"]), n)
    choose_counts(page)
    settle(page, n)
    link, _ = share_links(page)
    assert query(link) == query(page.url) == {"visning": "antal"}


def share_links_checked(pg) -> tuple[str, str]:
    """Read both links of the «Del link» popover; they point at this server and page."""
    link, embed_link = share_links(pg)
    assert link.split("?")[0] == pg.url.split("?")[0]
    return link, embed_link


def test_headline_numbers_survive_the_link(page, browser, streamlit_server):
    overblik = PAGE_BY_KEY["overblik"]
    open_page(page, page_url(streamlit_server, overblik))
    sb = page.locator("[data-testid='stSidebar']")
    pick_option(page, "Kommune", kommune_navn(HADERSLEV))
    wait_for_query(page, "kommune", str(HADERSLEV))
    settle(page)
    sb.get_by_text("En gruppe af kommuner", exact=True).click()
    settle(page)
    group = sb.locator("[data-testid='stMultiSelect']")
    for code in (HVIDOVRE, HERNING):
        group.click()
        # 98 municipalities: the list only draws the options near the top, so type to filter
        page.keyboard.type(kommune_navn(code))
        page.get_by_role("option", name=kommune_navn(code), exact=True).click()
        page.keyboard.press("Escape")
        settle(page)
    wait_for_query(page, "gruppe", f"{HVIDOVRE},{HERNING}")
    before = settle(page)
    assert before["title"] == "Overblik · Haderslev"
    assert before["sidebar"]["Sammenligningsgruppe"] == ("Hvidovre", "Herning"), \
        before["sidebar"]
    assert any("Gruppe: Hvidovre, Herning" in c for c in before["captions"])
    assert before["metrics"] and all(v != "–" for v in before["metrics"].values())

    link, _ = share_links_checked(page)
    assert query(link) == {"kommune": str(HADERSLEV), "sammenlign": "gruppe",
                           "gruppe": f"{HVIDOVRE},{HERNING}"}
    context, other = new_context_page(browser)
    try:
        open_page(other, link)
        assert settle(other) == before
    finally:
        context.close()


def test_moving_between_pages_keeps_the_view_in_the_address(page, streamlit_server):
    params = {"kommune": str(HERNING), "fra": "2015-01-31", "til": "2017-09-30",
              "sammenlign": str(HADERSLEV)}
    link = "&".join(f"{k}={v}" for k, v in params.items())
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["overblik"], link))
    start = sidebar_state(page)
    nav = page.locator("[data-testid='stSidebarNav']")

    # theme pages with few charts (the sidebar and the address work the same on all), and
    # a page without filters in between
    for key in ("udgifter", "forebyggende", "om-noegletallene", "sagsbehandling"):
        target = PAGE_BY_KEY[key]
        nav.get_by_role("link", name=target.title, exact=True).click()
        page.wait_for_url(f"**/{key}?*")
        wait_for_query(page, "kommune", str(HERNING))
        settle(page, EXPECTED_CHARTS[key])
        assert title(page) == expected_title(target, HERNING)
        assert query(page.url) == params, key
        if target.filters:
            assert sidebar_state(page) == start, key
        assert errors(page) == []

    # the headline card's link on Overblik carries the view along too
    nav.get_by_role("link", name="Overblik", exact=True).click()
    wait_for_query(page, "kommune", str(HERNING))
    settle(page)
    page.get_by_role("link", name="Se mere under Skoletrivsel").click()
    page.wait_for_url("**/skoletrivsel?*")
    settle(page, EXPECTED_CHARTS["skoletrivsel"])
    assert title(page) == "Skoletrivsel · Herning"
    assert query(page.url) == params

    # reloading the page (a new session from the address bar) shows the same view
    before = settle(page, EXPECTED_CHARTS["skoletrivsel"])
    page.reload()
    assert settle(page, EXPECTED_CHARTS["skoletrivsel"]) == before


def test_a_broken_link_falls_back_with_danish_notices(page, streamlit_server):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    bad = (f"kommune=999&fra=nonsense&sammenlign={quote('<script>alert(1)</script>')}"
           "&visning=ukendt&dato=2099-01-01")
    trappen = PAGE_BY_KEY["indsatstrappen"]
    open_page(page, page_url(streamlit_server, trappen, bad), EXPECTED_CHARTS["indsatstrappen"])

    assert title(page) == expected_title(trappen, default_kommune())
    assert errors(page) == []
    assert count(page, "stPlotlyChart") == EXPECTED_CHARTS["indsatstrappen"]
    notices = [t.strip() for t in page.locator(
        "[data-testid='stMain'] [data-testid='stAlertContentInfo']").all_inner_texts()]
    link_notices = [t[t.index("Linkets"):] for t in notices if "Linkets" in t]
    for word in ("kommune", "startdato", "sammenligning", "visning", "skæringsdato"):
        assert any(f"Linkets {word}" in t for t in link_notices), (word, notices)
    for t in link_notices:  # short, and never echoing what the link contained
        assert len(t) < 120 and not any(v in t for v in ("999", "nonsense", "script",
                                                          "ukendt", "2099"))
    assert dialogs == [] and page.locator("script:has-text('alert(1)')").count() == 0
    sb = sidebar_state(page)
    assert sb["Kommune"] == kommune_navn(default_kommune())
    assert sb["Sammenlign med"] == "Hele landet"
    assert query(page.url) == {}  # the address now holds the valid default view
    assert "<script>" not in main_text(page) or "alert(1)" not in main_text(page)
    screenshot(page, "ugyldigt-link")
