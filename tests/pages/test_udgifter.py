"""The Udgifter page and its theme builder."""

from __future__ import annotations

import json

import pandas as pd

from noegletal.metrics.suppression import suppress
from noegletal.presentation.formatting import format_value
from noegletal.presentation.themes import udgifter as theme
from noegletal.services.views import expected_years_of
from tests.pages.conftest import texts


def _figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _latest(data, kf_id: str, kommune: int, dimension: str = "") -> float:
    r = data.results
    rows = r[(r["noegletal"] == kf_id) & (r["kommunekode"] == kommune)
             & (r["dimension"].fillna("") == dimension)]
    return float(rows.sort_values("dato")["vaerdi"].iloc[-1])


def test_udgifter_without_parameters(open_page, dashboard_data):
    at = open_page("udgifter")
    assert not at.exception
    figures = _figures(at)
    assert [f["layout"]["meta"]["noegletal"] for f in figures] == [
        ["udgifter_netto"], ["merudgifter"], ["serviceudgifter_trin_andel"],
        ["udgift_pr_barn", "udgift_pr_barn_trin"]]
    kommune = dashboard_data.kommuner[0]
    metrics = {m.label: m.value for m in at.metric}
    net = format_value(_latest(dashboard_data, "udgifter_netto", kommune, "i_alt"), "1000_kr")
    if net.endswith(" mio. kr."):  # the unit moves to the card's label, so the number fits
        assert metrics["Nettodriftsudgifter i alt (mio. kr.)"] + " mio. kr." == net
    else:
        assert metrics["Nettodriftsudgifter i alt"] == net
    assert metrics["Udgift pr. barn med en indsats"] == format_value(
        _latest(dashboard_data, "udgift_pr_barn", kommune), "kr")
    text = texts(at)
    assert f"faste {dashboard_data.price_base_year}-priser" in text
    assert "service 2011-2014, administration og i alt 2013-2014" in text
    assert "kan søjlerne for service, administration og i alt ikke lægges sammen" in text
    # the catalogue's caveat on hidden § 11.3 costs is shown under the step chart
    assert "Udgifter til § 11, stk. 3-forløb kan ligge gemt" in text


def test_expected_accounts_are_marked(open_page, dashboard_data):
    kommune = dashboard_data.kommuner[0]
    years = expected_years_of(dashboard_data, kommune)
    assert years, "the sample data has a year with forventet regnskab"
    at = open_page("udgifter")
    net = _figures(at)[0]
    assert f"{years[-1]} (forventet)" in net["layout"]["xaxis"]["categoryarray"]
    assert "Forventet regnskab<br>(ikke endeligt)" in [t["name"] for t in net["data"]]
    assert f"{years[-1]}: forventet regnskab." in texts(at)


def test_udgifter_with_another_municipality_as_comparator(open_page):
    at = open_page("udgifter", kommune="657", sammenlign="510", fra="2016-01-31")
    assert not at.exception
    assert "Udgifter · Herning" in [t.value for t in at.title]
    cost = _figures(at)[3]
    assert "Haderslev" in [t["name"] for t in cost["data"]]
    years = [int(c[:4]) for c in cost["layout"]["xaxis"]["categoryarray"]]
    assert min(years) == 2016


# --- the builder on hand-made rows ----------------------------------------------------------

def _rows(records) -> pd.DataFrame:
    f = pd.DataFrame(records, columns=["noegletal", "kommunekode", "dato", "dimension", "vaerdi",
                                       "taeller", "naevner"])
    f["dato"] = pd.to_datetime(f["dato"])
    return suppress(f, 5)


def test_blocks_mark_expected_years_and_state_prices():
    frame = _rows([
        ("udgifter_netto", 510, "2016-12-31", "service", 1000.0, None, None),
        ("udgifter_netto", 510, "2017-12-31", "service", 1200.0, None, None),
        ("udgifter_netto", 510, "2016-12-31", "i_alt", 1500.0, None, None),
        ("udgifter_netto", 510, "2017-12-31", "i_alt", 1650.0, None, None),
        ("udgift_pr_barn", 510, "2017-12-31", "", 60_000.0, 1_200_000.0, 20.0),
    ])
    blocks = theme.blocks(frame, None, "Hele landet", kommunekode=510, expected_years=(2017,),
                          price_base_year=2017)
    assert [b.key for b in blocks] == ["udgifter_netto", "merudgifter", "serviceudgifter_trin",
                                       "udgift_pr_barn"]
    net = blocks[0]
    assert list(net.table.columns) == ["Nøgletal", "2016", "2017 (forventet regnskab)"]
    service = net.table.loc[net.table["Nøgletal"].str.startswith("Service")].iloc[0]
    assert (service["2016"], service["2017 (forventet regnskab)"]) == ("1,0 mio. kr.",
                                                                       "1,2 mio. kr.")
    assert net.notes[0] == ("Alle beløb er i faste 2017-priser, så årene kan sammenlignes "
                            "uden prisudviklingen.")
    assert net.notes[1].startswith("2017: forventet regnskab.")
    assert net.figure.layout.title.subtitle.text == "Haderslev · 1.000 kr.,<br>faste 2017-priser"
    # no merudgifter or step rows: blocks without a figure, which the page reports as empty
    assert blocks[1].figure is None and blocks[2].figure is None
    cost = blocks[3]
    assert cost.figure is not None
    hover = cost.figure.data[0].hovertext[0]
    assert "60.000 kr. pr. barn" in hover and "1,2 mio. kr. fordelt på 20 børn" in hover


def test_texts_of_prices_and_base_periods():
    assert theme.price_text(2017) == "faste 2017-priser"
    assert theme.price_text(None).startswith("løbende priser")
    assert theme.base_period_text(theme.DEFAULT_BASE_PERIODS) == (
        "service 2011-2014, administration og i alt 2013-2014")
    assert theme.base_period_text({"service": (2010, 2012), "i_alt": (2010, 2012)}) == (
        "service og i alt 2010-2012")
