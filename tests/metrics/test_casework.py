"""Theme F: caseloads and follow-ups."""

from __future__ import annotations

import pandas as pd

import noegletal.metrics.catalogue  # noqa: F401  (loads the theme modules in catalogue order)
from noegletal.metrics import casework
from noegletal.metrics.params import MetricParams
from tests.metrics.builders import _dates, context, measures, values


def sagstal(rows) -> pd.DataFrame:
    """Canonical ``sagstal`` from (kommune, dato, raadgiver, sager, stillingsandel)."""
    return pd.DataFrame({
        "kommunekode": pd.Series([r[0] for r in rows], dtype="int64"),
        "dato": _dates(r[1] for r in rows),
        "socialraadgiver_id": [r[2] for r in rows],
        "antal_sager": pd.Series([r[3] for r in rows], dtype="int64"),
        "stillingsandel": pd.Series([r[4] for r in rows], dtype="float64"),
    })


def opfoelgninger(rows, kommune: int = 510) -> pd.DataFrame:
    return pd.DataFrame({
        "kommunekode": pd.Series([kommune] * len(rows), dtype="int64"),
        "barn_id": [r[0] for r in rows],
        "dato": _dates(r[1] for r in rows),
    })


def test_caseloads_use_the_latest_snapshot_and_cases_per_fte():
    frame = sagstal([
        (510, "2016-03-01", "a", 20, 0.8),
        (510, "2016-03-01", "a", 5, 0.2),  # same worker twice: 25 cases on 1.0 FTE
        (510, "2016-03-01", "b", 10, 0.5),  # 20 per FTE
        (510, "2016-03-01", "c", 30, 1.0),
        (510, "2016-09-01", "a", 30, 1.0),
        (510, "2016-09-01", "b", 12, 0.5),  # 24 per FTE
    ])
    ctx = context(sagstal=frame, datoer=["2016-01-31", "2016-05-31", "2016-09-30"])
    out = casework.compute(ctx)
    assert values(out, "sagstal_gennemsnit") == {
        (510, "2016-05-31", ""): (26.0, 65, 2.5),
        (510, "2016-09-30", ""): (28.0, 42, 1.5),
    }
    assert values(out, "sagstal_hoejeste") == {
        (510, "2016-05-31", ""): (30.0, None, None),
        (510, "2016-09-30", ""): (30.0, None, None),
    }
    assert values(out, "sagstal_laveste") == {
        (510, "2016-05-31", ""): (20.0, None, None),
        (510, "2016-09-30", ""): (24.0, None, None),
    }


FOLLOWUPS = [
    ("X", "2015-12-01"), ("X", "2016-01-15"), ("X", "2016-03-01"), ("X", "2016-03-01"),
    ("X", "2016-05-01"), ("Y", "2016-02-01"), ("Y", "2016-05-31"),
    ("Z", "2016-01-01"), ("Z", "2016-02-01"),  # an adult: not counted as on time or late
    ("W", "2016-04-01"), ("W", "2016-04-20"),  # no measures: step ingen
]
MEASURES = [
    ("X", "2005-01-01", "forebyggende_foranstaltning", "2015-01-01", "2016-02-15"),
    ("X", "2005-01-01", "doegninstitution", "2016-02-16", None),
    ("Y", "2005-01-01", "forebyggende_11_3", "2016-01-01", None),
    ("Z", "1997-01-01", "familiepleje", "2014-01-01", None),
]


def test_median_days_between_follow_ups_in_the_last_12_months():
    ctx = context(opfoelgninger=opfoelgninger(FOLLOWUPS[:7]),
                  datoer=["2016-01-31", "2016-05-31"])
    got = values(casework.compute(ctx), "dage_mellem_opfoelgninger_median")
    # 2016-05-31: X 45, 46, 61 (duplicate 1 March counted once), Y 120 -> median 53.5.
    assert got == {
        (510, "2016-01-31", ""): (45.0, None, 1),
        (510, "2016-05-31", ""): (53.5, None, 4),
    }


def test_on_time_share_uses_the_step_at_the_earlier_follow_up():
    ctx = context(measures(MEASURES), opfoelgninger=opfoelgninger(FOLLOWUPS),
                  datoer=["2016-01-31", "2016-05-31"])
    got = values(casework.compute(ctx), "opfoelgninger_rettidige_andel")
    # X: 45 d (home-based, 91) on time; 46 d (home-based) on time; 61 d (institution, 42) late.
    # Y is on the forebyggende step (no standard), Z is 18+, W has no step.
    assert got[(510, "2016-05-31", "")] == (200.0 / 3, 2, 3)
    assert got[(510, "2016-01-31", "")] == (100.0, 1, 1)


def test_on_time_standards_are_parameters():
    ctx = context(measures(MEASURES), opfoelgninger=opfoelgninger(FOLLOWUPS),
                  datoer=["2016-05-31"])
    ctx.params = MetricParams(followup_standard_days={"hjemmebaseret": 45, "institution": 70})
    got = values(casework.compute(ctx), "opfoelgninger_rettidige_andel")
    assert got == {(510, "2016-05-31", ""): (200.0 / 3, 2, 3)}  # 45 ok, 46 late, 61 ok


def test_on_time_standards_per_municipality_fall_back_to_the_default():
    """Issue 11, item 12 (seed 004, Tabel 5): municipalities with different rules coexist.
    510 sets only institution = 70 days; home-based keeps the default 91."""
    ctx = context(measures(MEASURES), opfoelgninger=opfoelgninger(FOLLOWUPS),
                  datoer=["2016-05-31"])
    ctx.params = MetricParams(followup_standard_days_by_kommune={
        510: {"institution": 70}, 657: {"institution": 10, "hjemmebaseret": 10}})
    got = values(casework.compute(ctx), "opfoelgninger_rettidige_andel")
    # X: 45 d and 46 d home-based (≤ 91) on time; 61 d institution (≤ 70) on time -> 3 of 3.
    assert got == {(510, "2016-05-31", ""): (100.0, 3, 3)}
    assert MetricParams(followup_standard_days_by_kommune={510: {"institution": 70}}
                        ).followup_standards_for(657)["institution"] == 42


def test_missing_optional_extracts_warn():
    ctx = context(opfoelgninger=opfoelgninger(FOLLOWUPS[:2]), datoer=["2016-05-31"])
    out = casework.compute(ctx)
    assert set(out["noegletal"]) == {"dage_mellem_opfoelgninger_median"}
    assert any("Sagstal mangler" in w for w in ctx.warnings)
    assert any("kræver foranstaltninger" in w for w in ctx.warnings)


def test_child_code_lookup_matches_the_engine():
    from noegletal.metrics import engine

    ctx = context(measures([
        ("A", "2005-01-01", "familiepleje", "2015-01-01", None),
        ("B", "2005-01-01", "familiepleje", "2015-01-01", None, "myndighed", 657),
        ("A", "2005-01-01", "familiepleje", "2015-01-01", None, "myndighed", 657),
    ]))
    kom = [510, 657, 657, 510, 999]
    barn = ["A", "A", "B", "B", "A"]
    p = engine.prepare(ctx)
    assert casework._child_codes(p, kom, barn).tolist() == \
        engine.child_codes(ctx, kom, barn).tolist()
    assert casework._child_codes(p, kom, barn)[3:].tolist() == [-1, -1]
