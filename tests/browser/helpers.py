"""Reading the dashboard in a real browser: what a visitor sees, not Streamlit's internals.

Shared by the page, shared-link and presentation tests. Every function takes a Playwright
page that shows the app; they read the DOM Streamlit draws (``data-testid`` attributes) and
the SVG text Plotly draws, so a chart that failed to draw or a label that leaked a raw id is
caught the way a visitor would see it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from noegletal.domain.kommuner import kommune_navn
from noegletal.ui.shell import PAGES, PageDef
from tests.browser.conftest import ROOT, wait_for_app, wait_for_charts

# A link as a politician gets it: Herning against a group of the other two sample
# municipalities, a period ending before the latest cut-off.
LINK_KOMMUNE = 657
LINK_PARAMS = "kommune=657&fra=2015-01-31&til=2017-09-30&sammenlign=gruppe&gruppe=167,510"
LINK_PERIOD = "Periode: 31. januar 2015 – 30. september 2017"

# Plotly charts each page draws on the sample data: one per view of the theme (the
# report's figures it reproduces), none on the pages without charts.
EXPECTED_CHARTS = {
    "overblik": 0,
    "anbringelser": 9,  # rate, the municipalities together (Figur 35), forms (municipality
    #                     and comparator), institution share, ended placements, where they
    #                     went over the whole period (Figur 40/44), duration, movements
    "indsatstrappen": 6,  # home-based, by type, movements, Sankey, any measure, notifications
    "forebyggende": 2,  # § 11.3 per 1000, followed by a BFU
    "udgifter": 4,  # net expenditure, extra expenditure, service shares by step, per child
    "skoletrivsel": 3,  # academic and social wellbeing, absence
    "sagsbehandling": 3,  # caseload, days between follow-ups, timely follow-ups
    "indsatser": 2,  # first vs latest score (dumbbell), split of the costs by activity
    "landet": 2,  # all municipalities ranked, the municipality against its group over time
    "om-noegletallene": 0,
    "data": 0,
    "tilgaengelighed": 0,
}
assert set(EXPECTED_CHARTS) == {p.key for p in PAGES}
# Pages that draw another number of charts for LINK_PARAMS: Herning has units (districts),
# so its Overblik draws the unit breakdown («Pr. enhed») as one chart.
EXPECTED_CHARTS_LINK: dict[str, int] = {"overblik": 1}


def expected_charts(key: str, link: bool) -> int:
    """How many charts the page ``key`` draws on the sample data, for LINK_PARAMS or not."""
    return EXPECTED_CHARTS_LINK.get(key, EXPECTED_CHARTS[key]) if link else EXPECTED_CHARTS[key]

DANISH_DATE = re.compile(
    r"\b\d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|oktober|"
    r"november|december) \d{4}\b")
# Words that must never reach a committee member: Python/JS leftovers and English defaults.
LEAKS = re.compile(r"\b(NaN|nan|None|null|undefined|Traceback|Error|Exception|No data)\b")
# A raw id in a chart label: snake_case ids or the '>' of a step transition key.
RAW_ID = re.compile(r"[A-Za-zæøå]_[A-Za-zæøå0-9]|[a-zæøå]>[a-zæøå]")
# Buttons that would change data; a shared-link visitor must never see one.
WRITING_BUTTONS = re.compile(
    r"\b(Importér|Indlæs|Upload|Gem|Slet|Aktivér|Log ind|Log ud)\b|aktiv igen", re.I)


def sample_kommuner() -> list[int]:
    """The municipalities of the bundled sample data, in the app's order (by code)."""
    frame = pd.read_csv(ROOT / "sample_data" / "befolkning.csv", usecols=["kommunekode"])
    return sorted(int(k) for k in frame["kommunekode"].unique() if int(k) != 0)


def default_kommune() -> int:
    """The municipality a link without ``kommune`` shows: the first one with data."""
    return sample_kommuner()[0]


def page_url(base: str, page: PageDef, query: str = "") -> str:
    path = "" if page.key == PAGES[0].key else page.key
    return f"{base}/{path}" + (f"?{query}" if query else "")


def expected_title(page: PageDef, kommune: int) -> str:
    return f"{page.title} · {kommune_navn(kommune)}" if page.filters else page.title


def wait_for_page(pg, n_charts: int | None = None, timeout: float = 120_000) -> None:
    """Wait until the script has run and ``n_charts`` Plotly charts (if given) have drawn."""
    wait_for_app(pg, timeout=timeout)
    if n_charts:
        pg.wait_for_function(
            "n => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg')"
            ".length >= n", arg=n_charts, timeout=timeout)
    wait_for_charts(pg)


