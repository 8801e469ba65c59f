"""Pooling over a period (seed 004, Figur 40 and 44): Σ numerators / Σ denominators."""

from __future__ import annotations

import pandas as pd

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.metrics.pooling import pool_period
from noegletal.metrics.suppression import suppress


def _row(kf_id, dato, dim, v, t, n, kommune=167):
    return {"noegletal": kf_id, "kommunekode": kommune, "dato": pd.Timestamp(dato),
            "dimension": dim, "vaerdi": v, "taeller": t, "naevner": n}


def test_ceased_share_and_destinations_pooled_over_the_period():
    rows = pd.DataFrame([
        _row("institution_ophoert_andel", "2016-01-31", "", 10.0, 2.0, 20.0),
        _row("institution_ophoert_andel", "2016-05-31", "", 15.0, 3.0, 20.0),
        _row("institution_ophoert_andel", "2016-09-30", "", 5.0, 1.0, 20.0),
        _row("institution_ophoert_hvorhen", "2016-01-31", "ikke_anbragt", 50.0, 1.0, 2.0),
        _row("institution_ophoert_hvorhen", "2016-05-31", "ikke_anbragt", 66.7, 2.0, 3.0),
        _row("institution_ophoert_hvorhen", "2016-09-30", "ikke_anbragt", 100.0, 1.0, 1.0),
        _row("anbragte_pr_1000", "2016-09-30", "", 7.0, 70.0, 10_000.0),
    ])
    out = pool_period(rows, CATALOGUE).set_index(["noegletal", "dimension"])
    # share: (2 + 3 + 1) / (20 + 20 + 20) × 100 = 10,0 %
    share = out.loc[("institution_ophoert_andel", "")]
    assert (share["taeller"], share["naevner"], share["vaerdi"]) == (6.0, 60.0, 10.0)
    # not placed: (1 + 2 + 1) / (2 + 3 + 1) × 100 = 66,67 %
    gone = out.loc[("institution_ophoert_hvorhen", "ikke_anbragt")]
    assert (gone["taeller"], gone["naevner"]) == (4.0, 6.0)
    assert abs(gone["vaerdi"] - 400 / 6) < 1e-9
    assert share["dato"] == pd.Timestamp("2016-09-30")  # dated at the period's end
    # pooled rows are suppressed like every other: 4 children are too few
    shown = suppress(pool_period(rows, CATALOGUE), 5)
    hidden = shown.set_index(["noegletal", "dimension"])["undertrykt"]
    assert bool(hidden.loc[("institution_ophoert_hvorhen", "ikke_anbragt")])
    assert not bool(hidden.loc[("institution_ophoert_andel", "")])
