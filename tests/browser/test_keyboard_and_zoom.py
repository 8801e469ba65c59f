"""What axe cannot see, in a real browser (see conftest.py).

Keyboard only: on Skoletrivsel (a theme page with few charts: the sidebar and the buttons are
the same on every theme page) the sidebar choices (municipality, comparator), a download
and the «Del link» popover are reached with Tab and used with the keyboard alone; the link
then opens the same view in a new browser (the share-link round trip). Reflow at 320 px and
200 % zoom are checked on every page in ``test_widths.py`` (one load per page for every
width).
"""

from __future__ import annotations

import pytest

from noegletal.ui.shell import PAGE_BY_KEY
from tests.browser.helpers import (
    EXPECTED_CHARTS,
    default_kommune,
    expected_title,
    open_page,
    page_url,
    query,
    settle,
    title,
    wait_for_page,
)

pytestmark = [pytest.mark.browser]

HERNING, HVIDOVRE = 657, 167

# the focused element: the test ids of it and its containers, its label, text, tag and role
_FOCUSED = """() => { const e = document.activeElement; if (!e) return '';
  const ids = []; for (let a = e; a; a = a.parentElement) {
    if (a.dataset && a.dataset.testid) ids.push(a.dataset.testid); }
  return [ids.slice(0, 6).join('>'), e.getAttribute('aria-label') || '',
          (e.innerText || '').trim().slice(0, 80), e.tagName,
          e.getAttribute('role') || ''].join('|'); }"""


def tab_to(pg, *parts: str, limit: int = 120, back: bool = False) -> str:
    """Press Tab (Shift+Tab with ``back``) until the focused element's description holds
    every one of ``parts``; returns that description. Fails after ``limit`` presses."""
    for _ in range(limit):
        pg.keyboard.press("Shift+Tab" if back else "Tab")
        now = pg.evaluate(_FOCUSED)
        if all(p in now for p in parts):
            return now
    raise AssertionError(f"{parts} kunne ikke nås med tastaturet")


def test_sidebar_choices_download_and_share_link_with_the_keyboard_alone(page, browser,
                                                                       streamlit_server):
    theme = PAGE_BY_KEY["skoletrivsel"]
    n = EXPECTED_CHARTS["skoletrivsel"]
    open_page(page, page_url(streamlit_server, theme), n)
    assert title(page) == expected_title(theme, default_kommune())
    page.locator("body").focus()

    # the municipality: Tab to the select box, type, Enter
    tab_to(page, "stSelectbox", "INPUT")
    page.keyboard.type("Herning")
    page.keyboard.press("Enter")
    page.wait_for_function("t => document.querySelector('[data-testid=\"stMain\"] h1')"
                           "?.innerText.includes(t)", arg="Herning")
    settle(page, n)
    assert title(page) == expected_title(theme, HERNING)

    # the comparator: Tab into the radio group, arrow down to «En anden kommune»
    tab_to(page, "stRadio", "INPUT")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => new URLSearchParams(location.search).has('sammenlign')")
    settle(page, n)
    shown = query(page.url)
    assert shown["kommune"] == str(HERNING) and shown["sammenlign"].isdigit()

    # a download: Tab to the first CSV button, Enter
    tab_to(page, "stDownloadButton", "CSV")
    with page.expect_download(timeout=60_000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")

    # «Del link»: back up to the header's button, Enter opens the popover, Escape closes it
    tab_to(page, "stPopover", "Del link", back=True, limit=300)
    page.keyboard.press("Enter")
    codes = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code")
    codes.first.wait_for()
    link = codes.first.inner_text().strip()
    page.keyboard.press("Escape")
    page.locator("[data-testid='stPopoverBody']").wait_for(state="hidden")
    before = settle(page, n)
    assert query(link) == shown

    # the round trip: the link opens the same view in a new browser
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    try:
        other = context.new_page()
        other.goto(link)
        wait_for_page(other, n)
        assert settle(other, n) == before
    finally:
        context.close()
