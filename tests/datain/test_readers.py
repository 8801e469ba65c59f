from __future__ import annotations

import codecs
import io

import numpy as np
import pytest
from openpyxl import Workbook

from noegletal.datain.readers import detect_delimiter, detect_encoding, read_table

HEADER = "kommunekode;barn_id;indsats"


def rows(table) -> list[list[str]]:
    return table.cells.values.tolist()


def test_utf8_comma_separated():
    t = read_table(b"kommunekode,dato,antal_0_17\n510,2016-01-31,11873\n", "befolkning.csv")
    assert t.header == ["kommunekode", "dato", "antal_0_17"]
    assert rows(t) == [["510", "2016-01-31", "11873"]]
    assert t.delimiter == "," and t.encoding == "utf-8"
    assert t.row_numbers.tolist() == [2]
    assert t.problems == []


def test_utf8_bom_is_removed_from_first_header(files):
    t = read_table(files / "befolkning_bom.csv")
    assert t.encoding == "utf-8-sig"
    assert t.header[0] == "kommunekode"
    # The quoted "11.873" keeps its thousands dot: cells are never interpreted here.
    assert rows(t)[0] == ["510", "2016-01-31", "11.873"]
    assert t.row_numbers.tolist() == [2, 3, 4]


def test_cp1252_danish_letters_round_trip(files):
    t = read_table(files / "foranstaltninger_cp1252.csv")
    assert t.encoding == "cp1252"
    assert t.delimiter == ";"
    assert t.header == ["Kommunekode", "Barn_ID", "Fødselsdato", "Indsats", "Startdato",
                        "Slutdato", "Bevilget af"]
    assert [r[1] for r in rows(t)] == ["Søren-Åge", "Ærø-1", "bjørn"]
    assert rows(t)[0][3] == "Døgninstitution"
    assert rows(t)[2][3] == "§ 11, stk. 3"


def test_latin1_only_when_byte_is_undefined_in_cp1252():
    assert detect_encoding("æøå".encode("cp1252")) == "cp1252"
    assert detect_encoding(b"a\x81b") == "latin-1"
    assert detect_encoding(codecs.BOM_UTF8 + b"a") == "utf-8-sig"
    assert detect_encoding("æøå".encode()) == "utf-8"
    assert detect_encoding("a;b".encode("utf-16")) == "utf-16"


def test_utf16_export_with_tabs():
    data = "kommunekode\tdato\tantal_0_17\r\n510\t2016-01-31\t5\r\n".encode("utf-16")
    t = read_table(data, "befolkning.txt")
    assert t.delimiter == "\t"
    assert rows(t) == [["510", "2016-01-31", "5"]]


def test_semicolon_file_with_quoted_comma_and_comma_file_with_quoted_semicolon():
    semi = read_table(b'a;b;c\n1;"x, y";"12,5"\n2;z;3\n', "f.csv")
    assert semi.delimiter == ";"
    assert rows(semi) == [["1", "x, y", "12,5"], ["2", "z", "3"]]
    comma = read_table(b'a,b,c\n1,"x; y","12,5"\n2,z,3\n', "f.csv")
    assert comma.delimiter == ","
    assert rows(comma) == [["1", "x; y", "12,5"], ["2", "z", "3"]]


def test_delimiter_detection_prefers_splitting_header():
    assert detect_delimiter("a;b\n1,5;2,5\n") == ";"
    assert detect_delimiter("a,b\n1;2,3\n") == ","
    assert detect_delimiter("eneste\nx\n") == ","


def test_blank_rows_are_skipped_but_keep_their_numbers():
    t = read_table(f"{HEADER}\n510;a;x\n\n;;\n657;b;y\n".encode(), "f.csv")
    assert rows(t) == [["510", "a", "x"], ["657", "b", "y"]]
    assert t.row_numbers.tolist() == [2, 5]


def test_short_rows_are_padded_and_trailing_empty_columns_dropped():
    t = read_table(b"a;b;c;;\n1;2\n3;4;5;;\n", "f.csv")
    assert t.header == ["a", "b", "c"]
    assert rows(t) == [["1", "2", ""], ["3", "4", "5"]]


def test_row_with_too_many_fields_is_reported_with_its_row_number():
    t = read_table(b"a;b\n1;2\n3;4;5\n6;7\n", "f.csv")
    assert rows(t) == [["1", "2"], ["3", "4"], ["6", "7"]]
    [p] = t.problems
    assert (p.row, p.kind, p.severity) == (3, "forkert_antal_felter", "fejl")
    assert p.message.startswith("Rækken har 3 felter, men overskriften har 2.")


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_file_gives_danish_problem(data):
    t = read_table(data, "befolkning.csv")
    assert t.fatal and t.n_rows == 0
    [p] = t.problems
    assert p.kind == "tom_fil" and p.severity == "fejl"
    assert p.message.startswith("Filen er tom")


