"""Theme E: school wellbeing and absence per school year."""

from __future__ import annotations

import pandas as pd
import pytest

import noegletal.metrics.catalogue  # noqa: F401  (loads the theme modules in catalogue order)
from noegletal.metrics import school
from tests.metrics.builders import context, values


def trivsel(rows) -> pd.DataFrame:
    """Canonical ``skoletrivsel`` from (kommune, skoleaar, gruppe, indikator, mean, N)."""
    return pd.DataFrame(
        rows, columns=["kommunekode", "skoleaar", "gruppe", "indikator", "gennemsnit", "antal"]
    ).astype({"kommunekode": "int64", "gennemsnit": "float64", "antal": "int64"})


def test_means_per_group_and_the_gap():
    frame = trivsel([
        (657, "2014/15", "udsatte", "faglig_trivsel", 3.5, 88),
        (657, "2014/15", "oevrige", "faglig_trivsel", 3.75, 4873),
        (657, "2015/16", "udsatte", "fravaer_pct", 10.25, 165),
        (657, "2015/16", "oevrige", "fravaer_pct", 4.25, 5317),
        (167, "2016/17", "udsatte", "social_trivsel", 4.0, 127),  # no oevrige: no gap
    ])
    ctx = context(skoletrivsel=frame)
    out = school.compute(ctx)
    assert values(out, "faglig_trivsel") == {
        (657, "2014-08-01", "udsatte"): (3.5, None, 88),
        (657, "2014-08-01", "oevrige"): (3.75, None, 4873),
    }
    assert values(out, "faglig_trivsel_forskel") == {(657, "2014-08-01", ""): (-0.25, None, None)}
    assert values(out, "fravaer_pct_forskel") == {(657, "2015-08-01", ""): (6.0, None, None)}
    assert values(out, "social_trivsel") == {(167, "2016-08-01", "udsatte"): (4.0, None, 127)}
    assert "social_trivsel_forskel" not in set(out["noegletal"])


def test_duplicates_are_weighted_and_empty_groups_dropped():
    frame = trivsel([
        (510, "2016/17", "udsatte", "social_trivsel", 3.0, 10),
        (510, "2016/17", "udsatte", "social_trivsel", 4.0, 30),
        (510, "2016/17", "oevrige", "social_trivsel", 4.5, 0),  # N = 0: no mean
    ])
    ctx = context(skoletrivsel=frame)
    out = school.compute(ctx)
    assert values(out, "social_trivsel") == {(510, "2016-08-01", "udsatte"): (3.75, None, 40)}
    assert "social_trivsel_forskel" not in set(out["noegletal"])
    assert any("vægtet" in w for w in ctx.warnings)


def test_unreadable_school_year_is_left_out_with_a_warning():
    frame = trivsel([(510, "sidste år", "udsatte", "faglig_trivsel", 3.0, 10)])
    ctx = context(skoletrivsel=frame)
    assert school.compute(ctx).empty
    assert any("sidste år" in w for w in ctx.warnings)


@pytest.mark.parametrize(("text", "expected"), [
    ("2016/17", "2016-08-01"), ("2009/10", "2009-08-01"), (" 2020/2021", "2020-08-01"),
])
def test_school_year_start(text, expected):
    assert school.school_year_start(pd.Series([text]))[0] == pd.Timestamp(expected)


def test_missing_extract_warns():
    ctx = context()
    assert school.compute(ctx).empty
    assert any("Skoletrivsel mangler" in w for w in ctx.warnings)
