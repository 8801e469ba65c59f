"""Layout checks of a drawn page at one window width (issue 11, item 9), shared by
test_pages.py (the bare address at 1280 px) and test_widths.py (the shared link at 1024 and
1920 px): no error, nothing wider than the window, no headline card's value, label or
change cut off, no static table clipping its columns, no text of a chart (title, legend,
axis labels, annotations) cut off at the chart's edge; on Overblik at a 1024 px tablet
with the menu open the cards sit several to a row; the Sankey's labels never overlap.
"""

from __future__ import annotations

from tests.browser.helpers import cut_chart_texts, errors, horizontal_overflow

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


def card_tops(page) -> list[int]:
    return page.evaluate(
        "() => [...document.querySelectorAll(\"[data-testid='stMetric']\")]"
        ".map(e => Math.round(e.getBoundingClientRect().top))")


def sankey_overlaps(page) -> list[tuple[str, str]]:
    boxes = page.evaluate(SANKEY_TEXT_BOXES)
    assert len(boxes) >= 4, boxes
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1
            and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1]


def check_layout(page, key: str, width: int) -> None:
    """The checks of the module docstring for the page ``key`` drawn at ``width`` px."""
    assert errors(page) == [], width
    assert horizontal_overflow(page) == 0, width
    assert page.evaluate(CUT_CARD_TEXT) == [], width
    assert page.evaluate(CUT_TABLES) == [], width
    # every text of every chart: titles, legend, axis titles and labels, annotations
    assert cut_chart_texts(page, "text") == [], width
    if key == "overblik" and width == 1024:
        # At a 1024 px tablet with the menu open, cards sit several to a row.
        tops = card_tops(page)
        assert len(tops) >= 6 and tops.count(tops[0]) >= 2, tops
    if key == "indsatstrappen" and width in (1024, 1280):
        # The Sankey's node labels and column headings beside the open menu never overlap
        # («Hjemmebaserede indsatser» ran into itself).
        assert sankey_overlaps(page) == [], width
