"""The bad-input corpus: every deliberately broken extract and what must happen to it.

Each :class:`Case` names a file in ``files/`` (made by ``make_files.py``) or a generated file,
the extract the analyst uploads it as (``kind=None``: the upload leaves it to the file name
and the columns), what is broken (Danish, shown in ``docs/korpus.md``), the expected outcome,
a Danish fragment that must appear in a message, and the rows of exactly the problems whose
message contains the fragment (empty for a problem about the whole file).

Outcomes
    :data:`AFVIST` - the file is refused as a whole: nothing from it can be imported, the
    upload is recorded in the audit log, and the store is unchanged.
    :data:`RAEKKER_AFVIST` - some rows have errors: "importér alt eller intet" imports
    nothing and leaves the store unchanged; "importér kun de gyldige rækker" imports the
    other rows and records how many were refused.
    :data:`ADVARSLER` - imported completely, with warnings for the analyst.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tests.corpus.generate import BIG_ERRORS, big_foranstaltninger
from tests.corpus.make_files import CPR_DISGUISES, CPR_FILE_NAME

FILES = Path(__file__).parent / "files"
TODAY = dt.date(2024, 6, 1)  # the upload date of every case

AFVIST = "afvist"
RAEKKER_AFVIST = "rækker afvist"
ADVARSLER = "importeret med advarsler"
OUTCOME_LABELS = {
    AFVIST: "Afvist; intet gemt",
    RAEKKER_AFVIST: "Fejlrækker afvist; resten kan indlæses",
    ADVARSLER: "Indlæst med advarsler",
}

BIG_FILE = "stor_200k_raekker.csv"


@dataclass(frozen=True)
class Case:
    file: str
    kind: str | None
    broken: str
    outcome: str
    fragment: str
    rows: tuple[int, ...] = ()
    secret: str | None = None  # a CPR-like value that must never appear anywhere
    stored: tuple[tuple[str, str], ...] = ()  # (column, text) that must be stored verbatim

    @property
    def generated(self) -> bool:
        return self.file == BIG_FILE

    def data(self) -> bytes:
        return big_foranstaltninger() if self.generated else (FILES / self.file).read_bytes()


F, B, U, S = "foranstaltninger", "befolkning", "udgifter", "skoletrivsel"

CASES: tuple[Case, ...] = (
    # --- encodings
    Case("tegnsaet_utf16_bom.csv", F,
         "UTF-16 med BOM og tabulator som skilletegn (Excels «Unicode-tekst»); en ukendt "
         "indsats med ø", RAEKKER_AFVIST,
         "«Støttekontaktperson» er ikke en kendt indsats", (4,)),
    Case("tegnsaet_utf16_uden_bom.csv", F,
         "UTF-16 uden BOM; en ukendt indsats med ø og å", RAEKKER_AFVIST,
         "«Aflastning på børnehjem» er ikke en kendt indsats", (3,)),
    Case("tegnsaet_latin1.csv", F,
         "Latin-1 med æøå i barn-id og indsats; en ukendt indsats", RAEKKER_AFVIST,
         "«Weekendaflastning på Ærø» er ikke en kendt indsats", (3,),
         stored=(("barn_id", "Søren-Åge"), ("indsats", "doegninstitution"))),
    Case("tegnsaet_blandet.csv", F,
         "To tegnsæt i samme fil: UTF-8 og en linje i Windows-1252", ADVARSLER,
         "Filen blander to tegnsæt: det meste er UTF-8, men linje 3 er gemt som Windows-1252",
         stored=(("barn_id", "Søren"), ("barn_id", "Åse"))),
    Case("tegnsaet_bom_midt_i.csv", B,
         "To filer sat sammen: BOM midt i filen og overskriften gentaget", RAEKKER_AFVIST,
         "Rækken gentager kolonneoverskrifterne", (4,)),
    # --- separators, quoting, long lines
    Case("skilletegn_blandet.csv", F,
         "Semikolonfil med én række adskilt med komma", RAEKKER_AFVIST,
         "Rækken er adskilt med komma, men resten af filen med semikolon", (3,)),
    Case("skilletegn_komma_i_data.csv", B,
         "Overskrift med semikolon, alle datarækker med komma", AFVIST,
         "Rækken er adskilt med komma", (2, 3, 4)),
    Case("skilletegn_for_mange_felter.csv", F,
         "Et semikolon uden anførselstegn giver én række et felt for meget", RAEKKER_AFVIST,
         "Rækken har 8 felter, men overskriften har 7", (3,)),
    Case("citation_ikke_lukket.csv", F,
         "Et anførselstegn, der aldrig lukkes, sluger resten af filen", RAEKKER_AFVIST,
         "Et anførselstegn («\"») i rækken er ikke lukket", (3,)),
    Case("citation_linjeskift_i_felt.csv", F,
         "Felter i anførselstegn med linjeskift og semikolon; ugyldig dato bagefter",
         RAEKKER_AFVIST, "«2016-13-01» er ikke en gyldig dato", (4,)),
    Case("lang_linje.csv", F,
         "En linje på 100.000 tegn (barn-id)", RAEKKER_AFVIST,
         "er for lang: en celle i kolonnen må højst have 255 tegn", (3,)),
    # --- columns
    Case("kolonne_mangler.csv", F, "Kolonnen startdato mangler", AFVIST,
         "Kolonnen «startdato» (startdato) mangler"),
    Case("kolonne_dobbelt.csv", F, "Kolonnen startdato findes to gange", AFVIST,
         "Kolonnen «startdato» findes 2 gange"),
    Case("kolonne_stavefejl.csv", F, "Stavefejl i kolonnenavn (Fødseldato)", AFVIST,
         "Filen har kolonnen «Fødseldato», som måske er en stavefejl"),
    Case("kolonne_ukendt.csv", B, "En ekstra kolonne, der ikke hører til udtrækket", ADVARSLER,
         "Kolonnen «kilde» hører ikke til udtrækket «befolkning» og bliver ignoreret"),
    Case("kolonne_forkert_udtraek.csv", F, "Befolkningstal uploadet som foranstaltninger",
         AFVIST, "Kolonnen «barn_id» (pseudonymt barn-id) mangler"),
    Case("kolonne_ukendt_udtraek.csv", None, "Kolonner, der ikke ligner noget udtræk", AFVIST,
         "Det kunne ikke afgøres, hvilket udtræk filen indeholder"),
    Case("kolonne_titelraekke.csv", B, "En titel og en tom linje over overskriften",
         ADVARSLER, "Række 1 står over kolonneoverskrifterne og er sprunget over"),
    # --- codes
    Case("kode_ukendt_indsats.csv", F, "Ukendt indsats (Dagpleje)", RAEKKER_AFVIST,
         "«Dagpleje» er ikke en kendt indsats", (3,)),
    Case("kode_bevilget_af.csv", F, "Ukendt værdi i bevilget_af", RAEKKER_AFVIST,
         "«kommunen» er ikke en gyldig værdi for hvem der bevilgede forløbet", (3,)),
    Case("kode_skoletrivsel_gruppe.csv", S, "Ukendt gruppe i skoletrivsel", RAEKKER_AFVIST,
         "«alle» er ikke en gyldig værdi for gruppe", (3,)),
    # --- dates
    Case("dato_umulig.csv", F, "Umulige datoer (31-02-2016, 29-02-2007)", RAEKKER_AFVIST,
         "er ikke en gyldig dato", (3, 4)),
    Case("dato_omvendt.csv", F, "Slutdato før startdato", RAEKKER_AFVIST,
         "Slutdatoen «2016-03-31» ligger før startdatoen «2016-09-01»", (3,)),
    Case("dato_foedsel_efter_start.csv", F, "Fødselsdato efter startdato", RAEKKER_AFVIST,
         "Fødselsdatoen «2017-04-01» ligger efter startdatoen «2016-03-01»", (2,)),
    Case("dato_aar_uden_for.csv", F, "År uden for 1900-2100 (1899, 2106)", RAEKKER_AFVIST,
         "har et år uden for 1900-2100", (3, 4)),
    Case("dato_i_fremtiden.csv", F, "Startdato efter uploaddatoen", RAEKKER_AFVIST,
         "ligger efter uploaddatoen (1. juni 2024)", (3,)),
    Case("dato_tekst.csv", B, "Datoer skrevet som tekst (januar 2016, 2016/01/31)",
         RAEKKER_AFVIST, "er ikke en gyldig dato", (2, 3)),
    # --- numbers
    Case("tal_negativt_antal.csv", B, "Negativt antal børn", RAEKKER_AFVIST,
         "«-120» er mindre end 0", (2,)),
    Case("tal_negativ_brutto.csv", U, "Negativ bruttoudgift", ADVARSLER,
         "Bruttoudgiften «-1.234,5» er negativ", (2,)),
    Case("tal_tekst_i_antal.csv", B, "Tekst i talkolonne (ca. 1200, n/a)", RAEKKER_AFVIST,
         "er ikke et helt tal", (2, 3)),
    Case("tal_tekst_i_beloeb.csv", U, "Tekst i beløbskolonner (12 mio)", RAEKKER_AFVIST,
         "«12 mio» er ikke et tal", (2,)),
    Case("tal_decimal_i_heltal.csv", S, "Decimaltal i en heltalskolonne", RAEKKER_AFVIST,
         "«12,5» er ikke et helt tal", (2,)),
    Case("tal_tvetydigt.csv", U, "Decimalkomma og decimalpunktum blandet (1.234)",
         RAEKKER_AFVIST, "«1.234» kan både læses som et tal med tusindtalsseparator", (2,)),
    Case("tal_stillingsandel.csv", "sagstal", "Stillingsandel over 2 og negativt sagstal",
         RAEKKER_AFVIST, "«2,5» er større end 2", (3,)),
    Case("tal_prisindeks_nul.csv", "prisindeks", "Prisindeks 0", RAEKKER_AFVIST,
         "«0» er mindre end 0,0001", (3,)),
    # --- municipality codes
    Case("kommune_0.csv", B, "Kommunekode 0 (hele landet) uden for sammenligningstal",
         RAEKKER_AFVIST, "Kommunekode 0 betyder hele landet", (2,)),
    Case("kommune_ukendt.csv", B, "Ukendte kommunekoder (999, 1000)", RAEKKER_AFVIST,
         "«999» er ikke en kendt kommunekode", (2,)),
    # --- school well-being
    Case("skole_skoleaar.csv", S, "Skoleåret 2016/18", RAEKKER_AFVIST,
         "«2016/18» er ikke et skoleår", (2,)),
    Case("skole_trivsel_skala.csv", S, "Trivsel uden for 1-5 (5,8 og 0,5)", RAEKKER_AFVIST,
         "ligger uden for trivselsskalaen 1-5", (2, 3)),
    Case("skole_fravaer.csv", S, "Fravær over 100 % og under 0", RAEKKER_AFVIST,
         "skal være en procent mellem 0 og 100", (2, 3)),
    # --- duplicates
    Case("dublet_befolkning.csv", B,
         "Samme kommune og dato to gange i befolkningstal (skrevet forskelligt)",
         RAEKKER_AFVIST, "Rækken har samme «kommunekode» og «dato» som række", (2, 4)),
    Case("dublet_udgifter.csv", U, "Den samme regnskabsrække to gange", ADVARSLER,
         "Hver kombination må kun forekomme én gang", (2, 3)),
    # --- empty files
    Case("tom.csv", F, "Tom fil (0 byte)", AFVIST, "Filen er tom"),
    Case("kun_overskrift.csv", F, "Kun overskriftsrækken", AFVIST,
         "Filen indeholder kun overskriftsrækken og ingen datarækker"),
    Case("kun_mellemrum.csv", F, "Kun mellemrum, tabulatorer og linjeskift", AFVIST,
         "Filen er tom"),
    Case("kun_skilletegn.csv", F, "Kun semikoloner", AFVIST,
         "Filen indeholder ingen data, kun tomme rækker"),
    Case("tomme_celler.csv", F, "Tomme celler i påkrævede kolonner", RAEKKER_AFVIST,
         "Cellen er tom, men", (3, 4, 4)),
    # --- not CSV or xlsx
    Case("binaer.csv", None, "Binær fil (et billede) omdøbt til .csv", AFVIST,
         "Filen er ikke en tekstfil (CSV): den indeholder binære data"),
    Case("gammel_excel.xls", None, "Gammelt Excel-format (.xls)", AFVIST,
         "Filformatet «.xls» kan ikke læses"),
    Case("csv_omdoebt.xlsx", B, "CSV-fil omdøbt til .xlsx", AFVIST,
         "Filen kunne ikke åbnes som Excel-projektmappe (.xlsx)"),
    Case("zip_omdoebt.csv", B, "Zip-arkiv omdøbt til .csv", AFVIST,
         "Filen kunne ikke åbnes som Excel-projektmappe (.xlsx)"),
    # --- workbooks
    Case("xlsx_forside_foerst.xlsx", F, "Excel: forside først, data på andet ark", AFVIST,
         "kun det første ark, «Forside», er læst"),
    Case("xlsx_to_aar.xlsx", B, "Excel: ét ark pr. år", ADVARSLER,
         "Filen har 2 ark («2016», «2017»); kun det første ark, «2016», er læst"),
    Case("xlsx_titel_flettet.xlsx", B,
         "Excel: flettet titelcelle over overskriften og tekst i talkolonne", RAEKKER_AFVIST,
         "«ukendt» er ikke et helt tal", (5,)),
    Case("xlsx_flettet_overskrift.xlsx", F,
         "Excel: overskrift i to rækker med flettede celler", AFVIST,
         "Kolonnen «startdato» (startdato) mangler"),
    Case("xlsx_cpr_som_tal.xlsx", F, "Excel: CPR-nummer gemt som tal i barn_id", AFVIST,
         "Kolonnen «barn_id» indeholder værdier, der ligner CPR-numre (række 3)",
         secret="1505101234"),
    # --- CPR numbers
    Case("cpr_bindestreg.csv", F, "CPR-nummer ddmmåå-xxxx i barn_id", AFVIST,
         "Kolonnen «barn_id» indeholder værdier, der ligner CPR-numre (række 3)",
         secret="150510-1234"),
    Case("cpr_ti_cifre.csv", F, "CPR-nummer ddmmååxxxx i barn_id", AFVIST,
         "Kolonnen «barn_id» indeholder værdier, der ligner CPR-numre (række 4)",
         secret="0705081234"),
    Case("cpr_mellemrum.csv", F, "CPR-nummer med mellemrum i barn_id", AFVIST,
         "Kolonnen «barn_id» indeholder værdier, der ligner CPR-numre (række 2)",
         secret="220309 4321"),
    Case("cpr_ekstra_kolonne.csv", F, "CPR-numre i en ekstra kolonne", AFVIST,
         "Kolonnen «cpr» indeholder værdier, der ligner CPR-numre (række 2)",
         secret="140308-2345"),
    Case("cpr_fritekst.csv", F, "CPR-numre inde i en fritekstkolonne", AFVIST,
         "Kolonnen «bemaerkning» indeholder værdier, der ligner CPR-numre (række 3, 4)",
         secret="0311071234"),
    Case("cpr_ukendt_udtraek.csv", None, "CPR-numre i en fil, der ikke er et udtræk", AFVIST,
         "Kolonnen «personnummer» indeholder værdier, der ligner CPR-numre (række 2)",
         secret="231111-4455"),
    # --- CPR numbers in disguise, and outside the cells (issue #9)
    *(Case(name, F, f"CPR-nummer i barn_id skrevet med {how}", AFVIST,
           "Kolonnen «barn_id» indeholder værdier, der ligner CPR-numre (række 3)",
           secret=secret)
      for name, (how, _, secret) in CPR_DISGUISES.items()),
    Case("xlsx_cpr_nulformat.xlsx", F,
         "Excel: CPR-nummer gemt som tal med talformatet 0000000000 (foranstillet nul)",
         AFVIST, "Kolonnen «barn_id» indeholder værdier, der ligner CPR-numre (række 3)",
         secret="0306114321"),
    Case("cpr_i_overskrift.csv", B, "CPR-nummer som kolonneoverskrift", AFVIST,
         "Kolonneoverskriften nr. 4 i række 1 ligner et CPR-nummer", secret="040611-4321"),
    Case("xlsx_cpr_arknavn.xlsx", B, "Excel: CPR-nummer som arknavn", AFVIST,
         "Navnet på ark nr. 1 ligner et CPR-nummer", secret="050611-4321"),
    Case(CPR_FILE_NAME, None, "CPR-nummer i filnavnet", AFVIST,
         "Filnavnet ligner et CPR-nummer", secret="290611-4321"),
    # --- formulas and HTML
    Case("formel.csv", F, "Formler i tekstceller (=HYPERLINK, +SUM, @cmd, -2+3)", ADVARSLER,
         "kan blive udført som en formel", (2, 3, 4, 5),
         stored=(("barn_id", '=HYPERLINK("http://x","klik")'), ("barn_id", "+SUM(A1)"),
                 ("barn_id", "@cmd"), ("barn_id", "-2+3"))),
    Case("html.csv", F, "HTML og script i tekstceller", ADVARSLER,
         "indeholder HTML-kode", (2, 3),
         stored=(("barn_id", "<script>alert(1)</script>"),
                 ("barn_id", "<img src=x onerror=alert(1)>"))),
    Case("html_i_fejl.csv", F, "HTML i en kodekolonne", RAEKKER_AFVIST,
         "«<b onmouseover=alert(1)>familiepleje</b>» er ikke en kendt indsats", (3,)),
    # --- size
    Case(BIG_FILE, F,
         f"200.000 rækker (genereres ved testen) med {len(BIG_ERRORS)} fejl dybt inde",
         RAEKKER_AFVIST, "«30-02-2016» er ikke en gyldig dato", (123_457,)),
)

BY_FILE: dict[str, Case] = {c.file: c for c in CASES}
