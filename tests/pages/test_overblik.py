"""The Overblik page: headline figures, summary sentences and the udvalgsrapport."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from noegletal.domain.formatting import format_date
from noegletal.presentation.overview import HEADLINES
from noegletal.services.landet import dates_of
from tests.pages import oracle
from tests.pages.conftest import texts


def _latest(data, kf_id: str, kommune: int, dimension: str = "") -> float:
    return float(_latest_row(data, kf_id, kommune, dimension)["vaerdi"])


def _latest_row(data, kf_id: str, kommune: int, dimension: str = ""):
    r = data.results
    rows = r[(r["noegletal"] == kf_id) & (r["kommunekode"] == kommune)
             & (r["dimension"].fillna("") == dimension)]
    return rows.loc[rows["dato"] == data.cutoffs[-1]].iloc[0]


def test_overblik_without_parameters(open_page, dashboard_data):
    at = open_page()
    assert not at.exception
    kommune = dashboard_data.kommuner[0]
    metrics = {m.label: m for m in at.metric}
    # One card per headline, plus the Landet card (the place among all municipalities).
    assert len(metrics) == len(HEADLINES) + 1
    rate = metrics["Anbragte pr. 1.000 børn"]
    row = _latest_row(dashboard_data, "anbragte_pr_1000", kommune)
    # 1000 x placed children / children 0-17, one decimal, half up
    assert rate.value == oracle.per_1000(row["taeller"], row["naevner"])
    landet = metrics["Placering blandt alle kommuner"]
    assert landet.value.startswith("nr. ") and landet.value.endswith(" af 96")
    share = metrics["Andel af de anbragte på institution"]
    row = _latest_row(dashboard_data, "anbringelsesform_andel", kommune, "institution")
    assert share.value == oracle.pct(row["taeller"], row["naevner"])  # 100 x on institution / placed
    assert "Kort fortalt" in texts(at)
    assert "siger ikke noget om, hvad der har skabt den" in texts(at)
    buttons = [b for b in at.get("download_button")]
    assert any(b.proto.label == "Hent udvalgsrapport (HTML)" for b in buttons)
    links = [link for link in at.get("page_link")
             if link.proto.label != "Tilgængelighedserklæring"]  # the footer's link
    assert len(links) == len(HEADLINES) + 1
    assert "Kilde: Eksempeldata (opdigtede tal): sammenligning.csv" in texts(at)


def test_overblik_follows_the_link(open_page, dashboard_data):
    at = open_page(kommune="657", fra="2016-01-31", sammenlign="510")
    assert not at.exception
    assert "Overblik · Herning" in [t.value for t in at.title]
    metrics = {m.label: m for m in at.metric}
    rate = metrics["Anbragte pr. 1.000 børn"]
    row = _latest_row(dashboard_data, "anbragte_pr_1000", 657)
    assert rate.value == oracle.per_1000(row["taeller"], row["naevner"])
    # the change is since a year earlier, between the values as shown (one decimal), with an
    # ASCII minus for Streamlit's arrow
    r = dashboard_data.results
    series = r[(r["noegletal"] == "anbragte_pr_1000") & (r["kommunekode"] == 657)]
    series = series.set_index("dato")
    last = dashboard_data.cutoffs[-1]
    year_ago = pd.Timestamp(last - pd.DateOffset(months=12))
    shown = [Decimal(oracle.per_1000(series.loc[d, "taeller"], series.loc[d, "naevner"])
                     .replace(".", "").replace(",", ".")) for d in (last, year_ago)]
    delta = shown[0] - shown[1]
    sign = "+" if delta > 0 else "-" if delta < 0 else ""
    assert rate.delta == sign + oracle.danish(abs(delta), 1)
    # the comparator is Haderslev's own figure at the same cut-off
    row = _latest_row(dashboard_data, "anbragte_pr_1000", 510)
    haderslev = oracle.per_1000(row["taeller"], row["naevner"])
    assert f"Haderslev: {haderslev}" in texts(at)
    # the links to the theme pages carry the filters
    link = next(p for p in at.get("page_link") if "Anbringelser" in p.proto.label)
    assert link.proto.page == "anbringelser"
    assert link.proto.query_string == "kommune=657&fra=2016-01-31&sammenlign=510"


def test_the_work_in_progress_note_is_gone_and_the_share_link_is_there_after_the_run(open_page):
    """While a page computes it says «Beregner tallene …» and «Del link» says the link is on
    its way (issue 11, item 11); when the page has run both notes are replaced."""
    from noegletal.ui.shell import COMPUTING_TEXT, SHARE_PENDING_TEXT

    at = open_page("anbringelser", kommune="657")
    assert not at.exception
    shown = texts(at)
    assert COMPUTING_TEXT not in shown and SHARE_PENDING_TEXT not in shown
    assert "Linket viser præcis denne visning" in shown
    assert any("embed=true" in c.value for c in at.code)


def test_overblik_landet_card_uses_the_newest_published_date_in_the_period(open_page,
                                                                           dashboard_data):
    """A period ending in September 2017 places the municipality on the published figures
    of the newest published date up to the period's end, not on the data's latest date."""
    dates = [pd.Timestamp(d) for d in dates_of(dashboard_data, "anbragte_pr_1000")]
    til = pd.Timestamp("2017-09-30")
    expected = max(d for d in dates if d <= til)
    assert expected < dates[-1]  # the sample has later published dates than the period
    at = open_page(kommune="657", fra="2016-01-31", til="2017-09-30")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert f"{format_date(expected)}:" in captions
    assert f"{format_date(dates[-1])}:" not in captions
