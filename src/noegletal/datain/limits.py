"""Limits that keep a small hostile file from exhausting memory or CPU.

Every limit is checked *before* the file is parsed into cells, in time linear in the size
of the file, and a file over a limit is refused as a whole with a Danish message that says
which limit and how to fix the file. The limits are far above any real extract (a
municipality's extracts have fewer than 20 columns; the contract's widest has 11).

CSV (:func:`check_csv`, called first by :func:`noegletal.datain.readers.read_table`)
    * the header (the first line with content) may have at most :data:`MAX_COLUMNS` fields,
      counted as separators ``;``, ``,`` or tab + 1 on that line (a quoted separator counts
      too, so the count is an upper bound);
    * no line may be longer than :data:`MAX_LINE_BYTES` bytes.
``.xlsx`` (:func:`check_xlsx_archive`, and while streaming the sheet in the reader)
    * the unpacked parts of the workbook may hold at most :data:`MAX_XLSX_UNPACKED_BYTES`
      bytes and :data:`MAX_XLSX_PARTS` parts (as declared in the zip directory, which
      bounds what is read);
    * a filled cell may lie at most in column :data:`MAX_COLUMNS`;
    * the sheet may have at most :data:`MAX_CELLS` filled cells and :data:`MAX_XML_CELLS`
      cell elements in all (also empty, formatted ones), and the grid of the rows with
      content times the widest column at most :data:`MAX_GRID_CELLS` cells. The sheet's own
      ``<dimension>`` is ignored, and rows it jumps over are not created.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np

from noegletal.domain.formatting import format_count, format_megabytes

MAX_COLUMNS = 500
MAX_LINE_BYTES = 4 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_XLSX_PARTS = 5_000
MAX_CELLS = 8_000_000
MAX_XML_CELLS = 10_000_000
MAX_GRID_CELLS = 30_000_000

_SEPARATORS = (b";", b",", b"\t")
_HEADER_SEARCH_LINES = 1_000


def _mb(n_bytes: int) -> str:
    return format_megabytes(n_bytes / 1024 / 1024)


def _thousands(n: int) -> str:
    return format_count(n)


def check_csv(data: bytes) -> str | None:
    """A Danish refusal when the CSV bytes break a limit, else None (linear time)."""
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    bounds = np.concatenate(([-1], newlines, [len(data)]))
    lengths = np.diff(bounds) - 1
    longest = int(lengths.max()) if len(lengths) else 0
    if longest > MAX_LINE_BYTES:
        line = int(np.argmax(lengths)) + 1
        return (f"Linje {line} i filen fylder {_mb(longest)}, og en linje må højst fylde "
                f"{_mb(MAX_LINE_BYTES)}. Filen er afvist uden at blive læst. Tjek om "
                "linjeskiftene er gået tabt ved eksporten, og eksportér udtrækket igen.")
    # The header is the first line with something else than separators and spaces.
    head = bounds[:_HEADER_SEARCH_LINES + 1]
    for start, end in zip(head[:-1] + 1, head[1:], strict=True):
        line = data[int(start):int(end)]
        if line.strip(b" \t\r\n;,\x00\xef\xbb\xbf\xff\xfe"):
            fields = max(line.count(s) for s in _SEPARATORS) + 1
            if fields > MAX_COLUMNS:
                return (f"Overskriftsrækken har {_thousands(fields)} kolonner, og en fil må "
                        f"højst have {_thousands(MAX_COLUMNS)}. Filen er afvist uden at blive "
                        "læst. Gem kun udtrækkets kolonner i filen, og upload den igen.")
            break
    return None


def check_xlsx_archive(data: bytes) -> str | None:
    """A Danish refusal when the workbook's zip directory promises too much, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None  # not a zip at all: the reader says so
    if len(infos) > MAX_XLSX_PARTS:
        return (f"Excel-filen består af {_thousands(len(infos))} dele, og grænsen er "
                f"{_thousands(MAX_XLSX_PARTS)}. Filen er afvist uden at blive læst. Gem "
                "udtrækket som en ny projektmappe eller som CSV, og upload det igen.")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        return (f"Excel-filen fylder {_mb(unpacked)}, når den pakkes ud, og grænsen er "
                f"{_mb(MAX_XLSX_UNPACKED_BYTES)}. Filen er afvist uden at blive læst. Del "
                "udtrækket op, fx én fil pr. år, eller gem det som CSV.")
    return None


def too_wide(column: int) -> str:
    return (f"Arket har en udfyldt celle i kolonne nr. {_thousands(column)}, og en fil må "
            f"højst have {_thousands(MAX_COLUMNS)} kolonner. Filen er afvist. Slet de "
            "overflødige kolonner til højre for udtrækket (eller kopiér kun udtrækket til et "
            "nyt ark), og upload filen igen.")


def too_many_cells(limit: int) -> str:
    return (f"Arket har mere end {_thousands(limit)} celler, og det er flere, end et udtræk "
            "kan have. Filen er afvist uden at blive læst færdig. Slet tomme, formaterede "
            "rækker og kolonner (eller kopiér kun udtrækket til et nyt ark), eller gem "
            "udtrækket som CSV.")


def too_large_grid(rows: int, columns: int) -> str:
    return (f"Arket har {_thousands(rows)} rækker med indhold og data helt ud i kolonne nr. "
            f"{_thousands(columns)}, i alt over {_thousands(MAX_GRID_CELLS)} celler. Filen er "
            "afvist. Slet det, der står langt til højre for udtrækket, og upload filen igen.")
