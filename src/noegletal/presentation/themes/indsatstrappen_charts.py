"""Charts of the theme Indsatstrappen (Plotly), next to its blocks in ``themes.indsatstrappen``.

The shared chart toolkit (selection, hover texts, axes, suppression notes, the generic builders) is
:mod:`noegletal.presentation.charts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from noegletal.domain.calendar import months_back
from noegletal.domain.vocabulary import STEP_LABELS, STEP_RANK, STEPS
from noegletal.presentation import colors
from noegletal.presentation.formatting import (
    format_count,
    format_month_short,
)
from noegletal.presentation.marks import hidden_phrase

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure
from noegletal.presentation.charts import (
    _bar_traces,
    _base_figure,
    _category_axis,
    _finish,
    _subtitle,
    _suppressed_labels,
    _suppressed_text,
    _visible,
    _x_labels_of,
    hover_text,
    mark_hidden,
    select_rows,
    stacked_shares,
)

_MOVEMENT_ORDER = ("ned", "ingen", "op")  # bottom to top of the stack


_MOVEMENT_LABELS = {
    "op": "Op ad trappen (anbragt)",
    "ingen": "Ingen bevægelse",
    "ned": "Ned ad trappen",
}


def movements(frame: pd.DataFrame, kf: KeyFigure, *, kommunekode: int) -> go.Figure:
    """``bevaegelse_fra_hjemmebaserede``: op / ingen / ned as 100 % stacked bars (ned at the
    bottom, op on top)."""
    labels = {d: kf.dimensions.get(d) or _MOVEMENT_LABELS[d] for d in _MOVEMENT_ORDER}
    return stacked_shares(frame, kf, kommunekode=kommunekode, order=_MOVEMENT_ORDER,
                          palette=colors.MOVEMENT_COLORS, labels=labels)


def home_based_by_type(frame: pd.DataFrame, kf: KeyFigure, *, kommunekode: int) -> go.Figure:
    """``hjemmebaserede_type_antal`` or ``_pr_1000``: grouped bars per cut-off, one bar per
    type of home-based measure (a child may count under several types)."""
    order = tuple(kf.dimensions) or tuple(colors.HOME_BASED_COLORS)
    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=order)
    fig = _base_figure(kf.name, _subtitle(kommunekode))
    _bar_traces(fig, rows, kf, order, colors.HOME_BASED_COLORS, show_text=False)
    for dim in order:
        mark_hidden(fig, rows.loc[rows["dimension"].eq(dim)], _x_labels_of(rows, kf))
    fig.update_layout(barmode="group", bargap=0.2)
    _category_axis(fig, rows, kf)
    fig.update_yaxes(title_text=kf.unit_label, rangemode="tozero")
    return _finish(fig, [kf.id], _suppressed_labels(rows, kf, True), _suppressed_text(rows))


def step_sankey(frame: pd.DataFrame, kf: KeyFigure, *, kommunekode: int,
                dato: pd.Timestamp | str, title: str | None = None) -> go.Figure:
    """``trin_overgange`` at one cut-off ``dato`` as a Sankey diagram: steps 12 months before
    on the left, steps at ``dato`` on the right, the highest step at the top.

    A flow is drawn with its count; suppressed flows (``<5``) are not drawn. Node sizes are
    the sums of the drawn flows, so they never reveal a suppressed flow.
    """
    t = pd.Timestamp(dato)
    rows = select_rows(frame, kf.id, kommunekode=kommunekode)
    rows = rows.loc[rows["dato"].eq(t)]
    before = months_back(t, 12)
    # the dates head the two columns (annotations below), not the subtitle: there they ran
    # into the left column's heading
    fig = _base_figure(title or kf.name, _subtitle(kommunekode))
    hidden = [lbl for lbl in _flow_labels(rows.loc[rows["undertrykt"]])]
    vis = _visible(rows)
    parts = vis["dimension"].str.split(">", n=1, expand=True) if len(vis) else None
    if parts is None or parts.shape[1] < 2:
        flows = pd.DataFrame(columns=["fra", "til", "antal"])
    else:
        flows = pd.DataFrame({"fra": parts[0].to_numpy(), "til": parts[1].to_numpy(),
                              "antal": vis["vaerdi"].astype(float).to_numpy()})
        flows = flows.loc[flows["fra"].isin(STEPS) & flows["til"].isin(STEPS)
                          & (flows["antal"] > 0)]
        # Highest step first on both sides, so the diagram reads like the ladder.
        flows = flows.assign(_a=-flows["fra"].map(STEP_RANK), _b=-flows["til"].map(STEP_RANK))
        flows = flows.sort_values(["_a", "_b"]).drop(columns=["_a", "_b"])
    left = flows.groupby("fra")["antal"].sum()
    right = flows.groupby("til")["antal"].sum()
    left_steps = sorted(left.index, key=lambda s: -STEP_RANK[s])
    right_steps = sorted(right.index, key=lambda s: -STEP_RANK[s])
    nodes = [("fra", s) for s in left_steps] + [("til", s) for s in right_steps]
    index = {n: i for i, n in enumerate(nodes)}
    before_lbl, after_lbl = format_month_short(before), format_month_short(t)
    # The dates head the two columns (annotations below), so the node labels stay short
    # enough not to run into each other at 1024 px.
    node_labels = [_sankey_label(s) for _, s in nodes]
    ys = _sankey_positions([left[s] for s in left_steps]) + _sankey_positions(
        [right[s] for s in right_steps])
    xs = [0.001] * len(left_steps) + [0.999] * len(right_steps)
    link_hover = [
        hover_text(f"{STEP_LABELS[a]} → {STEP_LABELS[b]}",
                   f"{before_lbl} → {after_lbl}", f"{format_count(n)} børn")
        for a, b, n in zip(flows["fra"], flows["til"], flows["antal"], strict=True)
    ]
    fig.add_trace(go.Sankey(
        arrangement="fixed",
        node={"label": node_labels, "x": xs, "y": ys, "pad": 18, "thickness": 22,
              "color": [colors.STEP_COLORS[s] for _, s in nodes],
              "customdata": [f"{STEP_LABELS[s]} ({before_lbl if side == 'fra' else after_lbl})"
                             for side, s in nodes],
              "hovertemplate": "%{customdata}<extra></extra>"},
        link={"source": [index[("fra", a)] for a in flows["fra"]],
              "target": [index[("til", b)] for b in flows["til"]],
              "value": [float(v) for v in flows["antal"]],
              "color": [colors.with_alpha(colors.STEP_COLORS[a], 0.45) for a in flows["fra"]],
              "customdata": link_hover,
              "hovertemplate": "%{customdata}<extra></extra>"},
    ))
    for x, text, anchor in ((0.0, f"For et år siden ({before_lbl})", "left"),
                            (1.0, f"Nu ({after_lbl})", "right")):
        fig.add_annotation(text=f"<b>{text}</b>", xref="paper", yref="paper", x=x, y=1.0,
                           yanchor="bottom", yshift=12, xanchor=anchor, showarrow=False,
                           font={"size": 16, "color": colors.DARK_GREY})
    fig.update_layout(height=640, margin={"t": 140, "b": 70})  # no legend below a Sankey
    if hidden:
        fig.add_annotation(
            text=_hidden_flows_text(rows),
            xref="paper", yref="paper", x=0, y=-0.08, showarrow=False,
            font={"size": 15, "color": colors.DARK_GREY}, xanchor="left")
    fig.update_layout(meta={"noegletal": [kf.id], "ikke_vist": hidden,
                            "ikke_vist_tekst": _suppressed_text(rows) if hidden else ""})
    return fig


# Shorter node labels where the step's full label would run into the other column's.
_SANKEY_LABELS = {"institution": "Institution m.v."}
# A node label longer than this is broken over two lines: the left column's labels stand to
# the right of its nodes and the right column's to the left of its, so at 1024 px (a chart
# about 490 px wide beside the menu) two one-line labels at the same height ran into each
# other («Hjemmebaserede indsatser», «Forebyggende (§ 11, stk. 3)»).
SANKEY_LABEL_LINE = 16


def _sankey_label(step: str) -> str:
    """The node label of a step, broken at the space nearest its middle when it is longer
    than :data:`SANKEY_LABEL_LINE` characters."""
    label = _SANKEY_LABELS.get(step, STEP_LABELS[step])
    if len(label) <= SANKEY_LABEL_LINE or " " not in label:
        return label
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return f"{label[:cut]}<br>{label[cut + 1:]}"


def _hidden_flows_text(rows: pd.DataFrame) -> str:
    """The note under a Sankey with hidden flows, in words (never a bare «<5»)."""
    text = f"Strømme, der bygger på {hidden_phrase()} børn"
    if ".." in _suppressed_text(rows):
        text += " eller ville afsløre sådanne"
    return text + ", er ikke vist."


def _flow_labels(rows: pd.DataFrame) -> list[str]:
    out = []
    for dim in rows["dimension"]:
        a, _, b = str(dim).partition(">")
        out.append(f"{STEP_LABELS.get(a, a)} → {STEP_LABELS.get(b, b)}")
    return out


def _sankey_positions(values: list[float]) -> list[float]:
    """Vertical centres (0 = top) of stacked nodes proportional to their values."""
    if not values:
        return []
    total = float(sum(values))
    gap = 0.07
    usable = max(0.2, 1 - gap * (len(values) - 1) - 0.02)
    out, top = [], 0.01
    for v in values:
        h = usable * float(v) / total if total else 0.0
        out.append(round(top + h / 2, 4))
        top += h + gap
    return out
