"""Every page at every width, on one load each (the layout is CSS and the charts redraw to
their new width, as when a window is resized):

* Issue 11, item 9: 1024 and 1920 px (screenshots under
  ``tests/artifacts/screenshots/bredde-*``; 1280 px is test_pages.py's load), the checks of
  :func:`tests.browser.layout.check_layout`: at a 1024 px tablet with the menu open,
  Overblik's cards several to a row, no card value or label cut off, nothing wider than the
  window.
* WCAG 2.1 reflow (1.4.10) and zoom (1.4.4): a 320 px wide window and 200 % zoom. A 1280x900
  window zoomed to 200 % lays out as a 640x450 CSS-pixel window (the layout depends on CSS
  pixels only), so it is checked as that window: nothing wider than the screen, no chart
  title, subtitle or legend entry cut off, the title on screen (screenshots
  ``side-<page>-320px`` and ``side-<page>-zoom-200``).
"""

from __future__ import annotations

import pytest

from noegletal.metrics.catalogue import PAGES
from noegletal.ui.shell import PAGE_BY_KEY
from tests.browser.conftest import screenshot, wait_for_charts
from tests.browser.helpers import (
    LINK_KOMMUNE,
    LINK_PARAMS,
    cut_chart_texts,
    errors,
    expected_charts,
    expected_title,
    horizontal_overflow,
    open_page,
    page_url,
    title,
)
from tests.browser.layout import check_layout
from tests.browser.test_pages import check_as_a_visitor

pytestmark = [pytest.mark.browser]

# 1280 px is the width of test_pages.py's load from the bare address, which runs the same
# layout checks (:func:`tests.browser.layout.check_layout`) on it.
WIDTHS = (1024, 1920)
# WCAG reflow and zoom: name -> CSS viewport (see the module docstring)
SMALL = {"zoom-200": {"width": 640, "height": 450}, "320px": {"width": 320, "height": 640}}


@pytest.mark.parametrize("key", [p.key for p in PAGES])
def test_every_page_at_every_width(page, streamlit_server, key):
    """One load per page from a shared link on a 1024 px tablet (the checks of
    test_pages.py's ``check_as_a_visitor``), then the window resized up to a projector's
    1920 px and down to 320 px (1280 px is checked on test_pages.py's load)."""
    pg_def = PAGE_BY_KEY[key]
    page.set_viewport_size({"width": WIDTHS[0], "height": 768})
    open_page(page, page_url(streamlit_server, pg_def, LINK_PARAMS), expected_charts(key, True))
    check_as_a_visitor(page, pg_def, LINK_PARAMS)
    for width in WIDTHS:
        if width != WIDTHS[0]:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(500)
            wait_for_charts(page)
        check_layout(page, key, width)
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
        # legend entries, titles and subtitles (inside the plot, a chart at 320 px may cut an
        # axis label: its numbers are in «Vis som tabel» and the text beside it, WCAG 1.4.10's
        # exception for content that needs a two-dimensional layout)
        assert cut_chart_texts(page) == [], size
        screenshot(page, f"side-{key}-{size}")
