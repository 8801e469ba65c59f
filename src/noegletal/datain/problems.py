"""Validation problems: what is wrong, where, and how the analyst fixes it.

A :class:`Problem` points at a file, a row as the analyst sees it (header = row 1; for
``.xlsx`` the sheet row number), a column as it is spelled in the file and the offending
value. ``message`` is Danish and ends with how to fix the problem. ``severity`` is
``"fejl"`` (the row, or the whole file when ``row`` is ``None``, cannot be imported) or
``"advarsel"`` (imported, but the analyst should look at it).
"""

from __future__ import annotations

from dataclasses import dataclass

FEJL = "fejl"
ADVARSEL = "advarsel"
SEVERITIES = (FEJL, ADVARSEL)

# Kinds of problem, with the Danish label used when a report counts problems per kind.
KIND_LABELS: dict[str, str] = {
    "tom_fil": "Tom fil",
    "ulaeselig_fil": "Filen kan ikke læses",
    "ukendt_filtype": "Ukendt filtype",
    "ukendt_udtraek": "Udtrækket kan ikke genkendes",
    "fil_dobbelt": "Filen findes i flere formater",
    "ark_valgt": "Ark valgt i Excel-filen",
    "over_overskrift": "Rækker over kolonneoverskrifterne",
    "forkert_antal_felter": "Forkert antal felter i rækken",
    "blandede_skilletegn": "Rækken har et andet skilletegn end filen",
    "aaben_citation": "Anførselstegn, der ikke er lukket",
    "gentaget_overskrift": "Gentagne kolonneoverskrifter",
    "blandet_tegnsaet": "Filen blander tegnsæt",
    "bom_inde_i_filen": "BOM-tegn inde i filen",
    "manglende_kolonne": "Manglende kolonne",
    "dobbelt_kolonne": "Kolonnen findes flere gange",
    "ukendt_kolonne": "Ukendt kolonne (ignoreret)",
    "cpr": "CPR-nummer i filen",
    "graense": "Filen overskrider en grænse",
    "tom_celle": "Tom celle i påkrævet kolonne",
    "ugyldigt_heltal": "Ugyldigt heltal",
    "ugyldigt_tal": "Ugyldigt tal",
    "tvetydigt_tal": "Tvetydigt tal",
    "ugyldig_dato": "Ugyldig dato",
    "ukendt_kode": "Ukendt kode",
    "ukendt_indsats": "Ukendt indsats",
    "under_minimum": "Værdi under minimum",
    "over_maksimum": "Værdi over maksimum",
    "ukendt_kommune": "Ukendt kommunekode",
    "hele_landet": "Kommunekode 0 uden for sammenligningstal",
    "slut_foer_start": "Slutdato før startdato",
    "start_i_fremtiden": "Startdato efter uploaddatoen",
    "foedsel_efter_start": "Fødselsdato efter startdato",
    "ugyldig_funktion": "Ugyldig funktion",
    "ugyldig_gruppering": "Ugyldig gruppering",
    "ugyldigt_skoleaar": "Ugyldigt skoleår",
    "trivsel_uden_for_skala": "Trivsel uden for skalaen 1-5",
    "fravaer_uden_for_skala": "Fravær uden for 0-100 %",
    "negativ_brutto": "Negativ bruttoudgift",
    "dublet": "Dubletrække",
    "formel": "Mulig regnearksformel",
    "aaben_slutdato": "Slutdato 9999 læst som løbende",
    "html": "Tekst, der ligner HTML",
    "for_lang_tekst": "For lang tekst",
}


@dataclass(frozen=True)
class Problem:
    """One validation problem.

    ``row`` is ``None`` for problems about the whole file or a whole column; ``value`` never
    holds a CPR number (CPR-like values are masked before any message is built).
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    severity: str = FEJL
    kind: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == FEJL

    @property
    def location(self) -> str:
        """Danish location of a row problem, e.g. ``Række 14, kolonne «startdato»``; empty
        for problems about the whole file or a whole column (their message names it)."""
        if self.row is None:
            return ""
        return f"Række {self.row}, kolonne «{self.column}»" if self.column else f"Række {self.row}"

    @property
    def text(self) -> str:
        """The problem as one Danish line: location, then the message."""
        return f"{self.location}: {self.message}" if self.location else self.message

    def __str__(self) -> str:
        return self.text
