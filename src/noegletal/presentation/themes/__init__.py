"""Theme builders: the blocks (chart + key figures + table + notes) of each dashboard theme.

One module per theme, each with the same public interface, so a chart is defined once and
the Streamlit page and the udvalgsrapport show the very same blocks:

* ``TITLE`` — the theme page's heading (``noegletal.metrics.catalogue.PAGES``);
* ``KEY_FIGURES`` — the ids of the key figures its blocks draw, the catalogue's figures whose
  ``page`` is this page (what a page asks ``ctx.frame``/``ctx.comparator`` for);
* ``blocks(frame, comparator, comparator_label, *, kommunekode, expected_years=(), **options)
  -> list[Block]`` — ``frame`` holds suppressed rows of (at least) those key figures for the
  municipality within the period, ``comparator`` the chosen comparator's suppressed rows as
  one series (or ``None``). Builders never compute or suppress numbers; a key figure without
  shown rows gives a block without a figure, which the page renders as "no figures".

The helpers below are shared by the theme modules.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from types import ModuleType

import pandas as pd

from noegletal.metrics.catalogue import CATALOGUE, THEME_PAGES, KeyFigure
from noegletal.presentation.blocks import Block
from noegletal.presentation.charts import DISPLAY_COLUMNS, select_rows
from noegletal.presentation.exports import SUPPRESSED_FLAG
from noegletal.presentation.formatting import (
    MISSING,
    format_count,
    format_period,
    format_value,
    is_finite,
)
from noegletal.presentation.marks import hidden_cell, suppression_note
from noegletal.presentation.narrative import (
    COMPARISON_NOTE,
    NATIONAL_LABEL,
    describe_change,
    describe_comparison,
    in_sentence,
)
from noegletal.presentation.overview import first_sentence
from noegletal.presentation.tables import wide_table


@dataclass(frozen=True)
class ThemeInfo:
    key: str  # also the page's url path
    module: str  # module name within this package
    title: str


# The theme pages in the order of the dashboard's navigation and of the udvalgsrapport, from
# the one registry of pages (``noegletal.metrics.catalogue.PAGES``); each has a builder module
# of the same name in this package.
THEMES: tuple[ThemeInfo, ...] = tuple(ThemeInfo(p.key, p.key, p.heading) for p in THEME_PAGES)


def load_theme(info: ThemeInfo) -> ModuleType:
    """The theme's builder module."""
    return importlib.import_module(f"{__name__}.{info.module}")


def kf(kf_id: str) -> KeyFigure:
    return CATALOGUE[kf_id]


