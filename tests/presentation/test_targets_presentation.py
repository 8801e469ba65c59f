"""Targets on cards and charts: every target in force on a card, and on a unit breakdown
only the targets of its base dimension, labelled once."""

from __future__ import annotations

import pandas as pd
from plotly.subplots import make_subplots

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.presentation.targets import add_targets, card_status, follow_up_table


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


def test_the_follow_up_table_says_the_distance_in_words_and_hides_small_numbers():
    """Five columns (the table fits beside the menu at 1024 px). Hand-made rows:
    sagstal 26,2 against «højst 30,0» is 30,0 − 26,2 = 3,8 under the target; the
    institution share 17,5 % against «højst 15,0 %» is 2,5 percentage points over it; a
    hidden value says so in words, never «<5»; no value in the period leaves the rest empty."""
    fu = _targets([("sagstal_gennemsnit", "", 30.0, "hoejst"),
                   ("anbringelsesform_andel", "institution", 15.0, "hoejst"),
                   ("anbragte_pr_1000", "", 7.0, "hoejst"),
                   ("forebyggende_11_3_pr_1000", "", 8.0, "mindst")]).assign(
        til_dato=[pd.NaT, pd.Timestamp("2025-12-31"), pd.NaT, pd.NaT],
        status=["naaet", "ikke_naaet", "ukendt", None],
        seneste_vaerdi=[26.2, 17.5, float("nan"), float("nan")],
        seneste_dato=[pd.Timestamp("2017-09-30")] * 3 + [pd.NaT],
        afstand=[-3.8, 2.5, float("nan"), float("nan")],
        udvikling=["bedre", None, None, None])
    table = follow_up_table(fu, CATALOGUE, threshold=5)
    assert table.columns.tolist() == ["Nøgletal", "Mål", "Seneste værdi", "Status",
                                      "Udvikling"]
    nb = "\u00a0"  # a number and its unit are never split over two lines
    assert table.iloc[:, 1:].values.tolist() == [
        ["højst 30,0 fra 1. januar 2016", f"26,2 (30. september 2017), 3,8{nb}under målet",
         "Nået", "bedre end ved forrige skæringsdato"],
        [f"højst 15,0{nb}% fra 1. januar 2016 til 31. december 2025",
         f"17,5{nb}% (30. september 2017), 2,5{nb}procentpoint over målet", "Ikke nået", ""],
        ["højst 7,0 fra 1. januar 2016", "vises ikke (færre end 5)",
         "Ukendt (tallet vises ikke)", ""],
        ["mindst 8,0 fra 1. januar 2016", "ingen tal i perioden", "", ""],
    ]


def test_stacked_bars_get_no_target_line_of_a_part():
    """Anbringelser's forms as stacked 100 % bars: institution is the top segment (from
    about 64 % to 100 %), so a line at its target of 15 % would cut through familiepleje.
    The line belongs on the institution share's own chart, which still gets it."""
    import plotly.graph_objects as go

    kf = CATALOGUE["anbringelsesform_andel"]
    targets = _targets([("anbringelsesform_andel", "institution", 15.0, "hoejst")])
    stacked = go.Figure([go.Bar(x=[2016], y=[v]) for v in (10.0, 54.0, 36.0)])
    stacked.update_layout(barmode="stack")
    add_targets(stacked, targets, kf)
    assert stacked.layout.shapes == () and stacked.layout.annotations == ()
    own = go.Figure([go.Scatter(x=[2016, 2017], y=[36.0, 30.0])])
    add_targets(own, targets, kf)
    assert own.layout.shapes and {s.y0 for s in own.layout.shapes} == {15.0}
