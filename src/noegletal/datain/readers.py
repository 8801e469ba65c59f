"""Read an uploaded extract (CSV or ``.xlsx``) into a :class:`RawTable` of strings.

Nothing is interpreted here: every cell stays the text the analyst wrote (no pandas type
inference), the header keeps its original spelling, and every data row keeps the row number
the analyst sees (header = row 1 in a CSV; the sheet row number in an ``.xlsx``). Parsing,
column matching and validation happen in :mod:`noegletal.datain.validation`.

CSV rules
    * Encoding: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode-tekst"), and
      otherwise Windows-1252. A file that is not valid UTF-8 is decoded as Windows-1252, the
      encoding of Danish Excel exports; Latin-1 is identical to it except for the bytes
      0x80-0x9F, where Latin-1 has invisible control characters, so Windows-1252 is the right
      reading of æ, ø, å and €. Only when a byte is undefined in Windows-1252 (0x81, 0x8D,
      0x8F, 0x90, 0x9D) is the file read as Latin-1.
    * Separator: ``;``, ``,`` or tab, chosen as the one that splits the header into more than
      one field and gives the same number of fields in the first rows (quoted fields that
      contain the other separator are handled by the CSV quoting rules).
    * Blank rows and rows with only separators are skipped (their numbers are not reused).
      A row with more non-empty fields than the header is a row-level problem.

``.xlsx`` rules
    The first sheet is read, unless the workbook has several sheets and one is named like
    the file stem (``foranstaltninger.xlsx`` -> sheet ``foranstaltninger``), or ``sheet`` is
    given. The header is the first non-empty row. Cells Excel stored as numbers become
    ``"510"`` (whole numbers) or ``"12,5"`` (decimal comma, so that a dot can never be
    mistaken for a thousands separator), dates become ISO ``"2016-01-31"``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from noegletal.datain.problems import ADVARSEL, FEJL, Problem
from noegletal.domain.vocabulary import normalise_token

_DELIMITERS = (";", ",", "\t")
_DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabulator"}
_SNIFF_BYTES = 256 * 1024
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_OLD_EXCEL_SUFFIXES = {".xls", ".ods", ".numbers"}


@dataclass
class RawTable:
    """An extract as read from the file: strings only, original header, analyst row numbers.

    ``cells`` has one column per header position, labelled ``0 .. n-1`` (so that duplicated
    header names survive), and one row per non-empty data row; an empty cell is ``""``.
    ``row_numbers[i]`` is the analyst's row number of ``cells.iloc[i]``. ``problems`` holds
    what the reader found (an empty file, rows with too many fields, which sheet was used).
    """

    filename: str
    header: list[str]
    cells: pd.DataFrame
    row_numbers: np.ndarray
    header_row: int = 1
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return list(self.header)

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    @property
    def fatal(self) -> bool:
        """True when the reader could not produce any rows to validate."""
        return any(p.is_error and p.row is None for p in self.problems)

    def frame(self) -> pd.DataFrame:
        """The cells with the header names as columns (duplicates suffixed `` (2)``)."""
        out = self.cells.copy()
        out.columns = unique_names(self.header)
        return out


def unique_names(names: list[str]) -> list[str]:
    """Make header names unique for display: the second ``x`` becomes ``x (2)``."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        label = name if name.strip() else "(uden navn)"
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def read_table(
    source: Path | str | bytes | BinaryIO, filename: str | None = None, sheet: str | None = None
) -> RawTable:
    """Read a CSV or ``.xlsx`` extract; never raises for bad content (see ``problems``)."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        filename = filename or path.name
        data = path.read_bytes()
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        data = source.read()
    filename = filename or "upload"
    suffix = Path(filename).suffix.lower()

    if not data.strip():
        return _empty(filename, _problem(filename, "Filen er tom. Eksportér udtrækket igen, "
                                         "så den første række er kolonnenavnene og de næste "
                                         "rækker er data.", "tom_fil"))
    if suffix in _OLD_EXCEL_SUFFIXES:
        return _empty(filename, _problem(
            filename, f"Filformatet «{suffix}» kan ikke læses. Gem filen som Excel-projektmappe "
            "(.xlsx) eller som CSV (semikolon- eller kommasepareret).", "ukendt_filtype"))
    if suffix in _XLSX_SUFFIXES or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, filename, sheet)
    return _read_csv(data, filename)


# --------------------------------------------------------------------------- CSV


def detect_encoding(data: bytes) -> str:
    """Python codec name for the bytes of a CSV file (see the module docstring)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def detect_delimiter(sample: str, truncated: bool = False) -> str:
    """The separator among ``;``, ``,`` and tab that best splits the first rows of ``sample``.

    The winner splits the header into at least two fields; ties are broken by how many of
    the following rows have the same number of fields, then by the number of fields. A
    one-column file gives ``,``.
    """
    best: tuple[tuple[int, int, int], str] | None = None
    for delim in _DELIMITERS:
        rows = [r for r in islice(csv.reader(io.StringIO(sample), delimiter=delim), 52)
                if any(c.strip() for c in r)]
        if truncated and len(rows) > 1:
            rows = rows[:-1]
        if not rows:
            continue
        width = len(rows[0])
        consistent = sum(len(r) == width for r in rows[1:])
        score = (int(width > 1), consistent, width)
        if best is None or score > best[0]:
            best = (score, delim)
    return best[1] if best and best[0][0] else ","


