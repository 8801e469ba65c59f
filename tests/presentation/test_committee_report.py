"""The udvalgsrapport: every theme's blocks in one offline HTML file."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from noegletal.presentation.committee_report import (
    committee_report,
    expected_years_for,
    report_filename,
)
from noegletal.presentation.themes import THEMES, load_theme
from noegletal.services.dashboard import DashboardData
from noegletal.services.views import ViewFilter

CUTOFFS = [pd.Timestamp("2016-05-31"), pd.Timestamp("2016-09-30"), pd.Timestamp("2017-05-31")]


def _result(kf_id, dato, dim, v, t, n, kommune=167):
    return {"noegletal": kf_id, "kommunekode": kommune, "dato": pd.Timestamp(dato),
            "dimension": dim, "vaerdi": v, "taeller": t, "naevner": n}


def _data() -> DashboardData:
    results = pd.DataFrame([
        _result("anbragte_pr_1000", "2016-05-31", "", 8.0, 80.0, 10_000.0),
        _result("anbragte_pr_1000", "2016-09-30", "", 7.5, 75.0, 10_000.0),
        _result("anbragte_pr_1000", "2017-05-31", "", 7.0, 70.0, 10_000.0),
        _result("forebyggende_11_3_bfu_andel", "2017-05-31", "", 20.0, 6.0, 30.0),
        _result("forebyggende_11_3_bfu_12_mdr", "2017-05-31", "", 25.0, 10.0, 40.0),
        _result("anbragte_pr_1000", "2017-05-31", "", 9.0, 90.0, 10_000.0, kommune=510),
    ])
    comparison = pd.DataFrame({"kommunekode": [0], "noegletal": ["anbragte_pr_1000"],
                               "dato": [pd.Timestamp("2017-05-31")], "dimension": [""],
                               "vaerdi": [9.6]})
    return DashboardData(
        results=results, warnings=[], token="abcdef1234567890", cutoffs=CUTOFFS,
        kommuner=[167, 510], comparison=comparison, versions=pd.DataFrame(),
        expected_years=pd.DataFrame({"kommunekode": [167, 510], "aar": [2017, 2016]}),
        is_sample=True,
    )


VIEW = ViewFilter(kommune=167, fra=CUTOFFS[0], til=CUTOFFS[-1])
GENERATED = dt.datetime(2017, 6, 15, 9, 30)


def test_report_has_overview_every_available_theme_and_no_outside_requests():
    html = committee_report(_data(), VIEW, generated=GENERATED)
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Nøgletal for udsatte børn og unge – Hvidovre</title>" in html
    assert "31. maj 2016 til 31. maj 2017" in html
    assert "Dataversion abcdef12" in html
    assert "Eksempeldata" in html
    # the overview: summary sentence and headline table with the national comparator
    assert ("Anbragte børn pr. 1.000 børn er faldet fra 8,0 pr. 1.000 børn i maj 2016 til "
            "7,0 pr. 1.000 børn i maj 2017.") in html
    assert "<td>Hele landet: 9,6</td>" in html
    assert "<td>−1,0 siden maj 2016</td>" in html
    for info in THEMES:
        assert f"<h2>{load_theme(info).TITLE}</h2>" in html.replace("&quot;", '"')
    # the § 11.3 block shows both versions with their counts (Tabel 6)
    assert "20,0 % (6 af 30 forløb)" in html and "25,0 % (10 af 40 forløb)" in html
    # plotly.js embedded once, nothing fetched from elsewhere
    assert html.count("<script type=\"text/javascript\">/**") <= 1
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=\"https?:", html)


def test_report_never_shows_other_municipalities_numbers_or_hidden_counts():
    data = _data()
    data.results.loc[3, ["taeller", "naevner", "vaerdi"]] = [2.0, 30.0, 6.7]  # 2 of 30: hidden
    html = committee_report(data, VIEW, generated=GENERATED)
    assert "6,7 %" not in html and "2 af 30" not in html
    assert "9,0 pr. 1.000" not in html  # Haderslev's own figure is not the comparator


def test_the_sections_follow_the_registry_of_theme_pages():
    html = committee_report(_data(), VIEW, generated=GENERATED)
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    # the contents, Overblik, then the theme pages of noegletal.metrics.catalogue.PAGES in navigation order
    assert headings == ["Indhold", "Overblik", "Anbringelser", "Indsatstrappen",
                        "Forebyggende forløb (§ 11, stk. 3)", "Udgifter",
                        "Skoletrivsel og fravær", "Sagsbehandling",
                        "Indsatser: udvikling og omkostninger"]
    assert "Disse afsnit findes endnu ikke" not in html


def test_helpers():
    assert expected_years_for(_data(), 167) == (2017,)
    assert report_filename(VIEW) == "udvalgsrapport-hvidovre-2016-05-31-2017-05-31.html"
    assert report_filename(ViewFilter(kommune=657)) == "udvalgsrapport-herning.html"
