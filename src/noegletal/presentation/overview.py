"""Overblik: the headline figure of each theme and a few plain-Danish sentences.

Pure functions from suppressed frames (``noegletal.metrics.suppression.suppress`` output for
one municipality within the chosen period, and the comparator's rows) and the catalogue to
what the Overblik page shows. Definitions:

* *latest*: the row of the headline figure (and its dimension) with the latest ``dato`` in
  the frame, shown or suppressed; a suppressed latest value is never replaced by an older one.
* *previous*: the row with the latest ``dato`` before *latest*; *a year earlier*: the row
  dated exactly 12 calendar months before *latest* (for yearly and school-year figures the
  previous period is a year earlier, so the two coincide).
* a *change* is computed only when both values are shown; it is "unchanged" when both look
  the same at display precision.
* the metric's colour follows the catalogue's polarity (from its direction): ``normal`` (green
  when rising) for ``higher_better`` ("bør stige"/"bør ikke falde"), ``inverse`` (green when
  falling) for ``lower_better`` ("bør falde"/"bør ikke stige"), ``off`` for ``neutral``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from noegletal.metrics.catalogue import UNIT_TYPES, KeyFigure, headline_figures
from noegletal.presentation.charts import select_rows
from noegletal.presentation.comparison import Change, Point, compare, judgement, point_of
from noegletal.presentation.formatting import (
    MINUS,
    MISSING,
    format_period,
    format_period_long,
    join_danish,
)
from noegletal.presentation.narrative import FEW, describe_change


@dataclass(frozen=True)
class HeadlineSpec:
    kf_id: str
    dimension: str
    page: str  # url path of the theme's page
    label: str  # the card's label
    short: str  # the figure in running text ("anbragte børn pr. 1.000")


def spec_of(kf: KeyFigure) -> HeadlineSpec:
    """The headline card a key figure declares in the catalogue (``KeyFigure.headline``)."""
    if kf.headline is None:
        raise ValueError(f"{kf.id} has no headline in the catalogue")
    h = kf.headline
    return HeadlineSpec(kf.id, h.dimension, kf.page, h.label, h.short or h.label.lower())


def page_specs(page: str) -> tuple[HeadlineSpec, ...]:
    """The headline cards of a theme page, from the catalogue, in catalogue order."""
    return tuple(spec_of(kf) for kf in headline_figures(page))


# Overblik's cards: the catalogue's headlines marked ``overview``, in page order.
HEADLINES: tuple[HeadlineSpec, ...] = tuple(spec_of(kf) for kf in headline_figures())

# The figures the summary sentences are about, in order.
SUMMARY_FIGURES: tuple[str, ...] = (
    "anbragte_pr_1000", "anbringelsesform_andel", "hjemmebaserede_pr_1000",
    "forebyggende_11_3_pr_1000",
)

# st.metric's delta colour by the figure's polarity (catalogue).
DELTA_COLORS: dict[str, str] = {
    "higher_better": "normal", "lower_better": "inverse", "neutral": "off",
}

NO_FIGURES = "Der er ingen tal for den valgte kommune og periode."
NO_CAUSES = "Tallene beskriver en udvikling og siger ikke noget om, hvad der har skabt den."


@dataclass(frozen=True)
class Headline:
    spec: HeadlineSpec
    kf: KeyFigure
    latest: Point | None
    period: str  # "september 2025", "2025 (forventet regnskab)", "skoleåret 2024/25"
    previous: Change | None
    year_ago: Change | None
    comparator: str  # "Hele landet: 9,3" or ""
    delta_color: str  # for st.metric
    history: list[float]  # the shown values in date order (a sparkline)

    @property
    def value_text(self) -> str:
        return self.latest.text if self.latest is not None else MISSING

    @property
    def main_change(self) -> Change | None:
        """The change shown on the card: since a year earlier, else since the previous
        period."""
        return self.year_ago if self.year_ago is not None else self.previous

    @property
    def metric_delta(self) -> str | None:
        """The change for ``st.metric``: ASCII minus so Streamlit reads its sign."""
        c = self.main_change
        if c is None or c.delta is None:
            return None
        return c.text.replace(MINUS, "-")

    @property
    def metric_arrow(self) -> str:
        c = self.main_change
        return "off" if c is None or c.delta is None or c.unchanged else "auto"

    @property
    def metric_color(self) -> str:
        c = self.main_change
        return "off" if c is None or c.delta is None or c.unchanged else self.delta_color

    @property
    def caption(self) -> str:
        """The line under an Overblik card: period, counts, whether hidden, the change since
        the previous cut-off (when the card shows the change since a year earlier), the
        comparator and the hoped-for direction; a notice when there are no figures."""
        if self.latest is None:
            return NO_FIGURES
        lines = [self.period[:1].upper() + self.period[1:]]
        if self.latest.counts:
            lines.append(self.latest.counts)
        if self.latest.hidden:
            lines.append("tallet bygger på for få børn og vises ikke")
        if (self.year_ago is not None and self.previous is not None
                and self.previous.since.dato != self.year_ago.since.dato
                and self.previous.delta is not None):
            lines.append(f"{self.previous.text} siden forrige skæringsdato")
        if self.comparator:
            lines.append(self.comparator)
        lines.append(f"ønsket retning: {self.kf.direction_label}")
        return " · ".join(lines)

    @property
    def brief_caption(self) -> str:
        """A shorter line under a theme page's card: period, counts and what the change is
        measured against ("" when there are no figures)."""
        if self.latest is None:
            return ""
        parts = [self.period[:1].upper() + self.period[1:]]
        if self.latest.counts:
            parts.append(self.latest.counts)
        if self.metric_delta is not None:
            parts.append(f"ændring {self.delta_description}")
        return " · ".join(parts)

    @property
    def delta_description(self) -> str:
        c = self.main_change
        if c is None or c.delta is None:
            return ""
        return f"siden {format_period(c.since.dato, self.kf.frequency)}"


_point = point_of


def headline(
    frame: pd.DataFrame,
    spec: HeadlineSpec,
    catalogue: Mapping[str, KeyFigure],
    *,
    kommunekode: int,
    comparator: pd.DataFrame | None = None,
    comparator_label: str = "",
    expected_years: Collection[int] = (),
) -> Headline:
    """The headline card of one key figure (see the module docstring for the definitions)."""
    kf = catalogue[spec.kf_id]
    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=[spec.dimension])
    rows = rows.loc[rows["undertrykt"] | rows["vaerdi"].notna()]
    color = DELTA_COLORS.get(kf.polarity, "off")
    if rows.empty:
        return Headline(spec, kf, None, "", None, None, "", color, [])
    cmp = compare(rows, kf)
    points, latest, previous, year_ago = cmp.points, cmp.latest, cmp.previous, cmp.year_ago
    period = format_period_long(latest.dato, kf.frequency)
    if kf.frequency == "aar" and latest.dato.year in {int(y) for y in expected_years}:
        period += " (forventet regnskab)"
    comp_text = ""
    if comparator is not None and not comparator.empty:
        crows = select_rows(comparator, kf.id, dimensions=[spec.dimension])
        crows = crows.loc[crows["dato"].eq(latest.dato)]
        if not crows.empty:
            cp = _point(crows.iloc[0], kf)
            shown = "ikke vist (for få børn)" if cp.hidden else cp.text
            comp_text = f"{comparator_label}: {shown}"
    history = [p.value for p in points if p.value is not None]
    return Headline(spec, kf, latest, period, previous, year_ago, comp_text, color, history)


def headlines(
    frame: pd.DataFrame,
    catalogue: Mapping[str, KeyFigure],
    *,
    kommunekode: int,
    comparator: pd.DataFrame | None = None,
    comparator_label: str = "",
    expected_years: Collection[int] = (),
    specs: Sequence[HeadlineSpec] = HEADLINES,
) -> list[Headline]:
    """The headline card of every theme, in :data:`HEADLINES` order."""
    return [headline(frame, s, catalogue, kommunekode=kommunekode, comparator=comparator,
                     comparator_label=comparator_label, expected_years=expected_years)
            for s in specs if s.kf_id in catalogue]


_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-ZÆØÅ§])")


def first_sentence(text: str) -> str:
    """The first sentence of a narrative text (abbreviations such as ``pct.`` and ``pr.``
    are followed by a lower-case word or a digit and do not end a sentence)."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _few(rows: pd.DataFrame, unit: str) -> bool:
    """Whether the first or last shown value rests on fewer than ``FEW`` children."""
    shown = rows.loc[~rows["undertrykt"] & rows["vaerdi"].notna()]
    if shown.empty:
        return False
    col = UNIT_TYPES[unit].base or "naevner"
    ends = shown.iloc[[0, -1]][col]
    return bool(((ends < FEW) & ends.notna()).any())


