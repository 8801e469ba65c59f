"""The dashboard in the committee room (see conftest.py): the presentation view
(``?embed=true``, as the «Del link» popover offers it) on a tablet's 1024 px, and Overblik
on a 1920x1080 projector. Nothing may be wider than the screen, every chart must draw, the
text must be large enough to read from the back of the room, and nothing may change data.
"""

from __future__ import annotations

import pytest

from noegletal.ui.shell import PAGE_BY_KEY, PAGES
from tests.browser.axe import check_view
from tests.browser.conftest import screenshot
from tests.browser.helpers import (
    EXPECTED_CHARTS,
    LINK_KOMMUNE,
    LINK_PARAMS,
    WRITING_BUTTONS,
    charts_with_marks,
    count,
    errors,
    expected_charts,
    expected_title,
    horizontal_overflow,
    metrics,
    open_page,
    page_url,
    sidebar_visible,
    smallest_chart_font,
    title,
)

pytestmark = [pytest.mark.browser]

EMBED = f"{LINK_PARAMS}&embed=true"


@pytest.fixture(scope="module")
def tablet(browser):
    """One 1024x768 browser for the presentation views (each ``goto`` is a new session)."""
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="da-DK")
    pg = context.new_page()
    yield pg
    context.close()


# the widest content: headline cards, the Sankey, small multiples (every page is also
# opened at 1024 px with the menu in test_pages); axe-core checks the presentation view of
# the pages the accessibility statement lists (WCAG 2.1 A/AA, see tests/browser/axe.py)
AXE_CHECKED = ("overblik", "anbringelser", "indsatstrappen")


@pytest.mark.parametrize("key", ["overblik", "anbringelser", "indsatstrappen", "udgifter"])
def test_presentation_view_fits_a_tablet(tablet, streamlit_server, axe, key):
    pg_def = PAGE_BY_KEY[key]
    tablet.set_viewport_size({"width": 1024, "height": 768})
    open_page(tablet, page_url(streamlit_server, pg_def, EMBED), expected_charts(key, True))
    assert title(tablet) == expected_title(pg_def, LINK_KOMMUNE)
    assert errors(tablet) == []
    assert count(tablet, "stPlotlyChart") == expected_charts(key, True)
    assert all(charts_with_marks(tablet))
    assert not sidebar_visible(tablet)
    # Streamlit's own toolbar (deploy, settings menu) is gone in the presentation view
    assert not tablet.locator("[data-testid='stToolbar']").is_visible()
    assert horizontal_overflow(tablet) == 0
    right = tablet.evaluate(
        "() => Math.max(0, ...[...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]"
        ", [data-testid=\"stMetric\"]')].map(e => e.getBoundingClientRect().right))")
    assert right <= 1024
    buttons = tablet.locator("button").all_inner_texts()
    assert [b for b in buttons if WRITING_BUTTONS.search(b)] == []
    if key in AXE_CHECKED:
        check_view(tablet, axe, f"{key}-praesentation", f"{pg_def.title} (præsentationsvisning)",
                   "Præsentationsvisning", f"/{key}?…&embed=true",
                   order=100 + PAGES.index(pg_def))
    screenshot(tablet, f"praesentation-{key}-1024px")


def test_overblik_on_a_projector(page, streamlit_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["overblik"], LINK_PARAMS))
    assert title(page) == expected_title(PAGE_BY_KEY["overblik"], LINK_KOMMUNE)
    assert errors(page) == [] and horizontal_overflow(page) == 0
    assert len(metrics(page)) >= 6
    # what the room sees without scrolling: the title and the first headline numbers
    first = page.locator("[data-testid='stMetric']").first
    assert first.bounding_box()["y"] + first.bounding_box()["height"] <= 1080
    value_px = float(page.locator("[data-testid='stMetricValue']").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"))
    assert value_px >= 28  # headline numbers readable from the back of the room
    screenshot(page, "projektor-overblik-1920x1080", full=False)
    screenshot(page, "projektor-overblik-fuld-hoejde")


def test_theme_page_charts_are_readable_on_a_projector(page, streamlit_server):
    page.set_viewport_size({"width": 1920, "height": 1080})
    n = EXPECTED_CHARTS["anbringelser"]
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["anbringelser"], LINK_PARAMS), n)
    assert errors(page) == [] and horizontal_overflow(page) == 0
    assert smallest_chart_font(page) >= 11
    screenshot(page, "projektor-anbringelser-1920x1080", full=False)


@pytest.mark.parametrize("key", ["overblik", "anbringelser", "udgifter"])
def test_presentation_view_on_a_projector_has_no_controls_and_large_text(page,
                                                                         streamlit_server,
                                                                         key):
    """Issue 11, item 8: ``?embed=true`` at 1920 px shows no «Del link», no exports, no
    expanders and no chart toolbar; the sentences are large body text and every chart
    text is at least 18 px."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_page(page, page_url(streamlit_server, PAGE_BY_KEY[key], EMBED), expected_charts(key, True))
    assert errors(page) == []
    buttons = " ".join(page.locator("button").all_inner_texts())
    assert "Del link" not in buttons
    assert count(page, "stDownloadButton") == 0
    assert count(page, "stExpander") == 0
    assert count(page, "stPopover") == 0
    assert page.locator(".modebar").count() == 0
    if expected_charts(key, True):
        assert smallest_chart_font(page) >= 18
    body_px = float(page.evaluate(
        "() => Math.min(...[...document.querySelectorAll("
        "'[data-testid=\"stMainBlockContainer\"] [data-testid=\"stMarkdownContainer\"] p')]"
        ".filter(p => p.textContent.trim().length > 60)"
        ".map(p => parseFloat(getComputedStyle(p).fontSize)))"))
    assert body_px >= 22  # the key sentences, not small grey captions
    screenshot(page, f"praesentation-{key}-1920px")
