"""Read an uploaded extract (CSV or ``.xlsx``) into a :class:`RawTable` of strings.

Nothing is interpreted here: every cell stays the text the analyst wrote (no pandas type
inference), the header keeps its original spelling, and every data row keeps the row number
the analyst sees (header = row 1 in a CSV; the sheet row number in an ``.xlsx``). Parsing,
column matching and validation happen in :mod:`noegletal.datain.validation`.

CSV rules
    * Encoding: UTF-8 with or without BOM, UTF-16 with or without BOM (Excel's
      "Unicode-tekst"; without BOM it is recognised by its zero bytes), and otherwise
      Windows-1252. A file that is not valid UTF-8 is decoded as Windows-1252, the
      encoding of Danish Excel exports; Latin-1 is identical to it except for the bytes
      0x80-0x9F, where Latin-1 has invisible control characters, so Windows-1252 is the right
      reading of æ, ø, å and €. Only when a byte is undefined in Windows-1252 (0x81, 0x8D,
      0x8F, 0x90, 0x9D) is the file read as Latin-1. A file that mixes UTF-8 with
      Windows-1252 (typically two exports pasted together) is read as UTF-8 with every byte
      that is not valid UTF-8 read as Windows-1252, and gets a warning naming the first line.
    * A byte order mark (U+FEFF) after the start of the file (a file pasted onto another) is
      removed with a warning. A file with zero bytes or many control characters is no text
      file (a binary file renamed ``.csv``) and is refused.
    * Separator: ``;``, ``,`` or tab, chosen as the one that splits the header into more than
      one field and gives the same number of fields in the first rows (quoted fields that
      contain the other separator are handled by the CSV quoting rules).
    * Blank rows and rows with only separators are skipped (their numbers are not reused).
      A row with more non-empty fields than the header is a row-level problem.
    * Row-level problems that make a row's cells meaningless (its fields are not what the
      header says) and refuse it: a row that repeats the header (two files pasted together);
      a row written with another separator than the rest of the file (all of it lands in the
      first cell); a cell holding a line break and at least as many separators as a row has
      (a quote that was never closed, so the following lines were read into one cell).

``.xlsx`` rules
    The first sheet is read, unless the workbook has several sheets and one is named like
    the file stem (``foranstaltninger.xlsx`` -> sheet ``foranstaltninger``), or ``sheet`` is
    given. The header is the first non-empty row. Cells Excel stored as numbers become
    ``"510"`` (whole numbers) or ``"12,5"`` (decimal comma, so that a dot can never be
    mistaken for a thousands separator), dates become ISO ``"2016-01-31"``.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import re
import sys
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from noegletal.datain import cpr, limits
from noegletal.datain.parsing import mask, to_arrow
from noegletal.datain.problems import ADVARSEL, FEJL, Problem
from noegletal.domain.vocabulary import normalise_token

_DELIMITERS = (";", ",", "\t")
_DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabulator"}
_SNIFF_BYTES = 256 * 1024
_XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_OLD_EXCEL_SUFFIXES = {".xls", ".ods", ".numbers"}
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_FALLBACK_ERRORS = "noegletal-cp1252"
_fallback_offsets: ContextVar[list[int] | None] = ContextVar("_fallback_offsets", default=None)

# The standard library's CSV reader refuses fields over 128 KiB; a very long cell must become
# a validation problem, not a crash, so the limit is raised (it only ever grows).
csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2**31 - 1)))


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: read the bytes that are not UTF-8 as Windows-1252 (Latin-1 for
    the five bytes Windows-1252 leaves undefined) and remember where they were."""
    assert isinstance(err, UnicodeDecodeError)
    offsets = _fallback_offsets.get()
    if offsets is not None:
        offsets.append(err.start)
    bad = err.object[err.start:err.end]
    text = "".join(chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252")
                   for b in bad)
    return text, err.end


