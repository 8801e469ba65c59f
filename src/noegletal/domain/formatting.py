"""Danish numbers, dates, month names and lists — the one formatting helper of every layer.

Built on Babel's ``da_DK`` locale (CLDR): ``1.234,5``, ``31. januar 2017``, ``jan. 2017``,
``a, b og c``. Two conventions are the project's own and kept on top of Babel:

* rounding is half up, as a person rounds (``2,45`` -> ``2,5``): the value is rounded with
  :mod:`decimal` first (from its shortest ``repr``, so binary noise does not tip it), and Babel
  only writes the already rounded digits;
* negative numbers use the typographic minus ``−`` (U+2212), and zero never shows a sign.

Data in (validation messages), the services, the presentation and the report all write Danish
numbers and dates through these functions.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from babel.dates import format_date as _babel_date
from babel.dates import get_month_names
from babel.lists import format_list
from babel.numbers import format_decimal

LOCALE = "da_DK"
MINUS = "\u2212"
MISSING = "–"

MONTHS: tuple[str, ...] = tuple(get_month_names("wide", locale=LOCALE).values())
MONTHS_SHORT: tuple[str, ...] = tuple(get_month_names("abbreviated", locale=LOCALE).values())


def is_missing(x: object) -> bool:
    """None, NaN or NaT."""
    if x is None or x is pd.NaT:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def round_half_up(x: float, decimals: int) -> Decimal:
    """Round like a person does (2,45 -> 2,5), not banker's rounding of binary floats."""
    q = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP)


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _signed(text: str) -> str:
    return text.replace("-", MINUS)


def format_number(x: float | int | None, decimals: int = 0) -> str:
    """A number with Danish separators and ``decimals`` decimals (half-up rounding).

    >>> format_number(1234.5, 1), format_number(2.45, 1), format_number(-1234)
    ('1.234,5', '2,5', '−1.234')
    >>> format_number(-0.04, 1), format_number(None)
    ('0,0', '–')
    """
    if is_missing(x):
        return MISSING
    d = round_half_up(float(x), decimals)
    if d == 0:
        d = abs(d)  # never show "−0,0"
    return _signed(format_decimal(d, format=_pattern(decimals), locale=LOCALE,
                                  decimal_quantization=False))


def format_exact(x: float | int) -> str:
    """A number with Danish separators and every decimal it has (limits in messages):
    ``1.234``, ``0,5``, ``1.234,25``.

    >>> format_exact(1234), format_exact(0.5), format_exact(1234.25), format_exact(-2.0)
    ('1.234', '0,5', '1.234,25', '−2')
    """
    d = Decimal(repr(float(x)))
    if d == d.to_integral_value():
        return format_number(d, 0)
    return format_number(d, max(0, -d.normalize().as_tuple().exponent))


def format_count(x: float | None) -> str:
    """A whole count: ``2.353``."""
    return format_number(x, 0)


def format_quantity(n: int, plural: str = "rækker", singular: str = "række") -> str:
    """A count with its noun: ``1 række``, ``2 rækker``, ``12.345 rækker``.

    >>> format_quantity(1), format_quantity(12345), format_quantity(2, "advarsler", "advarsel")
    ('1 række', '12.345 rækker', '2 advarsler')
    """
    n = int(n)
    return f"1 {singular}" if n == 1 else f"{format_count(n)} {plural}"


def format_signed(x: float | None, decimals: int = 1) -> str:
    """A change with an explicit sign: ``+2,5``, ``−1,2``; a change that rounds to zero is
    ``0,0`` without a sign."""
    if is_missing(x):
        return MISSING
    body = format_number(x, decimals)
    if body.startswith(MINUS) or round_half_up(float(x), decimals) == 0:
        return body
    return "+" + body


def format_decimal_text(x: float, decimals: int) -> str:
    """``x`` with ``decimals`` decimals and a decimal comma, without thousands separators
    (file sizes: ``2,5``)."""
    d = round_half_up(float(x), decimals)
    return _signed(format_decimal(d, format="0" + ("." + "0" * decimals if decimals else ""),
                                  locale=LOCALE, decimal_quantization=False))


def format_megabytes(megabytes: float) -> str:
    """A file size in MB with one decimal: ``2,5 MB``."""
    return format_decimal_text(megabytes, 1) + " MB"


# --- dates -----------------------------------------------------------------------------------

def _date(d) -> dt.date:
    if isinstance(d, dt.datetime):
        return d.date()
    if isinstance(d, dt.date):
        return d
    return pd.Timestamp(d).date()


def format_date(d) -> str:
    """``31. januar 2017`` (``–`` when missing).

    >>> format_date(dt.date(2017, 1, 31)), format_date("2017-05-01")
    ('31. januar 2017', '1. maj 2017')
    """
    if is_missing(d):
        return MISSING
    return _babel_date(_date(d), format="d. MMMM y", locale=LOCALE)


def format_month(d) -> str:
    """Month and year in running text: ``januar 2017``."""
    if is_missing(d):
        return MISSING
    return _babel_date(_date(d), format="MMMM y", locale=LOCALE)


def format_month_short(d) -> str:
    """Short month and year for axes and table headers: ``jan. 2017``, ``maj 2017``."""
    if is_missing(d):
        return MISSING
    return _babel_date(_date(d), format="MMM y", locale=LOCALE)


def month_name(month: int) -> str:
    """``januar`` for 1."""
    return MONTHS[month - 1]


# --- lists -----------------------------------------------------------------------------------

def join_danish(items: Sequence[str], conjunction: str = "og") -> str:
    """``a, b og c`` (``conjunction="eller"``: ``a, b eller c``); empty items are left out.

    >>> join_danish(["a", "b", "c"]), join_danish(["a", "", "b"], "eller"), join_danish([])
    ('a, b og c', 'a eller b', '')
    """
    items = [i for i in items if i]
    if not items:
        return ""
    if conjunction == "og":
        return format_list(items, style="standard", locale=LOCALE)
    if conjunction == "eller":
        return format_list(items, style="or", locale=LOCALE)
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def is_finite(x: object) -> bool:
    """True for a real, finite number (not None/NaN/inf, not bool)."""
    if isinstance(x, bool) or is_missing(x):
        return False
    try:
        return math.isfinite(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def count_phrase(n: float | int, singular: str, plural: str) -> str:
    """A count with its noun in the right number: ``1 række``, ``17.888 rækker``,
    ``1 afvist række``.

    >>> count_phrase(1, "række", "rækker"), count_phrase(17888, "række", "rækker")
    ('1 række', '17.888 rækker')
    """
    return f"{format_count(n)} {singular if int(n) == 1 else plural}"
