"""Theme C: § 11.3 courses per 1000 and the share followed by a børnefaglig undersøgelse."""

from __future__ import annotations

import pytest

import noegletal.metrics.catalogue  # noqa: F401  (loads the theme modules in catalogue order)
from noegletal.metrics import preventive
from tests.metrics.builders import context, measures, population, values

BIRTH = "2006-06-01"


def test_pr_1000_counts_running_courses_of_children_once():
    ctx = context(
        measures([
            ("A", BIRTH, "forebyggende_11_3", "2015-12-01", None, "andre"),
            ("B", BIRTH, "forebyggende_11_3", "2015-06-01", "2016-01-30"),  # ended the day before
            ("C", "1997-12-15", "forebyggende_11_3", "2015-12-01", None),  # 18 on 2015-12-15
            ("D", BIRTH, "forebyggende_11_3", "2015-10-01", None),
            ("D", BIRTH, "forebyggende_11_3", "2016-01-31", "2016-01-31"),  # runs on t, once
            ("E", BIRTH, "familiepleje", "2015-10-01", None),  # not a § 11.3 course
            ("F", BIRTH, "forebyggende_11_3", "2015-10-01", None, "myndighed", 657),
        ]),
        population({510: 1000}),
        datoer=["2016-01-31"],
    )
    got = values(preventive.compute(ctx), "forebyggende_11_3_pr_1000")
    assert got == {(510, "2016-01-31", ""): (2.0, 2, 1000)}
    assert any("657" in w and "befolkningstal" in w for w in ctx.warnings)


def test_pr_1000_is_skipped_with_a_warning_without_population():
    ctx = context(measures([("A", BIRTH, "forebyggende_11_3", "2015-12-01", None)]))
    out = preventive.compute(ctx)
    assert "forebyggende_11_3_pr_1000" not in set(out["noegletal"])
    assert any("befolkning" in w for w in ctx.warnings)


def _bfu_rows():
    return [
        # A: course 10 January, BFU 1 March -> followed.
        ("A", BIRTH, "forebyggende_11_3", "2016-01-10", None),
        ("A", BIRTH, "boernefaglig_undersoegelse", "2016-03-01", None),
        # B: the BFU came before the course -> not followed.
        ("B", BIRTH, "boernefaglig_undersoegelse", "2016-01-15", None),
        ("B", BIRTH, "forebyggende_11_3", "2016-02-01", None),
        # C: granted by others -> never in the cohort.
        ("C", BIRTH, "forebyggende_11_3", "2016-02-01", None, "andre"),
        ("C", BIRTH, "boernefaglig_undersoegelse", "2016-03-01", None),
        # D: starts exactly 6 months before 2016-05-31 -> outside (t - 6 mdr, t].
        ("D", BIRTH, "forebyggende_11_3", "2015-11-30", "2015-12-31"),
        # E: two courses; the BFU lies between them, after the first start -> followed.
        ("E", BIRTH, "forebyggende_11_3", "2015-12-01", "2016-01-31"),
        ("E", BIRTH, "boernefaglig_undersoegelse", "2016-02-01", None),
        ("E", BIRTH, "forebyggende_11_3", "2016-03-01", None),
        # F: starts on t; its BFU comes the day after t.
        ("F", BIRTH, "forebyggende_11_3", "2016-05-31", None),
        ("F", BIRTH, "boernefaglig_undersoegelse", "2016-06-01", None),
        # G: turns 18 on 2016-05-15, before 2016-05-31.
        ("G", "1998-05-15", "forebyggende_11_3", "2016-01-01", None),
        # H and I: start on 29 February 2016; S + 12 mdr = 2017-02-28.
        ("H", BIRTH, "forebyggende_11_3", "2016-02-29", None),
        ("H", BIRTH, "boernefaglig_undersoegelse", "2017-02-28", None),
        ("I", BIRTH, "forebyggende_11_3", "2016-02-29", None),
        ("I", BIRTH, "boernefaglig_undersoegelse", "2017-03-01", None),
    ]


def test_bfu_andel_six_month_cohort():
    rows = [r for r in _bfu_rows() if r[0] not in ("H", "I")]
    ctx = context(measures(rows), datoer=["2016-01-31", "2016-05-31"])
    got = values(preventive.compute(ctx), "forebyggende_11_3_bfu_andel")
    # 2016-05-31: cohort A, B, E, F (D outside the window, G 18, C not myndighed); A, E followed.
    assert got[(510, "2016-05-31", "")] == (50.0, 2, 4)
    # 2016-01-31: cohort A, D, E, G (G still a child); no BFU on or before t.
    assert got[(510, "2016-01-31", "")] == (0.0, 0, 4)


def test_bfu_12_mdr_full_cohort_with_month_end_clipping():
    ctx = context(measures(_bfu_rows()), datoer=["2017-05-31"])
    got = values(preventive.compute(ctx), "forebyggende_11_3_bfu_12_mdr")
    # Window (2015-05-31, 2016-05-31]: A B D E F G H I (G a child at its start).
    # Followed within [S, S + 12 mdr]: A, E, F, H (I's BFU is one day too late).
    assert got == {(510, "2017-05-31", ""): (50.0, 4, 8)}


def test_no_share_row_without_a_cohort():
    ctx = context(measures([("A", BIRTH, "familiepleje", "2015-01-01", None)]),
                  datoer=["2016-05-31"])
    out = preventive.compute(ctx)
    assert not set(out["noegletal"]) & {"forebyggende_11_3_bfu_andel",
                                        "forebyggende_11_3_bfu_12_mdr"}


def test_definitions_are_complete():
    ids = {kf.id for kf in preventive.DEFINITIONS}
    assert ids == {"forebyggende_11_3_pr_1000", "forebyggende_11_3_bfu_andel",
                   "forebyggende_11_3_bfu_12_mdr"}
    for kf in preventive.DEFINITIONS:
        assert kf.name and kf.how_to_read and kf.caveats and kf.choices and kf.source


@pytest.mark.parametrize("missing", ["foranstaltninger"])
def test_missing_extract_warns(missing):
    ctx = context(None, population({510: 1000}))
    assert preventive.compute(ctx).empty
    assert any("Foranstaltninger mangler" in w for w in ctx.warnings)
