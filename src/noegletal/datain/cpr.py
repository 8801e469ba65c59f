"""Find and mask values that look like Danish CPR numbers.

The project never stores CPR numbers: identifiers must be pseudonyms. A cell *looks like a
CPR number* when

* the whole cell (ignoring surrounding spaces) is ``ddmmyy-xxxx``, ``ddmmyy xxxx`` or the
  ten digits ``ddmmyyxxxx``, or
* the cell contains ``ddmmyy-xxxx`` (with a hyphen) surrounded by non-digits, e.g.
  ``"Barn 010203-1234"``, or ``ddmmyyxxxx``/``ddmmyy xxxx`` surrounded by characters that are
  neither letters, digits nor ``_`` (free text such as ``"(cpr 0102031234) flyttet"``; a
  pseudonym such as ``0102031234x`` is not CPR-like),

and in both cases ``ddmmyy`` is a real calendar date (day 01-31 valid for the month; 29
February only in years ``yy`` divisible by 4). Ten digits that are not a date, such as
``1234567890`` or ``3113001234``, are not CPR-like. The check is vectorised (one regular
expression per column, evaluated by Arrow) and runs on every column of the file, including
columns the extract does not use.

Masked cells show :data:`MASK` in place of the CPR-like part, so that neither messages nor
the list of refused rows ever repeat the number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from noegletal.datain.parsing import mask as to_mask

MASK = "XXXXXX-XXXX"

_DDMMYY = r"(?P<d>0[1-9]|[12]\d|3[01])(?P<m>0[1-9]|1[0-2])(?P<y>\d{2})"
_WHOLE = rf"^\s*{_DDMMYY}[- ]?\d{{4}}\s*$"
_INSIDE = rf"(?:^|\D){_DDMMYY}-\d{{4}}(?:\D|$)"
_INSIDE_TEXT = rf"(?:^|[^\w]){_DDMMYY} ?\d{{4}}(?:[^\w]|$)"
_INSIDE_SUB = r"(^|\D)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}-\d{4}(\D|$)"
_INSIDE_TEXT_SUB = r"(^|[^\w])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2} ?\d{4}([^\w]|$)"
_DAYS = np.array([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _valid_date(parts: pa.ChunkedArray | pa.Array, hit: np.ndarray) -> np.ndarray:
    def field_(name: str) -> np.ndarray:
        col = pc.if_else(pa.array(hit), pc.struct_field(parts, name), "01")
        return pc.cast(col, pa.int64()).to_numpy(zero_copy_only=False)

    d, m, y = field_("d"), field_("m"), field_("y")
    ok = d <= _DAYS[m - 1]
    ok &= ~((m == 2) & (d == 29) & (y % 4 != 0))
    return hit & ok


def cpr_like(arr: pa.ChunkedArray) -> np.ndarray:
    """Boolean mask of the cells of one column that look like a CPR number."""
    out = np.zeros(len(arr), dtype=bool)
    # Cheap pre-filter: a CPR-like value has six digits in a row.
    candidates = np.flatnonzero(to_mask(pc.match_substring_regex(arr, r"\d{6}")))
    if not len(candidates):
        return out
    sub = arr.take(pa.array(candidates))
    for pattern in (_WHOLE, _INSIDE, _INSIDE_TEXT):
        parts = pc.extract_regex(sub, pattern)
        hit = to_mask(pc.is_valid(parts))
        if hit.any():
            out[candidates[_valid_date(parts, hit)]] = True
    return out


def mask_cpr(arr: pa.ChunkedArray, where: np.ndarray) -> pa.ChunkedArray:
    """Replace the CPR-like part of the cells in ``where`` by :data:`MASK`."""
    if not where.any():
        return arr
    whole = to_mask(pc.match_substring_regex(arr, _WHOLE))
    inside = pc.replace_substring_regex(arr, _INSIDE_SUB, rf"\1{MASK}\2")
    inside = pc.replace_substring_regex(inside, _INSIDE_TEXT_SUB, rf"\1{MASK}\2")
    masked = pc.if_else(pa.array(where & whole), MASK, inside)
    return pc.if_else(pa.array(where), masked, arr)


@dataclass
class CprScan:
    """Where CPR-like values were found: ``rows[column position]`` is a bool mask."""

    rows: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return bool(self.rows)


def scan(columns: dict[int, pa.ChunkedArray]) -> CprScan:
    """Scan every column; only columns with at least one CPR-like cell are kept."""
    result = CprScan()
    for pos, arr in columns.items():
        hit = cpr_like(arr)
        if hit.any():
            result.rows[pos] = hit
    return result
