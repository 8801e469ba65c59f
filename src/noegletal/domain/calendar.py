"""Calendar arithmetic used by every key figure.

Months are calendar months with month-end clipping, as in the catalogue:
``2017-05-31 - 12 mdr = 2016-05-31`` and ``2016-02-29 - 12 mdr = 2015-02-28``.
A child is younger than 18 at ``t`` when ``t`` is before the 18th birthday, where the 18th
birthday is the birth date plus 216 calendar months with the same clipping (a child born on
29 February turns 18 on 28 February in a non-leap year).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from noegletal.domain.formatting import format_date


def months_back(t: dt.date | pd.Timestamp, months: int) -> pd.Timestamp:
    """``t`` minus ``months`` calendar months, clipping to the month end.

    >>> months_back(pd.Timestamp("2016-02-29"), 12)
    Timestamp('2015-02-28 00:00:00')
    >>> months_back(pd.Timestamp("2017-05-31"), 12)
    Timestamp('2016-05-31 00:00:00')
    """
    return pd.Timestamp(t) - pd.DateOffset(months=months)


def eighteenth_birthday(birth: pd.Series) -> pd.Series:
    """Vectorised 18th birthday (birth + 216 calendar months, clipped at month end)."""
    b = pd.to_datetime(birth, cache=False)
    year = b.dt.year + 18
    month = b.dt.month
    day = b.dt.day
    # Clip 29 February to 28 February when the 18th year is not a leap year.
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day = day.where(~((month == 2) & (day == 29) & ~leap), 28)
    out = pd.to_datetime(
        pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce"
    )
    return out.where(b.notna())


def month_ends_between(start: pd.Timestamp, end: pd.Timestamp) -> list[pd.Timestamp]:
    """Month ends ``m`` with ``start < m <= end``."""
    first = (pd.Timestamp(start) + pd.offsets.MonthEnd(1)).normalize()
    if first <= pd.Timestamp(start):
        first = first + pd.offsets.MonthEnd(1)
    out = pd.date_range(first, pd.Timestamp(end), freq="ME")
    return list(out)


def danish_date(d: dt.date | pd.Timestamp | None) -> str:
    """``31. januar 2017`` (:func:`noegletal.domain.formatting.format_date`), ``""`` when
    missing.

    >>> danish_date(dt.date(2017, 1, 31))
    '31. januar 2017'
    """
    if d is None or (isinstance(d, float) and np.isnan(d)) or d is pd.NaT:
        return ""
    return format_date(d)
