"""The upload flow in a real browser against `streamlit run` (see conftest.py).

An anonymous visitor sees no uploader; an analyst logs in, uploads a file and sees the new
figures; a bad file shows row-level errors and changes nothing; re-activating the earlier
version brings the old figures back. Screenshots go to tests/artifacts/screenshots.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.browser.conftest import ANALYST_PASSWORD, ROOT, screenshot, wait_for_app
from tests.browser.helpers import pick_option

pytestmark = [pytest.mark.browser]

HAARSLEV = 510
HEADLINE = "Anbragte pr. 1.000 børn"


def halved_population(tmp_path) -> tuple[str, int]:
    frame = pd.read_csv(ROOT / "sample_data" / "befolkning.csv")
    frame = frame[frame["kommunekode"] == HAARSLEV].copy()
    frame["antal_0_17"] = frame["antal_0_17"] // 2
    path = tmp_path / "befolkning.csv"
    frame.to_csv(path, sep=";", index=False)
    return str(path), len(frame)


def goto(pg, url: str) -> None:
    """Open a page and wait until its title is drawn (the first load computes the data)."""
    pg.goto(url)
    wait_for_app(pg)
    pg.locator("h1").first.wait_for(timeout=120_000)
    wait_for_app(pg)


def headline(pg, base: str) -> str:
    """The «Anbragte pr. 1.000 børn» value on Overblik for Haderslev."""
    goto(pg, f"{base}/?kommune={HAARSLEV}")
    card = pg.locator("[data-testid='stMetric']").filter(has_text=HEADLINE).first
    card.wait_for(timeout=60_000)
    return card.locator("[data-testid='stMetricValue']").inner_text().strip()


def open_data_page(pg, base: str) -> None:
    goto(pg, f"{base}/data")


def log_in(pg) -> None:
    pg.get_by_label("Brugernavn").fill("alice")
    pg.get_by_label("Adgangskode").fill(ANALYST_PASSWORD)
    pg.get_by_role("button", name="Log ind").click()
    pg.get_by_text("Logget ind som").wait_for(timeout=30_000)
    wait_for_app(pg)


def upload(pg, path: str) -> None:
    pg.locator("input[type='file']").first.set_input_files(path)
    pg.get_by_role("heading", name=re.compile(re.escape(path.rsplit("/", 1)[-1]))) \
        .wait_for(timeout=60_000)
    wait_for_app(pg)


def test_anonymous_visitors_get_no_uploader(page, streamlit_server):
    for path in ("data", f"?kommune={HAARSLEV}", "anbringelser?kommune=657"):
        goto(page, f"{streamlit_server}/{path}")
        assert page.locator("input[type='file']").count() == 0, path
        assert page.locator("[data-testid='stException']").count() == 0, path
    open_data_page(page, streamlit_server)
    assert page.get_by_label("Adgangskode").count() == 1
    assert page.get_by_role("tab", name=re.compile("Versioner")).count() == 0
    screenshot(page, "data-anonym")


def test_upload_shows_new_figures_and_reactivation_restores_them(page, streamlit_server,
                                                                  tmp_path):
    base = streamlit_server
    before = headline(page, base)
    path, n = halved_population(tmp_path)

    open_data_page(page, base)
    log_in(page)
    upload(page, path)
    screenshot(page, "data-upload-kontrol")
    # Replacing the extract or adding a period is an explicit choice (issue #11).
    assert page.get_by_role("button", name="Importér").is_disabled()
    page.get_by_text("Erstat kommunens udtræk med filen").click()
    wait_for_app(page)
    page.get_by_role("button", name="Importér").click()
    page.get_by_text(f"{n} rækker indlæst fra befolkning.csv").wait_for(timeout=120_000)
    wait_for_app(page)
    assert page.get_by_text(re.compile(r"dataversion [0-9a-f]{8}")).count() >= 1
    screenshot(page, "data-upload-importeret")

    after = headline(page, base)  # a new page load: a new session sees the new figures
    assert after != before

    open_data_page(page, base)
    log_in(page)
    page.get_by_role("tab", name=re.compile("Versioner")).click()
    page.get_by_text("Gør en tidligere version aktiv igen").wait_for()
    # Other tests on this server may have left earlier versions of other extracts (a
    # target replaced on Målopfølgning): show the population's versions, as an analyst
    # looking for it would. Its only earlier version is the replaced sample population of
    # Haderslev: preselected.
    pick_option(page, "Udtræk", "Befolkning 0-17 år", scope="stMain")
    wait_for_app(page)
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="Version").last
    assert re.match(r"Version \d+ · Befolkning 0-17 år · Haderslev · befolkning\.csv · ",
                    box.locator("input").input_value())
    page.get_by_role("button", name="Gør versionen aktiv igen").click()
    page.get_by_text("er nu aktiv igen").wait_for(timeout=120_000)
    wait_for_app(page)
    assert headline(page, base) == before


def test_a_bad_file_shows_row_errors_and_changes_nothing(page, streamlit_server, tmp_path):
    bad = tmp_path / "befolkning.csv"
    bad.write_text("kommunekode;dato;antal_0_17\n510;2030-01-01;100\n510;31-02-2030;200\n",
                   encoding="utf-8")
    open_data_page(page, streamlit_server)
    before = page.get_by_text(re.compile(r"Dataversion [0-9a-f]{8}")).first.inner_text()
    log_in(page)
    upload(page, str(bad))
    assert page.get_by_text("Valideringsrapport: 1 fejl og 0 advarsler").count() == 1
    assert page.get_by_text("«alt eller intet» indlæser intet").count() == 1
    assert page.get_by_role("button", name="Importér").is_disabled()
    assert page.get_by_role("button", name="Hent rapporten (CSV)").count() == 1
    screenshot(page, "data-upload-fejl")
    open_data_page(page, streamlit_server)
    after = page.get_by_text(re.compile(r"Dataversion [0-9a-f]{8}")).first.inner_text()
    assert after == before


# Markdown planted in every place user text appears (issue #9, item 4). File names cannot
# hold "/", so their image and link are relative; sheet names cannot hold "/:*?[]" at all.
REMOTE = "http://127.0.0.2:9"
PLANT = f"![i]({REMOTE}/m.png) [klik]({REMOTE}/l) :red[rød] $x^2$ **fed**"
FILE_PLANT = "![i](f.png) [klik](f.html) :red[rød] $x^2$.csv"
SHEET_PLANTS = ("$s^2$ __ark__ ~~x~~", "#_ark_ <b>ok<b> `k`")
PLANTED_URLS = ("127.0.0.2", "m.png", "f.png", "f.html")


def test_user_text_is_never_rendered_as_markdown(page, streamlit_server, tmp_path):
    import openpyxl

    planted_requests = []
    page.on("request", lambda r: planted_requests.append(r.url)
            if any(u in r.url for u in PLANTED_URLS) else None)
    csv_file = tmp_path / FILE_PLANT
    csv_file.write_text(f"kommunekode;dato;antal_0_17;{PLANT}\n510;2016-01-31;5;x\n"
                        f"{PLANT};2016-05-31;6;y\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.active.title = SHEET_PLANTS[0]
    wb.active.append(["kommunekode", "dato", "antal_0_17"])
    wb.active.append([510, "2016-01-31", 5])
    wb.create_sheet(SHEET_PLANTS[1])
    xlsx_file = tmp_path / "udtraek.xlsx"
    wb.save(xlsx_file)

    open_data_page(page, streamlit_server)
    page.get_by_label("Brugernavn").fill(PLANT)  # the shared password: any user name
    page.get_by_label("Adgangskode").fill(ANALYST_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_text("Logget ind som").wait_for(timeout=30_000)
    wait_for_app(page)
    page.locator("input[type='file']").first.set_input_files([str(csv_file), str(xlsx_file)])
    page.get_by_text("udtraek.xlsx").first.wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_text("Valideringsrapport: 0 fejl og 1 advarsel").click()  # the sheet warning
    page.get_by_text("kun det første ark").wait_for(timeout=30_000)
    wait_for_app(page)
    screenshot(page, "data-upload-markdown")

    # The invisible word joiner that keeps bare addresses from becoming links is left out.
    body = page.locator("body").inner_text().replace("\u2060", "")
    # Shown literally (no escaping backslash visible) in the greeting, the file card, the
    # validation report (a cell value and a column header) and the sheet warning.
    assert f"Logget ind som {PLANT}" in body
    assert FILE_PLANT in body
    assert f"«{PLANT[:60]}" in body and "er ikke et helt tal" in body  # the value is cut at 80
    assert f"Kolonnen «{PLANT}» hører ikke til" in body
    assert f"«{SHEET_PLANTS[0]}», «{SHEET_PLANTS[1]}»" in body
    assert "\\" not in body
    # Nothing rendered: no planted image or link, no LaTeX, no colour, no bold from the text.
    for url in PLANTED_URLS:
        assert page.locator(f"img[src*='{url}'], a[href*='{url}']").count() == 0, url
    assert page.locator(".katex, .katex-display").count() == 0
    assert page.locator("span[style*='color']", has_text="rød").count() == 0
    # (the greeting shows the whole user name in bold, so only an element holding just the
    # planted word would mean it was rendered)
    for tag, word in (("strong", "fed"), ("strong", "ark"), ("code", "k"), ("del", "x")):
        assert page.locator(tag).filter(has_text=re.compile(f"^{word}$")).count() == 0, tag
    assert planted_requests == []
