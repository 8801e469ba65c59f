"""Theme G: hand-computed flows and volume figures."""

from __future__ import annotations

import pandas as pd
import pytest

from noegletal.metrics import catalogue, flows
from tests.metrics.builders import context, measures, population, values

# The last window, (2016-02-28, 2017-02-28], holds 13 month ends (2016-02-29 is one of them).
T1, T2, T3 = "2016-01-31", "2016-05-31", "2017-02-28"
DATOER = [T1, T2, T3]

MOVERS = [
    # F1: ingen -> forebyggende (2015-03-31) -> familiepleje (2015-05-31) -> ingen
    # (2015-08-31) -> institution on 29 Feb 2016 only -> ingen (2016-03-31).
    ("F1", "2005-01-01", "forebyggende_11_3", "2015-03-15", "2015-06-15"),
    ("F1", "2005-01-01", "familiepleje", "2015-05-01", "2015-07-31"),
    ("F1", "2005-01-01", "doegninstitution", "2016-02-29", "2016-02-29"),
    # F2: familiepleje -> institution at 2016-01-31; turns 18 on 2016-03-31.
    ("F2", "1998-03-31", "familiepleje", "2015-01-01", None),
    ("F2", "1998-03-31", "doegninstitution", "2016-01-15", None),
    # F3: hjemmebaseret -> familiepleje at 2016-05-31 (a child then); everything ends the day
    # before the 18th birthday (2016-06-30), so the fall at 2016-06-30 is not counted.
    ("F3", "1998-06-30", "forebyggende_foranstaltning", "2015-01-01", "2016-06-29"),
    ("F3", "1998-06-30", "familiepleje", "2016-05-31", "2016-06-29"),
]


def _approx(d):
    return {k: pytest.approx(v) for k, v in d.items()}


def _compute(rows, pop=None):
    ctx = context(measures(rows), population(pop or {510: 2000}), datoer=DATOER)
    out = flows.compute(ctx)
    return out, ctx


def test_window_month_ends():
    m0, ends = flows.window_month_ends(pd.Timestamp("2017-05-31"))
    assert m0 == pd.Timestamp("2016-05-31")
    assert ends[0] == pd.Timestamp("2016-06-30") and ends[-1] == pd.Timestamp("2017-05-31")
    assert len(ends) == 12
    m0, ends = flows.window_month_ends(pd.Timestamp(T3))
    assert m0 == pd.Timestamp("2016-01-31") and ends[0] == pd.Timestamp("2016-02-29")
    assert len(ends) == 13
    m0, ends = flows.window_month_ends(pd.Timestamp("2016-05-15"))  # not a month end
    assert m0 == pd.Timestamp("2015-04-30") and ends[0] == pd.Timestamp("2015-05-31")
    assert ends[-1] == pd.Timestamp("2016-04-30") and len(ends) == 12


def test_flytninger_pr_1000():
    out, ctx = _compute(MOVERS)
    assert ctx.warnings == []
    # T1: F1 op 2015-03-31, op 2015-05-31, ned 2015-08-31; F2 op 2016-01-31.
    # T2: F1 ned 2015-08-31, op 2016-02-29, ned 2016-03-31; F2 op; F3 op 2016-05-31.
    # T3: F1 op 2016-02-29, ned 2016-03-31; F3 op 2016-05-31 (its fall at 18 is not a move).
    assert values(out, "flytninger_pr_1000") == _approx({
        (510, T1, "op"): (1.5, 3, 2000),
        (510, T1, "ned"): (0.5, 1, 2000),
        (510, T1, "samlet"): (2.0, 4, 2000),
        (510, T2, "op"): (1.5, 3, 2000),
        (510, T2, "ned"): (1.0, 2, 2000),
        (510, T2, "samlet"): (2.5, 5, 2000),
        (510, T3, "op"): (1.0, 2, 2000),
        (510, T3, "ned"): (0.5, 1, 2000),
        (510, T3, "samlet"): (1.5, 3, 2000),
    })