def empty_frame() -> pd.DataFrame:
    """A suppressed result frame without rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in DISPLAY_COLUMNS})


def rows_of(frame: pd.DataFrame | None, kf_ids: Collection[str]) -> pd.DataFrame:
    """The rows of these key figures (an empty display frame when there are none)."""
    if frame is None or frame.empty:
        return empty_frame()
    return frame.loc[frame["noegletal"].isin(list(kf_ids))].reset_index(drop=True)


def has_values(frame: pd.DataFrame | None, kf_id: str,
               dimensions: Collection[str] | None = None) -> bool:
    """Whether the frame has at least one shown (not suppressed) value of the key figure."""
    if frame is None or frame.empty:
        return False
    rows = select_rows(frame, kf_id, dimensions=dimensions)
    return bool((~rows["undertrykt"] & rows["vaerdi"].notna()).any())


def with_values(frame: pd.DataFrame | None, kf_id: str) -> pd.DataFrame | None:
    """``frame`` when it has a shown value of the key figure, else None (a comparator without
    values for a figure is left out of its chart, table and sentences)."""
    return frame if has_values(frame, kf_id) else None


def has_rows(frame: pd.DataFrame | None, kf_id: str) -> bool:
    """Whether the frame has any row (shown or suppressed) of the key figure."""
    return frame is not None and not frame.empty and bool(frame["noegletal"].eq(kf_id).any())


def export_rows(frame: pd.DataFrame, comparator: pd.DataFrame | None,
                kf_ids: Sequence[str]) -> pd.DataFrame:
    """The suppressed rows behind a block for CSV/Excel: the municipality's rows and the
    comparator's when it is a real area (a municipality or "Hele landet"; a weighted group
    has no municipality code to name it by, so it is left out of the export)."""
    parts = [rows_of(frame, kf_ids)]
    if comparator is not None and not comparator.empty:
        comp = rows_of(comparator, kf_ids)
        parts.append(comp.loc[comp["kommunekode"].astype("int64") >= 0])
    parts = [p for p in parts if not p.empty]
    if not parts:
        return empty_frame()
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    with warnings.catch_warnings():
        # all-NaN count columns (a series without counts) keep their float dtype
        warnings.simplefilter("ignore", FutureWarning)
        return pd.concat(parts, ignore_index=True)


def series_table(
    frame: pd.DataFrame,
    comparator: pd.DataFrame | None,
    comparator_label: str,
    figure: KeyFigure,
    *,
    kommunekode: int,
    kommune_label: str,
    dimension: str = "",
) -> pd.DataFrame:
    """A display table with one row for the municipality and one for the comparator
    (when it has rows), columns = periods in date order, cells = the shown values."""
    dims = {figure.id: [dimension]}
    tables = [wide_table(frame, [figure], kommunekode=kommunekode, dimensions=dims,
                         row_labels={(figure.id, dimension): kommune_label})]
    dates = list(select_rows(frame, figure.id, kommunekode=kommunekode,
                             dimensions=[dimension])["dato"])
    if comparator is not None and has_rows(comparator, figure.id):
        crows = select_rows(comparator, figure.id, dimensions=[dimension])
        if not crows.empty:
            code = int(crows["kommunekode"].iloc[0])
            tables.append(wide_table(comparator, [figure], kommunekode=code, dimensions=dims,
                                     row_labels={(figure.id, dimension): comparator_label}))
            dates += list(crows["dato"])
    notes = list(dict.fromkeys(n for t in tables for n in t.attrs.get("noter", [])))
    columns = list(dict.fromkeys(format_period(d, figure.frequency) for d in sorted(set(dates))))
    table = pd.concat(tables, ignore_index=True)
    table = table.reindex(columns=[table.columns[0], *columns]).fillna(MISSING)
    return mark(table, notes)


def comparison_name(label: str) -> str:
    """The comparator's label inside a sentence: "hele landet", but "Gruppe: …" and
    municipality names as they are."""
    return in_sentence(label)


def mark(table: pd.DataFrame, notes: Sequence[str] = ()) -> pd.DataFrame:
    """Mark a display table built from suppressed rows as exportable (see ``tables``)."""
    table.attrs[SUPPRESSED_FLAG] = True
    table.attrs["noter"] = list(notes)
    return table


def change_notes(
    frame: pd.DataFrame,
    comparator: pd.DataFrame | None,
    comparator_label: str,
    figure: KeyFigure,
    *,
    kommunekode: int,
    dimension: str = "",
    subject: str | None = None,
) -> list[str]:
    """Plain-Danish sentences under a chart: how the figure moved over the period and, when
    the comparator has a value for the same period, where the municipality lies against it."""
    if not has_rows(frame, figure.id):
        return []
    out = [describe_change(frame, figure, kommunekode=kommunekode, dimension=dimension,
                           subject=subject)]
    if comparator is not None and has_values(comparator, figure.id, [dimension]) and \
            has_values(frame, figure.id, [dimension]):
        text = describe_comparison(frame, figure, kommunekode=kommunekode,
                                   comparator=comparator, comparator_label=comparator_label,
                                   dimension=dimension)
        if comparator_label != NATIONAL_LABEL:
            # The catalogue's first caveat is about the national series; for another
            # municipality or a group the general comparability note applies.
            text = f"{first_sentence(text)} {COMPARISON_NOTE}"
        out.append(text)
    return out


__all__ = [
    "THEMES",
    "ThemeInfo",
    "change_notes",
    "comparison_name",
    "empty_frame",
    "export_rows",
    "has_rows",
    "has_values",
    "kf",
    "load_theme",
    "mark",
    "rows_of",
    "series_table",
    "share_count_table",
    "with_values",
]


def share_count_table(
    frame: pd.DataFrame,
    specs: Sequence[tuple[KeyFigure, str, str]],
    *,
    kommunekode: int,
    noun: str = "",
) -> pd.DataFrame:
    """Like the report's Tabel 6: one row per ``(key figure, dimension, row label)``, columns
    = periods, cells ``"13,3 % (6 af 45)"`` — the share with the counts behind it. A
    suppressed cell shows only its mark in words («færre end 5 børn», or ``..``), never its
    counts."""
    records: list[dict[str, str]] = []
    dates: list[pd.Timestamp] = []
    hidden_any = False
    freq = specs[0][0].frequency if specs else "skaeringsdato"
    suffix = f" {noun}" if noun else ""
    for figure, dim, label in specs:
        rows = select_rows(frame, figure.id, kommunekode=kommunekode, dimensions=[dim])
        dates += list(rows["dato"])
        rec = {"Nøgletal": label}
        for d, v, t, n, hid, vises in zip(rows["dato"], rows["vaerdi"], rows["taeller"],
                                          rows["naevner"], rows["undertrykt"], rows["vises"],
                                          strict=True):
            col = format_period(d, figure.frequency)
            if hid:
                hidden_any = True
                rec[col] = hidden_cell(vises, noun=figure.individuals)
            elif not is_finite(v):
                rec[col] = MISSING
            elif is_finite(t) and is_finite(n):
                rec[col] = (f"{format_value(v, figure.unit)} "
                            f"({format_count(t)} af {format_count(n)}{suffix})")
            else:
                rec[col] = format_value(v, figure.unit)
        records.append(rec)
    columns = list(dict.fromkeys(format_period(d, freq) for d in sorted(set(dates))))
    table = pd.DataFrame(records).reindex(columns=["Nøgletal", *columns]).fillna(MISSING)
    return mark(table, [suppression_note()] if hidden_any else [])


def series_block(
    key: str,
    figure_kf: KeyFigure,
    frame: pd.DataFrame,
    comparator: pd.DataFrame | None,
    comparator_label: str,
    *,
    kommunekode: int,
    table_caption: str,
    title: str | None = None,
) -> Block:
    """The common block of one key figure over time against the comparator: the line chart,
    the table of both series, the sentences about the change, and the export rows. The
    comparator is left out when it has no values for this key figure."""
    from noegletal.domain.kommuner import kommune_navn
    from noegletal.presentation import charts
    comp = with_values(comparator, figure_kf.id)
    return Block(
        key=key, title=title or figure_kf.name, key_figures=[figure_kf],
        figure=(charts.rate_over_time(frame, figure_kf, kommunekode=kommunekode,
                                      comparator=comp, comparator_label=comparator_label)
                if has_values(frame, figure_kf.id) else None),
        table=series_table(frame, comp, comparator_label, figure_kf,
                           kommunekode=kommunekode, kommune_label=kommune_navn(kommunekode)),
        table_caption=table_caption,
        notes=change_notes(frame, comp, comparator_label, figure_kf, kommunekode=kommunekode),
        rows=export_rows(frame, comp, [figure_kf.id]),
    )
