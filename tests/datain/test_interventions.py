"""Validation of the intervention extracts (data contract sections 7 and 8)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from noegletal.datain import load_directory
from noegletal.datain.interventions import check_against_companions
from noegletal.datain.readers import read_table
from noegletal.datain.validation import validate
from noegletal.domain.interventions import default_loenninger, default_redskaber

from .conftest import TODAY, check, only

M_HEADER = "kommunekode;indsats_navn;deltager_id;deltager_type;redskab;skala;dato;score\n"
R_HEADER = ("kommunekode;indsats_navn;periode_start;periode_slut;aktivitet;personalegruppe;"
            "timer;udgift_kr\n")


def maal(*lines: str, redskaber=None):
    text = M_HEADER + "\n".join(lines) + "\n"
    raw = read_table(text.encode(), "maalinger.csv")
    r = validate(raw, "maalinger", today=TODAY)
    return check_against_companions(r, default_redskaber() if redskaber is None else redskaber,
                                    raw)


def ress(*lines: str):
    text = R_HEADER + "\n".join(lines) + "\n"
    raw = read_table(text.encode(), "ressourceforbrug.csv")
    r = validate(raw, "ressourceforbrug", today=TODAY)
    return check_against_companions(r, default_loenninger(), raw)


def test_valid_maalinger_canonical_codes_and_defaults():
    r = maal("510;Børnegrupper;d1;;SDQ;;2019-01-10;17",
             "510;Børnegrupper;d1;mor;FIT ORS;Samlet;10-03-2019;31,5")
    assert r.ok, [p.text for p in r.problems]
    assert r.frame["redskab"].tolist() == ["sdq", "fit_ors"]
    assert r.frame["skala"].tolist() == ["samlet", "samlet"]
    assert r.frame["deltager_type"].tolist() == ["barn", "mor"]
    assert r.frame["score"].tolist() == [17.0, 31.5]


def test_score_outside_range_unknown_tool_and_scale_are_row_errors():
    r = maal("510;B;d1;;sdq;;2019-01-10;41",        # SDQ total 0-40
             "510;B;d2;;gses;;2019-01-10;9",        # GSES 10-40
             "510;B;d3;;xyz;;2019-01-10;3",
             "510;B;d4;;sdq;humoer;2019-01-10;3",
             "510;B;d5;;pss;;2019-01-10;18")        # PSS 18-90: valid
    assert not r.ok
    kinds = sorted((p.row, p.kind) for p in r.errors)
    assert kinds == [(2, "score_uden_for_skala"), (3, "score_uden_for_skala"),
                     (4, "ukendt_redskab"), (5, "ukendt_skala")]
    first = next(p for p in r.errors if p.row == 2)
    assert "Scoren 41" in first.message and "fra 0 til 40" in first.message
    assert r.frame["deltager_id"].tolist() == ["d5"]
    assert r.row_numbers.tolist() == [6]
    assert r.refused_rows["række"].tolist() == [2, 3, 4, 5]
    assert "41" in r.refused_rows.iloc[0]["score"]


def test_bar_in_intervention_name_is_an_error():
    r = check(M_HEADER + "510;PMTO|gruppe;d1;;sdq;;2019-01-10;3\n", "maalinger")
    p = only(r, "lodret_streg")
    assert p.row == 2 and p.column == "indsats_navn"
    r = check(M_HEADER + f"510;{'x' * 101};d1;;sdq;;2019-01-10;3\n", "maalinger")
    assert only(r, "for_langt_navn").row == 2


def test_cpr_in_participant_id_refuses_the_file():
    r = check(M_HEADER + "510;B;010203-1234;;sdq;;2019-01-10;3\n", "maalinger")
    assert r.cpr_found and r.file_refused and r.frame.empty
    assert all("010203" not in p.text for p in r.problems)


def test_periods_hours_amounts_and_staff_rules():
    r = ress("510;S;2019-03-31;2019-01-01;med_borgere;Socialrådgiver;10;",   # ends before start
             "510;S;2019-01-01;2019-03-31;med_borgere;Socialrådgiver;-1;",   # negative hours
             "510;S;2019-01-01;2019-03-31;oevrige_udgifter;;;-5",             # negative amount
             "510;S;2019-01-01;2019-03-31;uden_borgere;;5;",                  # no staff group
             "510;S;2019-01-01;2019-03-31;oevrige_udgifter;;;",               # no amount
             "510;S;2019-01-01;2019-03-31;med_borgere;Socialrådgiver;;")      # no hours
    got = sorted((p.row, p.kind) for p in r.errors)
    assert got == [(2, "periode_slut_foer_start"), (3, "under_minimum"), (4, "under_minimum"),
                   (5, "personalegruppe_mangler"), (6, "udgift_mangler"), (7, "timer_mangler")]
    assert r.frame.empty


def test_overlapping_periods_and_staff_group_without_wage():
    r = ress("510;S;2019-01-01;2019-03-31;med_borgere;Socialrådgiver;10;",
             "510;S;2019-03-31;2019-06-30;med_borgere;socialraadgiver;10;",   # overlaps row 2
             "510;S;2019-03-31;2019-06-30;uden_borgere;Socialrådgiver;10;",   # other activity
             "510;S;2019-01-01;2019-03-31;med_borgere;Pædagog;10;",            # other group
             "510;S;2019-04-01;2019-06-30;med_borgere;Socialrådgiver;1;",     # overlaps row 3
             "510;S;2019-01-01;2019-03-31;med_borgere;Kok;3;",                 # no wage
             "510;T;2019-01-01;2019-03-31;med_borgere;Socialrådgiver;10;")    # other intervention
    got = sorted((p.row, p.kind) for p in r.errors)
    assert got == [(3, "overlappende_perioder"), (6, "overlappende_perioder"),
                   (7, "loen_mangler")]
    assert r.row_numbers.tolist() == [2, 4, 5, 8]
    assert "Kok" in only(r, "loen_mangler").message


def test_wage_table_and_tool_table_rules():
    r = check("personalegruppe;aar;maanedsloen_kr\nPsykolog;2019;46.411\nPsykolog;2019;1\n"
              "Kok;2019;-3\n", "loenninger")
    assert sorted((p.row, p.kind) for p in r.errors) == [
        (2, "dublet"), (3, "dublet"), (4, "under_minimum")]
    r = check("redskab;skala;navn;min;max;hoejere_er_bedre;graense;paalidelig_aendring\n"
              "abc;;A;10;5;ja;;\nabd;;B;0;10;ja;11;\nabe;;C;0;10;maaske;;\n", "redskaber")
    assert sorted((p.row, p.kind) for p in r.errors) == [
        (2, "min_over_max"), (3, "graense_uden_for_skala"), (4, "ukendt_kode")]


def test_default_tables_pass_their_own_validation():
    root = Path(__file__).resolve().parents[2] / "src" / "noegletal" / "data"
    for kind in ("redskaber", "loenninger"):
        r = validate(read_table(root / f"{kind}.csv"), kind, today=TODAY)
        assert r.ok and r.n_valid == r.n_rows, [p.text for p in r.problems]
    r = validate(read_table(root / "redskaber.csv"), "redskaber", today=TODAY)
    expected = default_redskaber()
    assert r.frame["redskab"].tolist() == expected["redskab"].tolist()
    np.testing.assert_array_equal(r.frame["graense"].to_numpy(), expected["graense"].to_numpy())


def test_load_directory_uses_an_uploaded_tool_table(tmp_path):
    (tmp_path / "maalinger.csv").write_text(M_HEADER + "510;B;d1;;egen;;2019-01-10;7\n",
                                            encoding="utf-8")
    loaded = load_directory(tmp_path, today=TODAY)
    assert [p.kind for p in loaded.errors] == ["ukendt_redskab"]
    assert "maalinger" not in loaded.frames
    (tmp_path / "redskaber.csv").write_text(
        "redskab;skala;navn;min;max;hoejere_er_bedre;graense;paalidelig_aendring\n"
        "egen;;Eget skema;0;10;ja;;\n", encoding="utf-8")
    loaded = load_directory(tmp_path, today=TODAY)
    assert loaded.ok and loaded.frames["maalinger"]["redskab"].tolist() == ["egen"]
