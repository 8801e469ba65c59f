"""Every page opened straight from a link, in a fresh browser (a politician clicking a link
in an e-mail), against a real ``streamlit run app.py`` (see conftest.py).

Each page is opened twice: from its bare address (the default municipality and the whole
period, at 1280 px) here, and from a shared link with municipality, period and comparison
group (at a tablet's 1024 px) in test_widths.py, which then resizes that load through every
width; both run :func:`check_as_a_visitor`. The test reads what the visitor sees: the title naming the page
and municipality, every Plotly chart drawn with data in it, no error, Danish texts and dates,
no raw ids in the charts, nothing wider than the window and nothing that could change data.
A full-height screenshot of each goes to tests/artifacts/screenshots.
"""

from __future__ import annotations

import re

import pytest

from noegletal.domain.kommuner import kommune_navn
from noegletal.presentation.overview import HEADLINES
from noegletal.ui.shell import PAGES
from tests.browser.axe import check_view
from tests.browser.conftest import screenshot
from tests.browser.helpers import (
    DANISH_DATE,
    EXPECTED_CHARTS,
    EXPECTED_CHARTS_LINK,
    LEAKS,
    LINK_KOMMUNE,
    LINK_PARAMS,
    LINK_PERIOD,
    RAW_ID,
    WRITING_BUTTONS,
    chart_texts,
    charts_with_marks,
    count,
    default_kommune,
    errors,
    expected_title,
    horizontal_overflow,
    main_text,
    metrics,
    open_page,
    page_url,
    query,
    sidebar_state,
    smallest_chart_font,
    title,
)
from tests.browser.layout import check_layout

pytestmark = [pytest.mark.browser]

# Danish texts each page must show besides its title (what a reader looks for first).
PAGE_TEXTS = {
    "overblik": ["Kort fortalt", "Hent udvalgsrapport (HTML)", "Se mere under Anbringelser",
                 "ønsket retning"],
    "anbringelser": ["Sådan læses tallet", "Tallene viser udviklingen"],
    "indsatstrappen": ["Sådan læses tallet", "Vis typerne som",
                       "Vis overgangene frem til skæringsdatoen"],
    "forebyggende": ["Sådan læses tallet"],
    "udgifter": ["Sådan læses tallet", "faste 2025-priser"],
    "skoletrivsel": ["Sådan læses tallet", "Overvågning, ikke effektmåling."],
    "sagsbehandling": ["Sådan læses tallet", "sager pr. årsværk"],
    "indsatser": ["Sådan læses tallet", "Etableringsomkostninger", "Følsomhedsberegninger"],
    "landet": ["Placeringen er ikke en karakter", "Sammenligningsgruppe", "Kilde: "],
    "om-noegletallene": ["Små tal vises ikke", "Søg i nøgletallene",
                         "Indsatser og lovgrundlag"],
    "data": ["Adgangskode", "Dataversion"],
    "tilgaengelighed": ["Overholdelsesstatus", "Seneste kontrol", "Digitaliseringsstyrelsen"],
}
assert set(PAGE_TEXTS) == {p.key for p in PAGES}

@pytest.mark.parametrize("pg_def", PAGES, ids=[p.key for p in PAGES])
def test_page_opened_from_its_address(page, streamlit_server, axe, pg_def):
    """The bare address at 1280 px (the shared-link case at a tablet's 1024 px opens the
    same checks in test_widths.py, on the load it then resizes to 1920 px and smaller), with
    the layout checks of test_widths.py at this width."""
    key = pg_def.key
    open_page(page, page_url(streamlit_server, pg_def), EXPECTED_CHARTS[key])
    check_as_a_visitor(page, pg_def, "")
    check_layout(page, key, 1280)  # the window's width (the fixture's viewport)
    # WCAG 2.1 A/AA: axe-core on the page from its bare address
    check_view(page, axe, key, pg_def.title, "Side", page_url("", pg_def) or "/",
               order=PAGES.index(pg_def))
    screenshot(page, f"side-{key}")


