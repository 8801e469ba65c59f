"""Targets on cards and charts: every target in force on a card, and on a unit breakdown
only the targets of its base dimension, labelled once."""

from __future__ import annotations

import pandas as pd
from plotly.subplots import make_subplots

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.presentation.targets import add_targets, card_status


def _targets(rows) -> pd.DataFrame:
    return pd.DataFrame([{"noegletal": k, "dimension": d, "maalvaerdi": v, "retning": r,
                          "fra_dato": pd.Timestamp("2016-01-01"), "til_dato": pd.NaT}
                         for k, d, v, r in rows])


def test_a_card_names_every_target_in_force():
    fu = _targets([("anbragte_pr_1000", "", 10.5, "hoejst"),
                   ("anbragte_pr_1000", "", 11.5, "hoejst")]).assign(
        status=["ikke_naaet", "naaet"])
    assert card_status(fu, "anbragte_pr_1000", "", CATALOGUE) == \
        "Mål højst 10,5: ikke nået; højst 11,5: nået"


def test_a_unit_breakdown_gets_its_base_dimensions_targets_labelled_once():
    kf = CATALOGUE["anbringelsesform_andel"]
    fig = make_subplots(rows=1, cols=3)
    for col in (1, 2, 3):
        fig.add_scatter(x=[2016, 2017], y=[10.0, 20.0], row=1, col=col)
    fig.update_layout(meta={"enhed": "alle", "dimension": "institution"})
    add_targets(fig, _targets([("anbringelsesform_andel", "institution", 15.0, "hoejst"),
                               ("anbringelsesform_andel", "familiepleje", 50.0, "mindst"),
                               ("anbringelsesform_andel", "institution|enhed=Nord", 12.0,
                                "hoejst")]), kf)
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["Mål (Institution, opholdssted m.v.): højst 15,0 %"]
    lines = [s for s in fig.layout.shapes if s.line.width]
    assert {s.y0 for s in lines} == {15.0} and len(lines) == 3  # one per panel
    assert fig.layout.meta["maal"] == 1
