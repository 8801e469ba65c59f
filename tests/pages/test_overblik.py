"""The Overblik page: headline figures, summary sentences and the udvalgsrapport."""

from __future__ import annotations

import pandas as pd

from noegletal.presentation.formatting import format_change, format_value
from noegletal.presentation.overview import HEADLINES
from tests.pages.conftest import texts


def _latest(data, kf_id: str, kommune: int, dimension: str = "") -> float:
    r = data.results
    rows = r[(r["noegletal"] == kf_id) & (r["kommunekode"] == kommune)
             & (r["dimension"].fillna("") == dimension)]
    return float(rows.loc[rows["dato"] == data.cutoffs[-1], "vaerdi"].iloc[0])


def test_overblik_without_parameters(open_page, dashboard_data):
    at = open_page()
    assert not at.exception
    kommune = dashboard_data.kommuner[0]
    metrics = {m.label: m for m in at.metric}
    # One card per headline, plus the Landet card (the place among all municipalities).
    assert len(metrics) == len(HEADLINES) + 1
    rate = metrics["Anbragte pr. 1.000 børn"]
    assert rate.value == format_value(_latest(dashboard_data, "anbragte_pr_1000", kommune),
                                      "pr_1000")
    landet = metrics["Placering blandt alle kommuner"]
    assert landet.value.startswith("nr. ") and landet.value.endswith(" af 96")
    share = metrics["Andel af de anbragte på institution"]
    assert share.value == format_value(
        _latest(dashboard_data, "anbringelsesform_andel", kommune, "institution"), "pct")
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
    assert rate.value == format_value(_latest(dashboard_data, "anbragte_pr_1000", 657),
                                      "pr_1000")
    # the change is since a year earlier, with an ASCII minus for Streamlit's arrow
    r = dashboard_data.results
    series = r[(r["noegletal"] == "anbragte_pr_1000") & (r["kommunekode"] == 657)]
    series = series.set_index("dato")["vaerdi"]
    last = dashboard_data.cutoffs[-1]
    year_ago = last - pd.DateOffset(months=12)
    delta = float(series[last]) - float(series[pd.Timestamp(year_ago)])
    assert rate.delta == format_change(delta, "pr_1000").replace("\u2212", "-")
    # the comparator is Haderslev's own figure at the same cut-off
    haderslev = format_value(_latest(dashboard_data, "anbragte_pr_1000", 510), "pr_1000")
    assert f"Haderslev: {haderslev}" in texts(at)
    # the links to the theme pages carry the filters
    link = next(p for p in at.get("page_link") if "Anbringelser" in p.proto.label)
    assert link.proto.page == "anbringelser"
    assert link.proto.query_string == "kommune=657&fra=2016-01-31&sammenlign=510"
