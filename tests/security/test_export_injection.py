"""Exports neutralise formula injection, and the HTML report escapes what users supplied.

Text that reaches a download from outside the project — a key-figure id or a dimension
value of an uploaded ``sammenligning`` series, an analyst's name — is planted as spreadsheet
formulas and HTML in a real display frame taken from the app's data. The CSV and Excel
downloads are then read back the way a spreadsheet program would see them, and the HTML
report is checked for live markup.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

FORMULAS = [
    "=HYPERLINK(\"https://eksempel.invalid\",\"Klik\")",
    "+SUM(1;2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C notepad'!'A1'",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile_table():
    """A display table (``long_table``) whose id and dimension cells are formulas."""
    from noegletal.metrics.catalogue import CATALOGUE
    from noegletal.presentation.tables import long_table
    from noegletal.presentation.themes import THEMES, load_theme
    from noegletal.services.views import ViewFilter, comparator_frame, kommune_frame
    from noegletal.ui.data import get_data

    data = get_data()
    view = ViewFilter(kommune=data.kommuner[0], fra=None, til=None, sammenlign="landet",
                      gruppe=(), threshold=5)
    frame = kommune_frame(data, list(CATALOGUE), view)
    comparator, label = comparator_frame(data, list(CATALOGUE), view)
    module = load_theme(THEMES[0])
    rows = next(b.rows for b in module.blocks(frame, comparator, label,
                                              kommunekode=data.kommuner[0])
                if b.rows is not None and len(b.rows) >= len(FORMULAS))
    rows = rows.head(len(FORMULAS)).copy()
    rows["noegletal"] = FORMULAS  # ids not in the catalogue are shown as they are
    rows["dimension"] = list(reversed(FORMULAS))
    table = long_table(rows, CATALOGUE)
    assert set(FORMULAS) <= set(table.iloc[:, 0]) | set(table["Opdeling"])
    return table


def _dangerous(cell: str) -> bool:
    from noegletal.presentation.exports import _PLAIN_NUMBER

    return cell.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(cell)


def test_csv_cells_never_start_a_formula(hostile_table):
    from noegletal.presentation.exports import to_csv_bytes

    text = to_csv_bytes(hostile_table).decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for c in row]
    assert [c for c in cells if _dangerous(c)] == []
    assert {"'" + f for f in FORMULAS} <= set(cells)  # kept as text, with an apostrophe


def test_excel_has_no_formula_cells(hostile_table):
    import openpyxl

    from noegletal.presentation.exports import to_excel_bytes

    wb = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(hostile_table, title=FORMULAS[0])))
    n_text = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    n_text += 1
                    assert not _dangerous(cell.value), (cell.coordinate, cell.value)
    assert n_text > len(FORMULAS) * 2


def test_the_html_report_escapes_user_supplied_text(hostile_table):
    from noegletal.presentation.report import ReportMeta, ReportSection, build_report

    script = "<script>alert('nt-xss')</script>"
    img = "<img src=x onerror=alert(1)>"
    table = hostile_table.copy()
    table.iloc[0, 0] = script
    table.attrs["noter"] = [img]
    html = build_report(
        [ReportSection(title=script, intro=img, narrative=[script], notes=[img],
                       tables=[(script, table)])],
        ReportMeta(kommune=img, fra=dt.date(2016, 1, 31), til=dt.date(2017, 9, 30),
                   data_version=script, cutoff=dt.date(2017, 9, 30), comparator=img,
                   author=script),
    )
    assert script not in html and img not in html
    assert "&lt;script&gt;alert(&#x27;nt-xss&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