codecs.register_error(_FALLBACK_ERRORS, _cp1252_fallback)


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
    original = filename or "upload"
    # A file name that holds a CPR number is never repeated: every message, the version
    # table and the audit log get the masked name.
    filename = cpr.mask_text(original)
    suffix = Path(filename).suffix.lower()
    table = _read(data, filename, suffix, sheet)
    if filename != original:
        table.problems.append(_problem(
            filename, "Filnavnet ligner et CPR-nummer. Filen er afvist: systemet må aldrig "
            "modtage CPR-numre, heller ikke i et filnavn. Omdøb filen (fx til "
            "foranstaltninger.csv), og upload den igen.", "cpr"))
    return table


def _read(data: bytes, filename: str, suffix: str, sheet: str | None) -> RawTable:
    if not data.strip():
        return _empty(filename, _problem(filename, "Filen er tom. Eksportér udtrækket igen, "
                                         "så den første række er kolonnenavnene og de næste "
                                         "rækker er data.", "tom_fil"))
    if suffix in _OLD_EXCEL_SUFFIXES:
        return _empty(filename, _problem(
            filename, f"Filformatet «{suffix}» kan ikke læses. Gem filen som Excel-projektmappe "
            "(.xlsx) eller som CSV (semikolon- eller kommasepareret).", "ukendt_filtype"))
    if suffix in _XLSX_SUFFIXES or data[:4] == b"PK\x03\x04":
        refusal = limits.check_xlsx_archive(data)
        if refusal is not None:
            return _empty(filename, _problem(filename, refusal, "graense"))
        return _read_xlsx(data, filename, sheet)
    refusal = limits.check_csv(data)
    if refusal is not None:
        return _empty(filename, _problem(filename, refusal, "graense"))
    return _read_csv(data, filename)


# --------------------------------------------------------------------------- CSV


def detect_encoding(data: bytes) -> str:
    """Python codec name for the bytes of a CSV file (see the module docstring)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    without_bom = _utf16_without_bom(data)
    if without_bom is not None:
        return without_bom
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


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the start of ``data`` looks like UTF-16 text without a
    byte order mark: in text of Latin letters every second byte is zero."""
    head = data[:4096]
    half = len(head) // 2
    if half < 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes, encoding: str) -> bool:
    """A zero byte, or more than 1 % control characters in the first bytes, in a file that is
    not UTF-16: no text file."""
    if encoding.startswith("utf-16"):
        return False
    if b"\x00" in data:
        return True
    head = data[:_SNIFF_BYTES]
    controls = sum(head.count(bytes([b])) for b in (*range(1, 9), 11, 12, *range(14, 32)))
    return controls > 0.01 * len(head)


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _line_numbers(data: bytes | str, offsets: list[int]) -> np.ndarray:
    """The 1-based line numbers of character or byte ``offsets`` in ``data``."""
    if isinstance(data, str):
        newlines = np.array([m.start() for m in re.finditer("\n", data)], dtype=np.int64)
    else:
        newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    return np.searchsorted(newlines, np.asarray(offsets, dtype=np.int64)) + 1