def _read_csv(data: bytes, filename: str) -> RawTable:
    encoding = detect_encoding(data)
    head = data[:_SNIFF_BYTES]
    sample = head.decode(encoding, errors="ignore")
    delimiter = detect_delimiter(sample, truncated=len(data) > len(head))
    problems: list[Problem] = []
    try:
        grid = pd.read_csv(
            io.BytesIO(data), sep=delimiter, header=None, dtype=str, na_filter=False,
            keep_default_na=False, skip_blank_lines=False, encoding=encoding, engine="c",
            quotechar='"', doublequote=True,
        )
        grid.columns = range(grid.shape[1])
    except pd.errors.EmptyDataError:
        return _empty(filename, _problem(filename, "Filen er tom.", "tom_fil"),
                      encoding=encoding, delimiter=delimiter)
    except pd.errors.ParserError:
        grid, problems = _read_csv_ragged(data.decode(encoding, errors="replace"), delimiter,
                                          filename)
    table = _from_grid(grid, np.arange(1, len(grid) + 1), filename, encoding=encoding,
                       delimiter=delimiter)
    table.problems = problems + table.problems
    return table


def _read_csv_ragged(text: str, delimiter: str, filename: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Slow path for files whose rows have different numbers of fields.

    The header decides the width. Shorter rows are padded with empty cells; a longer row
    whose extra fields are all empty is cut; a longer row with content beyond the header is
    reported (and later refused), keeping its first fields.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header_pos = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), 0)
    width = len(rows[header_pos]) if rows else 0
    problems = []
    fixed = []
    for i, r in enumerate(rows):
        if len(r) > width and any(c.strip() for c in r[width:]) and i > header_pos:
            problems.append(Problem(
                filename, i + 1, None, None,
                f"Rækken har {len(r)} felter, men overskriften har {width}. Tjek om en værdi "
                f"indeholder {_DELIMITER_NAMES[delimiter]} uden at stå i anførselstegn, eller "
                "om der mangler en kolonne i overskriften.", FEJL, "forkert_antal_felter"))
        fixed.append((r + [""] * (width - len(r)))[:width])
    return pd.DataFrame(fixed, columns=range(width), dtype=object), problems


# --------------------------------------------------------------------------- xlsx


