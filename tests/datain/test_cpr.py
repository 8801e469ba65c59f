from __future__ import annotations

import pandas as pd
import pytest

from noegletal.datain.cpr import MASK, cpr_like, mask_cpr
from noegletal.datain.parsing import to_arrow

from .conftest import check, only

CPR_VALUES = ["010203-1234", "0102031234", "010203 1234", " 290204-1234 ", "Barn 311299-4321"]
NOT_CPR = [
    "1234567890",  # month 34
    "3102031234",  # 31 February
    "2902011234",  # 29 February 2001
    "01020312345",  # eleven digits
    "0102031234x",  # not the whole cell, no hyphen
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
