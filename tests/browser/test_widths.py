"""Issue 11, item 9: every page at 1024, 1280 and 1920 px (screenshots under
``tests/artifacts/screenshots/bredde-*``), and the layout at a 1024 px tablet with the menu
open: Overblik's cards several to a row, no card value or label cut off, nothing wider
than the window."""

from __future__ import annotations

import pytest

from noegletal.metrics.catalogue import PAGES
from noegletal.ui.shell import PAGE_BY_KEY
from tests.browser.conftest import screenshot
from tests.browser.helpers import (
    EXPECTED_CHARTS,
    LINK_PARAMS,
    errors,
    horizontal_overflow,
    open_page,
    page_url,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WIDTHS = (1024, 1280, 1920)

# Elements of a headline card whose text is cut off (ellipsis or clipped) — none may be.
CUT_CARD_TEXT = """() => [...document.querySelectorAll(
  "[data-testid='stMetric'] [data-testid='stMetricValue'],"
  + "[data-testid='stMetric'] [data-testid='stMetricLabel'],"
  + "[data-testid='stMetric'] [data-testid='stMetricDelta']")]
  .flatMap(e => [e, ...e.querySelectorAll('*')])
  .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible')
  .map(e => e.textContent.trim()).filter(t => t)"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("key", [p.key for p in PAGES if p.key != "data"])
def test_every_page_at_three_widths(page, streamlit_server, key, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY[key], LINK_PARAMS),
              EXPECTED_CHARTS[key])
    assert errors(page) == []
    assert horizontal_overflow(page) == 0
    assert page.evaluate(CUT_CARD_TEXT) == []
    screenshot(page, f"bredde-{key}-{width}px")


def test_overblik_cards_several_per_row_at_1024(page, streamlit_server):
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["overblik"], LINK_PARAMS),
              EXPECTED_CHARTS["overblik"])
    tops = page.evaluate(
        "() => [...document.querySelectorAll(\"[data-testid='stMetric']\")]"
        ".map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(tops) >= 6
    assert tops.count(tops[0]) >= 2  # at least two cards on the first row


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


@pytest.mark.parametrize("width", (1024, 1280))
def test_sankey_labels_do_not_collide(page, streamlit_server, width):
    """Item 9: the Sankey on Indsatstrappen at 1024 px beside the open menu: no two node
    labels or column headings overlap («Hjemmebaserede indsatser» ran into itself)."""
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["indsatstrappen"], LINK_PARAMS),
              EXPECTED_CHARTS["indsatstrappen"])
    boxes = page.evaluate(SANKEY_TEXT_BOXES)
    assert len(boxes) >= 4, boxes
    overlaps = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1
                and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1]
    assert overlaps == []
