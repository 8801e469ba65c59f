from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from noegletal.datain.readers import read_table
from noegletal.datain.validation import empty_frame, validate

from .conftest import TODAY, check, only

FOR_HEADER = "kommunekode;barn_id;foedselsdato;indsats;startdato;slutdato;bevilget_af\n"


def forl(*lines: str):
    return check(FOR_HEADER + "\n".join(lines) + "\n", "foranstaltninger")


def test_valid_foranstaltninger_give_canonical_frame():
    r = forl("510;a1;2008-05-17;familiepleje;31-01-2016;;",
             "510;a2;17.05.2008;Døgninstitution;2016-02-01;30/06/2016;andre")
    assert r.ok and not r.file_refused and r.problems == []
    expected = pd.DataFrame({
        "kommunekode": np.array([510, 510], dtype=np.int64),
        "barn_id": pd.Series(["a1", "a2"], dtype=object),
        "foedselsdato": pd.to_datetime(["2008-05-17", "2008-05-17"]),
        "indsats": pd.Series(["familiepleje", "doegninstitution"], dtype=object),
        "startdato": pd.to_datetime(["2016-01-31", "2016-02-01"]),
        "slutdato": pd.to_datetime([None, "2016-06-30"]),
        "bevilget_af": pd.Series(["myndighed", "andre"], dtype=object),
        "enhed": pd.Series([None, None], dtype=object),
    })
    pd.testing.assert_frame_equal(r.frame, expected)
    assert r.row_numbers.tolist() == [2, 3]
    assert r.n_rows == 2 and r.n_valid == 2 and r.n_refused == 0
    assert r.cpr_columns == [] and not r.cpr_found


def test_invalid_date_message_and_row_number():
    r = forl("510;a1;2008-05-17;familiepleje;2016-01-31;;",
             "510;a2;2008-05-17;familiepleje;31-02-2016;;")
    p = only(r, "ugyldig_dato")
    assert p.text == ("Række 3, kolonne «startdato»: «31-02-2016» er ikke en gyldig dato. "
                      "Skriv datoen som 2016-01-31, 31-01-2016 eller 31.01.2016.")
    assert (p.value, p.severity, p.file) == ("31-02-2016", "fejl", "foranstaltninger.csv")
    assert not r.ok
    assert r.frame["barn_id"].tolist() == ["a1"]
    assert r.refused_rows["række"].tolist() == [3]
    assert r.refused_rows["årsag"].iloc[0].startswith("kolonne «startdato»: «31-02-2016» er ikke")


def test_year_out_of_range_date():
    r = forl("510;a1;1899-05-17;familiepleje;2016-01-31;;")
    p = only(r, "ugyldig_dato")
    assert p.message.startswith("«1899-05-17» har et år uden for 1900-2100.")
    assert (p.row, p.column) == (2, "foedselsdato")


def test_slutdato_in_year_9999_means_still_running():
    r = forl("510;a1;2008-05-17;familiepleje;2016-01-31;31-12-9999;",
             "510;a2;2008-05-17;familiepleje;2016-01-31;9999-12-31;",
             "510;a3;2008-05-17;familiepleje;2016-01-31;9999-12-30;")
    assert r.frame["barn_id"].tolist() == ["a1", "a2"]
    assert r.frame["slutdato"].isna().all()
    p = only(r, "aaben_slutdato")
    assert p.severity == "advarsel" and p.message.startswith("2 slutdatoer med året 9999")
    # Any other date in the year 9999 is still an error.
    assert only(r, "ugyldig_dato").row == 4


def test_every_problem_is_returned_not_just_the_first():
    r = forl("510;;2008-05-17;familiepleje;2016-01-31;;",
             "999;a2;xx;ukendt;2016-01-31;;alle",
             "510;a3;2008-05-17;familiepleje;2016-01-31;;")
    got = [(p.row, p.column, p.kind) for p in r.problems]
    assert got == [
        (2, "barn_id", "tom_celle"),
        (3, "kommunekode", "ukendt_kommune"),
        (3, "foedselsdato", "ugyldig_dato"),
        (3, "indsats", "ukendt_indsats"),
        (3, "bevilget_af", "ukendt_kode"),
    ]
    assert r.frame["barn_id"].tolist() == ["a3"]
    assert r.refused_rows["række"].tolist() == [2, 3]
    reason = r.refused_rows["årsag"].iloc[1].split("; kolonne ")
    assert [x.split("»")[0].split("«")[-1] for x in reason] == [
        "kommunekode", "foedselsdato", "indsats", "bevilget_af"]
    assert only(r, "tom_celle").message == ("Cellen er tom, men pseudonymt barn-id skal udfyldes. "
                                            "Udfyld cellen eller slet rækken.")
    assert only(r, "ukendt_kode").message == (
        "«alle» er ikke en gyldig værdi for hvem der bevilgede forløbet. Brug en af: myndighed, "
        "andre, eller lad cellen være tom (= myndighed).")
    assert only(r, "ukendt_kommune").message.startswith("«999» er ikke en kendt kommunekode.")