def open_page(pg, url: str, n_charts: int | None = None) -> None:
    pg.goto(url)
    wait_for_page(pg, n_charts)


def title(pg) -> str:
    return pg.locator("[data-testid='stMain'] h1").first.inner_text().strip()


def main_text(pg) -> str:
    return pg.locator("[data-testid='stMain']").inner_text()


def count(pg, testid: str) -> int:
    return pg.locator(f"[data-testid='{testid}']").count()


def errors(pg) -> list[str]:
    """Texts of exceptions and error boxes shown anywhere on the page."""
    return pg.locator("[data-testid='stException'], [data-testid='stAlertContentError']") \
        .all_inner_texts()


def chart_titles(pg) -> list[str]:
    """The title of every Plotly chart, top to bottom."""
    return pg.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".map(el => { const t = el.querySelector('.gtitle'); return t ? t.textContent : ''; })")


def chart_texts(pg) -> list[list[str]]:
    """Every text Plotly drew in each chart (titles, axes, ticks, legend, labels)."""
    return pg.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".map(el => [...el.querySelectorAll('.main-svg text')].map(t => t.textContent)"
        ".filter(t => t.trim()))")


def charts_with_marks(pg) -> list[bool]:
    """Per chart: whether it drew any data (a line, marker, bar or Sankey link)."""
    return pg.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".map(el => el.querySelectorAll("
        "'.scatterlayer .trace path, .barlayer .point path, .sankey-link, .sankey .node-rect')"
        ".length > 0)")


def metrics(pg) -> dict[str, str]:
    """Label -> value of every ``st.metric`` card in the main area."""
    cards = pg.locator("[data-testid='stMain'] [data-testid='stMetric']")
    out = {}
    for i in range(cards.count()):
        card = cards.nth(i)
        label = card.locator("[data-testid='stMetricLabel']").inner_text().strip()
        out[label] = card.locator("[data-testid='stMetricValue']").inner_text().strip()
    return out


def sidebar_state(pg) -> dict[str, object]:
    """What the sidebar filters show: municipality, period, comparator kind and choice."""
    sb = pg.locator("[data-testid='stSidebar']")
    state: dict[str, object] = {}
    boxes = sb.locator("[data-testid='stSelectbox']")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        label = box.locator("[data-testid='stWidgetLabel']").inner_text().strip()
        state[label] = box.locator("input").input_value()
    state["Periode"] = tuple(
        t.strip() for t in sb.locator("[data-testid='stSliderThumbValue']").all_inner_texts())
    state["Sammenlign med"] = sb.locator(
        "[data-testid='stRadio'] label:has(input:checked)").inner_text().strip()
    group = sb.locator("[data-testid='stMultiSelect']")
    if group.count():
        state["Sammenligningsgruppe"] = tuple(
            t.strip() for t in group.locator(".react-aria-ComboBox [data-tag] > span[title]")
            .all_inner_texts())
    return state


def share_links(pg) -> tuple[str, str]:
    """The two links in the «Del link» popover: the view and its presentation version."""
    pg.locator("[data-testid='stPopover'] button").filter(has_text="Del link").click()
    codes = pg.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code")
    codes.first.wait_for()
    link, embed = (c.strip() for c in codes.all_inner_texts()[:2])
    pg.keyboard.press("Escape")
    pg.locator("[data-testid='stPopoverBody']").wait_for(state="hidden")
    return link, embed


