"""WCAG 2.1 A/AA in a real browser: axe-core on every view (see tests/browser/axe.py).

Checked: every page from its bare address (in ``test_pages.py``, on the same load that checks
the page's content), the presentation view (``?embed=true``, in ``test_presentation.py``,
likewise), a shared
link with a comparison group, the Data page after an analyst has logged in and uploaded a
file, and the offline udvalgsrapport as it is downloaded from Overblik. A violation of
impact serious or critical fails; the results go to ``docs/a11y/axe-results.json`` (with
``NOEGLETAL_AXE_UPDATE=1``), from which the Tilgængelighedserklæring is generated.
"""

from __future__ import annotations

import pytest

from noegletal.ui.shell import PAGE_BY_KEY
from tests.browser.axe import check_view
from tests.browser.conftest import ANALYST_PASSWORD, ROOT, wait_for_app
from tests.browser.helpers import EXPECTED_CHARTS, LINK_PARAMS, open_page, page_url

pytestmark = [pytest.mark.browser]


def test_shared_link_has_no_serious_violation(page, streamlit_server, axe):
    pg_def = PAGE_BY_KEY["udgifter"]
    open_page(page, page_url(streamlit_server, pg_def, LINK_PARAMS), EXPECTED_CHARTS["udgifter"])
    # the «Del link» popover open, as the one who shares the link sees it
    page.locator("[data-testid='stPopover'] button").filter(has_text="Del link").click()
    page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']").first.wait_for()
    check_view(page, axe, "udgifter-delt-link", "Udgifter (delt link, «Del link» åben)",
               "Delt link", "/udgifter?kommune=657&…&sammenlign=gruppe", order=200)


def test_data_page_after_login_has_no_serious_violation(page, streamlit_server, axe):
    page.goto(f"{streamlit_server}/data")
    wait_for_app(page)
    page.get_by_label("Brugernavn").fill("alice")
    page.get_by_label("Adgangskode").fill(ANALYST_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_text("Logget ind som").wait_for(timeout=30_000)
    wait_for_app(page)
    # a checked file with a validation report, so the report table and badges are checked too
    page.locator("input[type='file']").first.set_input_files(
        str(ROOT / "tests" / "corpus" / "files" / "dato_umulig.csv"))
    page.get_by_text("Valideringsrapport").first.wait_for(timeout=60_000)
    wait_for_app(page)
    check_view(page, axe, "data-logget-ind", "Data (analytiker logget ind, fil kontrolleret)",
               "Data efter login", "/data", order=300)


def test_committee_report_has_no_serious_violation(page, streamlit_server, axe, tmp_path):
    open_page(page, f"{streamlit_server}/?{LINK_PARAMS}")
    with page.expect_download(timeout=180_000) as download:
        page.get_by_role("button", name="Hent udvalgsrapport (HTML)").click()
    report = tmp_path / "udvalgsrapport.html"
    download.value.save_as(report)
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    assert page.locator("h1").count() >= 1
    check_view(page, axe, "udvalgsrapport", "Udvalgsrapport (HTML, offline)", "Rapport",
               "Hent udvalgsrapport (HTML) på Overblik", order=400)
