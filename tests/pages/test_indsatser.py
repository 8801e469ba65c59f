"""The Indsatser page: intervention, progression, cost card, sensitivities and the link."""

from __future__ import annotations

import json

from noegletal.metrics import cost
from noegletal.presentation.formatting import format_kroner
from tests.pages.conftest import texts


def _figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _table_values(at) -> list[str]:
    frames = [d.value for d in at.dataframe] + [t.value for t in at.table]
    return [str(v) for df in frames for v in [*df.index, *df.to_numpy().ravel()]]


def test_indsatser_without_parameters(open_page, dashboard_data):
    at = open_page("indsatser")
    assert not at.exception
    kommune = dashboard_data.kommuner[0]
    r = dashboard_data.results
    names = sorted({d.split("|")[0] for d in r.loc[(r["kommunekode"] == kommune)
                                                   & r["noegletal"].str.startswith("omk_"),
                                                   "dimension"]})
    assert at.selectbox[0].options == names
    first = names[0]
    metas = [f["layout"]["meta"]["noegletal"] for f in _figures(at)]
    assert ["progression_foer_gns", "progression_efter_gns"] in metas
    assert ["omk_fordeling_andel"] in metas
    text = texts(at)
    assert "ikke indsatsens effekt" in text and "Etableringsomkostninger" in text
    per = r[(r["noegletal"] == "omk_pr_deltager") & (r["kommunekode"] == kommune)
            & (r["dimension"] == first)]["vaerdi"].iloc[0]
    assert format_kroner(per) in _table_values(at)
    assert "indsats" not in at.query_params and "loen" not in at.query_params


def test_shared_link_reproduces_intervention_and_sensitivity(open_page, dashboard_data):
    r = dashboard_data.results
    rows = r[(r["kommunekode"] == 657)]
    name = sorted({d.split("|")[0] for d in rows.loc[rows["noegletal"] == "omk_pr_deltager",
                                                      "dimension"]})[-1]
    at = open_page("indsatser", kommune="657", indsats=name, loen="10", deltagere="12.5",
                   alternativ="familiepleje")
    assert not at.exception
    assert at.selectbox[0].value == name
    assert at.number_input[0].value == 10
    assert at.toggle[0].value is True and at.number_input[1].value == 12.5
    own = cost.scenario_from_rows(rows, name, kommunekode=657, raise_pct=10,
                                  new_participants=12.5)
    assert format_kroner(own.pr_deltager) in _table_values(at)
    assert at.query_params["indsats"] == name
    assert at.query_params["loen"] == "10" and at.query_params["deltagere"] == "12.5"
    assert at.query_params["alternativ"] == "familiepleje"
    assert "Familiepleje" in " ".join(_table_values(at))


def test_changing_the_wage_level_updates_the_table_and_the_link(open_page, dashboard_data):
    at = open_page("indsatser", kommune="510")
    name = at.selectbox[0].value
    at.number_input[0].set_value(20).run()
    assert not at.exception
    rows = dashboard_data.results[dashboard_data.results["kommunekode"] == 510]
    own = cost.scenario_from_rows(rows, name, kommunekode=510, raise_pct=20)
    assert format_kroner(own.pr_deltager) in _table_values(at)
    assert at.query_params["loen"] == "20"


def test_invalid_link_values_fall_back_with_a_notice(open_page):
    at = open_page("indsatser", kommune="510", indsats="Findes ikke", loen="abc")
    assert not at.exception
    text = texts(at) + " ".join(i.value for i in at.info)
    assert "Linkets indsats findes ikke" in text
    # the invalid wage level was refused when the link was read: the default is used
    assert at.number_input[0].value == 0 and "loen" not in at.query_params
    assert "abc" not in text
