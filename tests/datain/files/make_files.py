"""Regenerate the binary and non-UTF-8 test files in this folder.

Run from the repository root: ``.venv/bin/python tests/datain/files/make_files.py``. The
CSV files in UTF-8 are written by hand and committed as they are.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent


def cp1252_foranstaltninger() -> None:
    text = (
        "Kommunekode;Barn_ID;Fødselsdato;Indsats;Startdato;Slutdato;Bevilget af\r\n"
        "510;Søren-Åge;12-03-2008;Døgninstitution;31.01.2016;;\r\n"
        "510;Ærø-1;2009-07-01;Plejefamilie;2016-02-01;30-06-2016;\r\n"
        "657;bjørn;01/01/2010;§ 11, stk. 3;1-2-2016;;Andre\r\n"
    )
    (HERE / "foranstaltninger_cp1252.csv").write_bytes(text.encode("cp1252"))


def xlsx_one_sheet() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Ark1"
    ws.append(["kommunekode", "aar", "funktion", "gruppering", "brutto_1000_kr", "netto_1000_kr",
               "regnskabstype"])
    ws.append([510, 2016, "5.28.21", 1, 12345.5, -250.25, None])
    ws.append([510, 2017, "5.28.21", "002", 1000, 900, "Budget"])
    ws.append([])  # an empty row: skipped, its number not reused
    ws.append([657, 2016, "6.45.51", None, 0.1, 0.1, "forventet regnskab"])
    wb.save(HERE / "udgifter.xlsx")


def xlsx_several_sheets() -> None:
    wb = Workbook()
    first = wb.active
    first.title = "Forside"
    first.append(["Udtræk fra fagsystemet", "dannet 2020-01-02"])
    ws = wb.create_sheet("foranstaltninger")
    ws.append(["Udtræk af foranstaltninger"])  # a title row above the header
    ws.append([])
    ws.append(["kommunekode", "barn_id", "foedselsdato", "indsats", "startdato", "slutdato"])
    ws.append([167, "x1", dt.datetime(2008, 5, 17), "familiepleje", dt.date(2016, 1, 31), None])
    ws.append([167, "x2", "17-05-2008", "netvaerkspleje", dt.datetime(2016, 3, 1),
               dt.datetime(2016, 9, 30)])
    wb.save(HERE / "flere_ark" / "foranstaltninger.xlsx")


if __name__ == "__main__":
    (HERE / "flere_ark").mkdir(exist_ok=True)
    cp1252_foranstaltninger()
    xlsx_one_sheet()
    xlsx_several_sheets()