def test_foranstaltninger_cross_column_rules():
    r = forl("510;a1;2008-05-17;familiepleje;2016-03-01;2016-02-28;",
             "510;a2;2008-05-17;familiepleje;2020-07-01;;",
             "510;a3;2016-05-17;familiepleje;2016-03-01;;",
             "510;a4;2016-03-01;familiepleje;2016-03-01;2016-03-01;")
    assert only(r, "slut_foer_start").text == (
        "Række 2, kolonne «slutdato»: Slutdatoen «2016-02-28» ligger før startdatoen "
        "«2016-03-01». Ret en af datoerne, så forløbet slutter samme dag som det starter "
        "eller senere.")
    assert only(r, "start_i_fremtiden").text == (
        "Række 3, kolonne «startdato»: Startdatoen «2020-07-01» ligger efter uploaddatoen "
        "(30. juni 2020). Forløb, der ikke er begyndt endnu, skal ikke med; ret datoen eller "
        "fjern rækken.")
    p = only(r, "foedsel_efter_start")
    assert (p.row, p.column) == (4, "foedselsdato")
    # Born the day the measure starts, ending the same day: allowed.
    assert r.frame["barn_id"].tolist() == ["a4"]


def test_today_defaults_to_the_actual_date():
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    raw = read_table((FOR_HEADER + f"510;a1;2008-05-17;familiepleje;{future};;\n").encode(),
                     "f.csv")
    assert [p.kind for p in validate(raw, "foranstaltninger").problems] == ["start_i_fremtiden"]


def test_rules_do_not_cascade_from_unparseable_cells():
    r = forl("510;a1;2008-05-17;familiepleje;ikke en dato;2016-01-01;")
    assert [p.kind for p in r.problems] == ["ugyldig_dato"]


def test_indsats_aliases_and_municipal_mapping(files):
    raw = read_table(files / "indsats_alias.csv")
    r = validate(raw, "foranstaltninger", today=TODAY)
    assert r.frame["indsats"].tolist() == [
        "forebyggende_11_3", "familiepleje", "boernefaglig_undersoegelse", "sikret_institution",
        "doegninstitution", "kost_efterskole"]
    p = only(r, "ukendt_indsats")
    assert (p.row, p.value) == (8, "Aflastning weekend")
    mapped = validate(raw, "foranstaltninger", today=TODAY,
                      indsats_mapping={"aflastning WEEKEND": "forebyggende_foranstaltning"})
    assert mapped.ok
    # Targets may be labels; a target that is no indsats maps nothing.
    by_label = validate(raw, "foranstaltninger", today=TODAY,
                        indsats_mapping={"Aflastning weekend": "Forebyggende foranstaltning"})
    assert by_label.frame["indsats"].iloc[-1] == "forebyggende_foranstaltning"
    wrong = validate(raw, "foranstaltninger", today=TODAY,
                     indsats_mapping={"Aflastning weekend": "ikke en indsats"})
    assert [(p.row, p.kind) for p in wrong.problems] == [(8, "ukendt_indsats")]
    assert mapped.frame["indsats"].iloc[-1] == "forebyggende_foranstaltning"


def test_cp1252_file_with_spelling_variants_validates(files):
    r = validate(read_table(files / "foranstaltninger_cp1252.csv"), "foranstaltninger",
                 today=TODAY)
    assert r.ok, [p.text for p in r.problems]
    assert r.frame["barn_id"].tolist() == ["Søren-Åge", "Ærø-1", "bjørn"]
    assert r.frame["indsats"].tolist() == ["doegninstitution", "familiepleje",
                                           "forebyggende_11_3"]
    assert r.frame["startdato"].dt.strftime("%Y-%m-%d").tolist() == [
        "2016-01-31", "2016-02-01", "2016-02-01"]
    assert r.frame["bevilget_af"].tolist() == ["myndighed", "myndighed", "andre"]


def test_xlsx_with_several_sheets_validates(files):
    r = validate(read_table(files / "flere_ark" / "foranstaltninger.xlsx"), "foranstaltninger",
                 today=TODAY)
    assert r.ok
    assert r.row_numbers.tolist() == [4, 5]
    assert r.frame["foedselsdato"].tolist() == [pd.Timestamp("2008-05-17")] * 2


