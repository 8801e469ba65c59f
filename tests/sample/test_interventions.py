"""The invented intervention data (maalinger, ressourceforbrug, indsatser)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from noegletal.datain import load_directory
from noegletal.sample.interventions import intervention_frames

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def test_committed_intervention_files_pass_every_check_incl_tools_and_wages():
    loaded = load_directory(SAMPLE)
    for kind in ("maalinger", "ressourceforbrug", "indsatser"):
        result = loaded.results[kind]
        assert result.ok and result.n_valid == result.n_rows > 0, [
            p.text for p in result.errors[:3]]


def test_three_interventions_each_with_drop_out_and_dates_inside_the_period():
    f = intervention_frames([510, 657, 167], 2015, 2017, 2018)
    assert (f["indsatser"].groupby("kommunekode").size() == 3).all()
    m = f["maalinger"]
    assert m["dato"].min() >= pd.Timestamp("2015-01-01")
    assert m["dato"].max() <= pd.Timestamp("2017-09-30")
    # before/after tools: many first forms, fewer last forms (drop-out, still running)
    prepost = m[m["redskab"].isin(["sdq", "pss", "gses"])]
    forms = prepost.groupby(["kommunekode", "indsats_navn", "deltager_id", "redskab",
                             "skala"]).size()
    assert (forms == 1).sum() > (forms == 2).sum() * 0.8
    assert (forms == 2).sum() > 0
    r = f["ressourceforbrug"]
    assert set(r["aktivitet"]) == {"med_borgere", "uden_borgere", "oevrige_udgifter"}
    assert r["periode_slut"].max() <= pd.Timestamp("2017-09-30")


def test_own_random_stream_is_deterministic():
    a = intervention_frames([510], 2018, 2020, 7)
    b = intervention_frames([510], 2018, 2020, 7)
    for k in a:
        pd.testing.assert_frame_equal(a[k], b[k])
    assert not a["maalinger"].equals(intervention_frames([510], 2018, 2020, 8)["maalinger"])
