from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from noegletal.datain.cpr import MASK, cpr_like, looks_like_cpr, mask_cpr, mask_text
from noegletal.datain.parsing import to_arrow
from noegletal.datain.readers import read_table
from noegletal.datain.report import problems_csv
from noegletal.datain.validation import validate

from .conftest import TODAY, check, only

CPR_VALUES = ["010203-1234", "0102031234", "010203 1234", " 290204-1234 ", "Barn 311299-4321",
              "0102031234x"]  # a letter suffix is no disguise (issue #9)
NOT_CPR = [
    "1234567890",  # month 34
    "3102031234",  # 31 February
    "2902011234",  # 29 February 2001
    "01020312345",  # eleven digits
    "ab010203-12345",  # five digits after the hyphen
    "2016-01-31",
    "31-01-2016",
    "1.234.567,89",
    "",
]


def test_cpr_like_formats_and_look_alikes():
    hits = cpr_like(to_arrow(pd.Series(CPR_VALUES + NOT_CPR, dtype=object)))
    assert hits.tolist() == [True] * len(CPR_VALUES) + [False] * len(NOT_CPR)


def test_mask_replaces_only_the_cpr_part():
    arr = to_arrow(pd.Series(["010203-1234", "Barn 010203-1234 i pleje", "ok"], dtype=object))
    masked = mask_cpr(arr, cpr_like(arr)).to_pylist()
    assert masked == [MASK, f"Barn {MASK} i pleje", "ok"]


@pytest.mark.parametrize("value", ["010203-1234", "0102031234", "010203 1234"])
def test_cpr_in_barn_id_refuses_file_without_echoing_the_number(value):
    r = check("kommunekode;barn_id;foedselsdato;indsats;startdato\n"
              "510;a1;2008-01-01;familiepleje;2016-01-01\n"
              f"510;{value};2008-01-01;familiepleje;2016-01-01\n"
              f"510;{value};2008-01-01;familiepleje;2016-01-01\n", "foranstaltninger")
    assert r.file_refused and not r.ok and r.frame.empty
    assert r.cpr_columns == ["barn_id"] and r.cpr_found
    p = only(r, "cpr")
    assert p.message == (
        "Kolonnen «barn_id» indeholder værdier, der ligner CPR-numre (række 3, 4). Filen er "
        "afvist: systemet må aldrig modtage CPR-numre. Erstat dem med pseudonymer i udtrækket "
        "og upload filen igen.")
    digits = value.replace("-", "").replace(" ", "")
    everything = " ".join(f"{x.message} {x.value}" for x in r.problems)
    assert "010203" not in everything and digits not in everything
    refused = r.refused_rows.astype(str).to_string()
    assert "010203" not in refused
    assert r.refused_rows["barn_id"].tolist() == ["a1", MASK, MASK]
    assert r.refused_rows["række"].tolist() == [2, 3, 4]


def test_cpr_in_unknown_column_and_inside_text():
    r = check("kommunekode;dato;antal_0_17;note\n510;2016-01-31;5;Barn 010203-1234\n",
              "befolkning")
    assert r.cpr_columns == ["note"]
    assert r.refused_rows["note"].tolist() == [f"Barn {MASK}"]
    assert "010203" not in " ".join(p.text for p in r.problems)


def test_cpr_in_a_validated_column_is_masked_in_its_own_error():
    r = check("kommunekode;dato;antal_0_17\n510;010203-1234;5\n", "befolkning")
    date_problem = only(r, "ugyldig_dato")
    assert date_problem.value == MASK
    assert date_problem.message.startswith(f"«{MASK}» er ikke en gyldig dato.")


def test_pseudonyms_that_are_ten_digits_but_no_date_are_accepted():
    r = check("kommunekode;barn_id;dato\n510;1234567890;2016-01-31\n510;3102031234;2016-01-31\n",
              "opfoelgninger")
    assert r.ok and r.cpr_columns == []
    assert r.frame["barn_id"].tolist() == ["1234567890", "3102031234"]


# ------------------------------------------------------------ disguises (issue #9, item 2)

# 0102031234 = 1 February 2003, serial 1234, in the disguises that were accepted before.
DISGUISES = {
    "en-tankestreg": "010203\u20131234",
    "em-tankestreg": "010203\u20141234",
    "minustegn": "010203\u22121234",
    "haard-bindestreg": "010203\u20111234",
    "haardt-mellemrum": "010203\u00a01234",
    "smalt-haardt-mellemrum": "010203\u202f1234",
    "tankestreg-med-mellemrum": "010203 - 1234",
    "skraastreg": "010203/1234",
    "punktum": "010203.1234",
    "understreg": "010203_1234",
    "bindestreg-mellem-alle-grupper": "01-02-03-1234",
    "punktum-mellem-alle-grupper": "01.02.03.1234",
    "nulbreddemellemrum": "0102\u200b031234",
    "blød-bindestreg": "010203\u00ad1234",
    "ordsammenbinder": "0102\u2060031234",
    "fuldbreddecifre": "\uff10\uff11\uff10\uff12\uff10\uff13\uff11\uff12\uff13\uff14",
    "arabisk-indiske-cifre": "\u0660\u0661\u0660\u0662\u0660\u0663\u0661\u0662\u0663\u0664",
    "devanagari-cifre": "\u0966\u0967\u0966\u0968\u0966\u0969\u0967\u0968\u0969\u096a",
    "bogstav-foran": "x0102031234",
    "id-foran": "id_0102031234",
    "bogstav-bagefter": "0102031234b",
    "tabulator": "010203\t1234",
    "to-mellemrum": "010203  1234",
}


