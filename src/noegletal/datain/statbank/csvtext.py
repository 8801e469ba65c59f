"""The CSV text of a Statbank ``data`` call, and of a file downloaded from it by hand.

Rules (``statbank.md``, "CSV response text"): UTF-8 with a BOM (BULK has none), ``;`` as
separator, CRLF line ends, a header of the variables' codes in upper case with time as
``TID`` and the value column ``INDHOLD``, no thousands separators, a decimal comma with
``lang=da`` (a point with ``lang=en``), and ``..`` for a missing or confidential value.

>>> df = parse_csv("\\ufeffOMRÅDE;TID;INDHOLD\\r\\n101;2024K1;8412\\r\\n167;2024K1;..\\r\\n")
>>> df.to_dict("list")
{'OMRÅDE': ['101', '167'], 'TID': ['2024K1', '2024K1'], 'INDHOLD': [8412.0, nan]}
"""

from __future__ import annotations

import csv
import io
import math
import re

import pandas as pd

from noegletal.datain.statbank.errors import StatbankError

MISSING = ".."
VALUE_COLUMN = "INDHOLD"
TIME_COLUMN = "TID"
_NUMBER = re.compile(r"-?\d+([.,]\d+)?")


def parse_value(text: str) -> float:
    """One INDHOLD cell: ``..`` (or empty) is missing (NaN, never 0); ``12,5`` and ``12.5``
    are 12.5 (there are no thousands separators in Statbank CSV).

    >>> parse_value("12,5"), parse_value("1234"), math.isnan(parse_value(".."))
    (12.5, 1234.0, True)
    """
    t = text.strip()
    if t in ("", MISSING):
        return math.nan
    if not _NUMBER.fullmatch(t):
        raise ValueError(t)
    return float(t.replace(",", "."))


def decode(data: bytes | str) -> str:
    """UTF-8 with or without a BOM; a hand-saved file in Windows-1252 is accepted too."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def parse_csv(data: bytes | str, *, source: str = "svaret") -> pd.DataFrame:
    """Parse Statbank CSV into a frame: one text column per variable (codes as sent, header
    in upper case, time as ``TID``) and ``INDHOLD`` as float with NaN where the cell was
    ``..``. ``source`` names the file or call in error messages."""
    text = decode(data)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise StatbankError(f"{source} fra Danmarks Statistik er tomt.")
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=";"))
    header = [h.strip().upper() for h in rows[0]]
    if len(header) < 2 or header[-1] != VALUE_COLUMN:
        raise StatbankError(
            f"{source} ligner ikke en CSV-fil fra Statistikbanken: første række skal være "
            "variablernes koder adskilt af semikolon og slutte med INDHOLD (fx "
            "«OMRÅDE;ALDER;TID;INDHOLD»). Hent filen med valuePresentation=Code som CSV."
        )
    n = len(header)
    values: list[float] = []
    cells: list[list[str]] = []
    for i, row in enumerate(rows[1:], start=2):
        if len(row) != n:
            raise StatbankError(
                f"Række {i} i {source} har {len(row)} felter, men overskriften har {n}."
            )
        try:
            values.append(parse_value(row[-1]))
        except ValueError:
            raise StatbankError(
                f"Række {i} i {source}: «{row[-1]}» i INDHOLD er ikke et tal eller «..»."
            ) from None
        cells.append([c.strip() for c in row[:-1]])
    out = pd.DataFrame(cells, columns=header[:-1], dtype=object)
    if out.empty:
        out = pd.DataFrame({h: pd.Series(dtype=object) for h in header[:-1]})
    out[VALUE_COLUMN] = pd.Series(values, dtype="float64")
    return out