def test_header_only_file_gives_danish_problem():
    t = read_table(b"kommunekode;dato;antal_0_17\n", "befolkning.csv")
    assert t.header == ["kommunekode", "dato", "antal_0_17"] and t.n_rows == 0
    [p] = t.problems
    assert p.kind == "tom_fil"
    assert p.message == ("Filen indeholder kun overskriftsrækken og ingen datarækker. Tjek at "
                         "udtrækket er eksporteret med data.")


def test_old_excel_format_is_refused_with_advice():
    t = read_table(b"\xd0\xcf\x11\xe0 binary", "udgifter.xls")
    [p] = t.problems
    assert p.kind == "ukendt_filtype"
    assert "Excel-projektmappe (.xlsx)" in p.message


def test_xlsx_one_sheet_numbers_and_row_numbers(files):
    t = read_table(files / "udgifter.xlsx")
    assert t.sheet == "Ark1"
    assert t.header == ["kommunekode", "aar", "funktion", "gruppering", "brutto_1000_kr",
                        "netto_1000_kr", "regnskabstype"]
    assert rows(t) == [
        ["510", "2016", "5.28.21", "1", "12345,5", "-250,25", ""],
        ["510", "2017", "5.28.21", "002", "1000", "900", "Budget"],
        ["657", "2016", "6.45.51", "", "0,1", "0,1", "forventet regnskab"],
    ]
    assert t.row_numbers.tolist() == [2, 3, 5]
    assert t.problems == []


def test_xlsx_sheet_named_like_file_is_chosen_and_dates_converted(files):
    t = read_table(files / "flere_ark" / "foranstaltninger.xlsx")
    assert t.sheet == "foranstaltninger"
    assert t.header_row == 3
    assert t.row_numbers.tolist() == [4, 5]
    assert rows(t) == [["167", "x1", "2008-05-17", "familiepleje", "2016-01-31", ""],
                       ["167", "x2", "17-05-2008", "netvaerkspleje", "2016-03-01", "2016-09-30"]]
    [p] = t.problems
    assert (p.kind, p.severity) == ("over_overskrift", "advarsel")
    assert p.message == ("Række 1 står over kolonneoverskrifterne og er sprunget over. "
                         "Overskrifterne er læst fra række 3.")


def test_xlsx_several_sheets_without_match_uses_first_and_warns():
    wb = Workbook()
    wb.active.title = "Data"
    wb.active.append(["aar", "indeks"])
    wb.active.append([2016, 100.5])
    wb.create_sheet("Noter").append(["noget andet"])
    buf = io.BytesIO()
    wb.save(buf)
    t = read_table(buf.getvalue(), "pl-indeks.xlsx")
    assert t.sheet == "Data"
    assert rows(t) == [["2016", "100,5"]]
    [p] = t.problems
    assert p.severity == "advarsel"
    assert "det første ark, «Data», er læst" in p.message


def test_xlsx_explicit_missing_sheet():
    wb = Workbook()
    wb.active.title = "Data"
    buf = io.BytesIO()
    wb.save(buf)
    t = read_table(buf.getvalue(), "x.xlsx", sheet="Andet")
    assert t.fatal
    assert t.problems[0].message == "Arket «Andet» findes ikke i filen. Filen har arkene «Data»."


def test_broken_xlsx_is_a_problem_not_an_exception():
    t = read_table(b"PK\x03\x04 not really a zip", "x.xlsx")
    assert t.fatal and t.problems[0].kind == "ulaeselig_fil"


def test_frame_makes_duplicate_header_names_unique():
    t = read_table(b"a;a;b\n1;2;3\n", "f.csv")
    assert list(t.frame().columns) == ["a", "a (2)", "b"]
    assert t.row_numbers.dtype == np.int64


# Issue #9, item 9: a title line above the header gave misleading messages.
@pytest.mark.parametrize("title", ["Udtræk af befolkning", "Udtræk, befolkning 2016"],
                         ids=["uden-skilletegn", "komma-i-titlen"])
def test_a_title_line_above_a_semicolon_header_is_skipped_honestly(title):
    from noegletal.datain.load import read_and_validate

    text = f"{title}\nkommunekode;dato;antal_0_17\n510;2016-01-31;5\n510;2016-05-31;6\n"
    r = read_and_validate(text.encode(), "befolkning.csv")
    assert r.n_valid == 2
    assert [p.text for p in r.problems] == [
        "Række 1 står over kolonneoverskrifterne og er sprunget over. Overskrifterne er læst "
        "fra række 2."]
