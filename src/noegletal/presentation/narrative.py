"""Plain-Danish sentences from the numbers, like the report's "Delkonklusioner".

The sentences are deterministic templates driven by the catalogue entry (name, unit,
direction): they state what moved, from what to what and when, whether that is the way the
partnership hoped for, and when the figures rest on few children. They describe and never
explain: no template names a cause.

Definitions used by the templates:

* *the change* is the one the figure's headline card shows
  (:func:`noegletal.presentation.comparison.compare`): the latest period in the chosen rows
  against a year earlier, else against the previous period; it counts as unchanged when both
  values look the same at display precision, and whether it is the hoped-for way is
  :func:`noegletal.presentation.comparison.judgement` — the card's colour;
* *few children*: the base of either endpoint is below :data:`FEW` (20) — the denominator of
  a share, the numerator of a rate per 1000, the value of a count, N of a school mean;
* a suppressed endpoint is never described with a number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from noegletal.domain.kommuner import kommune_navn
from noegletal.metrics.catalogue import UNIT_TYPES, difference_figure
from noegletal.presentation.charts import select_rows
from noegletal.presentation.comparison import compare, judgement
from noegletal.presentation.formatting import (
    format_period_long,
    is_finite,
    join_danish,
    value_phrase,
)

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure

FEW = 20

_HOPED = {
    # direction: (sentence when rising, when falling, when unchanged)
    "op": ("Det er den ønskede retning.",
           "Det er modsat den ønskede retning: tallet bør stige.",
           "Tallet bør stige, men er ikke steget."),
    "ned": ("Det er modsat den ønskede retning: tallet bør falde.",
            "Det er den ønskede retning.",
            "Tallet bør falde, men er ikke faldet."),
    "ikke_stige": ("Tallet bør ikke stige, men er steget.",
                   "Det er i tråd med, at tallet ikke bør stige.",
                   "Det er i tråd med, at tallet ikke bør stige."),
    "ikke_falde": ("Det er i tråd med, at tallet ikke bør falde.",
                   "Tallet bør ikke falde, men er faldet.",
                   "Det er i tråd med, at tallet ikke bør falde."),
}

COMPOSITION_NOTE = ("Gruppen af udsatte elever skifter sammensætning fra år til år, så tallene "
                    "viser en udvikling, men siger ikke noget om virkningen af indsatsen.")
COMPARISON_NOTE = ("Forskelle mellem kommuner kan også afspejle forskellig "
                   "registreringspraksis og forskellige børnegrupper.")


NATIONAL_LABEL = "Hele landet"  # services.views.comparator_label of the national series


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def in_sentence(label: str) -> str:
    """A comparator's label inside a sentence: "hele landet", but municipality names
    ("Haderslev") and "Gruppe: …" as they are — a name is never lower-cased."""
    return _lower_first(label) if label == NATIONAL_LABEL else label


def _subject(kf: KeyFigure, dimension: str, subject: str | None) -> str:
    if subject:
        return subject
    if dimension:
        label = kf.dimensions.get(dimension, dimension)
        return f"{kf.name}, {label[:1].lower() + label[1:]}"
    return kf.name


def _base(row: pd.Series, unit: str) -> float | None:
    """How many individuals a value rests on (the unit's ``base`` column); None when no
    column counts them (caseloads rest on full-time social workers, amounts on no one)."""
    u = UNIT_TYPES.get(unit)
    col = "naevner" if u is None else u.base
    if col is None:
        return None
    v = row[col]
    return float(v) if is_finite(v) else None


def _few(rows: list[pd.Series], unit: str) -> bool:
    bases = [_base(r, unit) for r in rows]
    return any(b is not None and b < FEW for b in bases)


def _few_sentence(kf: KeyFigure) -> str:
    return (f"Tallene bygger på få {kf.individuals}, så en enkelt sag kan flytte dem mærkbart; "
            "tolk udviklingen med forsigtighed.")


def describe_change(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    dimension: str = "",
    subject: str | None = None,
    fra: pd.Timestamp | str | None = None,
    til: pd.Timestamp | str | None = None,
    include_caveats: bool = False,
) -> str:
    """One to three sentences on how a key figure moved between the first and the last
    period (within ``fra``..``til`` when given), e.g. "Andelen af institutionsanbragte er
    faldet fra 40,7 pct. i januar 2015 til 27,9 pct. i september 2017." """
    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=[dimension])
    if fra is not None:
        rows = rows.loc[rows["dato"] >= pd.Timestamp(fra)]
    if til is not None:
        rows = rows.loc[rows["dato"] <= pd.Timestamp(til)]
    rows = rows.loc[rows["vaerdi"].notna() | rows["undertrykt"]]
    subj = _capitalise(_subject(kf, dimension, subject))
    if rows.empty:
        return f"Der er ingen tal for {_lower_first(_subject(kf, dimension, subject))} i perioden."
    cmp = compare(rows, kf)
    last = cmp.latest.row
    p1 = format_period_long(last["dato"], kf.frequency)
    change = cmp.main
    if change is None:
        if last["undertrykt"]:
            return (f"{subj} vises ikke for {p1}, fordi tallet bygger på så få børn, "
                    "at det er skjult af hensyn til diskretion.")
        out = [f"{subj} er {value_phrase(last['vaerdi'], kf.unit)} i {p1}."]
        if _few([last], kf.unit):
            out.append(_few_sentence(kf))
        return " ".join(out + _caveats(kf, include_caveats))

    first = change.since.row
    p0 = format_period_long(first["dato"], kf.frequency)
    hidden = [p for p, r in ((p0, first), (p1, last)) if r["undertrykt"]]
    if hidden or change.movement is None:
        where = join_danish(hidden) if hidden else p1
        return (f"{subj} kan ikke sammenlignes fra {p0} til {p1}, fordi tallet i {where} "
                "bygger på så få børn, at det er skjult af hensyn til diskretion.")

    v0, v1 = float(first["vaerdi"]), float(last["vaerdi"])
    s0, s1 = value_phrase(v0, kf.unit), value_phrase(v1, kf.unit)
    movement = change.movement
    if movement == 0:
        out = [f"{subj} er uændret på {s1} fra {p0} til {p1}."]
    else:
        verb = "steget" if movement > 0 else "faldet"
        out = [f"{subj} er {verb} fra {s0} i {p0} til {s1} i {p1}."]
    out.extend(_judgement_sentence(kf, movement))
    if _few([first, last], kf.unit):
        out.append(_few_sentence(kf))
    return " ".join(out + _caveats(kf, include_caveats))