def check_as_a_visitor(page, pg_def, params: str) -> None:
    """What a visitor of the page opened from its address (``params`` empty) or from the
    shared link ``LINK_PARAMS`` must see: the title naming page and municipality, every
    chart drawn with data, no error, the page's Danish texts and a Danish date, no leaked
    word or raw id, readable chart text, the link's view in the sidebar and the address
    bar, Overblik's cards, nothing that writes, nothing wider than the window."""
    key = pg_def.key
    n_charts = EXPECTED_CHARTS_LINK.get(key, EXPECTED_CHARTS[key]) if params \
        else EXPECTED_CHARTS[key]
    kommune = LINK_KOMMUNE if params else default_kommune()

    assert title(page) == expected_title(pg_def, kommune)
    assert errors(page) == []
    assert count(page, "stPlotlyChart") == n_charts
    assert all(charts_with_marks(page)), "a chart drew no data"

    text = main_text(page)
    for expected in PAGE_TEXTS[key]:
        assert expected in text, expected
    assert DANISH_DATE.search(text), "no Danish date on the page"
    assert not LEAKS.search(text), LEAKS.search(text).group(0)
    leaked = [t for texts in chart_texts(page) for t in texts if RAW_ID.search(t)]
    assert leaked == [], f"raw ids in chart labels: {leaked}"
    assert smallest_chart_font(page) >= 11  # readable on a projector

    if pg_def.filters:
        assert sidebar_state(page)["Kommune"] == kommune_navn(kommune)
        if params:
            assert LINK_PERIOD in text
            # the address bar still reproduces the view after the app re-wrote it
            assert query(page.url) == query(f"?{LINK_PARAMS}")
        else:
            assert query(page.url) == {}  # the default view has a clean address
    if key == "overblik":
        shown = metrics(page)
        # two columns of cards: the headlines and the place among all municipalities
        # a card's unit may stand in its label so the number is never cut off
        labels = [re.sub(r" \((mio\. kr\.|procentpoint)\)$", "", k) for k in shown]
        assert sorted(labels) == sorted([*(h.label for h in HEADLINES),
                                        "Placering blandt alle kommuner"])
        assert all(v and v != "–" for v in shown.values()), shown

    # read-only: a visitor from a link can look, download and share, nothing else
    assert page.locator("input[type='file']").count() == 0
    if key != "data":
        assert page.locator("input[type='password']").count() == 0
    buttons = page.locator("[data-testid='stMain'] button").all_inner_texts()
    writing = [b for b in buttons if WRITING_BUTTONS.search(b)]
    if key == "data":  # the analysts' login is the only way to anything that writes
        assert len(writing) == 1 and "Log ind" in writing[0]
    else:
        assert writing == []

    assert horizontal_overflow(page) == 0


# Records, from the first byte of the page on, whether the text ever appeared in the page.
_SEEN_SCRIPT = """
window.__seen = {};
new MutationObserver(() => {
  const text = document.body ? document.body.innerText : "";
  for (const t of %s) { if (text.includes(t)) window.__seen[t] = true; }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def test_a_computing_page_says_so_and_the_note_goes_when_it_is_done(page, streamlit_server):
    """Item 11 of issue 11: while a page computes the reader sees «Beregner tallene for …»
    (and «Del link» says the link is coming); when the page has drawn, both are gone."""
    from noegletal.ui.shell import COMPUTING_TEXT, PAGE_BY_KEY, SHARE_PENDING_TEXT

    watched = [COMPUTING_TEXT]
    page.add_init_script(_SEEN_SCRIPT % repr(watched).replace("'", '"'))
    pg_def = PAGE_BY_KEY["anbringelser"]
    open_page(page, page_url(streamlit_server, pg_def, LINK_PARAMS),
              EXPECTED_CHARTS["anbringelser"])
    assert page.evaluate("window.__seen")[COMPUTING_TEXT] is True
    text = main_text(page)
    assert COMPUTING_TEXT not in text
    page.get_by_role("button", name="Del link").click()
    popover = page.locator("[data-testid='stPopoverBody']")
    popover.wait_for()
    # the links are code blocks, drawn a moment after the popover opens
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stPopoverBody']\").innerText"
        ".includes('embed=true')", timeout=30_000)
    assert SHARE_PENDING_TEXT not in popover.inner_text()


_TOOLTIPS = ("[...document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .modebar-btn')]"
             ".map(b => getComputedStyle(b, '::after').content.replace(/^\"|\"$/g, ''))")


def test_the_chart_toolbar_tooltips_are_danish(page, streamlit_server):
    """Item 10 of issue 11: the chart toolbar's tooltips (plotly.js's own, through the
    locale ``da``, and Streamlit's fullscreen button) are Danish."""
    from noegletal.ui.shell import PAGE_BY_KEY

    open_page(page, page_url(streamlit_server, PAGE_BY_KEY["anbringelser"]),
              EXPECTED_CHARTS["anbringelser"])
    tips = set(page.evaluate(_TOOLTIPS))
    assert {"Hent grafen som billede (PNG)", "Zoom ind", "Zoom ud", "Nulstil akserne",
            "Fuld skærm"} <= tips, tips
    english = re.compile(r"\b(Download|Reset|Pan|Autoscale|Fullscreen|plot|axes|in|out)\b")
    assert [t for t in tips if english.search(t)] == []
