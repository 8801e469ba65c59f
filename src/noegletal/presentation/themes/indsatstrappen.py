"""Indsatstrappen: home-based measures (the report's Figur 45-46 and Tabel 7), step-to-step
flows over 12 months, and theme G's children with any measure and notifications."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from noegletal.domain.calendar import months_back
from noegletal.domain.vocabulary import STEP_LABELS, STEPS
from noegletal.metrics.catalogue import PAGE_BY_KEY, page_figure_ids
from noegletal.presentation import charts, colors
from noegletal.presentation.blocks import Block
from noegletal.presentation.charts import select_rows
from noegletal.presentation.formatting import MISSING, format_count, format_date, format_month
from noegletal.presentation.marks import suppression_note
from noegletal.presentation.narrative import describe_change
from noegletal.presentation.tables import wide_table
from noegletal.presentation.themes import (
    export_rows,
    has_rows,
    has_values,
    indsatstrappen_charts,
    kf,
    mark,
    rows_of,
    series_block,
)

TITLE = PAGE_BY_KEY["indsatstrappen"].heading
KEY_FIGURES: tuple[str, ...] = page_figure_ids("indsatstrappen")

# How the home-based measures by type are counted: number of children or per 1000.
TYPE_UNITS: dict[str, str] = {"pr_1000": "Pr. 1.000 børn", "antal": "Antal børn"}

MEASURE_COLORS = {"alle": colors.KOMMUNE_COLOR, "kun_forebyggende": colors.STEP_COLORS[
    "forebyggende"]}


def sankey_dates(frame: pd.DataFrame) -> list[pd.Timestamp]:
    """The cut-offs with step-to-step flows (``trin_overgange``) in the frame, in order."""
    if not has_rows(frame, "trin_overgange"):
        return []
    return sorted(set(pd.to_datetime(frame.loc[frame["noegletal"].eq("trin_overgange"),
                                               "dato"])))


def blocks(
    frame: pd.DataFrame,
    comparator: pd.DataFrame | None,
    comparator_label: str,
    *,
    kommunekode: int,
    expected_years: Collection[int] = (),
    type_unit: str = "pr_1000",
    sankey_dato: pd.Timestamp | None = None,
) -> list[Block]:
    """The blocks of the Indsatstrappen page and report section.

    ``type_unit`` (``pr_1000`` or ``antal``) chooses what the chart of home-based measures by
    type shows (the table always shows both, as the report's Tabel 7); ``sankey_dato`` the
    cut-off of the flow diagram (default: the latest with flows).
    """
    out: list[Block] = []

    home = kf("hjemmebaserede_pr_1000")
    out.append(series_block(
        "hjemmebaserede", home, frame, comparator, comparator_label, kommunekode=kommunekode,
        table_caption="Modtagere af hjemmebaserede indsatser pr. 1.000 børn 0-17 år"))

    if type_unit not in TYPE_UNITS:
        raise ValueError(f"ukendt enhed for typerne: {type_unit!r}")
    count_kf, rate_kf = kf("hjemmebaserede_type_antal"), kf("hjemmebaserede_type_pr_1000")
    shown_kf = {k.unit: k for k in (count_kf, rate_kf)}[type_unit]
    labels = {(k.id, d): f"{lbl}: {'antal' if k is count_kf else 'pr. 1.000 børn'}"
              for k in (count_kf, rate_kf) for d, lbl in k.dimensions.items()}
    out.append(Block(
        key="hjemmebaserede_type", title="Hjemmebaserede indsatser efter type",
        key_figures=[shown_kf],
        figure=(charts.series_by_dimension(frame, shown_kf, kommunekode=kommunekode,
                                           palette=colors.HOME_BASED_COLORS)
                if has_values(frame, shown_kf.id) else None),
        table=wide_table(frame, [count_kf, rate_kf], kommunekode=kommunekode,
                         group_by_dimension=True, row_labels=labels),
        table_caption="Modtagere af hjemmebaserede indsatser efter type: antal og pr. 1.000 "
                      "børn (som rapportens Tabel 7)",
        notes=["Et barn, der modtager flere typer indsatser, tælles under hver type, så "
               "typerne kan ikke lægges sammen."],
        rows=export_rows(frame, None, [count_kf.id, rate_kf.id]),
    ))

    moves = kf("bevaegelse_fra_hjemmebaserede")
    out.append(Block(
        key="bevaegelser", title="Hvor er børnene et år efter en hjemmebaseret indsats?",
        key_figures=[moves],
        figure=(indsatstrappen_charts.movements(frame, moves, kommunekode=kommunekode)
                if has_values(frame, moves.id) else None),
        table=wide_table(frame, [moves], kommunekode=kommunekode),
        table_caption="Bevægelser fra hjemmebaserede indsatser (andel af børnene)",
        notes=([describe_change(frame, moves, kommunekode=kommunekode, dimension="op",
                                subject="Andelen, der et år senere er anbragt")]
               if has_rows(frame, moves.id) else []),
        rows=export_rows(frame, None, [moves.id]),
    ))

    flows = kf("trin_overgange")
    dates = sankey_dates(frame)
    dato = pd.Timestamp(sankey_dato) if sankey_dato is not None else (
        dates[-1] if dates else None)
    if dato is not None and dato not in dates:
        raise ValueError(f"ingen overgange ved {dato.date()}")
    at = rows_of(frame, [flows.id])
    at = at.loc[pd.to_datetime(at["dato"]).eq(dato)] if dato is not None else at.iloc[:0]
    before = months_back(dato, 12) if dato is not None else None
    out.append(Block(
        key="overgange",
        title=(f"Fra trin til trin: {format_month(before)} til {format_month(dato)}"
               if dato is not None else "Fra trin til trin"),
        key_figures=[flows],
        figure=(indsatstrappen_charts.step_sankey(frame, flows, kommunekode=kommunekode, dato=dato,
                                   title="Fra trin til trin på et år")
                if dato is not None and has_values(at, flows.id) else None),
        table=(_flow_table(at, flows, kommunekode) if dato is not None else None),
        table_caption=(f"Antal børn efter trin {format_date(before)} og {format_date(dato)}"
                       if dato is not None else ""),
        notes=["Venstre side viser børnenes trin for et år siden, højre side trinnet nu; "
               "båndenes bredde er antallet af børn. Børn uden indsats på begge datoer er "
               "ikke med."],
        rows=export_rows(at, None, [flows.id]),
    ))

    any_kf = kf("boern_med_foranstaltning_pr_1000")
    out.append(Block(
        key="med_indsats", title=any_kf.name, key_figures=[any_kf],
        figure=(charts.series_by_dimension(frame, any_kf, kommunekode=kommunekode,
                                           order=("alle", "kun_forebyggende"),
                                           palette=MEASURE_COLORS)
                if has_values(frame, any_kf.id) else None),
        table=wide_table(frame, [any_kf], kommunekode=kommunekode),
        table_caption="Børn med en indsats pr. 1.000 børn 0-17 år",
        notes=([describe_change(frame, any_kf, kommunekode=kommunekode, dimension="alle",
                                subject="Antallet af børn med en indsats pr. 1.000 børn")]
               if has_rows(frame, any_kf.id) else []),
        rows=export_rows(frame, None, [any_kf.id]),
    ))

    notif = kf("underretninger_pr_1000")
    out.append(series_block(
        "underretninger", notif, frame, comparator, comparator_label, kommunekode=kommunekode,
        table_caption="Børn med mindst én underretning i de seneste 12 måneder pr. 1.000 "
                      "børn"))
    return out


def _flow_table(rows: pd.DataFrame, flows_kf, kommunekode: int) -> pd.DataFrame:
    """Steps a year ago (rows) by steps now (columns); cells are the shown counts."""
    sel = select_rows(rows, flows_kf.id, kommunekode=kommunekode)
    parts = sel["dimension"].str.split(">", n=1, expand=True)
    if sel.empty or parts.shape[1] < 2:
        return mark(pd.DataFrame(columns=["For et år siden"]))
    cells = pd.DataFrame({
        "fra": parts[0], "til": parts[1],
        "celle": [v.strip() if hid and isinstance(v, str) else
                  (MISSING if hid else format_count(x))
                  for v, x, hid in zip(sel["vises"], sel["vaerdi"], sel["undertrykt"],
                                       strict=True)],
    })
    present_from = [s for s in STEPS if s in set(cells["fra"])]
    present_to = [s for s in STEPS if s in set(cells["til"])]
    wide = cells.pivot(index="fra", columns="til", values="celle").reindex(
        index=present_from, columns=present_to).fillna("0")
    if "ingen" in wide.index and "ingen" in wide.columns:
        wide.loc["ingen", "ingen"] = MISSING  # children without a measure are not counted
    wide.columns = [f"Nu: {STEP_LABELS[s]}" for s in present_to]
    wide.insert(0, "For et år siden", [STEP_LABELS[s] for s in present_from])
    notes = []
    if bool(sel["undertrykt"].any()):
        notes.append(suppression_note())
    return mark(wide.reset_index(drop=True), notes)
