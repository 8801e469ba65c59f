"""Sagsbehandling: caseloads against the municipality's target (the report's Tabel 4) and how
often cases are followed up (the key figure the report proposes, and the share of follow-ups
within the municipality's standard interval for the child's step, after Tabel 5)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd
import plotly.graph_objects as go

from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.vocabulary import STEP_LABELS, STEPS
from noegletal.metrics.catalogue import CATALOGUE, PAGE_BY_KEY, page_figure_ids
from noegletal.metrics.params import MetricParams
from noegletal.presentation import charts, colors
from noegletal.presentation.blocks import Block
from noegletal.presentation.charts import select_rows
from noegletal.presentation.formatting import format_number, format_period_long, join_danish
from noegletal.presentation.narrative import value_phrase
from noegletal.presentation.overview import Headline, HeadlineSpec, page_specs
from noegletal.presentation.overview import headlines as overview_headlines
from noegletal.presentation.tables import wide_table
from noegletal.presentation.themes import (
    change_notes,
    export_rows,
    has_rows,
    has_values,
    kf,
    sagsbehandling_charts,
    series_table,
    with_values,
)

TITLE = PAGE_BY_KEY["sagsbehandling"].heading
KEY_FIGURES: tuple[str, ...] = page_figure_ids("sagsbehandling")
# The target the partnership municipalities set (25 cases per social worker; Herning 25-30);
# the default lives in MetricParams, the setting ``caseload_target`` overrides it.
DEFAULT_TARGET: tuple[int, int] = MetricParams().caseload_target
HEADLINES: tuple[HeadlineSpec, ...] = page_specs("sagsbehandling")
_STANDARD_STEPS = tuple(s for s in STEPS if s != "ingen")


def target_text(target: tuple[int, int]) -> str:
    """``25 sager pr. årsværk`` or ``25-30 sager pr. årsværk``."""
    lo, hi = target
    return f"{lo} sager pr. årsværk" if lo == hi else f"{lo}-{hi} sager pr. årsværk"


def interval_text(days: int) -> str:
    """A follow-up interval in plain Danish: ``42 dage (hver 6. uge)``, ``91 dage (hver 13.
    uge, ca. 3 måneder)``."""
    parts = []
    if days % 7 == 0:
        parts.append(f"hver {days // 7}. uge")
    months = round(days / 30.44)
    if months >= 2 and abs(days - months * 30.44) <= 2:
        parts.append(f"ca. {months} måneder")
    return f"{days} dage" + (f" ({', '.join(parts)})" if parts else "")


def standards_table(standards: Mapping[str, int | None]) -> pd.DataFrame:
    """One row per step of the ladder with its standard interval between follow-ups, or that
    the step has no standard and is not counted."""
    records = []
    for step in _STANDARD_STEPS:
        days = standards.get(step)
        records.append({
            "Barnets trin ved opfølgningen": STEP_LABELS[step],
            "Standard for næste opfølgning": (interval_text(int(days)) if days is not None
                                              else "Ingen standard – tælles ikke med"),
        })
    return pd.DataFrame(records)


def standards_sentence(standards: Mapping[str, int | None]) -> str:
    """The standards in one sentence, steps sharing an interval named together."""
    by_days: dict[int, list[str]] = {}
    for step in _STANDARD_STEPS:
        days = standards.get(step)
        if days is not None:
            by_days.setdefault(int(days), []).append(STEP_LABELS[step].lower())
    if not by_days:
        return "Der er ikke fastsat nogen standarder for opfølgning."
    parts = [f"{interval_text(d)} ved {join_danish(steps)}" for d, steps in
             sorted(by_days.items(), key=lambda kv: -kv[0])]
    without = [STEP_LABELS[s].lower() for s in _STANDARD_STEPS if standards.get(s) is None]
    text = "Standarder for opfølgning: " + "; ".join(parts)
    text += "" if text.endswith(".") else "."
    if without:
        text += (f" Sager, hvor barnet er på trinnet {join_danish(without, 'eller')}, har "
                 "ingen standard og tælles ikke med.")
    return text


def target_sentence(frame: pd.DataFrame, target: tuple[int, int], *,
                    kommunekode: int) -> str:
    """Where the latest shown average caseload lies against the target."""
    figure = kf("sagstal_gennemsnit")
    rows = select_rows(frame, figure.id, kommunekode=kommunekode, dimensions=[""])
    rows = rows.loc[~rows["undertrykt"] & rows["vaerdi"].notna()]
    if rows.empty:
        return ""
    last = rows.iloc[-1]
    v = float(last["vaerdi"])
    lo, hi = target
    shown = round(v, 1)
    if shown > hi:
        where = f"over målet på {target_text(target)}"
    elif shown < lo:
        where = f"under målet på {target_text(target)}"
    else:
        where = ("på målet" if lo == hi else "inden for målet") + f" på {target_text(target)}"
    return (f"Ved den seneste opgørelse ({format_period_long(last['dato'], figure.frequency)}) "
            f"havde en socialrådgiver i {kommune_navn(kommunekode)} i gennemsnit "
            f"{value_phrase(v, figure.unit)} – {where}.")


def _standard_lines(fig: go.Figure, standards: Mapping[str, int | None]) -> go.Figure:
    """Dotted reference lines at the standard intervals across the drawn periods, named in
    the legend with their steps (labels in the plot would hide data points)."""
    by_days: dict[int, list[str]] = {}
    for step in _STANDARD_STEPS:
        days = standards.get(step)
        if days is not None:
            by_days.setdefault(int(days), []).append(STEP_LABELS[step].lower())
    xs = [x for trace in fig.data if trace.x is not None for x in trace.x if x is not None]
    if not xs:
        return fig
    ends = [min(xs), max(xs)]
    for i, (days, steps) in enumerate(sorted(by_days.items(), key=lambda kv: -kv[0])):
        fig.add_trace(go.Scatter(
            x=ends, y=[days, days], mode="lines", hoverinfo="skip",
            name=f"Standard {format_number(days, 0)} dage: {join_danish(steps)}",
            line={"color": colors.TARGET_COLOR, "dash": ("dot", "dashdot", "longdash")[i % 3],
                  "width": 2}))
    return fig


def blocks(
    frame: pd.DataFrame,
    comparator: pd.DataFrame | None,
    comparator_label: str,
    *,
    kommunekode: int,
    expected_years: Collection[int] = (),
    target: tuple[int, int] = DEFAULT_TARGET,
    standards: Mapping[str, int | None] | None = None,
) -> list[Block]:
    """The blocks of the Sagsbehandling page and report section (see the package docstring).

    ``target`` is the municipality's caseload target (one number as ``(25, 25)`` or a range
    as ``(25, 30)``); ``standards`` the follow-up standards in days per step the figures
    were computed with (default ``MetricParams().followup_standard_days``).
    ``expected_years`` is accepted for the common interface and not used.
    """
    stds = dict(standards if standards is not None else MetricParams().followup_standard_days)
    name = kommune_navn(kommunekode)
    out: list[Block] = []

    avg, high, low = kf("sagstal_gennemsnit"), kf("sagstal_hoejeste"), kf("sagstal_laveste")
    fig = None
    if has_values(frame, avg.id):
        lo, hi = target
        fig = sagsbehandling_charts.caseload_vs_target(
            frame, avg, kommunekode=kommunekode, target=float(lo) if lo == hi else (lo, hi),
            lowest_kf=low, highest_kf=high)
    notes = [s for s in (target_sentence(frame, target, kommunekode=kommunekode),) if s]
    notes += change_notes(frame, with_values(comparator, avg.id), comparator_label, avg,
                          kommunekode=kommunekode, subject="Det gennemsnitlige sagstal")
    if has_rows(frame, high.id):
        notes.append("De lodrette streger viser det laveste og det højeste sagstal for en enkelt "
                     "rådgiver (pr. årsværk). Forskelle kan være helt legitime, fx når sagerne "
                     "fordeles efter tyngde.")
    out.append(Block(
        key="sagstal", title="Sagstal pr. socialrådgiver mod kommunens mål",
        key_figures=[avg, high, low], figure=fig,
        table=wide_table(frame, [avg, high, low], kommunekode=kommunekode, row_labels={
            (avg.id, ""): "Gennemsnit", (high.id, ""): "Højeste", (low.id, ""): "Laveste"}),
        table_caption=f"Sager pr. årsværk i {name} (mål: {target_text(target)})",
        notes=notes,
        rows=export_rows(frame, comparator, [avg.id, high.id, low.id]),
    ))

    median = kf("dage_mellem_opfoelgninger_median")
    comp = with_values(comparator, median.id)
    fig = None
    if has_values(frame, median.id):
        fig = _standard_lines(charts.rate_over_time(
            frame, median, kommunekode=kommunekode, comparator=comp,
            comparator_label=comparator_label, counts_noun="intervaller"), stds)
    out.append(Block(
        key="opfoelgning_dage", title=median.name, key_figures=[median], figure=fig,
        table=series_table(frame, comp, comparator_label, median, kommunekode=kommunekode,
                           kommune_label=name),
        table_caption="Mediant antal dage mellem to opfølgninger på samme barn i de seneste "
                      "12 måneder",
        notes=[*change_notes(frame, comp, comparator_label, median, kommunekode=kommunekode),
               standards_sentence(stds)],
        rows=export_rows(frame, comp, [median.id]),
    ))

    on_time = kf("opfoelgninger_rettidige_andel")
    comp = with_values(comparator, on_time.id)
    out.append(Block(
        key="opfoelgning_rettidig", title=on_time.name, key_figures=[on_time],
        figure=(charts.rate_over_time(frame, on_time, kommunekode=kommunekode, comparator=comp,
                                      comparator_label=comparator_label,
                                      counts_noun="intervaller")
                if has_values(frame, on_time.id) else None),
        table=series_table(frame, comp, comparator_label, on_time, kommunekode=kommunekode,
                           kommune_label=name),
        table_caption="Andel af intervallerne mellem opfølgninger, der højst var så lange som "
                      "standarden for barnets trin",
        notes=[*change_notes(frame, comp, comparator_label, on_time, kommunekode=kommunekode,
                             subject="Andelen af rettidige opfølgninger"),
               standards_sentence(stds)],
        rows=export_rows(frame, comp, [on_time.id]),
    ))
    return out


def headlines(frame: pd.DataFrame, *, kommunekode: int) -> list[Headline]:
    """The latest average caseload, the median days between follow-ups and the share of
    follow-ups on time, each with its change since a year earlier."""
    return overview_headlines(frame, CATALOGUE, kommunekode=kommunekode, specs=HEADLINES)


__all__ = [
    "DEFAULT_TARGET",
    "KEY_FIGURES",
    "TITLE",
    "blocks",
    "headlines",
    "interval_text",
    "standards_sentence",
    "standards_table",
    "target_sentence",
    "target_text",
]