def _cell_text(value: object) -> str:
    """A cell value from openpyxl as the string the validator understands."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return np.format_float_positional(value, trim="-").replace(".", ",")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, filename: str, sheet: str | None) -> RawTable:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return _empty(filename, _problem(
            filename, "Filen kunne ikke åbnes som Excel-projektmappe (.xlsx). Åbn den i Excel "
            "og gem den igen som .xlsx, eller gem den som CSV.", "ulaeselig_fil"))
    problems: list[Problem] = []
    try:
        names = wb.sheetnames
        chosen = _choose_sheet(names, Path(filename).stem, sheet)
        if chosen is None:
            return _empty(filename, _problem(
                filename, f"Arket «{sheet}» findes ikke i filen. Filen har arkene "
                + ", ".join(f"«{n}»" for n in names) + ".", "ulaeselig_fil"))
        if len(names) > 1 and sheet is None and normalise_token(chosen) != normalise_token(
                Path(filename).stem):
            problems.append(Problem(
                filename, None, None, None,
                f"Filen har {len(names)} ark; det første ark, «{chosen}», er læst. Giv arket "
                "med data samme navn som filen, hvis et andet ark skal bruges.", ADVARSEL,
                "ark_valgt"))
        ws = wb[chosen]
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(min_row=1, values_only=True)]
    finally:
        wb.close()
    width = max((len(r) for r in rows), default=0)
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], columns=range(width),
                        dtype=object)
    table = _from_grid(grid, np.arange(1, len(grid) + 1), filename, sheet=chosen)
    table.problems = problems + table.problems
    return table


def _choose_sheet(names: list[str], stem: str, wanted: str | None) -> str | None:
    if wanted is not None:
        return next((n for n in names if normalise_token(n) == normalise_token(wanted)), None)
    if len(names) > 1:
        for n in names:
            if normalise_token(n) == normalise_token(stem):
                return n
    return names[0] if names else None


# --------------------------------------------------------------------------- common


def _from_grid(grid: pd.DataFrame, numbers: np.ndarray, filename: str, **meta) -> RawTable:
    """Split a grid of strings into header and data rows; drop empty rows and columns."""
    if grid.shape[1] == 0:
        return _empty(filename, _problem(filename, "Filen er tom.", "tom_fil"), **meta)
    filled = grid.ne("") & grid.notna()
    nonempty_rows = filled.any(axis=1).to_numpy()
    if not nonempty_rows.any():
        return _empty(filename, _problem(filename, "Filen indeholder ingen data, kun tomme "
                                         "rækker.", "tom_fil"), **meta)
    # The header is the first row with at least two filled cells among the first rows (a
    # title such as "Udtræk af foranstaltninger" above the header is skipped); a one-column
    # file has its header in the first non-empty row.
    counts = filled.sum(axis=1).to_numpy()
    first = int(np.argmax(nonempty_rows))
    wide = np.flatnonzero(counts[:first + 20] >= 2)
    header_pos = int(wide[0]) if len(wide) else first
    header = [_clean_header(h) for h in grid.iloc[header_pos].tolist()]
    body = grid.iloc[header_pos + 1:]
    body_numbers = numbers[header_pos + 1:]
    keep = nonempty_rows[header_pos + 1:]
    body = body[keep]
    body_numbers = body_numbers[keep]
    # Drop columns with neither a name nor any content (trailing separators, formatted cells).
    used = [i for i, name in enumerate(header) if name.strip() or filled.iloc[header_pos + 1:, i].any()]
    body = body.iloc[:, used]
    body.columns = range(len(used))
    header = [header[i] for i in used]
    table = RawTable(filename, header, body.reset_index(drop=True),
                     np.asarray(body_numbers, dtype=np.int64), header_row=int(numbers[header_pos]),
                     **meta)
    skipped = numbers[:header_pos][nonempty_rows[:header_pos]]
    if len(skipped):
        table.problems.append(Problem(
            filename, None, None, None,
            f"{_rows_text(skipped)} står over kolonneoverskrifterne og er sprunget over. "
            "Overskrifterne er læst fra række " f"{int(numbers[header_pos])}.", ADVARSEL,
            "over_overskrift"))
    if body.empty:
        table.problems.append(_problem(
            filename, "Filen indeholder kun overskriftsrækken og ingen datarækker. Tjek at "
            "udtrækket er eksporteret med data.", "tom_fil"))
    return table


def _rows_text(rows: np.ndarray) -> str:
    listed = ", ".join(str(int(r)) for r in rows[:5])
    return f"Række {listed}" if len(rows) == 1 else f"Rækkerne {listed}"


def _clean_header(name: object) -> str:
    text = "" if name is None else str(name)
    return re.sub(r"^\ufeff", "", text)


def _problem(filename: str, message: str, kind: str) -> Problem:
    return Problem(filename, None, None, None, message, FEJL, kind)


def _empty(filename: str, problem: Problem, **meta) -> RawTable:
    return RawTable(filename, [], pd.DataFrame(), np.zeros(0, dtype=np.int64),
                    problems=[problem], **meta)