def summary(
    frame: pd.DataFrame,
    catalogue: Mapping[str, KeyFigure],
    *,
    kommunekode: int,
    specs: Sequence[HeadlineSpec] = HEADLINES,
    figures: Sequence[str] = SUMMARY_FIGURES,
) -> list[str]:
    """Three to six plain-Danish sentences, like the report's "Delkonklusioner": one
    sentence per figure in ``figures`` on how it moved since the comparison its card shows
    (:func:`noegletal.presentation.narrative.describe_change`, a year earlier or the
    previous period), one on which moved the hoped-for way by the same comparison, and a
    closing caveat (never a cause; a warning when figures rest on few children)."""
    by_id = {s.kf_id: s for s in specs}
    sentences: list[str] = []
    good, bad = [], []
    few = False
    for kf_id in figures:
        if kf_id not in catalogue or kf_id not in by_id:
            continue
        kf, spec = catalogue[kf_id], by_id[kf_id]
        rows = select_rows(frame, kf_id, kommunekode=kommunekode, dimensions=[spec.dimension])
        rows = rows.loc[rows["undertrykt"] | rows["vaerdi"].notna()]
        if rows.empty:
            continue
        subject = spec.label if spec.dimension else None
        sentences.append(first_sentence(describe_change(
            frame, kf, kommunekode=kommunekode, dimension=spec.dimension, subject=subject)))
        few = few or _few(rows, kf.unit)
        # The card's own comparison, so the verdict agrees with the card's colour.
        main = compare(rows, kf).main
        verdict = judgement(kf, main.movement if main is not None else None)
        if verdict == "good":
            good.append(spec.short)
        elif verdict == "bad":
            bad.append(spec.short)
    if good and bad:
        sentences.append(f"Udviklingen går den ønskede vej for {join_danish(good)}, men ikke "
                         f"for {join_danish(bad)}.")
    elif good:
        sentences.append(f"Udviklingen går den ønskede vej for {join_danish(good)}.")
    elif bad:
        sentences.append(f"Udviklingen går ikke den ønskede vej for {join_danish(bad)}.")
    if not sentences:
        return ["Der er ingen tal for den valgte kommune og periode."]
    closing = NO_CAUSES
    if few:
        closing = (closing[:-1] + ", og nogle af tallene bygger på få børn, så en enkelt sag "
                   "kan flytte dem mærkbart.")
    sentences.append(closing)
    return sentences
