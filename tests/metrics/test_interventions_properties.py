"""Invariants of the H and I key figures (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from noegletal.metrics import cost, progression
from noegletal.metrics.context import ComputeContext
from tests.metrics.test_progression import maalinger

T = pd.Timestamp("2019-12-31")

scores = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c", "d", "e", "f"]),
              st.sampled_from(["sdq", "fit_ors", "pss"]),
              st.integers(0, 500),  # day offset from 2018-09-01
              st.integers(18, 40)),  # inside all three tools' ranges
    min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(scores)
def test_shares_are_percentages_and_improved_plus_worsened_at_most_all(rows):
    start = pd.Timestamp("2018-09-01")
    m = maalinger([("B", p, "mor", tool, "", start + pd.Timedelta(days=d), s)
                   for p, tool, d, s in rows])
    ctx = ComputeContext(frames={"maalinger": m}, datoer=[T])
    out = progression.compute(ctx)
    shares = out[out["noegletal"].str.endswith("_andel")]
    assert ((shares["vaerdi"] >= 0) & (shares["vaerdi"] <= 100)).all()
    assert (shares["taeller"] <= shares["naevner"]).all()
    wide = out.pivot_table(index="dimension", columns="noegletal", values="taeller")
    if "progression_forbedret_andel" in wide:
        n = out[out["noegletal"] == "progression_foer_gns"].set_index("dimension")["naevner"]
        both = (wide["progression_forbedret_andel"]
                + wide["progression_forvaerret_andel"]).dropna()
        assert (both <= n.reindex(both.index)).all()
    # the mean change is the difference of the means
    means = out.pivot_table(index="dimension", columns="noegletal", values="vaerdi")
    if "progression_aendring_gns" in means:
        means = means.dropna(subset=["progression_aendring_gns"])
        diff = means["progression_efter_gns"] - means["progression_foer_gns"]
        np.testing.assert_allclose(means["progression_aendring_gns"], diff, atol=1e-9)


@given(st.floats(1, 1e7), st.floats(0, 1e6), st.floats(0.5, 100), st.floats(0.5, 200))
def test_participant_sensitivity_falls_with_more_participants_and_meets_the_base(
        staff, other, n0, n):
    base = cost.participant_sensitivity(staff, other, n0, n0)
    assert np.isclose(base, (staff + other) / n0)
    more = cost.participant_sensitivity(staff, other, n0, n * 1.5)
    assert more <= cost.participant_sensitivity(staff, other, n0, n) + 1e-6
    assert cost.wage_sensitivity(staff, other, n0, 0) == base or np.isclose(
        cost.wage_sensitivity(staff, other, n0, 0), base)
