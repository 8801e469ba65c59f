"""Charts of the theme Skoletrivsel og fravær (Plotly), next to its blocks in ``themes.skoletrivsel``.

The shared chart toolkit (selection, hover texts, axes, suppression notes, the generic builders) is
:mod:`noegletal.presentation.charts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from noegletal.metrics.catalogue import difference_figure
from noegletal.presentation import colors
from noegletal.presentation.formatting import (
    format_count,
    format_number,
    format_period,
    format_value,
    is_finite,
)

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure
from noegletal.presentation.charts import (
    BAR_TEXT_SIZE,
    _base_figure,
    _finish,
    _period_labels,
    _subtitle,
    _suppressed_labels,
    _suppressed_text,
    _visible,
    _x_labels_of,
    hover_text,
    mark_hidden,
    retitle,
    select_rows,
)

_GROUP_LABELS = {"udsatte": "Udsatte elever", "oevrige": "Øvrige elever"}


def school_gap(frame: pd.DataFrame, kf: KeyFigure, *, kommunekode: int,
               gap_kf: KeyFigure | None = None) -> go.Figure:
    """Wellbeing or absence per school year: udsatte vs. øvrige elever as grouped bars with
    N in the hover text, and the gap (udsatte minus øvrige, from the figure whose ``difference_of`` is ``kf``) written
    above each school year."""
    rows = select_rows(frame, kf.id, kommunekode=kommunekode,
                       dimensions=("udsatte", "oevrige"))
    fig = _base_figure(kf.name, _subtitle(kommunekode, "4.-9. klasse"))
    labels = {d: kf.dimensions.get(d) or _GROUP_LABELS[d] for d in ("udsatte", "oevrige")}
    for i, dim in enumerate(("udsatte", "oevrige")):
        group = rows.loc[rows["dimension"].eq(dim)]
        y_floor = kf.unit_type.axis_range[0] if kf.unit_type.axis_range else 0.0
        mark_hidden(fig, group, _x_labels_of(group, kf), floor=y_floor)
        vis = _visible(group)
        xs = _period_labels(vis["dato"], kf.frequency)
        shown = [format_value(v, kf.unit) for v in vis["vaerdi"]]
        fig.add_trace(go.Bar(
            x=xs, y=[float(v) for v in vis["vaerdi"]], name=labels[dim],
            marker={"color": colors.color_for(dim, colors.GROUP_COLORS, i)},
            text=shown, textposition="outside", textfont={"size": BAR_TEXT_SIZE}, cliponaxis=False,
            hovertext=[hover_text(labels[dim], x, s,
                                  f"N = {format_count(n)} elever" if is_finite(n) else "")
                       for x, s, n in zip(xs, shown, vis["naevner"], strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    gap_kf = gap_kf if gap_kf is not None else difference_figure(kf.id)
    gap_id, gap_unit = gap_kf.id, gap_kf.unit
    gaps = select_rows(frame, gap_id, kommunekode=kommunekode, dimensions=[""])
    top = float(np.nanmax(_visible(rows)["vaerdi"])) if len(_visible(rows)) else 0.0
    # With more than four school years the full "Forskel: …" texts would run into each
    # other: write only the number and say in the subtitle what it is.
    compact = len(set(rows["dato"]) | set(gaps["dato"])) > 4
    if compact and len(gaps):
        retitle(fig, subtitle=_subtitle(
            kommunekode, "4.-9. klasse · tallet over søjlerne er forskellen (udsatte minus "
                         "øvrige)"))
    for d, v, hid in zip(gaps["dato"], gaps["vaerdi"], gaps["undertrykt"], strict=True):
        if hid or not is_finite(v):
            mark = _suppressed_text(gaps)
            text = mark if compact else f"Forskel: ikke vist ({mark})"
        elif compact:
            text = format_number(v, 1)
        else:
            text = f"Forskel: {_format_gap(v, gap_unit)}"
        fig.add_annotation(x=format_period(d, kf.frequency), y=top, yshift=48, text=text,
                           showarrow=False, font={"size": 15, "color": colors.DARK_GREY})
    fig.update_layout(barmode="group", bargap=0.25)
    all_rows = pd.concat([rows, gaps])
    cats = [format_period(d, kf.frequency) for d in sorted(set(all_rows["dato"]))]
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=cats)
    if kf.unit_type.axis_range is not None:
        fig.update_yaxes(range=list(kf.unit_type.axis_range), title_text=kf.unit_type.axis_title)
    else:
        fig.update_yaxes(rangemode="tozero", title_text=kf.unit_label,
                         ticksuffix=kf.unit_type.axis_suffix)
    hidden = (_suppressed_labels(rows, kf, True)
              + [f"Forskel, {lbl}" for lbl in _suppressed_labels(gaps, kf, False)])
    return _finish(fig, [kf.id, gap_id], hidden, _suppressed_text(all_rows))


def _format_gap(v: float, unit: str) -> str:
    return format_value(v, unit)
