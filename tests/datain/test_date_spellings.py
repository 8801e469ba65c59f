"""Fixed-width dates (ISO and Danish) read by Arrow agree with Python's calendar."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from noegletal.datain.parsing import parse_date

years = st.integers(min_value=0, max_value=9999)
months = st.integers(min_value=0, max_value=13)
days = st.integers(min_value=0, max_value=32)


def _expected(y: int, m: int, d: int) -> tuple[dt.date | None, bool, bool]:
    """(date, bad, out of range) as the data contract says."""
    try:
        date = dt.date(y, m, d)
    except ValueError:
        return None, True, False
    if not 1900 <= y <= 2100:
        return None, True, True
    return date, False, False


@given(st.lists(st.tuples(years, months, days, st.sampled_from(["iso", "-", "."])),
                min_size=1, max_size=40))
def test_fixed_width_dates_follow_the_calendar(cells):
    texts = [f"{y:04d}-{m:02d}-{d:02d}" if style == "iso" else
             f"{d:02d}{style}{m:02d}{style}{y:04d}" for y, m, d, style in cells]
    values, bad, out_of_range = parse_date(pa.chunked_array([pa.array(texts,
                                                                      pa.large_string())]))
    for i, (y, m, d, _) in enumerate(cells):
        date, is_bad, is_out = _expected(y, m, d)
        assert bool(bad[i]) == is_bad, texts[i]
        assert bool(out_of_range[i]) == is_out, texts[i]
        if date is None:
            assert np.isnat(values[i])
        else:
            assert values[i] == np.datetime64(date.isoformat(), "ns")