def query(url: str) -> dict[str, str]:
    """The query parameters of a URL (last value of a repeated key, like Streamlit)."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def horizontal_overflow(pg) -> int:
    """How many pixels the page or its main area is wider than the window (0 = none)."""
    return int(pg.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return Math.max(document.documentElement.scrollWidth - window.innerWidth,"
        " m ? m.scrollWidth - m.clientWidth : 0); }"))



def snapshot(pg) -> dict[str, object]:
    """What a visitor sees of the view: title, sidebar, every text in the charts, the
    headline numbers and the captions under them."""
    shot: dict[str, object] = {
        "title": title(pg), "charts": chart_texts(pg), "metrics": metrics(pg),
        "captions": pg.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']")
        .all_inner_texts()}
    if pg.locator("[data-testid='stSidebar'] [data-testid='stRadio']").count():
        shot["sidebar"] = sidebar_state(pg)
    return shot


def settle(pg, n_charts: int | None = None, timeout: float = 60_000) -> dict[str, object]:
    """After an interaction: wait for the rerun, then until two looks a moment apart agree
    (Streamlit replaces elements one by one); returns the last :func:`snapshot`."""
    wait_for_page(pg, n_charts, timeout=timeout)
    last = snapshot(pg)
    for _ in range(20):
        pg.wait_for_timeout(400)
        wait_for_page(pg, n_charts, timeout=timeout)
        now = snapshot(pg)
        if now == last:
            return now
        last = now
    raise AssertionError("the page kept changing")


def wait_for_query(pg, key: str, value: str | None, timeout: float = 60_000) -> None:
    """Wait until the address bar has ``key=value`` (``None``: until ``key`` is gone)."""
    pg.wait_for_function(
        "([k, v]) => new URLSearchParams(location.search).get(k) === v",
        arg=[key, value], timeout=timeout)


def pick_option(pg, box_label: str, option: str, *, scope: str = "stSidebar") -> None:
    """Pick ``option`` in the select box labelled ``box_label`` (no waiting for the rerun)."""
    box = pg.locator(f"[data-testid='{scope}'] [data-testid='stSelectbox']").filter(
        has=pg.locator("[data-testid='stWidgetLabel']", has_text=box_label))
    _open_list(pg, box)
    box.locator("input").fill(option)
    pg.get_by_role("option", name=option, exact=True).click()


def options_of(pg, box_label: str, typed: str = "", *, scope: str = "stSidebar") -> list[str]:
    """The options a select box offers for the text ``typed`` (its list is virtual: without
    a filter a long one shows only some); closes it again."""
    box = pg.locator(f"[data-testid='{scope}'] [data-testid='stSelectbox']").filter(
        has=pg.locator("[data-testid='stWidgetLabel']", has_text=box_label))
    _open_list(pg, box)
    if typed:
        box.locator("input").fill(typed)
    options = pg.get_by_role("option")
    options.first.wait_for()
    texts = [t.strip() for t in options.all_inner_texts()]
    pg.keyboard.press("Escape")
    return texts


def _open_list(pg, box) -> None:
    """Open a select box's list: a click focuses the field, which does not always open it;
    the arrow key then does."""
    field = box.locator("input")
    field.click()
    listbox = pg.get_by_role("listbox")
    try:
        listbox.wait_for(timeout=1500)
    except PlaywrightTimeout:
        field.press("ArrowDown")
        listbox.wait_for()


def smallest_chart_font(pg) -> float:
    """The smallest font size (px) of any text Plotly drew (inf without charts)."""
    return float(pg.evaluate(
        "() => Math.min(Infinity, ...[...document.querySelectorAll("
        "'[data-testid=\"stPlotlyChart\"] .main-svg text')]"
        ".filter(t => t.textContent.trim())"
        ".map(t => parseFloat(getComputedStyle(t).fontSize)))"))


def sidebar_visible(pg) -> bool:
    """Whether the sidebar takes room on the screen (present, expanded and wider than 0)."""
    return bool(pg.evaluate(
        "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
        " if (!s) return false; const r = s.getBoundingClientRect();"
        " return s.getAttribute('aria-expanded') !== 'false' && r.width > 0 && r.right > 0; }"))


# Issue 11, item 9 and the 320 px reflow: texts of a chart (by default its legend entries,
# title and subtitle) whose drawn box reaches past the edge of the chart (Plotly wraps none
# of them; what is past the edge of the chart's SVG is cut off). Each hit is «<kind>: <text>
# (<px> px)», with how far it reaches past the edge; hover labels are left out.
CUT_CHART_TEXTS = """selector => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
  .flatMap(chart => {
    const svg = chart.querySelector('.main-svg');
    if (!svg) return [];
    const box = svg.getBoundingClientRect();
    return [...chart.querySelectorAll(selector)]
      .filter(t => t.textContent.trim() && !t.closest('.hoverlayer'))
      .map(t => {
        const r = t.getBoundingClientRect();
        if (r.width === 0) return '';
        const over = Math.max(box.left - r.left, r.right - box.right,
                              box.top - r.top, r.bottom - box.bottom);
        const kind = t.classList.contains('legendtext') ? 'forklaring'
          : t.classList.contains('gtitle') ? 'titel'
          : t.classList.contains('gtitle-subtitle') ? 'undertitel'
          : (t.getAttribute('class') || 'tekst');
        return over > 1 ? `${kind}: ${t.textContent.trim()} (${Math.round(over)} px)` : '';
      })
      .filter(t => t);
  })"""
LEGEND_AND_TITLES = ".legendtext, .gtitle, .gtitle-subtitle"


def cut_chart_texts(pg, selector: str = LEGEND_AND_TITLES) -> list[str]:
    """The chart texts matching ``selector`` (default: legend entries, titles and subtitles;
    ``"text"``: every text, axis labels and annotations too) drawn (partly) outside their
    chart, so cut off: «forklaring: Eget værelse, … (37 px)»; empty when every one fits."""
    return list(pg.evaluate(CUT_CHART_TEXTS, selector))