@pytest.mark.parametrize("birth", ["fødselsdato", "foedselsdato", "FØDSELSDATO", " Fodt "])
def test_column_name_variants(birth):
    text = f"Kommune_Nr;Barn ID;{birth};Indsats;Start\n510;a;2008-01-01;familiepleje;2016-01-01\n"
    r = check(text, "foranstaltninger")
    assert r.ok
    assert list(r.frame.columns) == ["kommunekode", "barn_id", "foedselsdato", "indsats",
                                     "startdato", "slutdato", "bevilget_af", "enhed"]
    assert r.frame["slutdato"].isna().all()


def test_missing_and_duplicated_columns_refuse_the_file():
    r = check("kommunekode;barn_id;fødselsdato;foedselsdato;indsats\n"
              "510;a;2008-01-01;2008-01-01;familiepleje\n", "foranstaltninger")
    assert r.file_refused and r.frame.empty
    assert [(p.kind, p.column) for p in r.errors] == [("manglende_kolonne", "startdato"),
                                                      ("dobbelt_kolonne", "foedselsdato")]
    assert only(r, "manglende_kolonne").text == (
        "Kolonnen «startdato» (startdato) mangler. Tilføj en kolonne med overskriften "
        "«startdato».")
    assert only(r, "dobbelt_kolonne").message == (
        "Kolonnen «foedselsdato» findes 2 gange (som «fødselsdato» og «foedselsdato»). Slet de "
        "ekstra kolonner, så hver kolonne kun findes én gang.")
    assert r.refused_rows["række"].tolist() == [2]
    assert r.refused_rows["årsag"].tolist() == [
        "Hele filen er afvist (manglende kolonne, kolonnen findes flere gange)"]
    pd.testing.assert_frame_equal(r.frame, empty_frame("foranstaltninger"))


def test_unknown_column_is_a_warning_and_ignored():
    r = check("kommunekode;dato;antal_0_17;kilde\n510;2016-01-31;100;FOLK1A\n", "befolkning")
    assert r.ok
    p = only(r, "ukendt_kolonne")
    assert (p.severity, p.row, p.column) == ("advarsel", None, "kilde")
    assert list(r.frame.columns) == ["kommunekode", "dato", "antal_0_17", "enhed"]


def test_befolkning_numbers_minimum_and_duplicates_naming_both_rows():
    r = check("kommunekode;dato;antal_0_17\n"
              "510;2016-01-31;11.873\n"
              "510;31-01-2016;11873\n"
              "657;2016-01-31;-1\n"
              "657;2016-05-31;12,5\n"
              "167;2016-01-31;1.000\n", "befolkning")
    assert only(r, "under_minimum").text == (
        "Række 4, kolonne «antal_0_17»: «-1» er mindre end 0, som er den mindste tilladte værdi "
        "for antal børn 0-17 år. Ret værdien.")
    assert only(r, "ugyldigt_heltal").text == (
        "Række 5, kolonne «antal_0_17»: «12,5» er ikke et helt tal. Skriv et helt tal uden "
        "decimaler, fx 1234 eller 1.234.")
    dups = [p for p in r.problems if p.kind == "dublet"]
    assert [(p.row, p.column) for p in dups] == [(2, "kommunekode"), (3, "kommunekode")]
    assert dups[0].message == ("Rækken har samme «kommunekode» og «dato» som række 3. Hver "
                               "kombination må kun forekomme én gang; slet dubletten eller ret "
                               "værdierne.")
    assert "som række 2." in dups[1].message
    assert r.frame["antal_0_17"].tolist() == [1000]
    assert r.frame["antal_0_17"].dtype == np.int64


def test_kommunekode_zero_only_in_sammenligning():
    b = check("kommunekode;dato;antal_0_17\n0;2016-01-31;5\n", "befolkning")
    assert only(b, "hele_landet").message.startswith("Kommunekode 0 betyder hele landet")
    s = check("kommunekode;noegletal;dato;dimension;vaerdi\n"
              "0;anbragte_pr_1000;2016-01-31;;12,5\n"
              "510;anbragte_pr_1000;2016-01-31;institution;3.5\n", "sammenligning")
    assert s.ok
    assert s.frame["kommunekode"].tolist() == [0, 510]
    assert s.frame["dimension"].tolist() == ["", "institution"]
    assert s.frame["vaerdi"].tolist() == [12.5, 3.5]


