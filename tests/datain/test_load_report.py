from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from noegletal.datain.detect import detect_kind
from noegletal.datain.load import load_directory, read_and_validate, read_indsats_mapping
from noegletal.datain.problems import Problem
from noegletal.datain.report import problems_csv, refused_rows_csv, summary, text_report

from .conftest import TODAY


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (["kommunekode", "dato", "antal_0_17"], "befolkning"),
        (["Kommunekode", "Barn ID", "Fødselsdato", "Indsats", "Start", "Slut"], "foranstaltninger"),
        (["kommunekode", "barn_id", "dato"], "opfoelgninger"),
        (["år", "indeks"], "prisindeks"),
        (["kommunekode", "skoleår", "gruppe", "indikator", "gennemsnit", "antal"],
         "skoletrivsel"),
        (["funktion", "gruppering", "kategori", "trin"], "udgiftsmodel"),
        (["kommunekode", "noegletal", "dato", "dimension", "vaerdi"], "sammenligning"),
        (["kommunekode", "dato", "socialraadgiver_id", "antal_sager"], "sagstal"),
        (["kommunekode", "aar", "funktion", "brutto", "netto"], "udgifter"),
        (["navn", "adresse"], None),
        ([], None),
    ],
)
def test_detect_kind(header, kind):
    assert detect_kind(header) == kind


def test_read_and_validate_kind_from_name_header_or_unknown():
    data = b"kommunekode;dato;antal_0_17\n510;2016-01-31;5\n"
    assert read_and_validate(data, "Befolkning.csv").kind == "befolkning"
    by_header = read_and_validate(data, "eksport_2016.csv")
    assert by_header.kind == "befolkning" and by_header.ok
    unknown = read_and_validate(b"navn;adresse\nx;y\n", "noget.csv")
    assert unknown.kind is None and unknown.file_refused
    assert [p.kind for p in unknown.problems] == ["ukendt_udtraek"]


def test_read_indsats_mapping(files):
    mapping, result = read_indsats_mapping(files / "kommune" / "indsats_mapping.csv")
    assert result.ok
    assert mapping == {"Aflastning weekend": "forebyggende_foranstaltning",
                       "Kontaktperson": "forebyggende_foranstaltning"}


def test_load_directory_uses_mapping_and_reports_unused_files(files):
    loaded = load_directory(files / "kommune", today=TODAY)
    assert loaded.ok, [p.text for p in loaded.problems]
    assert set(loaded.frames) == {"foranstaltninger", "befolkning"}
    assert loaded.frames["foranstaltninger"]["indsats"].tolist() == [
        "forebyggende_foranstaltning", "familiepleje"]
    assert loaded.frames["befolkning"]["antal_0_17"].tolist() == [11873]
    assert ("Filen «noter.csv» bliver ikke brugt, fordi navnet ikke er et af udtrækkenes navne. "
            "Den ligner udtrækket «opfoelgninger»; omdøb den til opfoelgninger.csv, hvis den skal "
            "bruges.") in loaded.warnings
    missing = [w for w in loaded.warnings if w.startswith("Der er ingen fil")]
    assert missing == [
        "Der er ingen fil med udgifter (regnskab) (udgifter.csv eller udgifter.xlsx); nøgletal, "
        "der bygger på den, bliver sprunget over.",
        "Der er ingen fil med skoletrivsel og fravær (skoletrivsel.csv eller skoletrivsel.xlsx); "
        "nøgletal, der bygger på den, bliver sprunget over.",
    ]


def test_load_directory_errors_keep_frame_out(tmp_path, files):
    shutil.copy(files / "udgifter.xlsx", tmp_path / "udgifter.xlsx")
    (tmp_path / "udgifter.csv").write_text("kommunekode\n510\n")
    (tmp_path / "befolkning.csv").write_text("kommunekode;dato;antal_0_17\n510;2016-02-30;5\n")
    loaded = load_directory(tmp_path, today=TODAY)
    assert not loaded.ok
    assert loaded.frames == {}
    assert [(p.file, p.row, p.kind) for p in loaded.errors] == [
        ("befolkning.csv", 2, "ugyldig_dato"),
        ("udgifter.csv", None, "fil_dobbelt"),
    ]
    assert loaded.errors[1].message == ("Udtrækket findes i flere filer («udgifter.csv» og "
                                        "«udgifter.xlsx»). Behold kun én af dem.")


