"""The unit breakdown (enhed) as a block: small multiples — one panel per unit on the same
axis, with the municipality total beside them — or one unit against the total.

Rows come suppressed from :func:`noegletal.services.units.unit_frame`; hidden points are
left out of the lines (gaps) and listed in the figure's ``meta["ikke_vist"]``, like every
other chart.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from noegletal.metrics.catalogue import KeyFigure
from noegletal.presentation.blocks import Block
from noegletal.presentation.colors import BLACK, BLUE
from noegletal.presentation.formatting import format_date, format_value

ALL_UNITS = "alle"
COLUMNS_PER_ROW = 3


def _series(rows: pd.DataFrame, unit: str | None) -> pd.DataFrame:
    s = rows[rows["enhed"].isna()] if unit is None else rows[rows["enhed"] == unit]
    return s.sort_values("dato")


def _shown_y(s: pd.DataFrame) -> list:
    return [None if h else float(v) for v, h in zip(s["vaerdi"], s["undertrykt"], strict=True)]


def _hover(s: pd.DataFrame, kf: KeyFigure, label: str) -> list[str]:
    out = []
    for d, v, h, vis in zip(s["dato"], s["vaerdi"], s["undertrykt"], s["vises"], strict=True):
        text = str(vis) if h else format_value(v, kf.unit)
        out.append(f"{label}<br>{format_date(d)}: {text}")
    return out


def unit_block(rows: pd.DataFrame, kf: KeyFigure, *, dimension: str, units: list[str],
               enhed: str, kommune_label: str) -> Block:
    """The block of one key figure (and base dimension) by unit.

    ``enhed`` is :data:`ALL_UNITS` for the small multiples or one unit's name for that unit
    against the municipality total.
    """
    rows = rows[(rows["noegletal"] == kf.id) & (rows["grunddimension"] == (dimension or ""))]
    hidden_points: list[str] = []
    title = f"{kf.name} pr. enhed" if enhed == ALL_UNITS else f"{kf.name}: {enhed}"
    if rows.empty:
        return Block(key=f"enhed-{kf.id}", title=title, key_figures=[kf], rows=rows)
    if enhed == ALL_UNITS:
        panels = [(f"{kommune_label} i alt", None), *[(u, u) for u in units]]
        ncols = min(COLUMNS_PER_ROW, len(panels))
        nrows = math.ceil(len(panels) / ncols)
        fig = make_subplots(rows=nrows, cols=ncols, shared_yaxes="all", shared_xaxes="all",
                            subplot_titles=[p[0] for p in panels],
                            vertical_spacing=0.12 if nrows > 1 else 0.08)
        for i, (label, unit) in enumerate(panels):
            s = _series(rows, unit)
            hidden_points += [f"{label} {format_date(d)}"
                              for d, h in zip(s["dato"], s["undertrykt"], strict=True) if h]
            fig.add_trace(go.Scatter(
                x=s["dato"], y=_shown_y(s), mode="lines+markers", name=label,
                line={"color": BLACK if unit is None else BLUE, "width": 2},
                hovertext=_hover(s, kf, label), hoverinfo="text", showlegend=False,
                connectgaps=False,
            ), row=i // ncols + 1, col=i % ncols + 1)
        fig.update_layout(height=260 * nrows + 60)
    else:
        fig = go.Figure()
        for label, unit, color in ((f"{kommune_label} i alt", None, BLACK),
                                   (enhed, enhed, BLUE)):
            s = _series(rows, unit)
            hidden_points += [f"{label} {format_date(d)}"
                              for d, h in zip(s["dato"], s["undertrykt"], strict=True) if h]
            fig.add_trace(go.Scatter(x=s["dato"], y=_shown_y(s), mode="lines+markers",
                                     name=label, line={"color": color, "width": 2},
                                     hovertext=_hover(s, kf, label), hoverinfo="text"))
        fig.update_layout(height=420, legend={"orientation": "h", "y": -0.15})
    fig.update_yaxes(rangemode="tozero")
    if enhed != ALL_UNITS:
        fig.update_yaxes(title_text=kf.unit_label)
    fig.update_layout(template="plotly_white", margin={"t": 60, "l": 60, "r": 20, "b": 40},
                      meta={"ikke_vist": hidden_points, "enhed": enhed,
                            "dimension": dimension or ""})
    notes = ["Alle paneler har samme akse, så enhederne kan sammenlignes direkte."] \
        if enhed == ALL_UNITS else []
    notes.append("Et barn tælles i den enhed, der har ansvaret for barnets sag på "
                 "skæringsdatoen. Rater pr. 1.000 børn vises kun for enheder med eget "
                 "befolkningstal.")
    return Block(key=f"enhed-{kf.id}", title=title, key_figures=[kf], figure=fig,
                 notes=notes, rows=rows.drop(columns=["grunddimension", "enhed"]))