def _judgement_sentence(kf: KeyFigure, movement: int) -> list[str]:
    """The sentence on the hoped-for direction, agreeing with the card's colour
    (:func:`noegletal.presentation.comparison.judgement`)."""
    if kf.direction not in _HOPED:
        return []
    rising, falling, same = _HOPED[kf.direction]
    text = rising if movement > 0 else falling if movement < 0 else same
    verdict = judgement(kf, movement)
    if verdict is None and movement != 0:
        return []  # a polarity that declares no side: say nothing about the hope
    return [text]


def _caveats(kf: KeyFigure, include: bool) -> list[str]:
    if not include or not kf.caveats:
        return []
    return [f"Bemærk: {kf.caveats[0]}"]


def describe_comparison(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    comparator: pd.DataFrame,
    comparator_label: str,
    dimension: str = "",
    dato: pd.Timestamp | str | None = None,
) -> str:
    """The municipality against its comparator at ``dato`` (default: the latest period both
    have a shown value): "I september 2017 ligger Hvidovre på 5,9 pr. 1.000 børn mod 9,6 pr.
    1.000 børn for hele landet." followed by a comparability note."""
    own = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=[dimension])
    other = select_rows(comparator, kf.id, dimensions=[dimension])
    own = own.loc[~own["undertrykt"] & own["vaerdi"].notna()].set_index("dato")
    other = other.loc[~other["undertrykt"] & other["vaerdi"].notna()].set_index("dato")
    common = own.index.intersection(other.index)
    if dato is not None:
        common = common[common == pd.Timestamp(dato)]
    name = kommune_navn(kommunekode)
    if len(common) == 0:
        return (f"{name} og {in_sentence(comparator_label)} har ingen viste tal for samme periode, "
                "så de kan ikke sammenlignes her.")
    t = common.max()
    a, b = float(own.loc[t, "vaerdi"]), float(other.loc[t, "vaerdi"])
    p = format_period_long(t, kf.frequency)
    sentence = (f"I {p} ligger {name} på {value_phrase(a, kf.unit)} mod "
                f"{value_phrase(b, kf.unit)} for {in_sentence(comparator_label)}.")
    caveat = kf.caveats[0] if kf.caveats else COMPARISON_NOTE
    return f"{sentence} {caveat}"


def describe_gap(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    gap_kf: KeyFigure | None = None,
) -> str:
    """How the gap between udsatte and øvrige elever moved from the first to the last school
    year (the absolute size of the figure whose ``difference_of`` is ``kf``); the hoped-for way is a smaller gap. Always
    ends with the note that the group changes composition."""
    gap_kf = gap_kf if gap_kf is not None else difference_figure(kf.id)
    gap_id, unit = gap_kf.id, gap_kf.unit
    rows = select_rows(frame, gap_id, kommunekode=kommunekode, dimensions=[""])
    rows = rows.loc[rows["vaerdi"].notna() | rows["undertrykt"]]
    what = f"Forskellen mellem udsatte og øvrige elever i {kf.name[:1].lower()}{kf.name[1:]}"
    if len(rows) < 2:
        return f"{what} kan først følges, når der er tal for to skoleår. {COMPOSITION_NOTE}"
    first, last = rows.iloc[0], rows.iloc[-1]
    p0 = format_period_long(first["dato"], kf.frequency)
    p1 = format_period_long(last["dato"], kf.frequency)
    if first["undertrykt"] or last["undertrykt"]:
        return (f"{what} kan ikke følges fra {p0} til {p1}, fordi et af tallene bygger på "
                f"for få elever og er skjult. {COMPOSITION_NOTE}")
    g0, g1 = abs(float(first["vaerdi"])), abs(float(last["vaerdi"]))
    s0, s1 = value_phrase(g0, unit), value_phrase(g1, unit)
    if s0 == s1:
        out = [f"{what} er uændret på {s1} fra {p0} til {p1}.",
               "Målet er, at forskellen bliver mindre."]
    elif g1 < g0:
        out = [f"{what} er mindsket fra {s0} i {p0} til {s1} i {p1}.",
               "Det er den ønskede retning."]
    else:
        out = [f"{what} er øget fra {s0} i {p0} til {s1} i {p1}.",
               "Det er modsat den ønskede retning: forskellen bør blive mindre."]
    out.append(COMPOSITION_NOTE)
    return " ".join(out)