def _decode(data: bytes, encoding: str, filename: str) -> tuple[str, list[Problem]]:
    """The text of a CSV file, with warnings about mixed encodings and stray BOMs."""
    problems: list[Problem] = []
    if encoding in ("cp1252", "latin-1") and _UTF8_MULTIBYTE.search(data):
        offsets: list[int] = []
        token = _fallback_offsets.set(offsets)
        try:
            text = data.decode("utf-8", errors=_FALLBACK_ERRORS)
        finally:
            _fallback_offsets.reset(token)
        lines = np.unique(_line_numbers(data, offsets))
        problems.append(Problem(
            filename, None, None, None,
            "Filen blander to tegnsæt: det meste er UTF-8, men "
            f"{_lines_text(lines)} er gemt som Windows-1252 (typisk fordi to udtræk er sat "
            "sammen). Begge dele er læst, så æ, ø og å er bevaret, men tjek de nævnte linjer, "
            "og gem hele filen som UTF-8 næste gang.", ADVARSEL, "blandet_tegnsaet"))
    else:
        text = data.decode(encoding, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\ufeff" in text:
        where = [m.start() for m in re.finditer("\ufeff", text)]
        lines = _line_numbers(text, where)
        problems.append(Problem(
            filename, None, None, None,
            f"Filen har et usynligt BOM-tegn (U+FEFF) inde i teksten ({_lines_text(lines)}), "
            "typisk fordi to filer er sat sammen. Tegnet er fjernet; tjek om "
            "kolonneoverskrifterne står to gange i filen.", ADVARSEL, "bom_inde_i_filen"))
        text = text.replace("\ufeff", "")
    return text, problems


def _lines_text(lines: np.ndarray) -> str:
    listed = ", ".join(str(int(n)) for n in lines[:5])
    more = f" og {len(lines) - 5} flere" if len(lines) > 5 else ""
    return (f"linje {listed}" if len(lines) == 1 else f"linjerne {listed}") + more


def detect_delimiter(sample: str, truncated: bool = False) -> str:
    """The separator among ``;``, ``,`` and tab that best splits the first rows of ``sample``.

    The winner splits the header into at least two fields; ties are broken by how many of
    the following rows have the same number of fields, then by the number of fields. When
    no separator splits a row with content, the most frequent one wins (a file of nothing
    but ``;;;``); a one-column file without any of them gives ``,``.
    """
    best: tuple[tuple[int, int, int], str] | None = None
    for delim in _DELIMITERS:
        rows = []
        reader = csv.reader(io.StringIO(sample), delimiter=delim)
        # A row the CSV module cannot read ends the sample; the rows before it decide.
        with contextlib.suppress(csv.Error):
            for r in islice(reader, 52):
                if any(c.strip() for c in r):
                    rows.append(r)
        if truncated and len(rows) > 1:
            rows = rows[:-1]
        if not rows:
            continue
        # The header's width, skipping title lines above it: one field that holds no other
        # separator twice (a header written with another separator is no title).
        first = next((i for i, r in enumerate(rows[:20]) if not _title_like(r)), 0)
        width = len(rows[first])
        consistent = sum(len(r) == width for r in rows[first + 1:])
        score = (int(width > 1), consistent, width)
        if best is None or score > best[0]:
            best = (score, delim)
    if best and best[0][0]:
        return best[1]
    # No separator splits a row with content (e.g. a file of nothing but ";;;"): the most
    # frequent one, so that such rows are read as empty rows.
    counts = {delim: sample.count(delim) for delim in _DELIMITERS}
    frequent = max(counts, key=lambda d: counts[d])
    return frequent if counts[frequent] else ","


def _title_like(row: list[str]) -> bool:
    return len(row) == 1 and max(row[0].count(d) for d in _DELIMITERS) < 2


def _read_csv(data: bytes, filename: str) -> RawTable:
    encoding = detect_encoding(data)
    if _looks_binary(data, encoding):
        return _empty(filename, _problem(
            filename, "Filen er ikke en tekstfil (CSV): den indeholder binære data. Måske er en "
            "anden slags fil, fx et billede, en PDF eller en gammel Excel-fil, blevet omdøbt "
            "til .csv. Eksportér udtrækket igen som CSV eller som Excel-projektmappe (.xlsx).",
            "ulaeselig_fil"), encoding=encoding)
    text, problems = _decode(data, encoding, filename)
    sample = text[:_SNIFF_BYTES]
    delimiter = detect_delimiter(sample, truncated=len(text) > len(sample))
    try:
        grid = _read_csv_arrow(text, delimiter)
        if grid is None:
            try:
                grid = pd.read_csv(
                    io.StringIO(text), sep=delimiter, header=None, dtype=str, na_filter=False,
                    keep_default_na=False, skip_blank_lines=False, engine="c",
                    quotechar='"', doublequote=True,
                )
                grid.columns = range(grid.shape[1])
            except pd.errors.ParserError:
                grid, ragged = _read_csv_ragged(text, delimiter, filename)
                problems += ragged
    except pd.errors.EmptyDataError:
        return _empty(filename, _problem(filename, "Filen er tom.", "tom_fil"),
                      encoding=encoding, delimiter=delimiter)
    except csv.Error:
        return _empty(filename, _problem(
            filename, "Filen kunne ikke læses som CSV. Eksportér udtrækket igen som CSV "
            "(semikolon- eller kommasepareret) eller som Excel-projektmappe (.xlsx).",
            "ulaeselig_fil"), encoding=encoding, delimiter=delimiter)
    table = _from_grid(grid, np.arange(1, len(grid) + 1), filename, encoding=encoding,
                       delimiter=delimiter)
    table.problems = problems + table.problems + _csv_row_problems(table)
    return table


_ARROW_MAX_COLUMNS = 1024


def _read_csv_arrow(text: str, delimiter: str) -> pd.DataFrame | None:
    """The grid of a regular CSV file (every row as wide as the first, quotes closed) read
    by Arrow's multithreaded CSV parser into Arrow-backed string columns; None when the
    file is not that regular (then the pandas and row-by-row readers decide, with their
    messages). Blank lines are kept as rows of empty cells, as by the other readers."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if '"' in text and text.count('"') % 2:  # an unclosed quote: the pandas reader's case
        return None
    names = {f"f{i}": pa.large_string() for i in range(_ARROW_MAX_COLUMNS)}
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True,
                                           block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"',
                                             double_quote=True, escape_char=False,
                                             newlines_in_values=True,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=names, strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False,
                                                 check_utf8=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_columns == 0 or table.num_columns >= _ARROW_MAX_COLUMNS or any(
            not pa.types.is_large_string(t) for t in table.schema.types):
        return None
    return pd.DataFrame({i: pd.arrays.ArrowExtensionArray(table.column(i))
                         for i in range(table.num_columns)})


def _csv_row_problems(table: RawTable) -> list[Problem]:
    """Rows written with another separator than the file, and cells that swallowed the
    following lines because a quote was never closed (see the module docstring)."""
    cells, delim = table.cells, table.delimiter
    if cells.empty or delim is None:
        return []
    columns = [to_arrow(cells[c]) for c in cells.columns]
    problems = []
    if len(columns) > 1:
        rest_empty = np.logical_and.reduce([mask(pc.equal(c, "")) for c in columns[1:]])
        for other in _DELIMITERS:
            if other == delim:
                continue
            # "510,a1,2008-01-01": at least two separators, so a decimal comma is not one.
            count = pc.count_substring(columns[0], other).to_numpy(zero_copy_only=False)
            hit = rest_empty & (count >= 2)
            for row in table.row_numbers[hit]:
                problems.append(Problem(
                    table.filename, int(row), None, None,
                    f"Rækken er adskilt med {_DELIMITER_NAMES[other]}, men resten af filen med "
                    f"{_DELIMITER_NAMES[delim]}, så hele rækken er læst som én celle. Skriv "
                    f"rækken med {_DELIMITER_NAMES[delim]} ligesom overskriften.", FEJL,
                    "blandede_skilletegn"))
    # A cell that swallowed whole rows holds a line break and at least as many separators
    # as one row has; a quoted note with a line break and a separator or two is fine.
    swallowed = np.zeros(len(cells), dtype=bool)
    for col in columns:
        separators = pc.count_substring(col, delim).to_numpy(zero_copy_only=False)
        swallowed |= (mask(pc.match_substring(col, "\n"))
                      & (separators >= max(1, len(columns) - 1)))
    for row in table.row_numbers[swallowed]:
        problems.append(Problem(
            table.filename, int(row), None, None,
            "Et anførselstegn («\"») i rækken er ikke lukket, så de følgende linjer er læst "
            "som én celle. Luk anførselstegnet, eller fjern det, og upload filen igen.", FEJL,
            "aaben_citation"))
    return problems


def _read_csv_ragged(text: str, delimiter: str, filename: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Slow path for files whose rows have different numbers of fields.

    The header decides the width. Shorter rows are padded with empty cells; a longer row
    whose extra fields are all empty is cut; a longer row with content beyond the header is
    reported (and later refused), keeping its first fields.
    """
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    filled = [sum(bool(c.strip()) for c in r) for r in rows]
    header_pos = next((i for i, n in enumerate(filled) if n), 0)
    # A title line above the header (one filled field) does not decide the width: the first
    # row with at least two filled fields among the next rows is the header (as in
    # _from_grid).
    header_pos = next((i for i in range(header_pos, min(len(rows), header_pos + 20))
                       if filled[i] >= 2), header_pos)
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


def _cell_text(value: object, number_format: str | None = None) -> str:
    """A cell value from openpyxl as the string the validator understands.

    A whole number in a cell with a zero-padding number format (``0000000000``, also with
    literal separators such as ``000000-0000``) is written as Excel shows it, so leading
    zeros are not lost (``0510``, ``0102031234``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        padded = _zero_padded(value, number_format)
        return padded if padded is not None else str(value)
    if isinstance(value, float):
        return np.format_float_positional(value, trim="-").replace(".", ",")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


_PADDING_FORMAT = re.compile(r'^(?:0|\\.|"[^"0-9]*"|[-./ _])+$')


def _zero_padded(value: int, number_format: str | None) -> str | None:
    """``value`` written with a zero-padding number format, or None for other formats."""
    if not number_format or value < 0 or not _PADDING_FORMAT.match(number_format):
        return None
    literal = re.sub(r'\\(.)|"([^"]*)"', lambda x: x.group(1) or x.group(2) or "",
                     number_format)
    n_zeros = literal.count("0")
    digits = str(value)
    if n_zeros < 2 or len(digits) > n_zeros:
        return None
    digits = iter(digits.zfill(n_zeros))
    return "".join(next(digits) if ch == "0" else ch for ch in literal)


class _XlsxLimit(Exception):
    """A sheet breaks one of the limits of :mod:`noegletal.datain.limits` (Danish message)."""


def _number_formats(wb) -> dict[int, str]:
    """Number format of each cell style id of the workbook."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    out = {}
    for style_id, style in enumerate(wb._cell_styles):
        fmt_id = style.numFmtId
        if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
            out[style_id] = BUILTIN_FORMATS.get(fmt_id, "General")
        else:
            out[style_id] = wb._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
    return out


def _stream_sheet(wb, ws) -> tuple[list[int], list[dict[int, str]]]:
    """The filled cells of a read-only sheet, row by row, without ever creating the rows or
    columns the sheet's ``<dimension>`` promises or jumps over: ``(row numbers, cells by
    column number)`` for the rows with content. Raises :class:`_XlsxLimit`."""
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    row_tag, cell_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"
    data_tag = f"{{{SHEET_MAIN_NS}}}sheetData"
    formats = _number_formats(wb)
    numbers: list[int] = []
    rows: list[dict[int, str]] = []
    filled = seen = width = 0
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats,
                                 timedelta_formats=wb._timedelta_formats)
        current: dict[int, str] = {}
        row_el = data_el = None
        for event, el in iterparse(src, events=("start", "end")):
            if el.tag == data_tag and event == "start":
                data_el = el
            elif el.tag == row_tag:
                if event == "start":
                    seen += 1  # a row element costs as much as a cell element
                    if seen > limits.MAX_XML_CELLS:
                        raise _XlsxLimit(limits.too_many_cells(limits.MAX_XML_CELLS))
                    row_el = el
                    r = el.get("r")
                    parser.row_counter = int(float(r)) if r else parser.row_counter + 1
                    parser.col_counter = 0
                    current = {}
                else:
                    if current:
                        numbers.append(parser.row_counter)
                        rows.append(current)
                    el.clear()
                    if data_el is not None:
                        data_el.remove(el)
                    row_el = None
            elif el.tag == cell_tag and event == "end":
                seen += 1
                if seen > limits.MAX_XML_CELLS:
                    raise _XlsxLimit(limits.too_many_cells(limits.MAX_XML_CELLS))
                cell = parser.parse_cell(el)
                el.clear()
                if row_el is not None:
                    row_el.remove(el)
                text = _cell_text(cell["value"], formats.get(cell["style_id"] or 0))
                if text == "":
                    continue
                column = int(cell["column"])
                if column > limits.MAX_COLUMNS:
                    raise _XlsxLimit(limits.too_wide(column))
                filled += 1
                if filled > limits.MAX_CELLS:
                    raise _XlsxLimit(limits.too_many_cells(limits.MAX_CELLS))
                width = max(width, column)
                current[column] = text
            elif event == "end" and el.tag != cell_tag and row_el is None:
                el.clear()
    if len(rows) * width > limits.MAX_GRID_CELLS:
        raise _XlsxLimit(limits.too_large_grid(len(rows), width))
    return numbers, rows


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
        # Sheet names appear in messages: one that holds a CPR number is masked and refuses
        # the file.
        shown = [cpr.mask_text(n) for n in names]
        hidden = [i for i, (n, m) in enumerate(zip(names, shown, strict=True)) if n != m]
        if hidden:
            listed = ", ".join(f"nr. {i + 1}" for i in hidden)
            problems.append(_problem(
                filename, f"Navnet på ark {listed} ligner et CPR-nummer. Filen er afvist: "
                "systemet må aldrig modtage CPR-numre, heller ikke i et arknavn. Omdøb arket, "
                "og upload filen igen.", "cpr"))
        chosen = _choose_sheet(names, Path(filename).stem, sheet)
        if chosen is None:
            wanted = cpr.mask_text(sheet or "")
            return _empty(filename, _problem(
                filename, f"Arket «{wanted}» findes ikke i filen. Filen har arkene "
                + ", ".join(f"«{n}»" for n in shown) + ".", "ulaeselig_fil"))
        chosen_shown = shown[names.index(chosen)]
        if len(names) > 1 and sheet is None and normalise_token(chosen) != normalise_token(
                Path(filename).stem):
            listed = ", ".join(f"«{n}»" for n in shown)
            problems.append(Problem(
                filename, None, None, None,
                f"Filen har {len(names)} ark ({listed}); kun det første ark, «{chosen_shown}», "
                f"er læst. Ligger data på et andet ark, så omdøb det ark til "
                f"«{Path(filename).stem}» eller flyt det forrest, og upload filen igen.",
                ADVARSEL, "ark_valgt"))
        try:
            numbers, cells = _stream_sheet(wb, wb[chosen])
        except _XlsxLimit as exc:
            return _empty(filename, *problems, _problem(filename, str(exc), "graense"))
        except Exception:
            return _empty(filename, *problems, _problem(
                filename, "Arket i Excel-filen kunne ikke læses. Åbn filen i Excel og gem den "
                "igen som .xlsx, eller gem den som CSV.", "ulaeselig_fil"))
    finally:
        wb.close()
    width = max((max(r) for r in cells), default=0)
    grid = pd.DataFrame([[r.get(c, "") for c in range(1, width + 1)] for r in cells],
                        columns=range(width), dtype=object)
    table = _from_grid(grid, np.asarray(numbers, dtype=np.int64), filename, sheet=chosen_shown)
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
    """Split a grid of strings into header and data rows; drop empty rows and columns.
    The cells are kept as Arrow-backed string columns (compact, and read by validation
    without conversion)."""
    if grid.shape[1] == 0:
        return _empty(filename, _problem(filename, "Filen er tom.", "tom_fil"), **meta)
    columns = [to_arrow(grid[c]) for c in grid.columns]
    filled = np.column_stack([mask(pc.not_equal(c, "")) for c in columns])
    nonempty_rows = filled.any(axis=1)
    if not nonempty_rows.any():
        return _empty(filename, _problem(filename, "Filen indeholder ingen data, kun tomme "
                                         "rækker.", "tom_fil"), **meta)
    # The header is the first row with at least two filled cells among the first rows (a
    # title such as "Udtræk af foranstaltninger" above the header is skipped); a one-column
    # file has its header in the first non-empty row.
    counts = filled.sum(axis=1)
    first = int(np.argmax(nonempty_rows))
    wide = np.flatnonzero(counts[:first + 20] >= 2)
    header_pos = int(wide[0]) if len(wide) else first
    header = [_clean_header(c[header_pos].as_py()) for c in columns]
    body_numbers = numbers[header_pos + 1:]
    keep = nonempty_rows[header_pos + 1:]
    body_numbers = body_numbers[keep]
    def rows_of(col: pa.ChunkedArray) -> pa.ChunkedArray:
        rest = col.slice(header_pos + 1)  # no copy
        return rest if keep.all() else rest.filter(pa.array(keep))

    # Drop columns with neither a name nor any content (trailing separators, formatted cells).
    used = [i for i, name in enumerate(header)
            if name.strip() or filled[header_pos + 1:, i].any()]
    body = pd.DataFrame({j: pd.arrays.ArrowExtensionArray(rows_of(columns[i]))
                         for j, i in enumerate(used)}, index=pd.RangeIndex(len(body_numbers)))
    if not used:
        body = pd.DataFrame(index=pd.RangeIndex(len(body_numbers)))
    header = [header[i] for i in used]
    cpr_headers = [i for i, name in enumerate(header) if cpr.looks_like_cpr(name)]
    header = [cpr.mask_text(name) if i in cpr_headers else name for i, name in enumerate(header)]
    table = RawTable(filename, header, body,
                     np.asarray(body_numbers, dtype=np.int64), header_row=int(numbers[header_pos]),
                     **meta)
    if cpr_headers:
        listed = ", ".join(f"nr. {i + 1}" for i in cpr_headers)
        table.problems.append(_problem(
            filename, f"Kolonneoverskriften {listed} i række {int(numbers[header_pos])} ligner "
            "et CPR-nummer. Filen er afvist: systemet må aldrig modtage CPR-numre, heller "
            "ikke i en overskrift. Ret overskriften til kolonnens navn, og upload filen igen.",
            "cpr"))
    repeated = _repeated_header(table)
    for row in table.row_numbers[repeated]:
        table.problems.append(Problem(
            filename, int(row), None, None,
            "Rækken gentager kolonneoverskrifterne, typisk fordi to udtræk er sat sammen i én "
            "fil. Slet rækken.", FEJL, "gentaget_overskrift"))
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


