"""Write the deliberately broken extracts of the bad-input corpus into ``files/``.

Run from the repository root: ``.venv/bin/python tests/corpus/make_files.py``. The files are
committed; this script documents exactly how each one was made (encodings, byte order
marks, binary content and Excel workbooks cannot be written by hand). What each file breaks
and what must happen to it is declared in :mod:`tests.corpus.manifest`. The 200.000-row file
is not committed: :mod:`tests.corpus.generate` builds it at test time.

The CPR-like values below are made up; they only have the shape of a CPR number.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent / "files"

FOR = "kommunekode;barn_id;foedselsdato;indsats;startdato;slutdato;bevilget_af"
BEF = "kommunekode;dato;antal_0_17"
UDG = "kommunekode;aar;funktion;gruppering;brutto_1000_kr;netto_1000_kr;regnskabstype"
SKO = "kommunekode;skoleaar;gruppe;indikator;gennemsnit;antal"

FOR_OK = (
    "510;p001;2008-03-14;familiepleje;2016-01-04;2016-12-31;",
    "510;p002;2010-07-01;Døgninstitution;2016-02-01;;",
    "657;p003;2005-11-30;forebyggende_11_3;2017-05-15;2017-11-15;myndighed",
)


def lines(*rows: str, newline: str = "\n") -> str:
    return newline.join(rows) + newline


def utf8(*rows: str) -> bytes:
    return lines(*rows).encode("utf-8")


# The workbooks get fixed document properties, so only the zip timestamps change between runs.
_FIXED_TIME = dt.datetime(2024, 6, 1, 12, 0)


def workbook_bytes(sheets: dict[str, list[list[object]]], merged: dict[str, list[str]] | None = None
                   ) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for cells in (merged or {}).get(name, []):
            ws.merge_cells(cells)
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


FOR_COLUMNS = FOR.split(";")

# CPR-like values in disguise (issue #9): each one is planted in barn_id of row 3 of its own
# file. Made-up values with the shape of a CPR number; the manifest names the secret.
CPR_DISGUISES: dict[str, tuple[str, str, str]] = {
    # file: (how it is disguised, the value as written, the value as a secret)
    "cpr_tankestreg.csv": ("tankestreg (–)", "120611\u20134321", "120611\u20134321"),
    "cpr_lang_tankestreg.csv": ("lang tankestreg (—)", "130611\u20144321", "130611\u20144321"),
    "cpr_minustegn.csv": ("minustegn (−)", "140611\u22124321", "140611\u22124321"),
    "cpr_haard_bindestreg.csv": ("hård bindestreg (U+2011)", "150611\u20114321",
                                 "150611\u20114321"),
    "cpr_haardt_mellemrum.csv": ("hårdt mellemrum (U+00A0)", "160611\u00a04321",
                                 "160611\u00a04321"),
    "cpr_smalt_mellemrum.csv": ("smalt hårdt mellemrum (U+202F)", "170611\u202f4321",
                                "170611\u202f4321"),
    "cpr_streg_med_mellemrum.csv": ("bindestreg med mellemrum ( - )", "180611 - 4321",
                                    "180611 - 4321"),
    "cpr_skraastreg.csv": ("skråstreg", "190611/4321", "190611/4321"),
    "cpr_punktum.csv": ("punktum", "200611.4321", "200611.4321"),
    "cpr_alle_grupper.csv": ("bindestreg mellem alle grupper (21-06-11-4321)", "21-06-11-4321",
                             "21-06-11-4321"),
    "cpr_nulbredde.csv": ("nulbreddemellemrum (U+200B) inde i tallet", "2206\u200b114321",
                          "2206\u200b114321"),
    "cpr_bloed_bindestreg.csv": ("blød bindestreg (U+00AD)", "230611\u00ad4321",
                                 "230611\u00ad4321"),
    "cpr_fuldbredde.csv": ("fuldbreddecifre (２４０６１１４３２１)",
                           "\uff12\uff14\uff10\uff16\uff11\uff11\uff14\uff13\uff12\uff11",
                           "\uff12\uff14\uff10\uff16\uff11\uff11\uff14\uff13\uff12\uff11"),
    "cpr_arabiske_cifre.csv": ("arabisk-indiske cifre",
                               "\u0662\u0665\u0660\u0666\u0661\u0661\u0664\u0663\u0662\u0661",
                               "\u0662\u0665\u0660\u0666\u0661\u0661\u0664\u0663\u0662\u0661"),
    "cpr_bogstav_foran.csv": ("et bogstav foran (x2606114321)", "x2606114321", "2606114321"),
    "cpr_id_foran.csv": ("«id_» foran (id_2706114321)", "id_2706114321", "2706114321"),
    "cpr_bogstav_bagefter.csv": ("et bogstav bagefter (2806114321b)", "2806114321b",
                                 "2806114321"),
}
CPR_FILE_NAME = "befolkning 290611-4321.csv"


def _cpr_disguise(value: str) -> bytes:
    return utf8(FOR, FOR_OK[0], f"510;{value};2008-03-14;familiepleje;2016-01-04;;")


def _zero_padded_cpr() -> bytes:
    """barn_id 0306114321 stored as the number 306114321, shown by the format 0000000000."""
    wb = Workbook()
    ws = wb.active
    ws.title = "foranstaltninger"
    ws.append(FOR_COLUMNS[:5])
    ws.append([510, "p001", dt.date(2008, 3, 14), "familiepleje", dt.date(2016, 1, 4)])
    ws.append([510, 306114321, dt.date(2010, 5, 15), "familiepleje", dt.date(2016, 2, 1)])
    ws["B3"].number_format = "0000000000"
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------ files

FILES: dict[str, Callable[[], bytes]] = {
    # --- encodings
    "tegnsaet_utf16_bom.csv": lambda: codecs.BOM_UTF16_LE + lines(
        FOR.replace(";", "\t"),
        *(r.replace(";", "\t") for r in FOR_OK[:2]),
        "657\tp004\t2009-02-02\tStøttekontaktperson\t2016-03-01\t\t",
        newline="\r\n").encode("utf-16-le"),
    "tegnsaet_utf16_uden_bom.csv": lambda: lines(
        FOR, FOR_OK[0], "510;p005;2011-01-01;Aflastning på børnehjem;2016-04-01;;",
        newline="\r\n").encode("utf-16-le"),
    "tegnsaet_latin1.csv": lambda: lines(
        FOR, "510;Søren-Åge;2008-03-14;Døgninstitution;2016-01-04;;",
        "510;Ærø-2;2009-09-09;Weekendaflastning på Ærø;2016-02-01;;",
        newline="\r\n").encode("latin-1"),
    "tegnsaet_blandet.csv": lambda: (
        lines(FOR, "510;Søren;2008-03-14;Døgninstitution;2016-01-04;;").encode("utf-8")
        + lines("510;Åse;2009-09-09;Plejefamilie;2016-02-01;;").encode("cp1252")),
    "tegnsaet_bom_midt_i.csv": lambda: (
        codecs.BOM_UTF8 + utf8(BEF, "510;2016-01-31;11873", "510;2017-01-31;11790")
        + codecs.BOM_UTF8 + utf8(BEF, "657;2016-01-31;9120")),
    # --- separators, quoting, line length
    "skilletegn_blandet.csv": lambda: utf8(
        FOR, FOR_OK[0], "510,p006,2008-05-05,familiepleje,2016-03-01,,", FOR_OK[2]),
    "skilletegn_komma_i_data.csv": lambda: utf8(
        BEF, "510,2016-01-31,11873", "510,2017-01-31,11790", "657,2016-01-31,9120"),
    "skilletegn_for_mange_felter.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;p007;2008-05-05;familiepleje;2016-03-01;2016-09-30;myndighed;ekstra",
        FOR_OK[2]),
    "citation_ikke_lukket.csv": lambda: utf8(
        FOR, FOR_OK[0], '510;"p008;2008-05-05;familiepleje;2016-03-01;;', FOR_OK[1], FOR_OK[2]),
    "citation_linjeskift_i_felt.csv": lambda: utf8(
        FOR + ";bemaerkning",
        FOR_OK[0] + ';"Første linje\nanden linje"',
        FOR_OK[1] + ';"Citat: ""hej"";\nog semikolon på næste linje"',
        "657;p009;2005-11-30;familiepleje;2016-13-01;;;"),
    "lang_linje.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;" + "x" * 100_000 + ";2008-05-05;familiepleje;2016-03-01;;",
        FOR_OK[2]),
    # --- columns
    "kolonne_mangler.csv": lambda: utf8(
        "kommunekode;barn_id;foedselsdato;indsats;slutdato",
        "510;p001;2008-03-14;familiepleje;2016-12-31"),
    "kolonne_dobbelt.csv": lambda: utf8(
        "kommunekode;barn_id;foedselsdato;indsats;startdato;Startdato",
        "510;p001;2008-03-14;familiepleje;2016-01-04;2016-01-05"),
    "kolonne_stavefejl.csv": lambda: utf8(
        "Kommunekode;Barn_ID;Fødseldato;Indsats;Startdato",
        "510;p001;2008-03-14;familiepleje;2016-01-04"),
    "kolonne_ukendt.csv": lambda: utf8(
        BEF + ";kilde", "510;2016-01-31;11873;FOLK1A", "657;2016-01-31;9120;FOLK1A"),
    "kolonne_forkert_udtraek.csv": lambda: utf8(BEF, "510;2016-01-31;11873"),
    "kolonne_ukendt_udtraek.csv": lambda: utf8(
        "navn;adresse;telefon", "Sagsbehandler A;Rådhuset;12345678"),
    "kolonne_titelraekke.csv": lambda: utf8(
        "Udtræk af befolkningstal 0-17 år;;", "", BEF, "510;2016-01-31;11873"),
    # --- codes
    "kode_ukendt_indsats.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;p010;2012-12-12;Dagpleje;2016-03-01;;",
        "657;p011;2006-06-06;Plejefamilie;2016-03-01;;"),
    "kode_bevilget_af.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;p012;2008-05-05;familiepleje;2016-03-01;;kommunen"),
    "kode_skoletrivsel_gruppe.csv": lambda: utf8(
        SKO, "510;2016/17;udsatte;faglig_trivsel;3,4;120", "510;2016/17;alle;faglig_trivsel;3,9;4100"),
    # --- dates
    "dato_umulig.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;p013;2008-05-05;familiepleje;31-02-2016;;",
        "510;p014;29-02-2007;familiepleje;2016-03-01;;"),
    "dato_omvendt.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;p015;2008-05-05;familiepleje;2016-09-01;2016-03-31;"),
    "dato_foedsel_efter_start.csv": lambda: utf8(
        FOR, "510;p016;2017-04-01;familiepleje;2016-03-01;;", FOR_OK[1]),
    "dato_aar_uden_for.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;p017;1899-12-31;familiepleje;2016-03-01;;",
        "510;p018;2008-05-05;familiepleje;2016-03-01;2106-01-01;"),
    "dato_i_fremtiden.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;p019;2008-05-05;familiepleje;2031-01-01;;"),
    "dato_tekst.csv": lambda: utf8(
        BEF, "510;januar 2016;11873", "510;2016/01/31;11873", "657;2016-01-31;9120"),
    # --- numbers
    "tal_negativt_antal.csv": lambda: utf8(BEF, "510;2016-01-31;-120", "657;2016-01-31;9120"),
    "tal_negativ_brutto.csv": lambda: utf8(
        UDG, "510;2016;5.28.21;001;-1.234,5;-1.300,0;regnskab", "510;2016;5.28.23;;4.500,0;4.100,0;"),
    "tal_tekst_i_antal.csv": lambda: utf8(
        BEF, "510;2016-01-31;ca. 1200", "510;2017-01-31;n/a", "657;2016-01-31;9120"),
    "tal_tekst_i_beloeb.csv": lambda: utf8(
        UDG, "510;2016;5.28.21;001;12 mio;11 mio;", "510;2016;5.28.23;;4.500,0;4.100,0;"),
    "tal_decimal_i_heltal.csv": lambda: utf8(
        SKO, "510;2016/17;udsatte;faglig_trivsel;3,4;12,5", "510;2016/17;oevrige;faglig_trivsel;3,9;4100"),
    "tal_tvetydigt.csv": lambda: utf8(
        UDG, "510;2016;5.28.21;001;1.234;900;", "510;2016;5.28.23;;12,5;10,0;",
        "510;2016;5.28.24;;0.25;0.25;"),
    "tal_stillingsandel.csv": lambda: utf8(
        "kommunekode;dato;socialraadgiver_id;antal_sager;stillingsandel",
        "510;2016-01-31;s1;31;1,0", "510;2016-01-31;s2;28;2,5", "510;2016-01-31;s3;-3;0,8"),
    "tal_prisindeks_nul.csv": lambda: utf8("aar;indeks", "2016;100,0", "2017;0"),
    # --- municipality codes
    "kommune_0.csv": lambda: utf8(BEF, "0;2016-01-31;1150000", "510;2016-01-31;11873"),
    "kommune_ukendt.csv": lambda: utf8(
        BEF, "999;2016-01-31;11873", "1000;2016-01-31;500", "657;2016-01-31;9120"),
    # --- school well-being
    "skole_skoleaar.csv": lambda: utf8(
        SKO, "510;2016/18;udsatte;faglig_trivsel;3,4;120", "510;2016/17;udsatte;social_trivsel;3,6;120"),
    "skole_trivsel_skala.csv": lambda: utf8(
        SKO, "510;2016/17;udsatte;faglig_trivsel;5,8;120", "510;2016/17;oevrige;social_trivsel;0,5;4100",
        "657;2016/17;udsatte;faglig_trivsel;3,2;80"),
    "skole_fravaer.csv": lambda: utf8(
        SKO, "510;2016/17;udsatte;fravaer_pct;112,5;120", "510;2016/17;oevrige;fravaer_pct;-1;4100",
        "657;2016/17;udsatte;fravaer_pct;9,5;80"),
    # --- duplicates
    "dublet_befolkning.csv": lambda: utf8(
        BEF, "510;2016-01-31;11873", "657;2016-01-31;9120", "510;31-01-2016;11880"),
    "dublet_udgifter.csv": lambda: utf8(
        UDG, "510;2016;5.28.21;001;1.500,0;1.400,0;", "510;2016;5.28.21;001;1.500,0;1.400,0;"),
    # --- empty files
    "tom.csv": lambda: b"",
    "kun_overskrift.csv": lambda: utf8(FOR),
    "kun_mellemrum.csv": lambda: b"   \r\n\t\r\n  \n",
    "kun_skilletegn.csv": lambda: b";;;\r\n;;;\r\n",
    "tomme_celler.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;p020;;familiepleje;2016-03-01;;", "510;;2008-05-05;;2016-03-01;;"),
    # --- not a CSV or xlsx at all
    "binaer.csv": lambda: b"\x89PNG\r\n\x1a\n" + random.Random(6).randbytes(2000),
    "gammel_excel.xls": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    "csv_omdoebt.xlsx": lambda: utf8(BEF, "510;2016-01-31;11873"),
    "zip_omdoebt.csv": lambda: _zip_with_text(),
    # --- workbooks
    "xlsx_forside_foerst.xlsx": lambda: workbook_bytes({
        "Forside": [["Udtræk fra fagsystemet"], ["Dannet 1. juni 2024"]],
        "Data": [FOR_COLUMNS, [510, "p001", dt.date(2008, 3, 14), "familiepleje",
                               dt.date(2016, 1, 4), None, None]],
    }),
    "xlsx_to_aar.xlsx": lambda: workbook_bytes({
        "2016": [BEF.split(";"), [510, dt.date(2016, 1, 31), 11873]],
        "2017": [BEF.split(";"), [510, dt.date(2017, 1, 31), 11790]],
    }),
    "xlsx_titel_flettet.xlsx": lambda: workbook_bytes(
        {"Befolkning": [["Befolkning 0-17 år, Danmarks Statistik (FOLK1A)", None, None], [],
                        BEF.split(";"), [510, dt.date(2016, 1, 31), 11873],
                        [657, dt.date(2016, 1, 31), "ukendt"]]},
        merged={"Befolkning": ["A1:C1"]}),
    "xlsx_flettet_overskrift.xlsx": lambda: workbook_bytes(
        {"Ark1": [["kommunekode", "barn_id", "foedselsdato", "indsats", "Periode", None],
                  [None, None, None, None, "startdato", "slutdato"],
                  [510, "p001", dt.date(2008, 3, 14), "familiepleje", dt.date(2016, 1, 4), None]]},
        merged={"Ark1": ["E1:F1"]}),
    "xlsx_cpr_som_tal.xlsx": lambda: workbook_bytes({
        "foranstaltninger": [FOR_COLUMNS[:5], [510, "p001", dt.date(2008, 3, 14), "familiepleje",
                                               dt.date(2016, 1, 4)],
                             [510, 1505101234, dt.date(2010, 5, 15), "familiepleje",
                              dt.date(2016, 2, 1)]]}),
    # --- CPR numbers
    **{name: (lambda v=value: _cpr_disguise(v)) for name, (_, value, _) in CPR_DISGUISES.items()},
    "xlsx_cpr_nulformat.xlsx": _zero_padded_cpr,
    "cpr_i_overskrift.csv": lambda: utf8(BEF + ";040611-4321", "510;2016-01-31;11873;x"),
    "xlsx_cpr_arknavn.xlsx": lambda: workbook_bytes({
        "050611-4321": [BEF.split(";"), [510, dt.date(2016, 1, 31), 11873]]}),
    CPR_FILE_NAME: lambda: utf8(BEF, "510;2016-01-31;11873"),
    "cpr_bindestreg.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;150510-1234;2010-05-15;familiepleje;2016-03-01;;"),
    "cpr_ti_cifre.csv": lambda: utf8(
        FOR, FOR_OK[0], FOR_OK[1], "510;0705081234;2008-05-07;familiepleje;2016-03-01;;"),
    "cpr_mellemrum.csv": lambda: utf8(
        FOR, "510;220309 4321;2009-03-22;familiepleje;2016-03-01;;"),
    "cpr_ekstra_kolonne.csv": lambda: utf8(
        "kommunekode;barn_id;foedselsdato;indsats;startdato;cpr",
        "510;p001;2008-03-14;familiepleje;2016-01-04;140308-2345"),
    "cpr_fritekst.csv": lambda: utf8(
        FOR + ";bemaerkning", FOR_OK[0] + ";Flyttet til plejefamilie",
        FOR_OK[1] + ";Barnet (cpr 0311071234) er flyttet, se journal",
        "510;p021;31-02-2016;familiepleje;2016-03-01;;;Søskende til 031107-1234"),
    "cpr_ukendt_udtraek.csv": lambda: utf8(
        "navn;personnummer;adresse", "Barn A;231111-4455;Vejen 1"),
    # --- formulas and HTML in text cells
    "formel.csv": lambda: utf8(
        FOR, '510;"=HYPERLINK(""http://x"",""klik"")";2008-03-14;familiepleje;2016-01-04;;',
        "510;+SUM(A1);2008-03-14;familiepleje;2016-01-04;;",
        "510;@cmd;2008-03-14;familiepleje;2016-01-04;;",
        "510;-2+3;2008-03-14;familiepleje;2016-01-04;;"),
    "html.csv": lambda: utf8(
        FOR, "510;<script>alert(1)</script>;2008-03-14;familiepleje;2016-01-04;;",
        "510;<img src=x onerror=alert(1)>;2008-03-14;familiepleje;2016-01-04;;",
        FOR_OK[2]),
    "html_i_fejl.csv": lambda: utf8(
        FOR, FOR_OK[0], "510;p022;2008-03-14;<b onmouseover=alert(1)>familiepleje</b>;2016-01-04;;"),
}


def _zip_with_text() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("befolkning.csv", date_time=(2024, 6, 1, 12, 0, 0))
        zf.writestr(info, utf8(BEF, "510;2016-01-31;11873"))
    return buf.getvalue()


def write_all() -> None:
    HERE.mkdir(exist_ok=True)
    for name, build in FILES.items():
        (HERE / name).write_bytes(build())


if __name__ == "__main__":
    write_all()
