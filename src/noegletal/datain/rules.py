"""Declarative validation rules beyond what a single :class:`~noegletal.domain.schema.Column`
declares.

The generic checks (required cells filled, whole numbers, decimal numbers, dates, codes in
``allowed``, ``minimum``/``maximum``) are driven by the column declarations in
:data:`noegletal.domain.schema.EXTRACTS`. This module declares the rest, as data:

* :data:`TEXT_FORMS` - the shape of particular text columns (``funktion`` is ``d.dd.dd``,
  ``gruppering`` three digits, ``skoleaar`` ``YYYY/YY``) and their canonical spelling;
* :data:`ROW_RULES` - checks across the parsed values of a row (``slutdato >= startdato``,
  known municipality codes, the trivsel scale, ...);
* :data:`UNIQUE_KEYS` - column combinations that may occur only once in a file.

Every rule is evaluated on whole columns at once (NumPy/Arrow); a rule is only evaluated on
rows whose involved cells were parsed without problems, so one wrong cell gives one problem.
Message templates are Danish; ``{column}`` inserts the cell as the analyst wrote it,
``{today}`` the upload date as ``31. januar 2017``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from noegletal.datain.parsing import mask
from noegletal.datain.problems import ADVARSEL, FEJL
from noegletal.domain.kommuner import KOMMUNER
from noegletal.domain.schema import TARGET_DESCRIPTION_MAX_CHARS, UNIT_MAX_CHARS

# ------------------------------------------------------------------------ text forms


@dataclass(frozen=True)
class TextForm:
    """The required shape of a text column: ``check`` returns the canonical text and a mask
    of the non-empty cells that do not have the shape."""

    kind: str
    message: str
    check: Callable[[pa.ChunkedArray], tuple[pa.ChunkedArray, np.ndarray]]


def _funktion(arr: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
    ok = mask(pc.match_substring_regex(arr, r"^\d\.\d{2}\.\d{2}$"))
    return arr, ~ok & mask(pc.not_equal(arr, ""))


def _gruppering(allow_star: bool) -> Callable[[pa.ChunkedArray], tuple[pa.ChunkedArray, np.ndarray]]:
    def check(arr: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
        # Excel drops leading zeros of numbers, so 1 and 01 are read as 001.
        digits = mask(pc.match_substring_regex(arr, r"^\d{1,3}$"))
        ok = digits | (mask(pc.equal(arr, "*")) if allow_star else False)
        canonical = pc.if_else(pa.array(digits), pc.utf8_lpad(arr, 3, "0"), arr)
        return canonical, ~ok & mask(pc.not_equal(arr, ""))

    return check


def _skoleaar(arr: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
    """``2016/17``; also accepts ``2016/2017``, ``2016-17`` and ``2016-2017``."""
    parts = pc.extract_regex(arr, r"^(?P<a>\d{4})\s*[/-]\s*(?P<b>\d{2}|\d{4})$")
    hit = mask(pc.is_valid(parts))
    a = pc.if_else(pa.array(hit), pc.struct_field(parts, "a"), "0")
    b = pc.if_else(pa.array(hit), pc.struct_field(parts, "b"), "0")
    first = pc.cast(a, pa.int64()).to_numpy(zero_copy_only=False)
    second = pc.cast(b, pa.int64()).to_numpy(zero_copy_only=False)
    two = mask(pc.equal(pc.utf8_length(b), 2))
    ok = hit & np.where(two, second == (first + 1) % 100, second == first + 1)
    suffix = pc.utf8_slice_codeunits(b, -2)
    canonical = pc.if_else(pa.array(ok), pc.binary_join_element_wise(a, suffix, pa.scalar("/", pa.large_string())), arr)
    return canonical, ~ok & mask(pc.not_equal(arr, ""))


def _unit_name(arr: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
    """A unit's name: at most ``UNIT_MAX_CHARS`` characters, without ``|`` and ``=`` (they
    separate the parts of a dimension such as ``institution|enhed=Nord``)."""
    too_long = mask(pc.greater(pc.utf8_length(arr), UNIT_MAX_CHARS))
    separator = mask(pc.match_substring_regex(arr, r"[|=]"))
    return arr, too_long | separator


def _max_chars(limit: int) -> Callable[[pa.ChunkedArray], tuple[pa.ChunkedArray, np.ndarray]]:
    def check(arr: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
        return arr, mask(pc.greater(pc.utf8_length(arr), limit))

    return check


def _catalogue_id(arr: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray]:
    """A key figure's id: lower-case letters, digits and ``_`` (``anbragte_pr_1000``)."""
    canonical = pc.utf8_lower(arr)
    ok = mask(pc.match_substring_regex(canonical, r"^[a-z][a-z0-9_]*$"))
    return canonical, ~ok & mask(pc.not_equal(arr, ""))


