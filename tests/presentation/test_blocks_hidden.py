"""What a block hides is a field of the block, worked out from its suppressed rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from noegletal.metrics.catalogue import CATALOGUE
from noegletal.metrics.suppression import suppress
from noegletal.presentation.blocks import Block


def _rows():
    # anbringelsesform_andel for Hvidovre: 3 of 40 placed children in familiepleje -> "<5";
    # the partition is completed by hiding the smallest cover (netvaerkspleje, 7 >= 6).
    t = pd.Timestamp("2017-01-31")
    raw = pd.DataFrame([
        ("anbringelsesform_andel", 167, t, "familiepleje", 7.5, 3.0, 40.0),
        ("anbringelsesform_andel", 167, t, "netvaerkspleje", 17.5, 7.0, 40.0),
        ("anbringelsesform_andel", 167, t, "institution", 75.0, 30.0, 40.0),
        ("anbragte_pr_1000", 167, t, "", 4.0, 40.0, 10_000.0),
    ], columns=["noegletal", "kommunekode", "dato", "dimension", "vaerdi", "taeller", "naevner"])
    return suppress(raw, threshold=5)


def test_a_block_without_a_chart_still_reports_its_hidden_values():
    rows = _rows()
    assert rows["vises"].tolist()[:2] == ["<5", ".."]
    block = Block(key="former", title="Former", figure=None,
                  key_figures=[CATALOGUE["anbringelsesform_andel"], CATALOGUE["anbragte_pr_1000"]],
                  table=pd.DataFrame({"a": [1]}), rows=rows)
    assert block.hidden_points == ["Familiepleje, jan. 2017", "Netværkspleje, jan. 2017"]


def test_a_block_with_nothing_hidden_and_an_explicit_list():
    rows = _rows().iloc[[3]]
    block = Block(key="rate", title="Rate", key_figures=[CATALOGUE["anbragte_pr_1000"]],
                  rows=rows)
    assert block.hidden_points == []
    assert Block(key="x", title="x", key_figures=[], rows=None).hidden_points == []
    assert Block(key="x", title="x", key_figures=[], hidden=["maj 2016"]).hidden_points == [
        "maj 2016"]
    assert np.isfinite(rows["vaerdi"].iloc[0])