def test_udgifter_rules_and_defaults():
    r = check("kommunekode;aar;funktion;gruppering;brutto_1000_kr;netto_1000_kr;regnskabstype\n"
              "510;2016;5.28.21;1;1.234,5;-200,5;\n"
              "510;2016;5.28.21;;-10;-10;Forventet regnskab\n"
              "510;2016;52821;002;1;1;budget\n"
              "510;2016;5.28.22;0001;1;1;budget\n"
              "510;2016;5.28.23;;abc;1;regnskab\n", "udgifter")
    assert [(p.row, p.column, p.kind, p.severity) for p in r.problems] == [
        (3, "brutto_1000_kr", "negativ_brutto", "advarsel"),
        (4, "funktion", "ugyldig_funktion", "fejl"),
        (5, "gruppering", "ugyldig_gruppering", "fejl"),
        (6, "brutto_1000_kr", "ugyldigt_tal", "fejl"),
    ]
    assert only(r, "ugyldig_funktion").message == (
        "«52821» er ikke en funktion fra den kommunale kontoplan. Skriv funktionen som "
        "ciffer.cifre.cifre, fx 5.28.21.")
    assert only(r, "ugyldigt_tal").message == (
        "«abc» er ikke et tal. Skriv tallet med decimalkomma eller decimalpunktum, fx 1234,5 "
        "eller 1.234,5.")
    f = r.frame
    assert f["gruppering"].tolist() == ["001", None]
    assert f["brutto_1000_kr"].tolist() == [1234.5, -10.0]
    assert f["netto_1000_kr"].tolist() == [-200.5, -10.0]
    assert f["regnskabstype"].tolist() == ["regnskab", "forventet_regnskab"]


def test_udgifter_xlsx(files):
    r = validate(read_table(files / "udgifter.xlsx"), "udgifter")
    assert r.ok
    assert r.frame["gruppering"].tolist() == ["001", "002", None]
    assert r.frame["brutto_1000_kr"].tolist() == [12345.5, 1000.0, 0.1]
    assert r.frame["netto_1000_kr"].tolist() == [-250.25, 900.0, 0.1]
    assert r.frame["regnskabstype"].tolist() == ["regnskab", "budget", "forventet_regnskab"]
    assert r.row_numbers.tolist() == [2, 3, 5]


def test_ambiguous_thousands_warning_in_semicolon_file():
    r = check("kommunekode;aar;funktion;gruppering;brutto_1000_kr;netto_1000_kr\n"
              "510;2016;5.28.21;;1.234;2\n", "udgifter")
    assert r.frame["brutto_1000_kr"].tolist() == [1234.0]
    p = only(r, "tvetydigt_tal")
    assert (p.severity, p.row, p.column) == ("advarsel", None, "brutto_1000_kr")
    assert "læst som tusindtalsseparator (1.234 = 1234)" in p.message
    comma = check("kommunekode,aar,funktion,gruppering,brutto_1000_kr,netto_1000_kr\n"
                  "510,2016,5.28.21,,1.234,2\n", "udgifter")
    assert comma.frame["brutto_1000_kr"].tolist() == [1.234]
    mixed = check("kommunekode;aar;funktion;gruppering;brutto_1000_kr;netto_1000_kr\n"
                  "510;2016;5.28.21;;1.234;2\n510;2016;5.28.22;;1,5;2\n"
                  "510;2016;5.28.23;;2.5;2\n", "udgifter")
    p = only(mixed, "tvetydigt_tal")
    assert (p.severity, p.row) == ("fejl", 2)


def test_skoletrivsel_rules():
    r = check("kommunekode;skoleaar;gruppe;indikator;gennemsnit;antal\n"
              "510;2016/17;Udsatte;faglig trivsel;3,8;120\n"
              "510;2016-2017;øvrige;faglig_trivsel;4,1;2000\n"
              "510;2016/18;udsatte;social_trivsel;3,9;120\n"
              "510;2017/18;udsatte;social_trivsel;5,5;120\n"
              "510;2017/18;udsatte;fravaer_pct;101;120\n"
              "510;2017/18;oevrige;fravaer_pct;7,5;120\n"
              "510;2017/18;alle;fravaer_pct;7,5;120\n"
              "510;2016/17;udsatte;faglig_trivsel;3,7;118\n", "skoletrivsel")
    kinds = [(p.row, p.kind) for p in r.problems]
    assert kinds == [(2, "dublet"), (4, "ugyldigt_skoleaar"), (5, "trivsel_uden_for_skala"),
                     (6, "fravaer_uden_for_skala"), (8, "ukendt_kode"), (9, "dublet")]
    assert only(r, "ugyldigt_skoleaar").message == (
        "«2016/18» er ikke et skoleår. Skriv skoleåret som to år i træk, fx 2016/17.")
    assert only(r, "trivsel_uden_for_skala").message.startswith(
        "Gennemsnittet «5,5» for «social_trivsel» ligger uden for trivselsskalaen 1-5.")
    assert only(r, "ukendt_kode").message == (
        "«alle» er ikke en gyldig værdi for gruppe. Brug en af: udsatte, oevrige.")
    assert r.frame["skoleaar"].tolist() == ["2016/17", "2017/18"]
    assert r.frame["gruppe"].tolist() == ["oevrige", "oevrige"]
    assert r.frame["gennemsnit"].tolist() == [4.1, 7.5]
    assert r.frame["antal"].tolist() == [2000, 120]


