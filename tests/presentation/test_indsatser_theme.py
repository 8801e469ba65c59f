"""The Indsatser theme: blocks from suppressed rows, sensitivities, alternative, report."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from noegletal.metrics import cost, progression
from noegletal.metrics.context import ComputeContext
from noegletal.metrics.suppression import suppress
from noegletal.presentation.committee_report import committee_report
from noegletal.presentation.themes import indsatser as theme
from noegletal.services.dashboard import DashboardData
from noegletal.services.views import ViewFilter
from tests.metrics.test_cost import seed_frames
from tests.metrics.test_progression import maalinger

T = pd.Timestamp("2019-12-31")


def _results(participants: float = 7.6) -> pd.DataFrame:
    frames = seed_frames()
    frames["indsatser"] = frames["indsatser"].assign(deltagere_pr_aar=participants)
    rows = [("Spæd", f"p{i}", "mor", "pss", "", d, s)
            for i in range(6) for d, s in (("2019-02-01", 60), ("2019-08-01", 50 + i))]
    frames["maalinger"] = maalinger(rows)
    ctx = ComputeContext(frames=frames, datoer=[T])
    return pd.concat([progression.compute(ctx), cost.compute(ctx)], ignore_index=True)


def test_blocks_show_basis_progression_cost_sensitivity_and_alternative():
    shown = suppress(_results(), 5)
    blocks = theme.blocks(shown, None, "", kommunekode=510, indsats="Spæd")
    assert [b.key for b in blocks] == ["spaed-datagrundlag", "spaed-udvikling",
                                       "spaed-omkostninger", "spaed-foelsomhed",
                                       "spaed-alternativ"]
    basis = blocks[0].table
    # 6 mothers with two PSS forms each in the last 12 months
    assert basis.iloc[0].tolist() == ["Parental Stress Scale (lavere er bedre)", "6", "6", "12"]
    prog = blocks[1].table.iloc[0]
    # first 60 for all; last 50..55 -> mean 52,5; change -7,5; all six improved
    assert prog["Første måling, gns."] == "60,0" and prog["Seneste måling, gns."] == "52,5"
    assert prog["Ændring, gns."] == "−7,5" and prog["Forbedret"] == "100,0 %"
    card = dict(zip(blocks[2].table[""], blocks[2].table["Beløb"], strict=True))
    assert card["Pr. deltager pr. år"] == "368.000 kr."
    # the three amounts as cards above the block, from its own (suppressed) table
    assert blocks[2].cards == [("Årlige driftsomkostninger", "2,8 mio. kr."),
                               ("Pr. deltager pr. år", "368.000 kr."),
                               ("Pr. deltager pr. måned", "37.938 kr.")]
    assert card["Andel: Aktiviteter med borgerne"] == "71,0 %"
    sens = blocks[3].table.set_index("Forudsætning")["Pr. deltager pr. år"]
    # Tabel 5-4: 404.064 and 440.128 kr.; the +25 % step: 9,5 participants
    assert sens["10 pct. højere lønomkostninger"] == "404.064 kr."
    assert sens["20 pct. højere lønomkostninger"] == "440.128 kr."
    assert "9,5 deltagere pr. år" in sens.index
    alt = blocks[4].table["Beløb"].tolist()
    assert alt == ["504.000 kr.", "368.000 kr.", "136.000 kr."]  # seed 003 section 5.6


def test_own_choices_come_from_the_metrics_scenario():
    shown = suppress(_results(), 5)
    blocks = theme.blocks(shown, None, "", kommunekode=510, indsats="Spæd", loen_pct=10,
                          deltagere=10.0, alternativ="400000")
    sens = blocks[3].table.set_index("Forudsætning")
    own = [i for i in sens.index if i.startswith("Eget valg")]
    assert own == ["Eget valg: lønniveau +10 pct., 10 deltagere pr. år"]
    # staff 2.740.864 * 1,1 * 10 / 7,6 + 55.936 = 4.022.976 -> 402.297,6 per participant
    assert sens.loc[own[0], "Pr. deltager pr. år"] == "402.298 kr."
    alt = blocks[4].table["Beløb"].tolist()
    assert alt == ["400.000 kr.", "402.298 kr.", "2.298 kr."]
    assert "dyrere" in blocks[4].table[""].iloc[2]


def test_few_participants_hide_the_cost_per_participant_and_its_scenarios():
    shown = suppress(_results(participants=4.0), 5)
    blocks = theme.blocks(shown, None, "", kommunekode=510, indsats="Spæd", loen_pct=10)
    card = dict(zip(blocks[2].table[""], blocks[2].table["Beløb"], strict=True))
    assert card["Pr. deltager pr. år"] == "<5"
    assert card["Årlige driftsomkostninger"] == "2,8 mio. kr."  # an amount, not individuals
    assert set(blocks[3].table["Pr. deltager pr. år"]) == {"<5"}
    assert blocks[4].table["Beløb"].tolist() == ["–"]
    assert blocks[2].cards[1:] == [("Pr. deltager pr. år", "<5"),
                                   ("Pr. deltager pr. måned", "<5")]
    assert any("skjult, fordi de bygger på for få" in n for n in blocks[4].notes)
    # every exported row of a per-participant figure is hidden too (not only the tables)
    exported = pd.concat([b.rows for b in blocks[2:]], ignore_index=True)
    per = exported[exported["noegletal"].isin(["omk_pr_deltager", "omk_pr_deltager_maaned",
                                               "omk_foelsomhed_loen",
                                               "omk_foelsomhed_deltagere"])]
    assert len(per) and per["undertrykt"].all()


def test_an_intervention_without_its_own_alternative_says_how_to_choose_one():
    frames_results = _results()
    no_alt = frames_results[frames_results["noegletal"] != "omk_alternativ_forskel"]
    blocks = theme.blocks(suppress(no_alt, 5), None, "", kommunekode=510, indsats="Spæd")
    assert blocks[4].table["Beløb"].tolist() == ["–"]
    assert any("Vælg et trin eller et fast beløb" in n for n in blocks[4].notes)


def test_the_dumbbell_summary_names_what_the_chart_draws_and_who_is_counted():
    from noegletal.ui.widgets import chart_summary

    shown = suppress(_results(), 5)
    block = theme.blocks(shown, None, "", kommunekode=510, indsats="Spæd")[1]
    text = chart_summary(block)
    assert text.startswith("Grafen viser «Gennemsnitlig score ved første måling» og "
                           "«Gennemsnitlig score ved seneste måling»")
    assert "Andel med en forbedring" not in text  # in the table, not drawn


def test_a_hidden_pair_keeps_its_row_with_the_marker_and_none_of_its_numbers():
    # 6 mothers on PSS (shown, as above) and 3 on SDQ: 3 < 5, so SDQ's pair is hidden.
    frames = seed_frames()
    rows = [("Spæd", f"p{i}", "mor", "pss", "", d, s)
            for i in range(6) for d, s in (("2019-02-01", 60), ("2019-08-01", 50 + i))]
    rows += [("Spæd", f"q{i}", "barn", "sdq", "", d, s)
             for i in range(3) for d, s in (("2019-02-01", 20), ("2019-08-01", 17))]
    frames["maalinger"] = maalinger(rows)
    results = progression.compute(ComputeContext(frames=frames, datoer=[T]))
    fig = theme.blocks(suppress(results, 5), None, "", kommunekode=510,
                       indsats="Spæd")[1].figure
    hidden = [t for t in fig.data if t.meta == "ikke_vist"]
    assert len(hidden) == 1 and len(hidden[0].y) == 1 and "SDQ" in hidden[0].y[0]
    assert list(hidden[0].text) == ["færre end 5"]
    # drawn at the axis's low end (PSS's lowest mean, 52,5), never at SDQ's own 20 or 17
    assert list(hidden[0].x) == [52.5]
    shown = [y for t in fig.data if t.name == "Seneste måling" for y in t.y]
    assert len(shown) == 1 and "Parental Stress Scale" in shown[0]
    assert sorted(fig.layout.yaxis.categoryarray) == sorted([*shown, hidden[0].y[0]])
    drawn = [x for t in fig.data if t.meta != "ikke_vist" for x in (t.x or []) if x is not None]
    assert 20.0 not in drawn and 17.0 not in drawn


def test_the_groups_of_blocks_cover_every_figure_of_h_and_i_once():
    from noegletal.metrics.catalogue import page_figure_ids, page_input_ids

    parts = [theme.BASIS_FIGURE, *theme.DEVELOPMENT_FIGURES, *theme.COST_FIGURES,
             *theme.SENSITIVITY_FIGURES, theme.ALTERNATIVE_FIGURE]
    assert sorted(parts) == sorted(page_figure_ids("indsatser"))
    assert page_input_ids("indsatser") == (*page_figure_ids("indsatser"),
                                            "udgift_pr_barn_trin")


def test_committee_report_has_a_section_for_every_intervention():
    results = _results()
    data = DashboardData(results=results, warnings=[], token="abcdef1234567890",
                         cutoffs=[T], kommuner=[510], comparison=pd.DataFrame(
                             columns=["kommunekode", "noegletal", "dato", "dimension",
                                      "vaerdi"]),
                         versions=pd.DataFrame(), expected_years=pd.DataFrame(
                             columns=["kommunekode", "aar"]), is_sample=True)
    html = committee_report(data, ViewFilter(kommune=510, fra=T, til=T),
                            generated=dt.datetime(2020, 1, 10, 9, 0))
    assert "Indsatser: udvikling og omkostninger" in html
    assert "Følsomhedsberegninger: Spæd" in html and "368.000 kr." in html
    assert "ikke indsatsens effekt" in html
