"""Every page at every width, on one load each (the layout is CSS and the charts redraw to
their new width, as when a window is resized):

* Issue 11, item 9: 1920, 1280 and 1024 px (screenshots under
  ``tests/artifacts/screenshots/bredde-*``), and the layout at a 1024 px tablet with the
  menu open: Overblik's cards several to a row, no card value or label cut off, nothing
  wider than the window.
* WCAG 2.1 reflow (1.4.10) and zoom (1.4.4): a 320 px wide window and 200 % zoom. A 1280x900
  window zoomed to 200 % lays out as a 640x450 CSS-pixel window (the layout depends on CSS
  pixels only), so it is checked as that window: nothing wider than the screen, the title
  on screen (screenshots ``side-<page>-320px`` and ``side-<page>-zoom-200``).
"""

from __future__ import annotations

import pytest

from noegletal.metrics.catalogue import PAGES
from noegletal.ui.shell import PAGE_BY_KEY
from tests.browser.conftest import screenshot, wait_for_charts
from tests.browser.helpers import (
    LINK_KOMMUNE,
    LINK_PARAMS,
    errors,
    expected_charts,
    expected_title,
    horizontal_overflow,
    open_page,
    page_url,
    title,
)
from tests.browser.test_pages import check_as_a_visitor

pytestmark = [pytest.mark.browser]

WIDTHS = (1024, 1280, 1920)
# WCAG reflow and zoom: name -> CSS viewport (see the module docstring)
SMALL = {"zoom-200": {"width": 640, "height": 450}, "320px": {"width": 320, "height": 640}}

# Elements of a headline card whose text is cut off (ellipsis or clipped) — none may be.
CUT_CARD_TEXT = """() => [...document.querySelectorAll(
  "[data-testid='stMetric'] [data-testid='stMetricValue'],"
  + "[data-testid='stMetric'] [data-testid='stMetricLabel'],"
  + "[data-testid='stMetric'] [data-testid='stMetricDelta']")]
  .flatMap(e => [e, ...e.querySelectorAll('*')])
  .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible')
  .map(e => e.textContent.trim()).filter(t => t)"""

# Static tables (Målopfølgning) whose content is wider than the table's box: its container
# clips, so the last columns would be cut off without the page itself overflowing.
CUT_TABLES = """() => [...document.querySelectorAll("[data-testid='stTable']")]
  .filter(t => t.scrollWidth > t.clientWidth + 1)
  .map(t => t.scrollWidth + ' > ' + t.clientWidth)"""

# The bounding boxes of the Sankey's node labels and column headings, as drawn.
SANKEY_TEXT_BOXES = """() => {
  const chart = [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
    .find(c => c.querySelector('.sankey'));
  const texts = [...chart.querySelectorAll('.sankey .node-label, .annotation-text')];
  return texts.filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent.trim(), l: r.left, r: r.right, t: r.top, b: r.bottom};
  });
}"""


def _card_tops(page) -> list[int]:
    return page.evaluate(
        "() => [...document.querySelectorAll(\"[data-testid='stMetric']\")]"
        ".map(e => Math.round(e.getBoundingClientRect().top))")


def _sankey_overlaps(page) -> list[tuple[str, str]]:
    boxes = page.evaluate(SANKEY_TEXT_BOXES)
    assert len(boxes) >= 4, boxes
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1
            and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1]


@pytest.mark.parametrize("key", [p.key for p in PAGES])
def test_every_page_at_every_width(page, streamlit_server, key):
    """One load per page from a shared link on a 1024 px tablet (the checks of
    test_pages.py's ``check_as_a_visitor``), then the window resized up to a projector's
    1920 px and down to 320 px."""
    pg_def = PAGE_BY_KEY[key]
    page.set_viewport_size({"width": WIDTHS[0], "height": 768})
    open_page(page, page_url(streamlit_server, pg_def, LINK_PARAMS), expected_charts(key, True))
    check_as_a_visitor(page, pg_def, LINK_PARAMS)
    screenshot(page, f"side-{key}-link-1024px")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)
        wait_for_charts(page)
        assert errors(page) == [], width
        assert horizontal_overflow(page) == 0, width
        assert page.evaluate(CUT_CARD_TEXT) == [], width
        assert page.evaluate(CUT_TABLES) == [], width
        if key == "overblik" and width == 1024:
            # Item 9: at a 1024 px tablet with the menu open, cards sit several to a row.
            tops = _card_tops(page)
            assert len(tops) >= 6 and tops.count(tops[0]) >= 2, tops
        if key == "indsatstrappen" and width in (1024, 1280):
            # Item 9: the Sankey's node labels and column headings beside the open menu
            # never overlap («Hjemmebaserede indsatser» ran into itself).
            assert _sankey_overlaps(page) == [], width
        screenshot(page, f"bredde-{key}-{width}px")
    for size, viewport in SMALL.items():
        page.set_viewport_size(viewport)
        page.wait_for_timeout(500)
        wait_for_charts(page)
        assert errors(page) == [], size
        assert title(page) == expected_title(pg_def, LINK_KOMMUNE), size
        heading = page.locator("[data-testid='stMain'] h1").first.bounding_box()
        assert heading is not None and heading["x"] >= 0, size
        assert heading["x"] + heading["width"] <= viewport["width"] + 1, size
        assert horizontal_overflow(page) == 0, size
        screenshot(page, f"side-{key}-{size}")
