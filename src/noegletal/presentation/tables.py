"""Danish display tables built from suppressed tidy result frames.

A display table holds only text: the ``vises`` strings of the suppression step (so a
suppressed cell reads ``<5``), ``–`` where there is no figure, and Danish headers. Every
table made here carries ``attrs["diskretioneret"] = True`` and ``attrs["noter"]`` (Danish
notes to print under it); :mod:`noegletal.presentation.exports` only exports tables with that
mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.vocabulary import STEP_LABELS
from noegletal.metrics.catalogue import UNIT_TYPES
from noegletal.presentation.charts import select_rows
from noegletal.presentation.exports import SUPPRESSED_FLAG
from noegletal.presentation.formatting import (
    MISSING,
    format_count,
    format_period,
    format_value,
    is_finite,
)
from noegletal.presentation.marks import hidden_cell, shown_mark, suppression_note

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure

ROW_HEADER = "Nøgletal"


def _mark(table: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    table.attrs[SUPPRESSED_FLAG] = True
    table.attrs["noter"] = notes
    return table


def _cell(vises: object, undertrykt: bool, unit: str, noun: str = "børn") -> str:
    """The text of one cell: the shown value (``vises`` holds the float itself) formatted
    in the key figure's unit, or for a hidden cell its mark — in words («færre end 5 børn»)
    when the unit's value is not itself a count (a share, a rate, a mean: «<5» there reads
    as "under 5 %"), ``<5`` in a column of counts, ``..`` for a secondarily hidden cell."""
    if undertrykt or isinstance(vises, str):
        if isinstance(vises, str) and not vises.strip() and not undertrykt:
            return MISSING
        u = UNIT_TYPES.get(unit)
        if u is not None and not u.counts_value:
            return hidden_cell(vises, noun=noun)
        return shown_mark(vises)
    return format_value(vises, unit) if is_finite(vises) else MISSING


def _dimension_label(kf: KeyFigure, dimension: str) -> str:
    if not dimension:
        return ""
    return kf.dimensions.get(dimension) or STEP_LABELS.get(dimension) or dimension


def wide_table(
    frame: pd.DataFrame,
    figures: Sequence[KeyFigure],
    *,
    kommunekode: int,
    dimensions: Mapping[str, Sequence[str]] | None = None,
    row_labels: Mapping[tuple[str, str], str] | None = None,
    group_by_dimension: bool = False,
) -> pd.DataFrame:
    """Rows = indicator (a key figure and one of its dimensions), columns = periods.

    Like the report's Tabel 7: ``figures`` in the given order, each with its dimensions
    (``dimensions[kf.id]`` or, by default, the catalogue order of ``kf.dimensions``, or the
    plain figure without a dimension). ``group_by_dimension=True`` puts the rows of the same
    dimension together (``Døgnophold: antal``, ``Døgnophold: pr. 1.000``), as in Tabel 7.
    Row labels are ``name`` or ``dimension label: name`` unless ``row_labels[(id, dim)]``.
    Columns are period labels (``jan. 2016``, ``2017``, ``2016/17``) in date order; all
    figures should share one frequency. Cells are the ``vises`` strings; ``–`` = no figure.
    """
    specs: list[tuple[KeyFigure, str]] = []
    for kf in figures:
        dims = list((dimensions or {}).get(kf.id, list(kf.dimensions) or [""]))
        specs.extend((kf, d) for d in dims)
    if group_by_dimension:
        dim_order = list(dict.fromkeys(d for _, d in specs))
        specs = sorted(specs, key=lambda s: dim_order.index(s[1]))

    parts = []
    for kf in figures:
        sel = select_rows(frame, kf.id, kommunekode=kommunekode)
        if len(sel):
            sel["periode"] = [format_period(d, kf.frequency) for d in sel["dato"]]
            parts.append(sel)
    data = pd.concat(parts, ignore_index=True) if parts else None
    freq = figures[0].frequency if figures else "skaeringsdato"
    dates = sorted(set(data["dato"])) if data is not None else []
    columns = list(dict.fromkeys(format_period(d, freq) for d in dates))

    cells: dict[tuple[str, str, str], str] = {}
    has_hidden = False
    if data is not None:
        by_id = {kf.id: kf for kf in figures}
        data["celle"] = [_cell(v, u, by_id[i].unit, by_id[i].individuals) for v, u, i in
                         zip(data["vises"], data["undertrykt"], data["noegletal"], strict=True)]
        has_hidden = bool(data["undertrykt"].any())
        cells = dict(zip(zip(data["noegletal"], data["dimension"], data["periode"],
                             strict=True), data["celle"], strict=True))

    records = []
    for kf, dim in specs:
        label = (row_labels or {}).get((kf.id, dim))
        if label is None:
            dl = _dimension_label(kf, dim)
            label = f"{dl}: {kf.name}" if dl else kf.name
        rec = {ROW_HEADER: label}
        for col in columns:
            rec[col] = cells.get((kf.id, dim, col), MISSING)
        records.append(rec)
    table = pd.DataFrame(records, columns=[ROW_HEADER, *columns])
    notes = [suppression_note()] if has_hidden else []
    return _mark(table, notes)


def school_table(frame: pd.DataFrame, kf: KeyFigure, *, kommunekode: int) -> pd.DataFrame:
    """Like the report's Tabel 8-10: rows ``Udsatte elever`` / ``Øvrige elever``, for every
    school year a column with the mean (``vises``) and one with N (``N 2016/17``).

    N is shown only for cells that are not suppressed; a suppressed cell shows its ``vises``
    text and ``–`` for N.
    """
    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=("udsatte", "oevrige"))
    years = [format_period(d, kf.frequency) for d in sorted(set(rows["dato"]))]
    labels = {"udsatte": kf.dimensions.get("udsatte") or "Udsatte elever",
              "oevrige": kf.dimensions.get("oevrige") or "Øvrige elever"}
    rows["periode"] = [format_period(d, kf.frequency) for d in rows["dato"]]
    columns = [ROW_HEADER]
    for y in years:
        columns += [y, f"N {y}"]
    records = []
    for dim in ("udsatte", "oevrige"):
        rec: dict[str, str] = {ROW_HEADER: labels[dim]}
        sub = rows.loc[rows["dimension"].eq(dim)]
        for y in years:
            rec[y], rec[f"N {y}"] = MISSING, MISSING
        for p, v, u, n in zip(sub["periode"], sub["vises"], sub["undertrykt"], sub["naevner"],
                              strict=True):
            rec[p] = _cell(v, u, kf.unit, kf.individuals)
            rec[f"N {p}"] = MISSING if u or pd.isna(n) else format_count(n)
        records.append(rec)
    table = pd.DataFrame(records, columns=columns)
    notes = [suppression_note()] if bool(rows["undertrykt"].any()) else []
    return _mark(table, notes)


def long_table(frame: pd.DataFrame, catalogue: Mapping[str, KeyFigure]) -> pd.DataFrame:
    """Every row of a suppressed tidy frame as text, for "hent data": Nøgletal, Kommune,
    Periode, Opdeling, Værdi (``vises``), Tæller, Nævner. Counts are left empty in a
    suppressed row, so nothing hidden can be read from them."""
    from noegletal.presentation.charts import require_display_frame

    require_display_frame(frame)
    f = frame.sort_values(["noegletal", "kommunekode", "dato", "dimension"])
    hidden = f["undertrykt"].fillna(False).astype(bool)

    def name(i: str) -> str:
        return catalogue[i].name if i in catalogue else i

    def period(i: str, d: pd.Timestamp) -> str:
        freq = catalogue[i].frequency if i in catalogue else "skaeringsdato"
        return format_period(d, freq)

    def dim(i: str, d: str) -> str:
        return _dimension_label(catalogue[i], d or "") if i in catalogue else (d or "")

    def value(i: str, v: object, h: bool) -> str:
        if i not in catalogue:
            return _cell(v, h, "")
        return _cell(v, h, catalogue[i].unit, catalogue[i].individuals)

    def count(x: float, h: bool) -> str:
        return "" if h or pd.isna(x) else format_count(x)

    table = pd.DataFrame({
        ROW_HEADER: [name(i) for i in f["noegletal"]],
        "Kommune": [kommune_navn(k) for k in f["kommunekode"]],
        "Periode": [period(i, d) for i, d in zip(f["noegletal"], f["dato"], strict=True)],
        "Opdeling": [dim(i, d) for i, d in zip(f["noegletal"], f["dimension"], strict=True)],
        "Værdi": [value(i, v, h) for i, v, h in zip(f["noegletal"], f["vises"], hidden,
                                                     strict=True)],
        "Tæller": [count(x, h) for x, h in zip(f["taeller"], hidden, strict=True)],
        "Nævner": [count(x, h) for x, h in zip(f["naevner"], hidden, strict=True)],
    })
    return _mark(table, [suppression_note()] if bool(hidden.any()) else [])
