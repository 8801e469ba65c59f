"""Downloads of what the dashboard shows: CSV and Excel of a displayed table, PNG of a chart.

Tables are exported exactly as displayed, i.e. with the suppressed display strings (``<5``);
:func:`to_csv_bytes` and :func:`to_excel_bytes` refuse a frame that was not built by
:mod:`noegletal.presentation.tables` (which marks its output with ``attrs["diskretioneret"]``)
so raw numbers cannot leak through an export by mistake.

Spreadsheet programs run cell contents that start with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return as formulas ("CSV injection"). Every such text cell is prefixed with an
apostrophe, except text that is a plain number (``-12``, ``-1,5``, ``+2.5``); real numeric
cells are written as numbers.
"""

from __future__ import annotations

import io
import numbers
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

SUPPRESSED_FLAG = "diskretioneret"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(
    r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"  # Danish: 1.234,5
    r"|^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"  # English: 1,234.5
)
DEFAULT_CHROMIUM = "/usr/bin/chromium"


class ExportError(RuntimeError):
    """An export could not be made; the message is Danish and can be shown as it is."""


# --- formula injection -------------------------------------------------------------------

def neutralise_cell(value: object) -> object:
    """A cell made safe for spreadsheets.

    Numbers (int, float, numpy numbers; not bool) are returned unchanged. Text starting with
    ``= + - @``, tab or carriage return gets a leading apostrophe unless it is a plain number.

    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell("-1,5"), neutralise_cell(-3), neutralise_cell("<5")
    ('-1,5', -3, '<5')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Real):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def neutralise_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Every header and cell of ``table`` through :func:`neutralise_cell`."""
    out = table.copy()
    out.columns = [str(neutralise_cell(str(c))) for c in out.columns]
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            continue
        out[col] = s.map(neutralise_cell)
    return out


def _require_suppressed(table: pd.DataFrame) -> None:
    if not table.attrs.get(SUPPRESSED_FLAG):
        raise ExportError(
            "Tabellen kan ikke eksporteres, fordi den ikke er diskretioneret. "
            "Kun de viste tal (med små tal skjult som <5) kan hentes."
        )


# --- CSV and Excel -----------------------------------------------------------------------

def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """The displayed table as CSV for Danish Excel: UTF-8 with BOM, ``;`` as separator,
    CRLF line ends, no index column."""
    _require_suppressed(table)
    safe = neutralise_frame(table)
    text = safe.to_csv(sep=";", index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def to_excel_bytes(table: pd.DataFrame, *, sheet_name: str = "Nøgletal",
                   title: str = "", notes: list[str] | None = None) -> bytes:
    """The displayed table as an .xlsx workbook (xlsxwriter).

    Optional ``title`` in the first row and ``notes`` (e.g. the suppression note) under the
    table. Text is written with ``write_string`` and the workbook option
    ``strings_to_formulas`` off, so no cell ever becomes a formula; text cells are also
    neutralised like in CSV, so a later copy to CSV stays safe.
    """
    import xlsxwriter

    _require_suppressed(table)
    safe = neutralise_frame(table)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    ws = wb.add_worksheet(_sheet_name(sheet_name))
    note_format = wb.add_format({"italic": True})
    header = wb.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    row = 0
    if title:
        ws.write_string(row, 0, str(neutralise_cell(title)), wb.add_format({"bold": True,
                                                                            "font_size": 14}))
        row += 2
    for j, col in enumerate(safe.columns):
        ws.write_string(row, j, str(col), header)
    for values in safe.itertuples(index=False, name=None):
        row += 1
        for j, v in enumerate(values):
            if isinstance(v, str):
                ws.write_string(row, j, v)
            elif v is None or (isinstance(v, float) and pd.isna(v)):
                ws.write_blank(row, j, None)
            else:
                ws.write_number(row, j, float(v))
    for note in notes or []:
        row += 2
        ws.write_string(row, 0, str(neutralise_cell(note)), note_format)
    widths = [max([len(str(c))] + [len(str(v)) for v in safe[c]]) for c in safe.columns]
    for j, w in enumerate(widths):
        ws.set_column(j, j, min(max(w + 2, 8), 60))
    ws.freeze_panes(1 + (2 if title else 0), 1)
    wb.close()
    return buf.getvalue()


def _sheet_name(name: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", name).strip() or "Ark1"
    return cleaned[:31]


# --- PNG via Kaleido ---------------------------------------------------------------------

def find_browser() -> str | None:
    """The Chrome/Chromium Kaleido should use: ``$BROWSER_PATH`` if it points to a file,
    else ``/usr/bin/chromium``, else the first of chromium, chromium-browser,
    google-chrome and chrome on ``PATH``."""
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).is_file():
        return env
    if Path(DEFAULT_CHROMIUM).is_file():
        return DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def figure_to_png(fig: go.Figure, *, width: int = 1280, height: int | None = None,
                  scale: float = 2.0) -> bytes:
    """A chart as PNG bytes, rendered by Kaleido in a local Chromium.

    MathJax is switched off and the plotly.js bundled with plotly.py is used, so rendering
    makes no network requests. Raises :class:`ExportError` with a Danish message when no
    browser is installed or rendering fails.
    """
    browser = find_browser()
    if browser is None:
        raise ExportError(
            "Grafen kan ikke gemmes som billede, fordi der ikke er installeret en "
            "Chromium-browser på serveren. Bed driften installere Chromium (fx "
            "'apt-get install chromium') eller angive stien i miljøvariablen BROWSER_PATH."
        )
    import kaleido
    import plotly

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    h = height or int(fig.layout.height or 520)
    opts = {"format": "png", "width": int(width), "height": h, "scale": float(scale)}
    kopts: dict = {"path": browser, "mathjax": False}
    if plotly_js.is_file():
        kopts["plotlyjs"] = str(plotly_js)
    try:
        return kaleido.calc_fig_sync(fig.to_plotly_json(), opts=opts, kopts=kopts)
    except Exception as exc:  # Kaleido raises several unrelated types
        raise ExportError(
            f"Grafen kunne ikke gemmes som billede ({type(exc).__name__}). "
            "Prøv igen, eller hent tallene som CSV eller Excel i stedet."
        ) from exc
