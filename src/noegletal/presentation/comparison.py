"""The one comparison a headline card and the sentences about it share.

A card shows the latest value of a key figure and its change since *a year earlier* (the
row dated exactly 12 calendar months before the latest, for figures per cut-off), else since
the *previous* period (for yearly and school-year figures the previous period is a year
earlier, so the two coincide). The sentences of «Kort fortalt», the notes under a chart and
the udvalgsrapport describe that same change, so a sentence can never say "the wanted way"
beside a red card (issue 11, item 4).

Definitions:

* *latest*: the row with the latest ``dato`` in the rows given, shown or suppressed; a
  suppressed latest value is never replaced by an older one;
* a *change* is computed only when both values are shown; it is *unchanged* when both look
  the same at display precision, and its sign is that of the difference between the numbers
  as shown (so "+0,1" never appears between two equal-looking values);
* the *judgement* of a change follows the catalogue's ``direction``: ``good`` when it moves
  the hoped-for way (or, for "bør ikke stige"/"bør ikke falde", does not move the unwanted
  way), ``bad`` when it moves the other way, ``None`` for a neutral figure or an unchanged
  figure that should move.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from noegletal.domain.calendar import months_back
from noegletal.presentation.charts import counts_text
from noegletal.presentation.formatting import (
    format_change,
    format_value,
    is_finite,
    shown_value,
)
from noegletal.presentation.marks import shown_mark

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure


@dataclass(frozen=True)
class Point:
    """One shown or hidden value of a key figure."""

    dato: pd.Timestamp
    value: float | None  # None when hidden or missing
    hidden: bool
    text: str  # the value as shown (``<5`` when hidden)
    counts: str  # "138 af 18.708 børn 0-17 år" ("" when hidden or without counts)
    row: pd.Series | None = None


@dataclass(frozen=True)
class Change:
    since: Point
    delta: float | None  # None when either value is hidden or missing
    text: str  # "−0,2", "+1,5 procentpoint", "kan ikke beregnes (tal skjult)"
    unchanged: bool = False  # both values look the same at display precision

    @property
    def movement(self) -> int | None:
        """+1 rising, −1 falling, 0 unchanged, None when it cannot be computed."""
        if self.delta is None:
            return None
        if self.unchanged or self.delta == 0:
            return 0
        return 1 if self.delta > 0 else -1


@dataclass(frozen=True)
class Comparison:
    """The latest point and the changes a card shows (see the module docstring)."""

    points: list[Point]
    latest: Point | None
    previous: Change | None
    year_ago: Change | None

    @property
    def main(self) -> Change | None:
        """The change shown on the card: since a year earlier, else since the previous
        period."""
        return self.year_ago if self.year_ago is not None else self.previous


def point_of(row: pd.Series, kf: KeyFigure) -> Point:
    hidden = bool(row["undertrykt"])
    value = None if hidden or not is_finite(row["vaerdi"]) else float(row["vaerdi"])
    text = shown_mark(row["vises"]) if hidden else format_value(value, kf.unit)
    counts = "" if hidden or not kf.unit_type.shows_counts else counts_text(
        row["taeller"], row["naevner"], kf.unit)
    return Point(pd.Timestamp(row["dato"]), value, hidden, text, counts, row)


def change_between(latest: Point, since: Point, kf: KeyFigure) -> Change:
    if latest.value is None or since.value is None:
        return Change(since, None, "kan ikke beregnes (tal skjult)")
    delta = shown_value(latest.value, kf.unit) - shown_value(since.value, kf.unit)
    same = format_value(latest.value, kf.unit) == format_value(since.value, kf.unit)
    return Change(since, delta, format_change(delta, kf.unit), same)


def compare(rows: pd.DataFrame, kf: KeyFigure) -> Comparison:
    """The card's comparison for the rows of one key figure and dimension of one
    municipality, in date order (rows without a value that are not suppressed are
    ignored)."""
    rows = rows.loc[rows["undertrykt"].astype(bool) | rows["vaerdi"].notna()]
    points = [point_of(r, kf) for _, r in rows.iterrows()]
    if not points:
        return Comparison([], None, None, None)
    latest = points[-1]
    previous = change_between(latest, points[-2], kf) if len(points) > 1 else None
    year_ago = None
    if kf.frequency == "skaeringsdato":
        target = months_back(latest.dato, 12)
        match = [p for p in points if p.dato == target]
        if match:
            year_ago = change_between(latest, match[0], kf)
    return Comparison(points, latest, previous, year_ago)


# The sign of a rise that is good, by the catalogue's polarity (the card's colour).
_GOOD_SIGN = {"higher_better": 1, "lower_better": -1}
# Directions for which standing still is in line with the hope ("bør ikke stige/falde").
_STILL_IS_GOOD = frozenset({"ikke_stige", "ikke_falde"})


def judgement(kf: KeyFigure, movement: int | None) -> str | None:
    """``good``, ``bad`` or None for a change of ``movement``: by the figure's polarity, as
    the card colours it (green/red); unchanged is ``good`` only for "bør ikke stige"/"bør
    ikke falde"."""
    sign = _GOOD_SIGN.get(kf.polarity)
    if movement is None or sign is None:
        return None
    if movement == 0:
        return "good" if kf.direction in _STILL_IS_GOOD else None
    return "good" if movement == sign else "bad"
