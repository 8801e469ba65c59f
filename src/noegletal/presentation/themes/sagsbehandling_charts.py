"""Charts of the theme Sagsbehandling (Plotly), next to its blocks in ``themes.sagsbehandling``.

The shared chart toolkit (selection, hover texts, axes, suppression notes, the generic builders) is
:mod:`noegletal.presentation.charts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from noegletal.domain.kommuner import kommune_navn
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
    _base_figure,
    _date_axis,
    _finish,
    _subtitle,
    _suppressed_labels,
    _suppressed_text,
    _visible,
    hover_text,
    mark_hidden,
    select_rows,
)


def caseload_vs_target(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    target: float | tuple[float, float] | None,
    lowest_kf: KeyFigure | None = None,
    highest_kf: KeyFigure | None = None,
) -> go.Figure:
    """Average cases per full-time social worker over time against the municipality's target
    (a dashed line, or a band for a range such as 25-30); the lowest and highest individual
    caseloads, when given, are drawn as a range around each point."""
    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=[""])
    fig = _base_figure(kf.name, _subtitle(kommunekode))
    vis = _visible(rows)
    lo = hi = None
    if lowest_kf is not None and highest_kf is not None:
        lo = _visible(select_rows(frame, lowest_kf.id, kommunekode=kommunekode,
                                  dimensions=[""])).set_index("dato")["vaerdi"]
        hi = _visible(select_rows(frame, highest_kf.id, kommunekode=kommunekode,
                                  dimensions=[""])).set_index("dato")["vaerdi"]
    hovers, err_plus, err_minus = [], [], []
    for d, v, t, n in zip(vis["dato"], vis["vaerdi"], vis["taeller"], vis["naevner"],
                          strict=True):
        extra = ""
        low = lo.get(d) if lo is not None else None
        high = hi.get(d) if hi is not None else None
        if is_finite(low) and is_finite(high):
            extra = (f"Laveste: {format_number(low, 0)}, højeste: {format_number(high, 0)} "
                     "sager")
            err_plus.append(float(high) - float(v))
            err_minus.append(float(v) - float(low))
        else:
            err_plus.append(None)
            err_minus.append(None)
        counts = (f"{format_count(t)} sager på {format_number(n, 1)} årsværk"
                  if is_finite(t) and is_finite(n) else "")
        hovers.append(hover_text(kommune_navn(kommunekode), format_period(d, kf.frequency),
                                 f"{format_value(v, kf.unit)} sager pr. årsværk", counts, extra))
    error_y = None
    if any(e is not None for e in err_plus):
        error_y = {"type": "data", "symmetric": False, "array": err_plus,
                   "arrayminus": err_minus, "color": colors.GREY, "thickness": 2, "width": 8}
    fig.add_trace(go.Scatter(
        x=list(vis["dato"]), y=[float(v) for v in vis["vaerdi"]],
        name="Gennemsnitligt sagstal", mode="lines+markers",
        line={"color": colors.KOMMUNE_COLOR, "width": 4}, marker={"size": 10},
        error_y=error_y, hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
    ))
    if target is not None:
        if isinstance(target, tuple):
            a, b = sorted(float(x) for x in target)
            fig.add_hrect(y0=a, y1=b, fillcolor=colors.with_alpha(colors.TARGET_COLOR, 0.12),
                          line_width=0)
            label = f"Mål: {format_number(a, 0)}-{format_number(b, 0)} sager pr. årsværk"
            ys = [b]
        else:
            label = f"Mål: {format_number(float(target), 0)} sager pr. årsværk"
            ys = [float(target)]
        fig.add_trace(go.Scatter(
            x=[vis["dato"].min(), vis["dato"].max()] if len(vis) else [None, None],
            y=ys * 2, mode="lines", name=label,
            line={"color": colors.TARGET_COLOR, "dash": "dash", "width": 3},
            hoverinfo="skip",
        ))
    mark_hidden(fig, rows)
    _date_axis(fig, list(rows["dato"]), kf.frequency)
    fig.update_yaxes(title_text=kf.unit_label, rangemode="tozero")
    ids = [kf.id] + [k.id for k in (lowest_kf, highest_kf) if k is not None]
    return _finish(fig, ids, _suppressed_labels(rows, kf, False), _suppressed_text(rows))
