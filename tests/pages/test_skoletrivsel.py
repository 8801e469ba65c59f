"""The Skoletrivsel page and its theme builder."""

from __future__ import annotations

import json

import pandas as pd

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.metrics.suppression import suppress
from noegletal.presentation.formatting import format_value
from noegletal.presentation.themes import skoletrivsel as theme
from tests.pages.conftest import texts


def _ids(at) -> list[list[str]]:
    return [json.loads(c.proto.spec)["layout"]["meta"]["noegletal"]
            for c in at.get("plotly_chart")]


def _latest(data, kf_id: str, kommune: int) -> float:
    r = data.results
    rows = r[(r["noegletal"] == kf_id) & (r["kommunekode"] == kommune)]
    return float(rows.sort_values("dato")["vaerdi"].iloc[-1])


def test_skoletrivsel_shows_all_three_indicators(open_page, dashboard_data):
    at = open_page("skoletrivsel")
    assert not at.exception
    assert _ids(at) == [[i, f"{i}_forskel"] for i in theme.INDICATORS]
    # the monitoring note comes from the catalogue and stands above the charts
    assert CATALOGUE["faglig_trivsel"].caveats[0] in at.warning[0].value
    assert "Overvågning, ikke effektmåling" in at.warning[0].value
    kommune = dashboard_data.kommuner[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Faglig trivsel: forskel"] == format_value(
        _latest(dashboard_data, "faglig_trivsel_forskel", kommune), "indekspoint")
    gap = format_value(_latest(dashboard_data, "fravaer_pct_forskel", kommune), "procentpoint")
    assert metrics["Fravær: forskel (procentpoint)"] + " procentpoint" == gap
    assert "Forskellen mellem udsatte og øvrige elever i fravær i skolen" in texts(at)


def test_one_indicator_from_the_link(open_page):
    at = open_page("skoletrivsel", kommune="510", visning="fravaer_pct")
    assert not at.exception
    assert _ids(at) == [["fravaer_pct", "fravaer_pct_forskel"]]
    assert [m.label for m in at.metric] == ["Fravær: forskel (procentpoint)"]
    assert "Skoletrivsel · Haderslev" in [t.value for t in at.title]
    # choosing another indicator keeps it in the address bar
    at.segmented_control[0].set_value("social_trivsel").run()
    assert _ids(at) == [["social_trivsel", "social_trivsel_forskel"]]
    assert at.query_params["visning"] == "social_trivsel"


def test_unknown_view_in_link_falls_back(open_page):
    at = open_page("skoletrivsel", visning="matematik")
    assert not at.exception
    assert any("visning findes ikke" in i.value for i in at.info)
    assert len(_ids(at)) == 3


def _rows(records) -> pd.DataFrame:
    f = pd.DataFrame(records, columns=["noegletal", "kommunekode", "dato", "dimension", "vaerdi",
                                       "taeller", "naevner"])
    f["dato"] = pd.to_datetime(f["dato"])
    return suppress(f, 5)


def test_gap_table_like_tabel_8():
    # The report's Tabel 8 (Haderslev, faglig trivsel 2014/15 and 2015/16)
    frame = _rows([
        ("faglig_trivsel", 510, "2014-08-01", "udsatte", 3.4, None, 159),
        ("faglig_trivsel", 510, "2014-08-01", "oevrige", 3.6, None, 2353),
        ("faglig_trivsel", 510, "2015-08-01", "udsatte", 3.5, None, 4),
        ("faglig_trivsel", 510, "2015-08-01", "oevrige", 3.7, None, 2496),
        ("faglig_trivsel_forskel", 510, "2014-08-01", "", -0.2, None, None),
        ("faglig_trivsel_forskel", 510, "2015-08-01", "", -0.2, None, None),
    ])
    table = theme.gap_table(frame, "faglig_trivsel", kommunekode=510)
    assert list(table.columns) == ["Nøgletal", "2014/15", "N 2014/15", "2015/16", "N 2015/16"]
    assert table.values.tolist() == [
        ["Børn i udsatte positioner", "3,4", "159", "færre end 5 elever", "–"],
        ["Øvrige børn", "3,6", "2.353", "3,7", "2.496"],
        # the gap of 2015/16 is hidden with the suppressed udsatte mean
        [theme.GAP_ROW, "−0,2", "–", "..", "–"],
    ]
    blocks = theme.blocks(frame, None, "Hele landet", kommunekode=510,
                          indicators=("faglig_trivsel",))
    assert len(blocks) == 1 and blocks[0].key == "faglig_trivsel"
    assert blocks[0].notes[0].endswith(
        "Gruppen af udsatte elever skifter sammensætning fra år til år, så tallene viser en "
        "udvikling, men siger ikke noget om virkningen af indsatsen.")