def test_institution_varighed_dage():
    rows = [
        MOVERS[2],  # F1: one day on 29 February 2016
        MOVERS[4],  # F2: still open
        # V1: three rows merged (1-day gap, then an overlap): 2015-01-01..2015-07-31 = 212 days;
        # a fourth row starts 2 days after: its own spell of 30 days.
        ("V1", "2005-01-01", "opholdssted", "2015-01-01", "2015-03-31"),
        ("V1", "2005-01-01", "doegninstitution", "2015-04-01", "2015-06-30"),
        ("V1", "2005-01-01", "kost_efterskole", "2015-06-15", "2015-07-31"),
        ("V1", "2005-01-01", "sikret_institution", "2015-08-02", "2015-08-31"),
        # V2 ends on the 18th birthday (not a child then); V3 the day before (273 days).
        ("V2", "1997-09-30", "doegninstitution", "2015-01-01", "2015-09-30"),
        ("V3", "1997-10-01", "doegninstitution", "2015-01-01", "2015-09-30"),
        # V4: a foster-care row is not part of the spell (10 days).
        ("V4", "2005-01-01", "doegninstitution", "2015-10-01", "2015-10-10"),
        ("V4", "2005-01-01", "familiepleje", "2015-10-11", None),
        # V5: an open row overlapping an ended one keeps the spell open.
        ("V5", "2005-01-01", "doegninstitution", "2015-01-01", "2015-12-31"),
        ("V5", "2005-01-01", "opholdssted", "2015-06-01", None),
        ("Z1", "2005-01-01", "familiepleje", "2015-01-01", "2015-12-31", None, 657),
    ]
    out, _ = _compute(rows, {510: 2000, 657: 1000})
    assert values(out, "institution_varighed_dage") == _approx({
        (510, T1, ""): (525 / 4, 525, 4),  # 212 + 30 + 273 + 10
        (510, T2, ""): (526 / 5, 526, 5),  # the same + F1's day
        (510, T3, ""): (1.0, 1, 1),        # F1 (29 Feb 2016 is after 2016-02-28)
    })
    ctx = context(measures(rows), datoer=DATOER)
    spells = flows.institution_spells(ctx)
    assert sorted(spells.loc[~spells["open"], "days"].tolist()) == [1, 10, 30, 212, 273, 273]
    assert spells["open"].sum() == 2


def test_boern_med_foranstaltning_pr_1000():
    rows = [
        *MOVERS,
        ("V4", "2005-01-01", "familiepleje", "2015-10-11", None),
        ("V5", "2005-01-01", "opholdssted", "2015-06-01", None),
        ("K1", "2005-01-01", "forebyggende_11_3", "2015-06-01", None),
        ("K2", "2005-01-01", "forebyggende_11_3", "2015-06-01", None),
        ("K2", "2005-01-01", "forebyggende_foranstaltning", "2015-06-01", None),
        ("Z1", "2005-01-01", "forebyggende_11_3", "2015-01-01", None, None, 657),
    ]
    out, _ = _compute(rows, {510: 2000, 657: 1000})
    expected = {
        # T1: F2, F3, V4, V5, K1, K2 (F1 has nothing running).
        (510, T1, "alle"): (3.0, 6, 2000),
        (510, T1, "kun_forebyggende"): (0.5, 1, 2000),
        # T2: F2 is 18; F3, V4, V5, K1, K2.
        (510, T2, "alle"): (2.5, 5, 2000),
        (510, T2, "kun_forebyggende"): (0.5, 1, 2000),
        # T3: F3 is 18; V4, V5, K1, K2.
        (510, T3, "alle"): (2.0, 4, 2000),
        (510, T3, "kun_forebyggende"): (0.5, 1, 2000),
    }
    for t in DATOER:
        expected[(657, t, "alle")] = (1.0, 1, 1000)
        expected[(657, t, "kun_forebyggende")] = (1.0, 1, 1000)
    assert values(out, "boern_med_foranstaltning_pr_1000") == _approx(expected)


def test_underretninger_pr_1000():
    rows = [
        # U1: exactly 12 months before T1 (outside), on T1 and two weeks before (one child).
        ("U1", "2005-01-01", "underretning", "2015-01-31", None),
        ("U1", "2005-01-01", "underretning", "2016-01-15", None),
        ("U1", "2005-01-01", "underretning", T1, None),
        # U2 turns 18 on T1.
        ("U2", "1998-01-31", "underretning", "2015-06-01", None),
        # U3: received 29 February 2016, inside (2016-02-28, 2017-02-28].
        ("U3", "2000-02-29", "underretning", "2016-02-29", None),
        # Investigations are not notifications.
        ("U4", "2005-01-01", "boernefaglig_undersoegelse", "2015-06-01", None),
    ]
    out, _ = _compute(rows)
    assert values(out, "underretninger_pr_1000") == _approx({
        (510, T1, ""): (0.5, 1, 2000),
        (510, T2, ""): (1.0, 2, 2000),
        (510, T3, ""): (0.5, 1, 2000),
    })


def test_without_population_only_the_duration_is_computed():
    ctx = context(measures(MOVERS), datoer=DATOER)
    out = flows.compute(ctx)
    assert set(out["noegletal"]) == {"institution_varighed_dage"}
    assert any("flytninger_pr_1000" in w for w in ctx.warnings)


def test_definitions_are_complete():
    ids = {kf.id for kf in flows.DEFINITIONS}
    assert ids == {"flytninger_pr_1000", "institution_varighed_dage",
                   "boern_med_foranstaltning_pr_1000", "underretninger_pr_1000"}
    for kf in flows.DEFINITIONS:
        assert catalogue.CATALOGUE[kf.id] is kf
        assert kf.name and kf.how_to_read and kf.numerator and kf.denominator
        assert kf.caveats and kf.source and kf.choices and kf.inputs
