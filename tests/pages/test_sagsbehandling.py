"""The Sagsbehandling page, its caseload target in the link, and its theme builder."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from noegletal.metrics.suppression import suppress
from noegletal.presentation.formatting import format_value
from noegletal.presentation.state import parse_state, parse_target, to_query_params
from noegletal.presentation.themes import sagsbehandling as theme
from tests.pages.conftest import texts

STANDARDS = {"hjemmebaseret": 91, "netvaerkspleje": 91, "familiepleje": 91, "institution": 42}


def _figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _names(figure: dict) -> list[str]:
    """The legend entries as one line each (long ones are wrapped with ``<br>``)."""
    return [(t.get("name") or "").replace("<br>", " ") for t in figure["data"]]


def _latest(data, kf_id: str, kommune: int) -> float:
    r = data.results
    rows = r[(r["noegletal"] == kf_id) & (r["kommunekode"] == kommune)]
    return float(rows.sort_values("dato")["vaerdi"].iloc[-1])


def test_sagsbehandling_without_parameters(open_page, dashboard_data):
    at = open_page("sagsbehandling")
    assert not at.exception
    figures = _figures(at)
    assert [f["layout"]["meta"]["noegletal"] for f in figures] == [
        ["sagstal_gennemsnit", "sagstal_laveste", "sagstal_hoejeste"],
        ["dage_mellem_opfoelgninger_median"], ["opfoelgninger_rettidige_andel"]]
    assert "Mål: 25 sager pr. årsværk" in _names(figures[0])
    assert "Standard 42 dage: institution, opholdssted m.v." in _names(figures[1])
    assert at.number_input[0].value == 25 and at.toggle[0].value is False
    kommune = dashboard_data.kommuner[0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Gennemsnitligt sagstal"] == format_value(
        _latest(dashboard_data, "sagstal_gennemsnit", kommune), "sager")
    assert metrics["Rettidige opfølgninger"] == format_value(
        _latest(dashboard_data, "opfoelgninger_rettidige_andel", kommune), "pct")
    text = texts(at)
    assert "42 dage (hver 6. uge) ved institution, opholdssted m.v." in text
    assert "målet på 25 sager pr. årsværk" in text
    assert "maal" not in at.query_params  # the default target is not written in the link


def test_target_range_from_the_link(open_page):
    at = open_page("sagsbehandling", kommune="657", maal="25-30")
    assert not at.exception
    assert "Mål: 25-30 sager pr. årsværk" in _names(_figures(at)[0])
    assert at.toggle[0].value is True
    assert [n.value for n in at.number_input] == [25, 30]
    assert at.query_params["maal"] == "25-30"


def test_changing_the_target_updates_chart_and_link(open_page):
    at = open_page("sagsbehandling")
    at.number_input[0].set_value(30).run()
    assert not at.exception
    assert "Mål: 30 sager pr. årsværk" in _names(_figures(at)[0])
    assert at.query_params["maal"] == "30"


def test_invalid_target_in_link_falls_back(open_page):
    at = open_page("sagsbehandling", maal="mange")
    assert not at.exception
    assert any("mål for sagstal" in i.value for i in at.info)
    assert "Mål: 25 sager pr. årsværk" in _names(_figures(at)[0])


@pytest.mark.parametrize(("text", "expected"), [
    ("25", (25, 25)), (" 25-30 ", (25, 30)), ("1", (1, 1)), ("100", (100, 100))])
def test_parse_target(text, expected):
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["0", "101", "30-25", "25,5", "-5", "25-30-35", "x", ""])
def test_parse_target_refuses(text):
    with pytest.raises(ValueError):
        parse_target(text)


def test_target_in_url_state():
    parsed = parse_state({"maal": "25-30"})
    assert parsed.state.maal == (25, 30) and parsed.notices == []
    assert to_query_params(parsed.state)["maal"] == "25-30"
    bad = parse_state({"maal": "500"})
    assert bad.state.maal is None
    assert bad.notices == ["Linkets mål for sagstal er ugyldig; standardmålet bruges."]


def test_texts_of_intervals_and_standards():
    assert theme.interval_text(42) == "42 dage (hver 6. uge)"
    assert theme.interval_text(91) == "91 dage (hver 13. uge, ca. 3 måneder)"
    assert theme.interval_text(60) == "60 dage (ca. 2 måneder)"
    assert theme.interval_text(10) == "10 dage"
    assert theme.standards_sentence(STANDARDS) == (
        "Standarder for opfølgning: 91 dage (hver 13. uge, ca. 3 måneder) ved hjemmebaserede "
        "indsatser, netværkspleje og familiepleje; 42 dage (hver 6. uge) ved institution, "
        "opholdssted m.v. Sager, hvor barnet er på trinnet forebyggende (§ 11, stk. 3), har "
        "ingen standard og tælles ikke med.")
    table = theme.standards_table({"institution": 42})
    assert table.values.tolist()[0] == ["Forebyggende (§ 11, stk. 3)",
                                        "Ingen standard – tælles ikke med"]
    assert table.values.tolist()[-1] == ["Institution, opholdssted m.v.",
                                         "42 dage (hver 6. uge)"]


def _rows(records) -> pd.DataFrame:
    f = pd.DataFrame(records, columns=["noegletal", "kommunekode", "dato", "dimension", "vaerdi",
                                       "taeller", "naevner"])
    f["dato"] = pd.to_datetime(f["dato"])
    return suppress(f, 5)


def test_target_sentence_and_blocks_on_hand_made_rows():
    # Like the report's Tabel 4 for Haderslev: 26,4 on average, 35 highest, 11 lowest
    frame = _rows([
        ("sagstal_gennemsnit", 510, "2017-03-01", "", 26.9, 404.0, 15.0),
        ("sagstal_gennemsnit", 510, "2017-09-01", "", 26.4, 396.0, 15.0),
        ("sagstal_hoejeste", 510, "2017-09-01", "", 35.0, None, None),
        ("sagstal_laveste", 510, "2017-09-01", "", 11.0, None, None),
    ])
    assert theme.target_sentence(frame, (25, 25), kommunekode=510) == (
        "Ved den seneste opgørelse (september 2017) havde en socialrådgiver i Haderslev i "
        "gennemsnit 26,4 sager pr. årsværk – over målet på 25 sager pr. årsværk.")
    assert theme.target_sentence(frame, (25, 30), kommunekode=510).endswith(
        "inden for målet på 25-30 sager pr. årsværk.")
    assert theme.target_sentence(frame, (30, 30), kommunekode=510).endswith(
        "under målet på 30 sager pr. årsværk.")
    blocks = theme.blocks(frame, None, "Hele landet", kommunekode=510, target=(25, 30),
                          standards=STANDARDS)
    caseload = blocks[0]
    assert caseload.table.values.tolist() == [
        ["Gennemsnit", "26,9", "26,4"], ["Højeste", "–", "35,0"], ["Laveste", "–", "11,0"]]
    assert caseload.table_caption == "Sager pr. årsværk i Haderslev (mål: 25-30 sager pr. årsværk)"
    # the follow-up blocks have no rows: no figure, but the standards are still stated
    assert blocks[1].figure is None and blocks[2].figure is None
    assert blocks[2].notes[-1] == theme.standards_sentence(STANDARDS)
    # few social workers are not "few children": no such warning under the caseloads
    assert not any("få børn" in n for n in caseload.notes)