def _repeated_header(table: RawTable) -> np.ndarray:
    """Rows whose cells spell the header again (case and surrounding spaces ignored)."""
    out = np.ones(table.n_rows, dtype=bool)
    named = [i for i, name in enumerate(table.header) if name.strip()]
    if not named or table.n_rows == 0:
        return np.zeros(table.n_rows, dtype=bool)
    for i in named:
        cells = pc.utf8_lower(pc.utf8_trim_whitespace(to_arrow(table.cells[i])))
        out &= mask(pc.equal(cells, table.header[i].strip().lower()))
        if not out.any():
            break
    return out


def _rows_text(rows: np.ndarray) -> str:
    listed = ", ".join(str(int(r)) for r in rows[:5])
    return f"Række {listed}" if len(rows) == 1 else f"Rækkerne {listed}"


def _clean_header(name: object) -> str:
    text = "" if name is None else str(name)
    return re.sub(r"^\ufeff", "", text)


def _problem(filename: str, message: str, kind: str) -> Problem:
    return Problem(filename, None, None, None, message, FEJL, kind)


def _empty(filename: str, *problems: Problem, **meta) -> RawTable:
    return RawTable(filename, [], pd.DataFrame(), np.zeros(0, dtype=np.int64),
                    problems=list(problems), **meta)