def test_sagstal_default_fte_maximum_and_unique_key():
    r = check("kommunekode;dato;socialraadgiver_id;antal_sager;stillingsandel\n"
              "510;2016-01-31;s1;25;\n"
              "510;2016-01-31;s2;30;0,8\n"
              "510;2016-01-31;s3;30;3\n"
              "510;2016-01-31;s1;20;1\n", "sagstal")
    assert [(p.row, p.kind) for p in r.problems] == [(2, "dublet"), (4, "over_maksimum"),
                                                     (5, "dublet")]
    assert only(r, "over_maksimum").message == (
        "«3» er større end 2, som er den største tilladte værdi for stillingsandel (årsværk). "
        "Ret værdien.")
    assert r.frame["stillingsandel"].tolist() == [0.8]


def test_prisindeks_and_udgiftsmodel():
    p = check("år;indeks\n2016;100\n2017;101,9\n2016;100,2\n", "prisindeks")
    assert [(x.row, x.kind) for x in p.problems] == [(2, "dublet"), (4, "dublet")]
    assert p.problems[0].message.startswith("Rækken har samme «år» som række 4. Hver værdi")
    m = check("funktion;gruppering;kategori;trin\n5.28.21;;service;familiepleje\n"
              "5.28.21;*;Administration myndighed;\n6.45.51;1;administration_oevrig;\n",
              "udgiftsmodel")
    assert [(x.row, x.kind) for x in m.problems] == [(2, "dublet"), (3, "dublet")]
    ok = check("funktion;gruppering;kategori;trin\n5.28.21;;service;familiepleje\n"
               "6.45.51;1;administration_oevrig;\n", "udgiftsmodel")
    assert ok.frame["gruppering"].tolist() == ["*", "001"]
    assert ok.frame["trin"].tolist() == ["familiepleje", None]


def test_formula_like_text_is_a_warning_and_html_is_kept_verbatim():
    r = check("kommunekode;barn_id;dato\n"
              "510;=HYPERLINK(\"http://x\");2016-01-31\n"
              "510;<b>fed</b>;2016-02-01\n"
              "510;-42;2016-03-01\n", "opfoelgninger")
    p = only(r, "formel")
    assert (p.row, p.severity) == (2, "advarsel")
    assert r.ok
    assert r.frame["barn_id"].tolist() == ['=HYPERLINK("http://x")', "<b>fed</b>", "-42"]


def test_header_only_and_empty_file_results():
    r = check("kommunekode;dato;antal_0_17\n", "befolkning")
    assert r.file_refused and not r.ok and r.frame.empty
    assert [p.kind for p in r.problems] == ["tom_fil"]
    e = check("", "befolkning")
    assert e.file_refused and [p.kind for p in e.problems] == ["tom_fil"]
    pd.testing.assert_frame_equal(e.frame, empty_frame("befolkning"))


def test_ragged_row_is_refused_with_its_number():
    r = check("kommunekode;dato;antal_0_17\n510;2016-01-31;5\n510;2016-02-29;5;7\n",
              "befolkning")
    assert [(p.row, p.kind) for p in r.problems] == [(3, "forkert_antal_felter")]
    assert r.frame["dato"].tolist() == [pd.Timestamp("2016-01-31")]
    assert r.refused_rows["række"].tolist() == [3]


def test_unknown_kind_raises():
    with pytest.raises(KeyError):
        check("a\n1\n", "ukendt")


def test_long_values_are_shortened_in_messages():
    long = "x" * 100
    r = check(f"kommunekode;dato;antal_0_17\n510;{long};5\n", "befolkning")
    p = only(r, "ugyldig_dato")
    assert p.value == "x" * 79 + "…"
    assert p.message.startswith("«" + "x" * 79 + "…» er ikke en gyldig dato.")
