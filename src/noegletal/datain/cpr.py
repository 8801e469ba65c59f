"""Find and mask values that look like Danish CPR numbers, also in disguise.

The project never stores CPR numbers: identifiers must be pseudonyms. Text is checked
after *normalisation*:

* Unicode NFKC (full-width digits become ``0-9``, the no-break spaces become spaces, ...);
* invisible characters are removed (Unicode format characters such as the zero-width
  space, the soft hyphen, the word joiner and the byte order mark; control characters and
  combining marks);
* every dash (hyphen, non-breaking hyphen, en and em dash, the minus sign, ...) becomes
  ``-`` and every kind of space ``" "``;
* digits of any script (Arabic-Indic, Devanagari, ...) become ``0-9``.

A normalised text *looks like a CPR number* when it holds ``dd mm yy xxxx`` -- ten digits
in the groups 2, 2, 2 and 4, with up to three separators from ``-./ _`` (and tab) between
the groups, e.g. ``010203-1234``, ``0102031234``, ``010203 - 1234``, ``01-02-03-1234``,
``01.02.03/1234`` -- not preceded or followed by another digit, and ``ddmmyy`` is a real
calendar date (day 01-31 valid for the month; 29 February only in years ``yy`` divisible
by 4). Letters around it do not help: ``x0102031234``, ``id_0102031234`` and
``0102031234b`` look like CPR numbers. Ten digits that are not a date, such as
``1234567890`` or ``3113001234``, and runs of eleven digits do not.

Cells: the check is vectorised for plain ASCII text (Arrow regular expressions); the rare
cells with other characters are normalised in Python once per distinct value. File names,
column headers and sheet names are checked with :func:`looks_like_cpr` (the readers do
this, see :mod:`noegletal.datain.readers`). Excel number cells formatted with a
zero-padding number format (``0000000000``) are read with their leading zeros, as Excel
shows them, so ``0102031234`` stored as the number 102031234 is found too.

Masked text shows :data:`MASK` in place of the CPR-like part, so that neither messages nor
the list of refused rows ever repeat the number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from noegletal.datain.parsing import mask as to_mask

MASK = "XXXXXX-XXXX"

_SEP = r"[-./_ \t]{0,3}"
_GROUPS = (rf"(?P<d>0[1-9]|[12][0-9]|3[01]){_SEP}(?P<m>0[1-9]|1[0-2]){_SEP}"
           rf"(?P<y>[0-9]{{2}}){_SEP}[0-9]{{4}}")
# Arrow (RE2, no look-around): the first candidate of a cell.
_ARROW = rf"(?:^|[^0-9]){_GROUPS}(?:[^0-9]|$)"
# Python: every candidate, overlapping ones included (look-around keeps them apart).
_PY = re.compile(rf"(?<![0-9])(?={_GROUPS}(?![0-9]))", re.ASCII)
_PY_SUB = re.compile(rf"(?<![0-9])(?:{re.sub(r'[?]P<[dmy]>', '', _GROUPS)})(?![0-9])", re.ASCII)
_DAYS = np.array([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_DASHES = frozenset("\u2212\u2043\ufe63\uff0d\u2796\u02d7")


def normalise(text: str) -> str:
    """The text as the CPR check reads it (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text.replace("\t", " ")
    out = []
    for ch in text:
        if ch.isascii():
            out.append(" " if ch == "\t" else ch)
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cf", "Cc", "Mn", "Me", "Mc"):
            continue
        if cat == "Nd":
            out.append(str(unicodedata.digit(ch)))
        elif cat == "Pd" or ch in _DASHES:
            out.append("-")
        elif cat in ("Zs", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _real_date(d: int, m: int, y: int) -> bool:
    return d <= _DAYS[m - 1] and not (m == 2 and d == 29 and y % 4 != 0)


def _normalised_has_cpr(text: str) -> bool:
    return any(_real_date(int(x.group("d")), int(x.group("m")), int(x.group("y")))
               for x in _PY.finditer(text))


def looks_like_cpr(text: str | None) -> bool:
    """Does ``text`` (a file name, header, sheet name or cell) hold a CPR-like value?"""
    return bool(text) and _normalised_has_cpr(normalise(str(text)))


def mask_text(text: str) -> str:
    """``text`` with its CPR-like parts replaced by :data:`MASK` (unchanged when it has
    none). The masked text is the normalised text, so no disguise survives."""
    if not looks_like_cpr(text):
        return text
    norm = normalise(text)

    def repl(x: re.Match) -> str:
        digits = re.sub(r"[^0-9]", "", x.group(0))
        return MASK if _real_date(int(digits[:2]), int(digits[2:4]), int(digits[4:6])) else x.group(0)

    masked = _PY_SUB.sub(repl, norm)
    # An overlapping candidate can survive the substitution; then nothing of the text is kept.
    return masked if not _normalised_has_cpr(masked) else MASK


def _valid_date(parts: pa.ChunkedArray | pa.Array, hit: np.ndarray) -> np.ndarray:
    def field_(name: str) -> np.ndarray:
        col = pc.if_else(pa.array(hit), pc.struct_field(parts, name), "01")
        return pc.cast(col, pa.int64()).to_numpy(zero_copy_only=False)

    d, m, y = field_("d"), field_("m"), field_("y")
    ok = d <= _DAYS[m - 1]
    ok &= ~((m == 2) & (d == 29) & (y % 4 != 0))
    return hit & ok


def cpr_like(arr: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Boolean mask of the cells of one column that look like a CPR number.

    The check runs once per distinct value (Arrow's dictionary encoding: an extract's
    dates, codes and numbers repeat a lot) and is mapped back to the cells."""
    n = len(arr)
    if n == 0:
        return np.zeros(0, dtype=bool)
    flat = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    encoded = flat.dictionary_encode()
    found = _cpr_like_values(encoded.dictionary)
    if not found.any():
        return np.zeros(n, dtype=bool)
    idx = pc.fill_null(encoded.indices, 0).to_numpy(zero_copy_only=False)
    return found[idx] & to_mask(pc.is_valid(encoded.indices))


def _cpr_like_values(arr: pa.Array) -> np.ndarray:
    """:func:`cpr_like` of distinct values (no nulls)."""
    n = len(arr)
    out = np.zeros(n, dtype=bool)
    if n == 0:
        return out
    other = ~to_mask(pc.string_is_ascii(arr))
    # Cheap pre-filters for plain text: a CPR-like value has at least ten bytes, of which at
    # least ten are digits.
    long = np.flatnonzero(~other & (pc.binary_length(arr).to_numpy(zero_copy_only=False) >= 10))
    if len(long):
        digits = pc.count_substring_regex(arr.take(pa.array(long)), r"[0-9]")
        candidates = long[digits.to_numpy(zero_copy_only=False) >= 10]
    else:
        candidates = long
    if len(candidates):
        sub = arr.take(pa.array(candidates))
        parts = pc.extract_regex(sub, _ARROW)
        hit = to_mask(pc.is_valid(parts))
        valid = _valid_date(parts, hit) if hit.any() else hit
        out[candidates[valid]] = True
        # The first candidate was no date: a later, overlapping one may be.
        retry = candidates[hit & ~valid]
        if len(retry):
            values = arr.take(pa.array(retry)).to_pylist()
            out[retry] = [_normalised_has_cpr(v) for v in values]
    others = np.flatnonzero(other)
    if len(others):
        values = arr.take(pa.array(others)).to_pylist()
        out[others] = np.array([looks_like_cpr(v) for v in values], dtype=bool)
    return out


def mask_cpr(arr: pa.ChunkedArray, where: np.ndarray) -> pa.ChunkedArray:
    """Replace the CPR-like part of the cells in ``where`` by :data:`MASK`."""
    if not where.any():
        return arr
    pos = np.flatnonzero(where)
    masked = [mask_text(v) for v in arr.take(pa.array(pos)).to_pylist()]
    values = np.asarray(arr.to_numpy(zero_copy_only=False), dtype=object).copy()
    values[pos] = masked
    return pa.chunked_array([pa.array(values, type=arr.type)])


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
