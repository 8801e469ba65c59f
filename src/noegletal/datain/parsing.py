"""Vectorised parsing of the text cells of one column (Arrow compute, no per-row Python).

Every parser takes a ``pa.ChunkedArray`` of *trimmed, non-null* strings where ``""`` is an
empty cell, and returns the parsed values together with a boolean NumPy mask ``bad`` of the
non-empty cells that could not be parsed. Empty cells are never ``bad``; their value is
missing (``NaN``/``NaT``) and the caller decides whether that is allowed.

Accepted spellings
    Whole numbers (``int``)
        ``1234``, ``-5``, ``+5``; Danish thousands separators ``1.234`` and ``1.234.567``
        (so for a whole-number column ``1.234`` is one thousand two hundred and thirty-four),
        a space as thousands separator ``1 234``; a zero fraction ``510,0``, ``510.00`` (as
        written by some exports of whole numbers).
    Decimal numbers (``float``)
        ``12,5`` and ``12.5``; ``1.234,5`` and ``1 234,5`` (dot or space as thousands
        separator with a decimal comma); ``1.234.567``; ``1e3``. A comma is always a decimal
        comma. A value with exactly one dot followed by exactly three digits and no comma
        (``1.234``) is *ambiguous*; it is read column by column (see :func:`parse_float`).
        A thousands group never starts with 0, so ``0.125`` is always a decimal point.
    Dates (``date``)
        ISO ``2016-01-31`` (optionally followed by a time of day, which is dropped),
        Danish ``31-01-2016``, ``31.01.2016`` and ``31/01/2016``; one-digit day and month
        are accepted. The day must exist (``31-02-2016`` is bad) and the year must lie in
        1900-2100.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_SEP = r"[. \x{00a0}\x{202f}]"  # thousands separators: dot, space, no-break spaces
_INT_RE = (r"^[+-]?(?:\d{1,18}|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:[ \x{00a0}\x{202f}]\d{3})+)"
           r"(?:[.,]0{1,2})?$")
_COMMA_RE = (r"^[+-]?(?:\d*|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:[ \x{00a0}\x{202f}]\d{3})+),\d+$")
_GROUPED_RE = r"^[+-]?(?:[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:[ \x{00a0}\x{202f}]\d{3})+)$"
_POINT_RE = r"^[+-]?(?:\d*\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)$"
_PLAIN_RE = r"^[+-]?\d+$"
_AMBIGUOUS_RE = r"^[+-]?[1-9]\d{0,2}\.\d{3}$"
_ISO_RE = (r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
           r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DANISH_RE = r"^(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})$"

MIN_YEAR, MAX_YEAR = 1900, 2100


def to_arrow(values: pd.Series) -> pa.ChunkedArray:
    """A pandas Series of strings as a non-null Arrow string array (missing -> ``""``);
    without a copy when the Series is Arrow-backed already (as the readers' cells are)."""
    if isinstance(values.dtype, pd.ArrowDtype) and pa.types.is_large_string(
            values.dtype.pyarrow_dtype):
        arr = values.array._pa_array
        if not isinstance(arr, pa.ChunkedArray):
            arr = pa.chunked_array([arr])
        return arr if arr.null_count == 0 else pc.fill_null(arr, "")
    arr = pa.chunked_array([pa.array(values, type=pa.large_string(), from_pandas=True)])
    return pc.fill_null(arr, "")


def mask(arr: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """An Arrow boolean array as a NumPy bool array (null -> False)."""
    return np.asarray(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), dtype=bool)


def matches(arr: pa.ChunkedArray, pattern: str) -> np.ndarray:
    return mask(pc.match_substring_regex(arr, pattern))


def _clean_number(arr: pa.ChunkedArray) -> pa.ChunkedArray:
    """Drop thousands separators and a leading ``+``; decimal comma -> point."""
    out = pc.replace_substring_regex(arr, _SEP, "")
    out = pc.replace_substring(out, ",", ".")
    return pc.replace_substring_regex(out, r"^\+", "")


def _cast(arr: pa.ChunkedArray, ok: np.ndarray, filler: str, typ: pa.DataType) -> np.ndarray:
    safe = pc.if_else(pa.array(ok), arr, filler)
    return pc.cast(safe, typ).to_numpy(zero_copy_only=False)


def per_distinct(arr: pa.ChunkedArray | pa.Array, fn):
    """``fn(arr)`` for a function that works cell by cell and returns NumPy arrays (or a
    tuple of them) of ``len(arr)``, evaluated once per distinct value (Arrow's dictionary
    encoding) and mapped back to the cells: an extract's dates, codes and counts repeat a
    lot. Columns with nulls or mostly distinct values are passed to ``fn`` as they are."""
    n = len(arr)
    flat = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if n < 1_000 or flat.null_count:
        return fn(arr)
    encoded = flat.dictionary_encode()
    if len(encoded.dictionary) * 2 > n:
        return fn(arr)
    idx = encoded.indices.to_numpy(zero_copy_only=False)
    out = fn(pa.chunked_array([encoded.dictionary]))
    if isinstance(out, tuple):
        return tuple(o[idx] for o in out)
    return out[idx]


def parse_int(arr: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Whole numbers: ``(values as float64 with NaN where empty or bad, bad)``."""
    return per_distinct(arr, _parse_int)


def _parse_int(arr: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    empty = mask(pc.equal(arr, ""))
    ok = matches(arr, _INT_RE)
    cleaned = pc.replace_substring_regex(arr, r"[.,]0{1,2}$", "")
    cleaned = _clean_number(cleaned)
    values = _cast(cleaned, ok, "0", pa.int64()).astype(np.float64)
    values[~ok] = np.nan
    return values, ~ok & ~empty


@dataclass(frozen=True)
class FloatReading:
    """Result of :func:`parse_float`.

    ``ambiguous`` marks values like ``1.234``; ``thousands`` tells how they were read
    (``True``: dot as thousands separator, 1234; ``False``: decimal point, 1.234; ``None``:
    the column gave no evidence either way and the reading followed the file's separator).
    In a column that mixes decimal commas and decimal points they are ``bad`` instead.
    """

    values: np.ndarray
    bad: np.ndarray
    ambiguous: np.ndarray
    thousands: bool | None
    guessed: bool


def parse_float(arr: pa.ChunkedArray, delimiter: str | None = None) -> FloatReading:
    """Decimal numbers, reading ambiguous ``1.234`` by the evidence in the whole column.

    * If some value in the column has a decimal comma (``12,5``) and none an unambiguous
      decimal point, the dots are thousands separators: ``1.234`` = 1234.
    * If some value has an unambiguous decimal point (``12.5``, ``0.25``) and none a decimal
      comma, ``1.234`` = 1.234.
    * If the column has both, ``1.234`` cannot be read and is ``bad``.
    * If it has neither, the file's separator decides: ``;`` (a Danish export, whose decimal
      separator is a comma) -> thousands separator; otherwise -> decimal point. The caller
      warns about this guess (``guessed``).
    """
    n = len(arr)
    flat = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if n >= 1_000 and not flat.null_count:
        # Once per distinct value (see per_distinct): the column's evidence (any decimal
        # comma, any decimal point) is the same over its distinct values as over its cells.
        encoded = flat.dictionary_encode()
        if len(encoded.dictionary) * 2 <= n:
            idx = encoded.indices.to_numpy(zero_copy_only=False)
            r = _parse_float(pa.chunked_array([encoded.dictionary]), delimiter)
            return FloatReading(r.values[idx], r.bad[idx], r.ambiguous[idx], r.thousands,
                                r.guessed)
    return _parse_float(arr, delimiter)


def _parse_float(arr: pa.ChunkedArray, delimiter: str | None) -> FloatReading:
    empty = mask(pc.equal(arr, ""))
    ambiguous = matches(arr, _AMBIGUOUS_RE)
    comma = matches(arr, _COMMA_RE)
    grouped = matches(arr, _GROUPED_RE) & ~ambiguous
    point = matches(arr, _POINT_RE) & ~ambiguous
    plain = matches(arr, _PLAIN_RE)
    comma_style, point_style = bool(comma.any()), bool(point.any())
    guessed = False
    if comma_style and point_style:
        thousands: bool | None = None
    elif comma_style:
        thousands = True
    elif point_style:
        thousands = False
    else:
        thousands = delimiter == ";"
        guessed = bool(ambiguous.any())
    ok = comma | grouped | point | plain
    as_thousands = ambiguous & (thousands is True)
    as_point = ambiguous & (thousands is False)
    ok = ok | as_thousands | as_point
    # Values with a decimal comma or thousands separators are cleaned; decimal points kept.
    needs_clean = comma | grouped | as_thousands
    cleaned = pc.if_else(pa.array(needs_clean), _clean_number(arr),
                         pc.replace_substring_regex(arr, r"^\+", ""))
    values = _cast(cleaned, ok, "0", pa.float64()).astype(np.float64)
    values[~ok] = np.nan
    return FloatReading(values, ~ok & ~empty, ambiguous & ~empty, thousands, guessed)


def _date_parts(arr: pa.ChunkedArray | pa.Array, pattern: str
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    parts = pc.extract_regex(arr, pattern)
    hit = mask(pc.is_valid(parts))

    def field(name: str) -> np.ndarray:
        col = pc.if_else(pa.array(hit), pc.struct_field(parts, name), "0")
        return pc.cast(col, pa.int64()).to_numpy(zero_copy_only=False)

    return hit, field("y"), field("m"), field("d")


def _from_parts(year: np.ndarray, month: np.ndarray, day: np.ndarray, hit: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Dates from year/month/day arrays; ``valid`` is False where the day does not exist."""
    valid = hit & (month >= 1) & (month <= 12) & (day >= 1) & (year >= 1) & (year <= 9999)
    year = np.where(valid, year, 2000)
    month = np.where(valid, month, 1)
    day = np.where(valid, day, 1)
    month_start = (year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (month - 1)
    month_days = (month_start + 1).astype("datetime64[D]") - month_start.astype("datetime64[D]")
    valid &= day <= month_days.astype(np.int64)
    return month_start.astype("datetime64[D]") + (day - 1), valid


# Fixed-width spellings handled first by Arrow's strptime (fast); everything else (one-digit
# days or months, "/" as separator, a time of day after an ISO date) goes through the regular
# expressions. Each entry: shape, separator to normalise to "-", strptime format, and the
# (start, stop) of the day (strptime rolls a day that does not exist, 30-02, over into the
# next month, so the day it gives is compared with the day written).
_FIXED = (
    (r"^\d{4}-\d{2}-\d{2}$", None, "%Y-%m-%d", (8, 10)),
    (r"^\d{2}[-.]\d{2}[-.]\d{4}$", ".", "%d-%m-%Y", (0, 2)),
)


def _fixed_dates(sub: pa.ChunkedArray | pa.Array, separator: str | None, fmt: str,
                 day: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Dates of cells of one fixed shape: ``(datetime64[D] values, valid)``."""
    text = pc.replace_substring(sub, separator, "-") if separator else sub
    stamps = pc.strptime(text, format=fmt, unit="s", error_is_null=True)
    written = pc.cast(pc.utf8_slice_codeunits(sub, day[0], day[1]), pa.int64())
    valid = mask(pc.equal(pc.day(stamps), written))
    days = pc.cast(pc.fill_null(stamps, 0), pa.int64()).to_numpy(zero_copy_only=False)
    dates = (days // 86_400).astype("datetime64[D]")
    return dates, valid & (dates >= np.datetime64("0001-01-01"))  # no year 0


def parse_date(arr: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dates: ``(datetime64[ns] values, bad, year_out_of_range)``.

    ``values`` is NaT where the cell is empty or bad; ``bad`` marks non-empty cells that are
    no date; ``year_out_of_range`` the subset of ``bad`` that are real dates outside
    1900-2100.
    """
    return per_distinct(arr, _parse_date)


def _parse_date(arr: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(arr)
    empty = mask(pc.equal(arr, ""))
    days = np.zeros(n, dtype="datetime64[D]")
    done = empty.copy()
    found = np.zeros(n, dtype=bool)
    for shape, separator, fmt, day in _FIXED:
        todo = np.flatnonzero(~done)
        if not len(todo):
            break
        sub = arr if len(todo) == n else arr.take(pa.array(todo))
        fits = mask(pc.match_substring_regex(sub, shape))
        if not fits.any():
            continue
        hit = todo[fits]
        sub = sub.filter(pa.array(fits))
        parsed, valid = _fixed_dates(sub, separator, fmt, day)
        days[hit[valid]] = parsed[valid]
        found[hit[valid]] = True
        done[hit] = True
    rest = np.flatnonzero(~done)
    if len(rest):
        sub = arr.take(pa.array(rest))
        iso, y1, m1, d1 = _date_parts(sub, _ISO_RE)
        dk, y2, m2, d2 = _date_parts(sub, _DANISH_RE)
        parsed, valid = _from_parts(np.where(iso, y1, y2), np.where(iso, m1, m2),
                                    np.where(iso, d1, d2), iso | dk)
        days[rest[valid]] = parsed[valid]
        found[rest[valid]] = True
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    out_of_range = found & ((year < MIN_YEAR) | (year > MAX_YEAR))
    ok = found & ~out_of_range
    dates = days.astype("datetime64[ns]")
    dates[~ok] = np.datetime64("NaT")
    return dates, ~ok & ~empty, out_of_range
