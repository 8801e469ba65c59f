"""Small files that used to exhaust memory or CPU (issue #9, item 8), each read in a
subprocess whose address space is capped at what it had after the imports plus 400 MB.

Before the readers streamed ``.xlsx`` cells themselves, openpyxl padded every row to the
``<dimension>`` of the sheet and created every row a sheet jumps over, so the 1.7 KB
workbook below needed gigabytes; a CSV header of 50.000 columns took minutes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest

CAP_MB = 400

_RUNNER = textwrap.dedent("""
    import json, resource, sys
    from noegletal.datain.load import read_and_validate

    def vm():
        for line in open("/proc/self/status"):
            if line.startswith("VmSize"):
                return int(line.split()[1]) * 1024

    limit = vm() + int(sys.argv[3]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    data = open(sys.argv[1], "rb").read()
    r = read_and_validate(data, sys.argv[2], kind="befolkning")
    print(json.dumps({"problems": [[p.kind, p.message] for p in r.problems if p.row is None],
                      "n_rows": r.n_rows, "n_valid": r.n_valid,
                      "rows": [int(x) for x in r.row_numbers[-2:]]}))
""")


def read_capped(path: Path, filename: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _RUNNER, str(path), filename, str(CAP_MB)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _base_workbook(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "befolkning"
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_sheet(base: bytes, transform, target: Path, *, padding: int = 0) -> Path:
    """A copy of ``base`` whose first sheet's XML is ``transform(xml)``, optionally followed
    by ``padding`` bytes of spaces (written in chunks; deflate packs them ~1000:1)."""
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(
            target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = transform(data.decode("utf-8"))
                with out.open(info.filename, "w") as fh:
                    fh.write(text.encode("utf-8"))
                    chunk = b" " * (8 * 1024 * 1024)
                    left = padding
                    while left > 0:
                        fh.write(chunk[:min(left, len(chunk))])
                        left -= len(chunk)
            else:
                out.writestr(info, data)
    return target


HEADER = ["kommunekode", "dato", "antal_0_17"]


def _jump(xml: str, cell: str) -> str:
    xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', xml)
    row = re.match(r"[A-Z]+(\d+)", cell).group(1)
    extra = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row>'
    return xml.replace("</sheetData>", extra + "</sheetData>")


def test_dimension_to_xfd1048576_and_a_jump_to_the_last_row(tmp_path):
    days = [dt.date(2010, 1, 1) + dt.timedelta(days=i) for i in range(3000)]
    rows = [HEADER] + [[510, d.isoformat(), i] for i, d in enumerate(days)]
    path = _with_sheet(_base_workbook(rows), lambda x: _jump(x, "A1048576"),
                       tmp_path / "befolkning.xlsx")
    assert path.stat().st_size < 60_000
    out = read_capped(path, "befolkning.xlsx")
    # The 3000 rows and the one far below are read; the rows in between are not created.
    assert out["n_rows"] == 3001
    assert out["n_valid"] == 3000  # row 1.048.576 is refused: "x" is no municipality code
    assert out["rows"] == [3000, 3001]


def test_a_filled_cell_in_column_xfd_is_refused_in_danish(tmp_path):
    rows = [HEADER, [510, "2016-01-31", 5]]
    path = _with_sheet(_base_workbook(rows), lambda x: _jump(x, "XFD1048576"),
                       tmp_path / "befolkning.xlsx")
    out = read_capped(path, "befolkning.xlsx")
    assert out["n_rows"] == 0
    assert ["graense", next(m for k, m in out["problems"] if k == "graense")] in out["problems"]
    message = next(m for k, m in out["problems"] if k == "graense")
    assert "kolonne nr. 16.384" in message and "højst have 500 kolonner" in message


def test_a_workbook_that_unpacks_to_450_mb_is_refused_before_reading(tmp_path):
    rows = [HEADER, [510, "2016-01-31", 5]]
    path = _with_sheet(_base_workbook(rows), lambda x: x, tmp_path / "befolkning.xlsx",
                       padding=450 * 1024 * 1024)
    assert path.stat().st_size < 2_000_000
    out = read_capped(path, "befolkning.xlsx")
    [message] = [m for k, m in out["problems"] if k == "graense"]
    assert "når den pakkes ud, og grænsen er 400,0 MB" in message


def test_rows_times_columns_over_the_grid_limit_are_refused(tmp_path):
    # 80.000 rows with one cell in column 400 would be a grid of 32 million cells.
    def far(xml: str) -> str:
        rows = "".join(f'<row r="{r}"><c r="OJ{r}"><v>1</v></c></row>'
                       for r in range(2, 80_002))
        return xml.replace("</sheetData>", rows + "</sheetData>")

    path = _with_sheet(_base_workbook([HEADER]), far, tmp_path / "befolkning.xlsx")
    out = read_capped(path, "befolkning.xlsx")
    [message] = [m for k, m in out["problems"] if k == "graense"]
    assert "80.001 rækker med indhold og data helt ud i kolonne nr. 400" in message


def test_a_csv_header_of_50000_columns_is_refused_at_once(tmp_path):
    path = tmp_path / "befolkning.csv"
    path.write_text(";".join(f"k{i}" for i in range(50_000)) + "\n510;2016-01-31;5\n")
    out = read_capped(path, "befolkning.csv")
    [message] = [m for k, m in out["problems"] if k == "graense"]
    assert message.startswith("Overskriftsrækken har 50.000 kolonner, og en fil må højst have "
                              "500.")


def test_a_csv_line_over_4_mb_is_refused(tmp_path):
    path = tmp_path / "befolkning.csv"
    path.write_bytes(b"kommunekode;dato;antal_0_17\n510;2016-01-31;" + b"7" * 5_000_000 + b"\n")
    out = read_capped(path, "befolkning.csv")
    [message] = [m for k, m in out["problems"] if k == "graense"]
    assert message.startswith("Linje 2 i filen fylder 4,8 MB, og en linje må højst fylde 4,0 MB")


@pytest.mark.parametrize("width", [499, 500])
def test_a_header_at_the_limit_is_read(width, tmp_path):
    path = tmp_path / "befolkning.csv"
    extra = [f"k{i}" for i in range(width - 3)]
    path.write_text(";".join(HEADER + extra) + "\n510;2016-01-31;5\n")
    out = read_capped(path, "befolkning.csv")
    assert not [k for k, _ in out["problems"] if k == "graense"]
    assert out["n_valid"] == 1
