"""Danish number, amount and date formats (exact strings)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from noegletal.presentation import formatting as f


@pytest.mark.parametrize(("x", "decimals", "expected"), [
    (1234.5, 1, "1.234,5"),
    (1234567, 0, "1.234.567"),
    (999, 0, "999"),
    (0.05, 1, "0,1"),          # half-up, not banker's rounding
    (2.45, 1, "2,5"),
    (-1234.25, 1, "−1.234,3"),
    (-0.04, 1, "0,0"),         # never "−0,0"
    (0, 2, "0,00"),
    (float("nan"), 1, "–"),
    (None, 1, "–"),
])
def test_format_number(x, decimals, expected):
    assert f.format_number(x, decimals) == expected


def test_units():
    assert f.format_value(7.06, "pr_1000") == "7,1"  # one decimal, half up
    assert f.format_pct(27.94) == "27,9 %"
    assert f.format_pct(40.65, suffix=" pct.") == "40,7 pct."
    assert f.format_kroner(504_000) == "504.000 kr."
    assert f.format_kroner(12_345_678) == "12,3 mio. kr."
    assert f.format_kroner(999_960) == "1,0 mio. kr."
    assert f.format_kroner(1_234_000_000) == "1,2 mia. kr."
    assert f.format_1000_kr(123_456) == "123,5 mio. kr."
    assert f.format_1000_kr(504) == "504.000 kr."
    assert f.format_days(1) == "1 dag"
    assert f.format_days(42.4) == "42 dage"
    assert f.format_value(3.45, "indeks") == "3,5"  # 3,45 half up, not banker's 3,4
    assert f.format_count(2353) == "2.353"


@pytest.mark.parametrize(("x", "unit", "expected"), [
    (27.94, "pct", "27,9 %"),
    (7.06, "pr_1000", "7,1"),
    (498, "antal", "498"),
    (504, "1000_kr", "504.000 kr."),
    (91, "dage", "91 dage"),
    (3.4, "indeks", "3,4"),
    (24.51, "sager", "24,5"),
    (2.5, "procentpoint", "2,5 procentpoint"),
])
def test_format_value(x, unit, expected):
    assert f.format_value(x, unit) == expected


@pytest.mark.parametrize(("delta", "unit", "expected"), [
    (2.5, "pct", "+2,5 procentpoint"),
    (-3.5, "pct", "−3,5 procentpoint"),
    (-1.2, "pr_1000", "−1,2"),
    (0.1, "indeks", "+0,1"),
    (0.01, "pr_1000", "0,0"),
    (-12_300, "1000_kr", "−12,3 mio. kr."),
    (10_000, "1000_kr", "+10,0 mio. kr."),
    (1, "dage", "+1 dag"),
    (-14, "dage", "−14 dage"),
    (12, "antal", "+12"),
])
def test_format_change(delta, unit, expected):
    assert f.format_change(delta, unit) == expected


def test_dates_and_periods():
    assert f.format_date(dt.date(2017, 1, 31)) == "31. januar 2017"
    assert f.format_date(pd.Timestamp("2017-09-30")) == "30. september 2017"
    assert f.format_month(pd.Timestamp("2015-01-31")) == "januar 2015"
    assert f.format_month_short("2017-01-31") == "jan. 2017"
    assert f.format_month_short("2016-05-31") == "maj 2016"
    assert f.format_month_short("2016-09-30") == "sep. 2016"
    assert [f.tertial(d) for d in ("2017-01-31", "2017-05-31", "2017-09-30",
                                   "2017-04-30", "2017-08-31")] == [1, 2, 3, 1, 2]
    assert f.format_school_year(pd.Timestamp("2016-08-01")) == "2016/17"
    assert f.format_school_year(pd.Timestamp("2017-03-15")) == "2016/17"
    assert f.format_school_year(1999) == "1999/00"
    assert f.format_period("2017-12-31", "aar") == "2017"
    assert f.format_period("2014-08-01", "skoleaar") == "2014/15"
    assert f.format_period("2017-01-31") == "jan. 2017"
    assert f.format_period_long("2014-08-01", "skoleaar") == "skoleåret 2014/15"
    assert f.format_date(None) == "–"


def test_join_and_layout_defaults():
    assert f.join_danish(["a", "b", "c"]) == "a, b og c"
    assert f.join_danish(["a"]) == "a"
    assert f.PLOTLY_LAYOUT["separators"] == ",."
    assert f.PLOTLY_LAYOUT["template"] == "plotly_white"
    assert f.PLOTLY_LAYOUT["font"]["size"] >= 16