_UNIT = TextForm(
    "ugyldig_enhed", f"«{{value}}» kan ikke bruges som enhed: navnet må højst have "
    f"{UNIT_MAX_CHARS} tegn og ikke indeholde «|» eller «=». Forkort navnet eller erstat "
    "tegnene, fx med «-».", _unit_name)

_FUNKTION = TextForm("ugyldig_funktion", "«{value}» er ikke en funktion fra den kommunale "
                     "kontoplan. Skriv funktionen som ciffer.cifre.cifre, fx 5.28.21.", _funktion)

TEXT_FORMS: dict[tuple[str, str], TextForm] = {
    ("udgifter", "funktion"): _FUNKTION,
    ("udgiftsmodel", "funktion"): _FUNKTION,
    ("udgifter", "gruppering"): TextForm(
        "ugyldig_gruppering", "«{value}» er ikke en gruppering. Skriv grupperingen med 3 cifre, "
        "fx 001, eller lad cellen være tom.", _gruppering(allow_star=False)),
    ("udgiftsmodel", "gruppering"): TextForm(
        "ugyldig_gruppering", "«{value}» er ikke en gruppering. Skriv grupperingen med 3 cifre, "
        "fx 001, eller * (eller en tom celle) for alle grupperinger.", _gruppering(allow_star=True)),
    ("foranstaltninger", "enhed"): _UNIT,
    ("befolkning", "enhed"): _UNIT,
    ("maal", "noegletal"): TextForm(
        "ugyldigt_noegletal", "«{value}» er ikke et nøgletals id. Skriv id'et fra kataloget på "
        "siden Om tallene, fx anbragte_pr_1000 eller sagstal_gennemsnit.", _catalogue_id),
    ("maal", "beskrivelse"): TextForm(
        "for_lang_beskrivelse", f"Beskrivelsen er for lang: højst {TARGET_DESCRIPTION_MAX_CHARS} "
        "tegn. Forkort teksten.", _max_chars(TARGET_DESCRIPTION_MAX_CHARS)),
    ("skoletrivsel", "skoleaar"): TextForm(
        "ugyldigt_skoleaar", "«{value}» er ikke et skoleår. Skriv skoleåret som to år i træk, "
        "fx 2016/17.", _skoleaar),
}

# ------------------------------------------------------------------------ row rules


@dataclass
class RuleInput:
    """What a row rule sees: the parsed values of the extract's columns.

    ``values[c]`` is float64 for ``int``/``float`` columns (NaN where missing), datetime64 for
    dates (NaT where missing) and an object array of canonical strings (``None`` where
    missing) for ``str``/``code`` columns. ``today`` is the upload date.
    """

    kind: str
    today: np.datetime64
    values: dict[str, np.ndarray]

    def __getitem__(self, column: str) -> np.ndarray:
        return self.values[column]


@dataclass(frozen=True)
class RowRule:
    """``violated(rows)`` is True where a row breaks the rule; the problem is reported on
    ``column`` with ``message``. ``extracts`` limits the rule to some extracts (``None``: every
    extract that has all the columns in ``needs``)."""

    kind: str
    column: str
    needs: tuple[str, ...]
    violated: Callable[[RuleInput], np.ndarray]
    message: str
    severity: str = FEJL
    extracts: tuple[str, ...] | None = None
    skip_extracts: tuple[str, ...] = ()


_KNOWN_KOMMUNER = np.array([k for k in KOMMUNER if k != 0], dtype=np.float64)
_TRIVSEL = np.array(["faglig_trivsel", "social_trivsel"], dtype=object)

