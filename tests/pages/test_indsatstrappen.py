"""The Indsatstrappen page, with its two page choices kept in the link."""

from __future__ import annotations

import json

import pandas as pd

from tests.pages.conftest import texts


def _ids(at) -> list[list[str]]:
    return [json.loads(c.proto.spec)["layout"]["meta"]["noegletal"]
            for c in at.get("plotly_chart")]


def test_indsatstrappen_without_parameters(open_page, dashboard_data):
    at = open_page("indsatstrappen")
    assert not at.exception
    assert _ids(at) == [["hjemmebaserede_pr_1000"], ["hjemmebaserede_type_pr_1000"],
                        ["bevaegelse_fra_hjemmebaserede"], ["trin_overgange"],
                        ["boern_med_foranstaltning_pr_1000"], ["underretninger_pr_1000"]]
    # the Sankey shows the latest cut-off by default, and the link has no dato
    assert at.selectbox(key="nt_date_indsatstrappen").value == dashboard_data.cutoffs[-1]
    assert "dato" not in at.query_params
    assert "Indsatstrappen ordner hjælpen" in texts(at)


def test_indsatstrappen_choices_from_the_link(open_page, dashboard_data):
    chosen = dashboard_data.cutoffs[-4]
    at = open_page("indsatstrappen", kommune="167", visning="antal",
                   dato=chosen.date().isoformat())
    assert not at.exception
    assert ["hjemmebaserede_type_antal"] in _ids(at)
    assert at.selectbox(key="nt_date_indsatstrappen").value == chosen
    sankey = json.loads(at.get("plotly_chart")[3].proto.spec)
    assert sankey["data"][0]["type"] == "sankey"
    before = (chosen - pd.DateOffset(months=12))
    assert f"Antal børn efter trin {before.day}." in " ".join(e.label for e in at.expander)
    # both choices are written back to the address bar
    assert at.query_params["visning"] == ["antal"] or at.query_params["visning"] == "antal"
    dato = at.query_params["dato"]
    assert (dato[-1] if isinstance(dato, list) else dato) == chosen.date().isoformat()


def test_indsatstrappen_unknown_date_falls_back(open_page, dashboard_data):
    at = open_page("indsatstrappen", dato="1999-01-31")
    assert not at.exception
    assert any("Linkets skæringsdato findes ikke" in i.value for i in at.info)
    assert at.selectbox(key="nt_date_indsatstrappen").value == dashboard_data.cutoffs[-1]