@pytest.mark.parametrize("value", list(DISGUISES.values()), ids=list(DISGUISES))
def test_disguised_cpr_numbers_are_found_and_never_echoed(value):
    arr = to_arrow(pd.Series(["a1", value, "b2"], dtype=object))
    assert cpr_like(arr).tolist() == [False, True, False]
    masked = mask_cpr(arr, cpr_like(arr)).to_pylist()
    assert masked[0] == "a1" and masked[2] == "b2"
    assert MASK in masked[1] and not any(ch.isdigit() for ch in masked[1])  # letters may stay
    assert looks_like_cpr(value) and mask_text(value) == masked[1]
    r = check("kommunekode;barn_id;dato\n510;a1;2016-01-31\n"
              f"510;{value};2016-01-31\n", "opfoelgninger")
    assert r.file_refused and r.cpr_found and r.cpr_columns == ["barn_id"]
    shown = " ".join(f"{p.text} {p.value}" for p in r.problems) + r.refused_rows.to_csv()
    assert value not in shown and "1234" not in shown


def test_disguise_finder_needs_a_real_date_and_exactly_ten_digits():
    not_cpr = ["31-02-03-1234", "01-13-03-1234", "0102031234 5", "01020312345",
               "x01020312345", "2016-01-31 12:00:00", "31.01.2016", "B0000001"]
    # "0102031234 5" is ten digits, a space and a digit: the trailing digit is another group.
    hits = cpr_like(to_arrow(pd.Series(not_cpr, dtype=object))).tolist()
    assert hits == [False, False, True, False, False, False, False, False]


def test_a_later_overlapping_candidate_is_found_after_a_false_first_one():
    # "3102031234" is no date (31 February), the second value is.
    assert cpr_like(to_arrow(pd.Series(["3102031234 0102031234"], dtype=object))).tolist() == [
        True]


# --------------------------------------------------- CPR outside the cells (issue #9, item 3)


def test_cpr_in_a_column_header_refuses_the_file_and_is_masked():
    r = check("kommunekode;dato;antal_0_17;150510-1234\n510;2016-01-31;5;x\n", "befolkning")
    assert r.file_refused and r.cpr_found
    p = only(r, "cpr")
    assert "Kolonneoverskriften nr. 4 i række 1 ligner et CPR-nummer" in p.message
    everything = " ".join(f"{x.text} {x.column} {x.value}" for x in r.problems)
    everything += r.refused_rows.to_csv() + problems_csv(r.problems).decode("utf-8-sig")
    assert "150510" not in everything and "1234" not in everything


def test_cpr_in_the_file_name_is_masked_everywhere():
    r = check("kommunekode;dato;antal_0_17\n510;2016-01-31;5\n", "befolkning",
              filename="befolkning 150510-1234.csv")
    assert r.file_refused and r.cpr_found
    assert r.filename == f"befolkning {MASK}.csv"
    assert {p.file for p in r.problems} == {f"befolkning {MASK}.csv"}
    assert "Filnavnet ligner et CPR-nummer" in only(r, "cpr").message
    assert "150510" not in problems_csv(r.problems).decode("utf-8-sig")


def _workbook(sheets: dict[str, list[list]], formats: dict[tuple[str, str], str] | None = None
              ) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    for (title, ref), fmt in (formats or {}).items():
        wb[title][ref].number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_cpr_in_a_sheet_name_refuses_the_file_and_is_never_echoed():
    rows = [["kommunekode", "dato", "antal_0_17"], [510, "2016-01-31", 5]]
    data = _workbook({"Forside": [["Udtræk"]], "150510-1234": rows})
    raw = read_table(data, "befolkning.xlsx")
    r = validate(raw, "befolkning", today=TODAY)
    assert r.file_refused and r.cpr_found
    assert "Navnet på ark nr. 2 ligner et CPR-nummer" in only(r, "cpr").message
    assert "150510" not in " ".join(p.text for p in r.problems)


@pytest.mark.parametrize("fmt, shown", [("0000000000", "0102031234"),
                                         ("000000-0000", "010203-1234"),
                                         ('000000"-"0000', "010203-1234")])
def test_excel_number_with_zero_padding_format_keeps_its_leading_zero(fmt, shown):
    rows = [["kommunekode", "barn_id", "dato"], [510, "a1", "2016-01-31"],
            [510, 102031234, "2016-01-31"]]
    data = _workbook({"opfoelgninger": rows}, {("opfoelgninger", "B3"): fmt})
    raw = read_table(data, "opfoelgninger.xlsx")
    assert raw.cells[1].tolist() == ["a1", shown]
    r = validate(raw, "opfoelgninger", today=TODAY)
    assert r.file_refused and r.cpr_columns == ["barn_id"]
    assert "102031234" not in " ".join(f"{p.text} {p.value}" for p in r.problems)


def test_zero_padded_kommunekode_is_still_a_number():
    rows = [["kommunekode", "dato", "antal_0_17"], [510, "2016-01-31", 5]]
    data = _workbook({"befolkning": rows}, {("befolkning", "A2"): "0000"})
    r = validate(read_table(data, "befolkning.xlsx"), "befolkning", today=TODAY)
    assert r.ok and r.frame["kommunekode"].tolist() == [510]
