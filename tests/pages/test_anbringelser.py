"""The Anbringelser page."""

from __future__ import annotations

import json

from tests.pages.conftest import texts


def _figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _ids(at) -> list[list[str]]:
    return [f["layout"]["meta"]["noegletal"] for f in _figures(at)]


def test_anbringelser_without_parameters(open_page):
    at = open_page("anbringelser")
    assert not at.exception
    ids = _ids(at)
    assert ["anbragte_pr_1000"] in ids
    assert ["institution_ophoert_andel", "institution_ophoert_hvorhen"] in ids
    assert ["institution_varighed_dage"] in ids and ["flytninger_pr_1000"] in ids
    # placement forms for the municipality and, with the national series, for Hele landet
    assert ids.count(["anbringelsesform_andel"]) == 3
    assert "Sådan læses tallet" in [e.label for e in at.expander]
    assert "Her kan du følge, hvor mange børn" in texts(at)


def test_anbringelser_with_a_group(open_page):
    at = open_page("anbringelser", kommune="657", fra="2016-01-31", sammenlign="gruppe",
                   gruppe="167,510")
    assert not at.exception
    assert "Anbringelser · Herning" in [t.value for t in at.title]
    figures = _figures(at)
    rate = next(f for f in figures if f["layout"]["meta"]["noegletal"] == ["anbragte_pr_1000"])
    names = [t["name"] for t in rate["data"]]
    assert names[:2] == ["Herning", "Gruppe: Hvidovre,<br>Haderslev"]  # wrapped to fit
    # the group's comparison sentence carries the general note, not the national caveat
    text = texts(at)
    assert "for Gruppe: Hvidovre, Haderslev." in text  # names keep their capitals
    assert "Forskelle mellem kommuner kan også afspejle" in text
    # every period label on the axis is within the chosen period
    ticks = rate["layout"]["xaxis"]["ticktext"]
    assert all(int(t[-4:]) >= 2016 for t in ticks) and len(ticks) <= 9


def test_the_group_drawn_together_with_the_national_line(open_page):
    """Seed 004, Figur 35: the chosen municipality and the group's members on one chart, with
    the national line, reproduced by the link."""
    at = open_page("anbringelser", kommune="657", sammenlign="gruppe", gruppe="167,510")
    assert not at.exception
    [fig] = [f for f in _figures(at)
             if f["layout"]["title"]["text"].replace("<br>", " ")
             == "Anbragte pr. 1.000 børn i kommunerne"]
    names = [t["name"] for t in fig["data"] if t.get("mode") == "lines+markers"]
    assert names == ["Herning", "Hvidovre", "Haderslev", "Hele landet"]
    assert "for Herning, Hvidovre, Haderslev og Hele landet" in texts(at)  # the summary
