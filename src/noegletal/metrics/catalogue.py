"""The catalogue of key figures, declared once.

Every key figure is a :class:`KeyFigure`. Theme modules (``placements``, ``ladder``,
``preventive``, ``expenditure``, ``school``, ``casework``, ``flows``) declare their
definitions in a module-level ``DEFINITIONS`` list next to the code that computes them; this
module gathers them into :data:`CATALOGUE`, which the docs page, every chart caption, the
exports and ``noegletal compute`` read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

THEMES: dict[str, str] = {
    "anbringelser": "Anbringelsesmønster",
    "indsatstrappen": "Indsatstrappen",
    "forebyggende": "Forebyggende forløb (§ 11, stk. 3)",
    "udgifter": "Udgiftsfordeling",
    "skoletrivsel": "Skoletrivsel og fravær",
    "sagsbehandling": "Sagsbehandling",
    "flows": "Bevægelser og volumen",
    "indsatser": "Indsatser: udvikling og omkostninger",
}

UNITS: dict[str, str] = {
    "pr_1000": "pr. 1.000 børn 0-17 år",
    "pct": "procent",
    "antal": "antal børn",
    "dage": "dage",
    "1000_kr": "1.000 kr. (faste priser)",
    "kr": "kr. (faste priser)",
    "indeks": "indeks 1-5",
    "procentpoint": "procentpoint",
    "indekspoint": "indekspoint",
    "sager": "sager pr. årsværk",
    "point": "point på måleredskabets skala",
    "antal_deltagere": "antal (deltagere, serier eller skemaer)",
    "kr_indsats": "kr. (lønningernes prisniveau)",
}

# Which way the partnership hoped a figure would move.
DIRECTIONS: dict[str, str] = {
    "op": "bør stige",
    "ned": "bør falde",
    "ikke_stige": "bør ikke stige",
    "ikke_falde": "bør ikke falde",
    "neutral": "ingen ønsket retning (overvågning)",
}

FREQUENCIES: dict[str, str] = {
    "skaeringsdato": "pr. skæringsdato",
    "aar": "pr. regnskabsår (dato = 31. december)",
    "skoleaar": "pr. skoleår (dato = 1. august i skoleårets start)",
    "indsats": "pr. indsats (dato = sidste dag i den seneste indberettede periode)",
}


@dataclass(frozen=True)
class KeyFigure:
    """One catalogued key figure.

    ``dimensions`` maps each dimension value to its Danish label (empty when the figure has
    no breakdown). ``choices`` documents every interpretation the project made where the
    source is vague.
    """

    id: str
    theme: str
    name: str
    how_to_read: str  # "Sådan læses tallet", plain Danish
    unit: str
    numerator: str
    denominator: str
    inputs: tuple[str, ...]
    direction: str
    caveats: tuple[str, ...]
    source: str
    frequency: str = "skaeringsdato"
    dimensions: dict[str, str] = field(default_factory=dict)
    choices: tuple[str, ...] = ()
    headline_dimension: str | None = None  # the dimension shown as headline on Overblik

    def __post_init__(self) -> None:
        if self.theme not in THEMES:
            raise ValueError(f"{self.id}: unknown theme {self.theme!r}")
        if self.unit not in UNITS:
            raise ValueError(f"{self.id}: unknown unit {self.unit!r}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"{self.id}: unknown direction {self.direction!r}")
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"{self.id}: unknown frequency {self.frequency!r}")

    @property
    def unit_label(self) -> str:
        return UNITS[self.unit]

    @property
    def direction_label(self) -> str:
        return DIRECTIONS[self.direction]

    @property
    def is_ratio(self) -> bool:
        return self.unit in ("pr_1000", "pct")


def _collect() -> dict[str, KeyFigure]:
    from noegletal.metrics import (
        casework,
        cost,
        expenditure,
        flows,
        ladder,
        placements,
        preventive,
        progression,
        school,
    )

    out: dict[str, KeyFigure] = {}
    for module in (placements, ladder, preventive, expenditure, school, casework, flows,
                   progression, cost):
        for kf in module.DEFINITIONS:
            if kf.id in out:
                raise ValueError(f"key figure {kf.id} declared twice")
            out[kf.id] = kf
    return out


_CATALOGUE: dict[str, KeyFigure] | None = None


def get_catalogue() -> dict[str, KeyFigure]:
    """Every key figure by id (gathered on first use, so theme modules can import
    :class:`KeyFigure` from here without an import cycle)."""
    global _CATALOGUE
    if _CATALOGUE is None:
        _CATALOGUE = _collect()
    return _CATALOGUE


def __getattr__(name: str):
    # ``from noegletal.metrics.catalogue import CATALOGUE`` (PEP 562 lazy attribute)
    if name == "CATALOGUE":
        return get_catalogue()
    raise AttributeError(name)


def by_theme(theme: str) -> list[KeyFigure]:
    return [kf for kf in get_catalogue().values() if kf.theme == theme]
