"""H. Progression in named interventions: hand-computed fixtures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from noegletal.domain.interventions import default_redskaber
from noegletal.metrics import progression
from noegletal.metrics.context import ComputeContext

T = "2019-12-31"


def maalinger(rows, kommunekode: int = 510) -> pd.DataFrame:
    """Rows ``(indsats, deltager, type, redskab, skala, dato, score)``."""
    cols = ["indsats_navn", "deltager_id", "deltager_type", "redskab", "skala", "dato", "score"]
    f = pd.DataFrame(rows, columns=cols)
    f.insert(0, "kommunekode", np.int64(kommunekode))
    f["dato"] = pd.to_datetime(f["dato"]).astype("datetime64[ns]")
    f["score"] = f["score"].astype(np.float64)
    return f


def run(rows, datoer=(T,), redskaber=None) -> dict:
    frames = {"maalinger": maalinger(rows)}
    if redskaber is not None:
        frames["redskaber"] = redskaber
    ctx = ComputeContext(frames=frames, datoer=[pd.Timestamp(d) for d in datoer])
    out = progression.compute(ctx)
    return {(r.noegletal, str(r.dato.date()), r.dimension): (r.vaerdi, r.taeller, r.naevner)
            for r in out.itertuples()}


def v(res, kf, dim, t=T):
    return res[(kf, t, dim)]


SDQ = "B|sdq|samlet"  # lower is better, limit 13, no reliable change
ORS = "B|fit_ors|samlet"  # higher is better; adults 25 and reliable change 5


def test_sdq_lower_is_better_means_shares_and_normal_range():
    res = run([
        ("B", "a", "barn", "sdq", "samlet", "2019-01-10", 20),   # 20 -> 12: better, out -> in
        ("B", "a", "barn", "sdq", "samlet", "2019-06-10", 12),
        ("B", "b", "barn", "sdq", "samlet", "2019-02-01", 10),   # 10 -> 15: worse, in -> out
        ("B", "b", "barn", "sdq", "samlet", "2019-09-01", 15),
        ("B", "c", "barn", "sdq", "samlet", "2019-03-01", 14),   # 14 -> 14: unchanged, out/out
        ("B", "c", "barn", "sdq", "samlet", "2019-11-01", 14),
    ])
    assert v(res, "progression_foer_gns", SDQ)[0] == pytest.approx((20 + 10 + 14) / 3)
    assert v(res, "progression_efter_gns", SDQ)[0] == pytest.approx((12 + 15 + 14) / 3)
    # changes -8, +5, 0 -> mean -1
    assert v(res, "progression_aendring_gns", SDQ)[0] == pytest.approx(-1.0)
    assert v(res, "progression_aendring_gns", SDQ)[2] == 3
    assert v(res, "progression_forbedret_andel", SDQ)[:3] == pytest.approx((100 / 3, 1, 3))
    assert v(res, "progression_forvaerret_andel", SDQ)[:3] == pytest.approx((100 / 3, 1, 3))
    # before: 20 > 13 and 14 > 13 -> 2 of 3; after: 15 and 14 -> 2 of 3
    assert v(res, "progression_uden_for_normal_foer_andel", SDQ)[:3] == pytest.approx(
        (200 / 3, 2, 3))
    assert v(res, "progression_uden_for_normal_efter_andel", SDQ)[:3] == pytest.approx(
        (200 / 3, 2, 3))
    # data basis: 3 participants, 3 series with before and after, 6 forms
    assert v(res, "progression_datagrundlag", SDQ + "|deltagere")[0] == 3
    assert v(res, "progression_datagrundlag", SDQ + "|foer_og_efter")[0] == 3
    assert v(res, "progression_datagrundlag", SDQ + "|skemaer")[0] == 6


def test_ors_higher_is_better_with_reliable_change_and_limit_per_participant_type():
    res = run([
        ("B", "m", "mor", "fit_ors", "", "2019-01-10", 20),    # +4: below reliable change 5
        ("B", "m", "mor", "fit_ors", "", "2019-05-10", 24),
        ("B", "f", "far", "fit_ors", "", "2019-01-10", 22),    # +6: improved
        ("B", "f", "far", "fit_ors", "", "2019-05-10", 28),
        ("B", "u", "ung", "fit_ors", "", "2019-01-10", 30),    # -6: ung has no reliable
        ("B", "u", "ung", "fit_ors", "", "2019-05-10", 24),    # change -> any drop is worse
    ])
    assert v(res, "progression_forbedret_andel", ORS)[:2] == pytest.approx((100 / 3, 1))
    assert v(res, "progression_forvaerret_andel", ORS)[:2] == pytest.approx((100 / 3, 1))
    # before: 20 < 25 (mor), 22 < 25 (far), 30 >= 28 (ung) -> 2 of 3
    # after: 24 < 25, 28 >= 25, 24 < 28 -> 2 of 3
    assert v(res, "progression_uden_for_normal_foer_andel", ORS)[:3] == pytest.approx(
        (200 / 3, 2, 3))
    assert v(res, "progression_uden_for_normal_efter_andel", ORS)[:3] == pytest.approx(
        (200 / 3, 2, 3))
    # mean change (4 + 6 - 6) / 3
    assert v(res, "progression_aendring_gns", ORS)[0] == pytest.approx(4 / 3)


def test_one_score_same_day_scores_and_the_twelve_month_window():
    res = run([
        ("B", "one", "barn", "sdq", "", "2019-05-01", 20),      # one score: not a series
        ("B", "day", "barn", "sdq", "", "2019-05-01", 20),      # two scores the same day only
        ("B", "day", "barn", "sdq", "", "2019-05-01", 18),
        ("B", "mix", "barn", "sdq", "", "2019-02-01", 10),      # first day mean (10+14)/2 = 12
        ("B", "mix", "barn", "sdq", "", "2019-02-01", 14),
        ("B", "mix", "barn", "sdq", "", "2019-08-01", 8),
        ("B", "old", "barn", "sdq", "", "2017-01-01", 30),      # latest score before the window
        ("B", "old", "barn", "sdq", "", "2018-12-31", 20),      # (2018-12-31 is not > t-12m)
        ("B", "late", "barn", "sdq", "", "2018-06-01", 25),     # before and inside the window
        ("B", "late", "barn", "sdq", "", "2020-03-01", 5),      # after t: ignored at t
        ("B", "late", "barn", "sdq", "", "2019-01-01", 21),
    ])
    # counted: mix (12 -> 8) and late (25 -> 21)
    assert v(res, "progression_foer_gns", SDQ)[::2] == pytest.approx(((12 + 25) / 2, 2))
    assert v(res, "progression_efter_gns", SDQ)[0] == pytest.approx((8 + 21) / 2)
    # window (2018-12-31, 2019-12-31]: participants one, day, mix, late; forms 1+2+3+1 = 7
    assert v(res, "progression_datagrundlag", SDQ + "|deltagere")[0] == 4
    assert v(res, "progression_datagrundlag", SDQ + "|skemaer")[0] == 7
    assert v(res, "progression_datagrundlag", SDQ + "|foer_og_efter")[0] == 2


def test_cut_offs_move_the_window_and_a_period_without_data_gives_no_rows():
    rows = [("B", "a", "barn", "sdq", "", "2019-01-10", 20),
            ("B", "a", "barn", "sdq", "", "2019-06-10", 12)]
    res = run(rows, datoer=("2019-03-31", T, "2021-06-30"))
    # 2019-03-31: one score so far -> no series, but one participant and one form
    assert ("progression_foer_gns", "2019-03-31", SDQ) not in res
    assert v(res, "progression_datagrundlag", SDQ + "|foer_og_efter", "2019-03-31")[0] == 0
    assert v(res, "progression_datagrundlag", SDQ + "|skemaer", "2019-03-31")[0] == 1
    assert v(res, "progression_foer_gns", SDQ)[0] == 20
    # 2021-06-30: no score in the last 12 months -> nothing at all
    assert not [k for k in res if k[1] == "2021-06-30"]


def test_tool_without_limit_gives_no_normal_range_shares():
    res = run([("B", "a", "ung", "gses", "", "2019-01-10", 20),
               ("B", "a", "ung", "gses", "", "2019-06-10", 30)])
    dim = "B|gses|samlet"
    assert v(res, "progression_forbedret_andel", dim)[0] == 100.0  # higher is better, +10
    assert ("progression_uden_for_normal_foer_andel", T, dim) not in res
    assert ("progression_uden_for_normal_efter_andel", T, dim) not in res


def test_pss_lower_is_better_and_subscales_are_separate_series():
    res = run([("B", "m", "mor", "pss", "", "2019-01-10", 60),
               ("B", "m", "mor", "pss", "", "2019-06-10", 50),
               ("B", "c", "barn", "sdq", "prosocial", "2019-01-10", 4),   # 4 < 6: outside
               ("B", "c", "barn", "sdq", "prosocial", "2019-06-10", 7)])  # higher is better
    assert v(res, "progression_forbedret_andel", "B|pss|samlet")[0] == 100.0
    assert v(res, "progression_forvaerret_andel", "B|pss|samlet")[0] == 0.0
    assert v(res, "progression_uden_for_normal_foer_andel", "B|sdq|prosocial")[0] == 100.0
    assert v(res, "progression_uden_for_normal_efter_andel", "B|sdq|prosocial")[0] == 0.0


def test_an_uploaded_tool_table_replaces_the_default():
    own = default_redskaber().iloc[:1].assign(graense=np.nan, paalidelig_aendring=10.0)
    res = run([("B", "a", "barn", "sdq", "", "2019-01-10", 20),
               ("B", "a", "barn", "sdq", "", "2019-06-10", 12)], redskaber=own)
    # -8 is below the reliable change 10 -> unchanged; no limit -> no normal-range shares
    assert v(res, "progression_forbedret_andel", SDQ)[0] == 0.0
    assert ("progression_uden_for_normal_foer_andel", T, SDQ) not in res


def test_missing_maalinger_is_a_warning():
    ctx = ComputeContext(frames={}, datoer=[pd.Timestamp(T)])
    assert progression.compute(ctx).empty
    assert "Målinger i indsatser mangler" in ctx.warnings[0]
