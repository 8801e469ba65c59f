"""Validation of the ``maal`` extract and the optional ``enhed`` columns (data contract
sections 9 and 10): row-level Danish errors like every other extract."""

from __future__ import annotations

import pandas as pd

from noegletal.datain.detect import detect_kind

from .conftest import check

MAAL_HEADER = "kommunekode;noegletal;dimension;maalvaerdi;retning;fra_dato;til_dato;beskrivelse\n"


def maal(*lines: str):
    return check(MAAL_HEADER + "\n".join(lines) + "\n", "maal")


def test_valid_targets_give_the_canonical_frame():
    r = maal("510;Sagstal_Gennemsnit;;25;hoejst;01-01-2016;;Højst 25 sager",
             "657;anbringelsesform_andel;institution;15,5;mindst;2021-01-01;31.12.2025;")
    assert r.ok, [p.text for p in r.problems]
    f = r.frame
    assert f["noegletal"].tolist() == ["sagstal_gennemsnit", "anbringelsesform_andel"]
    assert f["dimension"].tolist() == ["", "institution"]
    assert f["maalvaerdi"].tolist() == [25.0, 15.5]
    assert f["til_dato"].tolist()[1] == pd.Timestamp("2025-12-31") and pd.isna(f["til_dato"][0])
    assert f["beskrivelse"].tolist() == ["Højst 25 sager", None]


def test_target_errors_name_row_column_and_fix():
    r = maal("510;sagstal gennemsnit;;25;hoejst;2016-01-01;;",
             "510;anbragte_pr_1000;;x;hoejst;2016-01-01;;",
             "510;anbragte_pr_1000;;7;under;2016-01-01;;",
             "510;anbragte_pr_1000;;7;hoejst;2017-01-01;2016-12-31;",
             "510;forebyggende_11_3_pr_1000;;8;mindst;2016-01-01;;" + "x" * 201)
    assert not r.ok
    by_row = {p.row: p for p in r.errors}
    assert set(by_row) == {2, 3, 4, 5, 6}
    assert by_row[2].column == "noegletal" and "nøgletals id" in by_row[2].message
    assert by_row[3].column == "maalvaerdi"
    assert by_row[4].column == "retning" and "hoejst" in by_row[4].message
    assert by_row[5].column == "til_dato" and "ligger før" in by_row[5].message
    assert by_row[6].column == "beskrivelse" and "200 tegn" in by_row[6].message


def test_the_same_target_twice_is_a_duplicate():
    r = maal("510;anbragte_pr_1000;;7;hoejst;2016-01-01;;",
             "510;anbragte_pr_1000;;8;hoejst;01-01-2016;;")
    assert [p.kind for p in r.errors] == ["dublet", "dublet"]


def test_targets_file_is_recognised_from_its_header():
    assert detect_kind(MAAL_HEADER.strip().split(";")) == "maal"


def test_enhed_in_foranstaltninger_and_befolkning():
    header = "kommunekode;barn_id;foedselsdato;indsats;startdato;slutdato;bevilget_af;enhed\n"
    r = check(header + "510;a1;2008-05-17;familiepleje;2016-01-31;;;Distrikt Nord\n"
              "510;a2;2008-05-17;familiepleje;2016-01-31;;;\n"
              "510;a3;2008-05-17;familiepleje;2016-01-31;;;Nord|Syd\n"
              f"510;a4;2008-05-17;familiepleje;2016-01-31;;;{'N' * 101}\n", "foranstaltninger")
    assert [(p.row, p.column, p.kind) for p in r.errors] == [
        (4, "enhed", "ugyldig_enhed"), (5, "enhed", "ugyldig_enhed")]
    assert "100 tegn" in r.errors[0].message
    r = check("kommunekode;dato;antal_0_17;enhed\n510;2016-01-01;100;\n510;2016-01-01;60;Nord\n"
              "510;2016-01-01;40;Syd\n", "befolkning")
    assert r.ok and r.frame["enhed"].tolist() == [None, "Nord", "Syd"]
    r = check("kommunekode;dato;antal_0_17;enhed\n510;2016-01-01;60;Nord\n"
              "510;2016-01-01;40;Nord\n", "befolkning")
    assert [p.kind for p in r.errors] == ["dublet", "dublet"]
    assert "«enhed»" in r.errors[0].message
