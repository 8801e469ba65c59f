"""The Indsatser page in a real browser: choose an intervention and sensitivity inputs, then
«Del link» reproduces exactly that view (intervention, wage level, participants and
alternative) in a new browser."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from noegletal.ui.shell import PAGE_BY_KEY
from tests.browser.conftest import screenshot
from tests.browser.helpers import (
    EXPECTED_CHARTS,
    errors,
    main_text,
    open_page,
    page_url,
    query,
    settle,
    share_links,
    wait_for_query,
)

pytestmark = [pytest.mark.browser]

HERNING = 657
PAGE = PAGE_BY_KEY["indsatser"]


def _tables(pg) -> str:
    pg.locator("[data-testid='stTable']").first.wait_for()
    return "\n".join(pg.locator("[data-testid='stMain'] [data-testid='stTable']")
                     .all_inner_texts())


def _set_number(pg, label: str, value: str) -> None:
    box = pg.locator("[data-testid='stNumberInput']").filter(has_text=label).locator("input")
    box.fill(value)
    box.press("Enter")


def test_intervention_and_sensitivity_are_reproduced_by_the_link(page, browser,
                                                                 streamlit_server):
    name = "Spædbarnsindsatsen"
    open_page(page, page_url(streamlit_server, PAGE, f"kommune={HERNING}&indsats="
                             f"{quote(name)}"), EXPECTED_CHARTS["indsatser"])
    assert errors(page) == []
    assert name in main_text(page)
    _set_number(page, "Lønniveau", "15")
    wait_for_query(page, "loen", "15")
    page.get_by_text("Vælg eget antal deltagere pr. år").click()
    wait_for_query(page, "deltagere", "10")
    _set_number(page, "Deltagere pr. år", "12")
    wait_for_query(page, "deltagere", "12")
    settle(page, EXPECTED_CHARTS["indsatser"])
    before = _tables(page)
    assert "Eget valg: lønniveau +15 pct., 12 deltagere pr. år" in before
    screenshot(page, "side-indsatser-valg")

    link, _ = share_links(page)
    q = query(link)
    assert q["indsats"] == name and q["loen"] == "15" and q["deltagere"] == "12"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    other = context.new_page()
    try:
        target = link if link.startswith("http") else streamlit_server + link
        open_page(other, target, EXPECTED_CHARTS["indsatser"])
        assert errors(other) == []
        assert _tables(other) == before
        assert query(other.url) == q
    finally:
        context.close()
