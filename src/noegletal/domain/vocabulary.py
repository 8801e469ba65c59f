"""The `indsats` vocabulary and the indsatstrappe (the ladder of intervention steps).

Every code in the data contract maps to a step on the ladder and tells whether it counts as a
placement (anbringelse). Steps are ordered from the least to the most intrusive; the integer
rank is what the key figures compare ("highest step", "moving up").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Steps, lowest first. The rank is the position in this tuple.
STEPS: tuple[str, ...] = (
    "ingen",
    "forebyggende",
    "hjemmebaseret",
    "netvaerkspleje",
    "familiepleje",
    "institution",
)
STEP_RANK: dict[str, int] = {s: i for i, s in enumerate(STEPS)}

STEP_LABELS: dict[str, str] = {
    "ingen": "Ingen indsats",
    "forebyggende": "Forebyggende (§ 11, stk. 3)",
    "hjemmebaseret": "Hjemmebaserede indsatser",
    "netvaerkspleje": "Netværkspleje",
    "familiepleje": "Familiepleje",
    "institution": "Institution, opholdssted m.v.",
}

# Placement forms (anbringelsesformer) used by anbringelsesform_andel, lowest step first.
PLACEMENT_FORMS: tuple[str, ...] = ("netvaerkspleje", "familiepleje", "institution")


@dataclass(frozen=True)
class Indsats:
    code: str
    step: str | None  # None for events (undersøgelse, underretning)
    placed: bool
    label: str
    paragraph_sel: str  # legal basis before 2024 (Serviceloven)
    paragraph_bl: str  # legal basis from 1 January 2024 (Barnets Lov)

    @property
    def rank(self) -> int:
        return STEP_RANK[self.step] if self.step else 0

    def legal_basis(self, on: date | None = None) -> str:
        """The paragraph that applied on a date (Barnets Lov from 1 January 2024)."""
        if on is not None and on < BARNETS_LOV_FROM:
            return self.paragraph_sel
        if on is None:
            return f"{self.paragraph_sel} / {self.paragraph_bl}"
        return self.paragraph_bl


BARNETS_LOV_FROM = date(2024, 1, 1)

INDSATSER: dict[str, Indsats] = {
    i.code: i
    for i in (
        Indsats("forebyggende_11_3", "forebyggende", False, "Forebyggende forløb efter § 11, stk. 3",
                "SEL § 11, stk. 3", "BL § 30"),
        Indsats("forebyggende_foranstaltning", "hjemmebaseret", False,
                "Forebyggende foranstaltning", "SEL § 52, stk. 3", "BL § 32"),
        Indsats("doegnophold_familie", "hjemmebaseret", False, "Døgnophold for hele familien",
                "SEL § 52, stk. 3, nr. 4", "BL § 32, stk. 1, nr. 4"),
        Indsats("eget_vaerelse", "hjemmebaseret", False, "Eget værelse, kollegium o.l.",
                "SEL § 66, stk. 1, nr. 7", "BL § 43, stk. 1, nr. 3"),
        Indsats("foraeldrerettet_under_anbringelse", "hjemmebaseret", False,
                "Forældrerettet indsats under anbringelse", "SEL § 54", "BL § 32"),
        Indsats("netvaerkspleje", "netvaerkspleje", True, "Netværkspleje",
                "SEL § 66, stk. 1, nr. 2", "BL § 43, stk. 1, nr. 1"),
        Indsats("familiepleje", "familiepleje", True, "Familiepleje",
                "SEL § 66, stk. 1, nr. 1 og 3", "BL § 43, stk. 1, nr. 1"),
        Indsats("doegninstitution", "institution", True, "Døgninstitution",
                "SEL § 66, stk. 1, nr. 6", "BL § 43, stk. 1, nr. 4"),
        Indsats("opholdssted", "institution", True, "Socialpædagogisk opholdssted",
                "SEL § 66, stk. 1, nr. 5", "BL § 43, stk. 1, nr. 4"),
        Indsats("sikret_institution", "institution", True, "Sikret døgninstitution",
                "SEL § 66, stk. 1, nr. 6", "BL § 43, stk. 1, nr. 4"),
        Indsats("kost_efterskole", "institution", True, "Kost- eller efterskole",
                "SEL § 66, stk. 1, nr. 4", "BL § 43, stk. 1, nr. 2"),
        Indsats("boernefaglig_undersoegelse", None, False, "Børnefaglig undersøgelse",
                "SEL § 50", "BL § 20"),
        Indsats("underretning", None, False, "Underretning", "SEL § 153-155", "BL § 133-135"),
    )
}

INDSATS_CODES: tuple[str, ...] = tuple(INDSATSER)
HOME_BASED_CODES: tuple[str, ...] = tuple(c for c, i in INDSATSER.items() if i.step == "hjemmebaseret")
PLACEMENT_CODES: tuple[str, ...] = tuple(c for c, i in INDSATSER.items() if i.placed)
EVENT_CODES: tuple[str, ...] = ("boernefaglig_undersoegelse", "underretning")

# Aliases an analyst's case system may use, normalised with ``normalise_token`` before lookup.
_ALIASES: dict[str, str] = {
    "§ 11, stk. 3": "forebyggende_11_3",
    "§ 11 stk. 3": "forebyggende_11_3",
    "§11,3": "forebyggende_11_3",
    "§ 11.3": "forebyggende_11_3",
    "11.3": "forebyggende_11_3",
    "§ 30": "forebyggende_11_3",
    "forebyggende 11.3": "forebyggende_11_3",
    "forebyggende indsats": "forebyggende_11_3",
    "§ 52, stk. 3": "forebyggende_foranstaltning",
    "§ 52": "forebyggende_foranstaltning",
    "forebyggende foranstaltning": "forebyggende_foranstaltning",
    "§ 32": "forebyggende_foranstaltning",
    "døgnophold for familien": "doegnophold_familie",
    "døgnophold for hele familien": "doegnophold_familie",
    "§ 52, stk. 3, nr. 4": "doegnophold_familie",
    "eget værelse": "eget_vaerelse",
    "kollegium": "eget_vaerelse",
    "netværkspleje": "netvaerkspleje",
    "netværksplejefamilie": "netvaerkspleje",
    "netværksanbringelse": "netvaerkspleje",
    "familiepleje": "familiepleje",
    "plejefamilie": "familiepleje",
    "almen plejefamilie": "familiepleje",
    "forstærket plejefamilie": "familiepleje",
    "specialiseret plejefamilie": "familiepleje",
    "døgninstitution": "doegninstitution",
    "opholdssted": "opholdssted",
    "socialpædagogisk opholdssted": "opholdssted",
    "sikret døgninstitution": "sikret_institution",
    "sikret institution": "sikret_institution",
    "kostskole": "kost_efterskole",
    "efterskole": "kost_efterskole",
    "kost- eller efterskole": "kost_efterskole",
    "børnefaglig undersøgelse": "boernefaglig_undersoegelse",
    "§ 50": "boernefaglig_undersoegelse",
    "§ 20": "boernefaglig_undersoegelse",
    "bfu": "boernefaglig_undersoegelse",
    "underretning": "underretning",
    "forældrerettet indsats under anbringelse": "foraeldrerettet_under_anbringelse",
}


def normalise_token(text: str) -> str:
    """Lower-case, trim, fold æøå to ae/oe/aa and collapse white space.

    >>> normalise_token("  Fødsels Dato ")
    'foedsels dato'
    """
    t = " ".join(str(text).strip().lower().split())
    return t.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


INDSATS_ALIASES: dict[str, str] = {normalise_token(k): v for k, v in _ALIASES.items()}
INDSATS_ALIASES.update({normalise_token(c): c for c in INDSATS_CODES})
INDSATS_ALIASES.update({normalise_token(i.label): c for c, i in INDSATSER.items()})


def resolve_indsats(value: str, extra: dict[str, str] | None = None) -> str | None:
    """Map a code, label or alias to the canonical `indsats` code, or None if unknown.

    ``extra`` is a municipality-specific mapping (alias -> code) that takes precedence.

    >>> resolve_indsats("Døgninstitution")
    'doegninstitution'
    >>> resolve_indsats("§ 11, stk. 3")
    'forebyggende_11_3'
    >>> resolve_indsats("ukendt") is None
    True
    """
    key = normalise_token(value)
    if extra:
        norm_extra = {normalise_token(k): v for k, v in extra.items()}
        if key in norm_extra:
            return norm_extra[key]
    return INDSATS_ALIASES.get(key)
