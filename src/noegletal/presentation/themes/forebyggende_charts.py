"""Charts of the theme Forebyggende forløb (§ 11, stk. 3) (Plotly), next to its blocks in ``themes.forebyggende``.

The shared chart toolkit (selection, hover texts, axes, suppression notes, the generic builders) is
:mod:`noegletal.presentation.charts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from noegletal.presentation import colors
from noegletal.presentation.formatting import (
    BASE_FONT_SIZE,
    format_count,
    format_period,
    format_value,
    is_finite,
)

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure
from noegletal.presentation.charts import (
    BAR_TEXT_SIZE,
    _finish,
    _period_labels,
    _subtitle,
    _suppressed_labels,
    _suppressed_text,
    _visible,
    _x_labels_of,
    counts_text,
    hover_text,
    mark_hidden,
    select_rows,
    titled_layout,
)


def preventive_11_3(frame: pd.DataFrame, rate_kf: KeyFigure, bfu_kf: KeyFigure, *,
                    kommunekode: int) -> go.Figure:
    """§ 11.3 courses per 1000 (top panel) and the share followed by a børnefaglig
    undersøgelse with its counts ("3 af 45") on the bars (bottom panel)."""
    rate = select_rows(frame, rate_kf.id, kommunekode=kommunekode, dimensions=[""])
    bfu = select_rows(frame, bfu_kf.id, kommunekode=kommunekode, dimensions=[""])
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14,
                        subplot_titles=(rate_kf.name, bfu_kf.name))
    fig.update_layout(**titled_layout("Forebyggende forløb efter § 11, stk. 3",
                                      _subtitle(kommunekode), height=720))
    fig.update_annotations(font_size=BASE_FONT_SIZE)  # the panel titles
    color = colors.STEP_COLORS["forebyggende"]
    for rows, kf, row, text_fn in (
        (rate, rate_kf, 1, lambda s, t, n: s),
        (bfu, bfu_kf, 2, lambda s, t, n: (f"{s}<br>({format_count(t)} af {format_count(n)})"
                                          if is_finite(t) and is_finite(n) else s)),
    ):
        mark_hidden(fig, rows, _x_labels_of(rows, kf), row=row, col=1)
        vis = _visible(rows)
        xs = _period_labels(vis["dato"], kf.frequency)
        shown = [format_value(v, kf.unit) for v in vis["vaerdi"]]
        fig.add_trace(go.Bar(
            x=xs, y=[float(v) for v in vis["vaerdi"]], name=kf.name,
            marker={"color": color if row == 1 else colors.BLUE},
            text=[text_fn(s, t, n) for s, t, n in zip(shown, vis["taeller"], vis["naevner"],
                                                      strict=True)],
            textposition="outside", textfont={"size": BAR_TEXT_SIZE}, cliponaxis=False,
            hovertext=[hover_text(kf.name, x, s, counts_text(t, n, kf.unit))
                       for x, s, t, n in zip(xs, shown, vis["taeller"], vis["naevner"],
                                             strict=True)],
            hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
        ), row=row, col=1)
    all_rows = pd.concat([rate, bfu])
    cats = [format_period(d, rate_kf.frequency) for d in sorted(set(all_rows["dato"]))]
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=cats)
    fig.update_yaxes(title_text=rate_kf.unit_label, rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="Andel", ticksuffix=" %", rangemode="tozero", row=2, col=1)
    hidden = [f"{rate_kf.name}, {lbl}" for lbl in _suppressed_labels(rate, rate_kf, False)]
    hidden += [f"{bfu_kf.name}, {lbl}" for lbl in _suppressed_labels(bfu, bfu_kf, False)]
    return _finish(fig, [rate_kf.id, bfu_kf.id], hidden, _suppressed_text(all_rows))
