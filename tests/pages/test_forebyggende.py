"""The § 11.3 page: courses per 1000 and the two versions of the follow-on share."""

from __future__ import annotations

import json

from noegletal.presentation.themes.forebyggende import BFU_EXPLANATION, BFU_SHORT
from noegletal.services.views import ViewFilter, kommune_frame
from noegletal.settings import get_settings
from tests.pages import oracle
from tests.pages.conftest import texts


def test_forebyggende_without_parameters(open_page, dashboard_data):
    at = open_page("forebyggende")
    assert not at.exception
    ids = [json.loads(c.proto.spec)["layout"]["meta"]["noegletal"]
           for c in at.get("plotly_chart")]
    assert ids == [["forebyggende_11_3_pr_1000"],
                   ["forebyggende_11_3_bfu_andel", "forebyggende_11_3_bfu_12_mdr"]]
    text = texts(at)
    assert BFU_EXPLANATION in text and "Tallet bør ikke stige" in text
    assert text.count(BFU_EXPLANATION) == 1  # not repeated under the chart
    # side by side: the latest value of each version with its counts
    # the latest rows as the services show them (suppressed with the threshold in force)
    kommune = dashboard_data.kommuner[0]
    shown = kommune_frame(dashboard_data, list(BFU_SHORT),
                          ViewFilter(kommune=kommune, threshold=get_settings().suppression_threshold))
    metrics = {m.label: m.value for m in at.metric}
    for kf_id, label in BFU_SHORT.items():
        rows = shown[shown["noegletal"] == kf_id]
        row = rows.loc[rows["dato"] == rows["dato"].max()].iloc[0]
        if row["undertrykt"]:
            assert metrics[label] == row["vises"]
        else:  # 100 x courses followed by an investigation / courses, one decimal
            assert metrics[label] == oracle.pct(row["taeller"], row["naevner"])
            assert (f"{oracle.count(row['taeller'])} af {oracle.count(row['naevner'])} børn"
                    in text)


def test_forebyggende_with_parameters(open_page):
    at = open_page("forebyggende", kommune="510", fra="2016-01-31", til="2017-09-30")
    assert not at.exception
    assert "§ 11.3-forløb · Haderslev" in [t.value for t in at.title]
    assert "Periode: 31. januar 2016 – 30. september 2017" in texts(at)
    table_captions = [e.label for e in at.expander]
    assert any("som rapportens Tabel 6" in c for c in table_captions)
