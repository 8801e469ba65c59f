"""Uploading the intervention extracts: scores and staff groups are checked against the tool
and wage tables uploaded with them, else the active ones, else the project's defaults."""

from __future__ import annotations

import datetime as dt

from noegletal.services import imports as im

TODAY = dt.date(2024, 6, 1)
MAAL = ("kommunekode;indsats_navn;deltager_id;deltager_type;redskab;skala;dato;score\n"
        "510;PMTO;d1;;egen;;2019-01-10;7\n510;PMTO;d2;;sdq;;2019-01-10;12\n")
TOOLS = ("redskab;skala;navn;min;max;hoejere_er_bedre;graense;paalidelig_aendring\n"
         "egen;;Eget skema;0;10;ja;;\n")


def _check(store, *files: tuple[str, str]):
    uploads = [im.Upload(name, text.encode()) for name, text in files]
    return im.check_uploads(uploads, store, im.ALL, today=TODAY)


def test_unknown_tool_is_a_row_error_against_the_default_table(store):
    (checked,) = _check(store, ("maalinger.csv", MAAL))
    assert checked.status == im.PARTIAL and checked.n_valid == 1
    assert [(p.row, p.kind) for p in checked.problems if p.is_error] == [(2, "ukendt_redskab")]
    assert checked.refused_rows()["række"].tolist() == [2]


def test_a_tool_table_in_the_same_upload_or_active_is_used(store):
    tools, maal = _check(store, ("redskaber.csv", TOOLS), ("maalinger.csv", MAAL))
    # the uploaded table replaces the default: sdq is unknown now, egen is known
    assert [(p.row, p.kind) for p in maal.problems if p.is_error] == [(3, "ukendt_redskab")]
    report = im.import_checked(store, [tools], user="anna", mode=im.MODE_ALL,
                               permissions=im.ALL)
    assert report.ok
    (again,) = _check(store, ("maalinger.csv", MAAL))
    assert [(p.row, p.kind) for p in again.problems if p.is_error] == [(3, "ukendt_redskab")]


def test_staff_group_without_a_wage_refuses_the_row(store):
    text = ("kommunekode;indsats_navn;periode_start;periode_slut;aktivitet;personalegruppe;"
            "timer;udgift_kr\n510;PMTO;2019-01-01;2019-03-31;med_borgere;Kok;10;\n")
    (checked,) = _check(store, ("ressourceforbrug.csv", text))
    assert checked.status == im.REFUSED and checked.refusal_code == im.REFUSED_NO_ROWS
    assert [p.kind for p in checked.problems if p.is_error] == ["loen_mangler"]