ROW_RULES: tuple[RowRule, ...] = (
    RowRule("ukendt_kommune", "kommunekode", ("kommunekode",),
            lambda r: (r["kommunekode"] != 0) & ~np.isin(r["kommunekode"], _KNOWN_KOMMUNER),
            "«{kommunekode}» er ikke en kendt kommunekode. Brug Danmarks Statistiks 3-cifrede "
            "kode, fx 510 for Haderslev, 657 for Herning eller 167 for Hvidovre."),
    RowRule("hele_landet", "kommunekode", ("kommunekode",),
            lambda r: r["kommunekode"] == 0,
            "Kommunekode 0 betyder hele landet og må kun bruges i sammenligningstal. Skriv "
            "kommunens egen kode, fx 510 for Haderslev.", skip_extracts=("sammenligning",)),
    RowRule("slut_foer_start", "slutdato", ("startdato", "slutdato"),
            lambda r: r["slutdato"] < r["startdato"],
            "Slutdatoen «{slutdato}» ligger før startdatoen «{startdato}». Ret en af datoerne, "
            "så forløbet slutter samme dag som det starter eller senere.",
            extracts=("foranstaltninger",)),
    RowRule("start_i_fremtiden", "startdato", ("startdato",),
            lambda r: r["startdato"] > r.today,
            "Startdatoen «{startdato}» ligger efter uploaddatoen ({today}). Forløb, der ikke er "
            "begyndt endnu, skal ikke med; ret datoen eller fjern rækken.",
            extracts=("foranstaltninger",)),
    RowRule("foedsel_efter_start", "foedselsdato", ("foedselsdato", "startdato"),
            lambda r: r["foedselsdato"] > r["startdato"],
            "Fødselsdatoen «{foedselsdato}» ligger efter startdatoen «{startdato}». Et forløb "
            "kan ikke begynde før barnet er født; ret en af datoerne.",
            extracts=("foranstaltninger",)),
    RowRule("maal_slut_foer_start", "til_dato", ("fra_dato", "til_dato"),
            lambda r: r["til_dato"] < r["fra_dato"],
            "Måldatoen «{til_dato}» ligger før «{fra_dato}». Ret en af datoerne, så målets "
            "periode slutter samme dag som den starter eller senere, eller lad til_dato være "
            "tom (målet gælder indtil videre).", extracts=("maal",)),
    RowRule("negativ_brutto", "brutto_1000_kr", ("brutto_1000_kr",),
            lambda r: r["brutto_1000_kr"] < 0,
            "Bruttoudgiften «{brutto_1000_kr}» er negativ. Refusioner og indtægter hører til "
            "nettoudgiften, så bruttoudgiften er normalt positiv; tjek beløbet.",
            severity=ADVARSEL, extracts=("udgifter",)),
    RowRule("trivsel_uden_for_skala", "gennemsnit", ("indikator", "gennemsnit"),
            lambda r: np.isin(r["indikator"], _TRIVSEL)
            & ((r["gennemsnit"] < 1) | (r["gennemsnit"] > 5)),
            "Gennemsnittet «{gennemsnit}» for «{indikator}» ligger uden for trivselsskalaen "
            "1-5. Tjek at gennemsnit og indikator hører sammen.", extracts=("skoletrivsel",)),
    RowRule("fravaer_uden_for_skala", "gennemsnit", ("indikator", "gennemsnit"),
            lambda r: (r["indikator"] == "fravaer_pct")
            & ((r["gennemsnit"] < 0) | (r["gennemsnit"] > 100)),
            "Fraværet «{gennemsnit}» skal være en procent mellem 0 og 100. Skriv fx 7,5 for "
            "7,5 % fravær.", extracts=("skoletrivsel",)),
)


def rules_for(kind: str, columns: set[str]) -> list[RowRule]:
    """The row rules that apply to ``kind`` given the columns present in the file."""
    return [r for r in ROW_RULES
            if (r.extracts is None or kind in r.extracts) and kind not in r.skip_extracts
            and set(r.needs) <= columns]


# ------------------------------------------------------------------------ unique keys

# kind -> (key columns, severity). Duplicates are compared on the parsed, canonical values,
# so 2016-01-31 and 31-01-2016 are the same date.
UNIQUE_KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    "befolkning": (("kommunekode", "dato", "enhed"), FEJL),
    "maal": (("kommunekode", "noegletal", "dimension", "fra_dato"), FEJL),
    "skoletrivsel": (("kommunekode", "skoleaar", "gruppe", "indikator"), FEJL),
    "prisindeks": (("aar",), FEJL),
    "sagstal": (("kommunekode", "dato", "socialraadgiver_id"), FEJL),
    "sammenligning": (("kommunekode", "noegletal", "dato", "dimension"), FEJL),
    "udgiftsmodel": (("funktion", "gruppering"), FEJL),
    # The accounts have one row per function, grouping and year; a repeated row is probably
    # an export mistake that would double the amount, but it can be intended, so warn.
    "udgifter": (("kommunekode", "aar", "funktion", "gruppering", "regnskabstype"), ADVARSEL),
}

# Optional text columns whose empty cells become something other than None in the canonical
# frame (see docs/ARCHITECTURE.md, "Canonical frames").
EMPTY_TEXT: dict[tuple[str, str], str] = {("sammenligning", "dimension"): "",
                                          ("maal", "dimension"): ""}


def register(*, row_rules: tuple[RowRule, ...] = (),
             text_forms: dict[tuple[str, str], TextForm] | None = None,
             unique_keys: dict[str, tuple[tuple[str, ...], str]] | None = None,
             empty_text: dict[tuple[str, str], str] | None = None) -> None:
    """Add the rules of extracts declared in another module (for example
    :mod:`noegletal.datain.intervention_rules`); registered when ``noegletal.datain`` is
    imported."""
    global ROW_RULES
    ROW_RULES = (*ROW_RULES, *(r for r in row_rules if r not in ROW_RULES))
    TEXT_FORMS.update(text_forms or {})
    UNIQUE_KEYS.update(unique_keys or {})
    EMPTY_TEXT.update(empty_text or {})