def test_load_directory_missing_folder(tmp_path):
    loaded = load_directory(tmp_path / "findes_ikke")
    assert not loaded.ok and loaded.errors[0].kind == "ulaeselig_fil"


PROBLEMS = [
    Problem("foranstaltninger.csv", None, "note", None, "Kolonnen «note» hører ikke til.",
            "advarsel", "ukendt_kolonne"),
    Problem("foranstaltninger.csv", 14, "startdato", "31-02-2016",
            "«31-02-2016» er ikke en gyldig dato. Skriv datoen som 2016-01-31, 31-01-2016 eller "
            "31.01.2016.", "fejl", "ugyldig_dato"),
    Problem("foranstaltninger.csv", 15, "startdato", "x", "«x» er ikke en gyldig dato.", "fejl",
            "ugyldig_dato"),
    Problem("foranstaltninger.csv", 15, "barn_id", "=1+1", "«=1+1» begynder med «=».",
            "advarsel", "formel"),
]


def test_text_report_counts_and_lines():
    assert text_report(PROBLEMS) == (
        "foranstaltninger.csv: 2 fejl og 2 advarsler\n"
        "  Ugyldig dato: 2 fejl\n"
        "  Mulig regnearksformel: 1 advarsel\n"
        "  Ukendt kolonne (ignoreret): 1 advarsel\n"
        "Fejl:\n"
        "  Række 14, kolonne «startdato»: «31-02-2016» er ikke en gyldig dato. Skriv datoen som "
        "2016-01-31, 31-01-2016 eller 31.01.2016.\n"
        "  Række 15, kolonne «startdato»: «x» er ikke en gyldig dato.\n"
        "Advarsler:\n"
        "  Kolonnen «note» hører ikke til.\n"
        "  Række 15, kolonne «barn_id»: «=1+1» begynder med «=».\n")
    short = text_report(PROBLEMS, max_lines_per_file=1)
    assert "  ... og 1 mere (se den fulde liste i CSV-filen)." in short
    assert text_report([]) == "Ingen problemer fundet."


def test_summary_counts():
    s = summary(PROBLEMS)
    assert s.to_dict("records") == [
        {"fil": "foranstaltninger.csv", "alvor": "fejl", "type": "Ugyldig dato", "antal": 2},
        {"fil": "foranstaltninger.csv", "alvor": "advarsel", "type": "Mulig regnearksformel",
         "antal": 1},
        {"fil": "foranstaltninger.csv", "alvor": "advarsel", "type": "Ukendt kolonne (ignoreret)",
         "antal": 1},
    ]


def test_problems_csv_is_excel_friendly_and_defuses_formulas():
    data = problems_csv(PROBLEMS)
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    assert list(table.columns) == ["fil", "række", "kolonne", "værdi", "alvor", "type", "besked"]
    assert table["række"].tolist() == ["", "14", "15", "15"]
    assert table["værdi"].tolist() == ["", "31-02-2016", "x", "'=1+1"]
    assert table["type"].iloc[1] == "Ugyldig dato"


def test_refused_rows_csv_round_trip():
    result = read_and_validate(b"kommunekode;dato;antal_0_17\n510;31-02-2016;5\n",
                               "befolkning.csv")
    table = pd.read_csv(io.BytesIO(refused_rows_csv(result.refused_rows)), sep=";", dtype=str)
    assert table.columns.tolist() == ["række", "kommunekode", "dato", "antal_0_17", "årsag"]
    assert table.iloc[0].tolist()[:4] == ["2", "510", "31-02-2016", "5"]
    assert table["årsag"].iloc[0].startswith("kolonne «dato»: «31-02-2016» er ikke en gyldig dato")


def test_a_formula_in_the_file_name_is_defused_in_the_report_csv():
    # Issue #9 item 7: the file name is the first cell of every row of the report.
    name = '=HYPERLINK("http://x")&"foranstaltninger.csv'
    r = read_and_validate(b"kommunekode;dato;antal_0_17\n510;2016-01-31;-5\n", name,
                          kind="befolkning")
    text = problems_csv(r.problems).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))[1:]
    assert rows and all(row[0] == "'" + name for row in rows)
