"""Charts of the theme Udgifter (Plotly), next to its blocks in ``themes.udgifter``.

The shared chart toolkit (selection, hover texts, axes, suppression notes, the generic builders) is
:mod:`noegletal.presentation.charts`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from noegletal.domain.vocabulary import STEPS
from noegletal.presentation import colors
from noegletal.presentation.formatting import (
    format_period,
    format_value,
)

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure
from noegletal.presentation.charts import (
    PANEL_TITLE_SIZE,
    _bar_traces,
    _base_figure,
    _category_axis,
    _dim_label,
    _expected_legend,
    _expected_marks,
    _finish,
    _subtitle,
    _suppressed_labels,
    _suppressed_text,
    _title_room,
    _visible,
    _x_labels_of,
    counts_text,
    hover_text,
    make_room_at_top,
    mark_hidden,
    select_rows,
    stacked_shares,
    titled_layout,
    wrap_text,
)

PANEL_TITLE_LINE = 18
_PANEL_TITLE_ROOM_PX = 32  # between the subtitle and the plot: the first row's panel titles


def _expenditure_bars(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    order: Sequence[str],
    expected_years: Collection[int],
    subtitle_extra: str = "",
) -> go.Figure:
    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=order)
    fig = _base_figure(kf.name, _subtitle(kommunekode, subtitle_extra))
    x_labels, patterns = _expected_marks(rows, expected_years)
    _bar_traces(fig, rows, kf, order, colors.EXPENDITURE_COLORS, x_labels=x_labels,
                patterns=patterns, show_text=False)
    for dim in order:
        mark_hidden(fig, rows.loc[rows["dimension"].eq(dim)], _x_labels_of(rows, kf, x_labels))
    if patterns:
        _expected_legend(fig)
    fig.update_layout(barmode="group", bargap=0.2)
    _category_axis(fig, rows, kf, x_labels)
    fig.update_yaxes(title_text=kf.unit_label, zeroline=True, zerolinewidth=2,
                     zerolinecolor=colors.DARK_GREY, tickformat=",.0f")
    return _finish(fig, [kf.id], _suppressed_labels(rows, kf, True), _suppressed_text(rows))


def expenditure_by_category(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    expected_years: Collection[int] = (),
    categories: Sequence[str] = ("service", "administration_myndighed",
                                 "administration_oevrig"),
) -> go.Figure:
    """``udgifter_netto``: net expenditure per year and category as grouped bars, and the
    total («I alt», as the report's figure) as a line in the one style of totals; years with
    expected (not final) accounts are hatched and labelled "(forventet)"."""
    fig = _expenditure_bars(frame, kf, kommunekode=kommunekode, order=categories,
                            expected_years=expected_years)
    total = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=[TOTAL])
    vis = _visible(total)
    if len(vis):
        x_labels, _ = _expected_marks(total, expected_years)
        xs = [x_labels.get(d) or format_period(d, kf.frequency) for d in vis["dato"]]
        label = kf.dimensions.get(TOTAL, "I alt")
        shown = [format_value(v, kf.unit) for v in vis["vaerdi"]]
        fig.add_trace(go.Scatter(
            x=xs, y=[float(v) for v in vis["vaerdi"]], name=label, mode="lines+markers",
            line={"color": colors.TOTAL_COLOR, "dash": colors.TOTAL_DASH,
                  "width": colors.TOTAL_WIDTH},
            marker={"size": 8, "color": colors.TOTAL_COLOR},
            hovertext=[hover_text(label, x, s) for x, s in zip(xs, shown, strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    return fig


TOTAL = "i_alt"  # the dimension that is the sum of the others (noegletal.metrics.suppression)


def extra_expenditure(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    expected_years: Collection[int] = (),
    base_periods: Mapping[str, tuple[int, int]] | None = None,
    categories: Sequence[str] = ("service", "administration", "i_alt"),
) -> go.Figure:
    """``merudgifter``: expenditure minus the base-period mean as bars around zero per year
    and category; expected accounts hatched. The base periods are stated in the subtitle,
    since Service, Administration and I alt use different ones and cannot be added."""
    extra = ""
    if base_periods:
        parts = [f"{_dim_label(kf, c).lower()} {a}-{b}" for c, (a, b) in base_periods.items()
                 if c in categories]
        extra = "Basisperiode: " + ", ".join(parts)
    return _expenditure_bars(frame, kf, kommunekode=kommunekode, order=categories,
                             expected_years=expected_years, subtitle_extra=extra)


def cost_per_child(
    frame: pd.DataFrame,
    step_kf: KeyFigure,
    total_kf: KeyFigure | None = None,
    *,
    kommunekode: int,
    expected_years: Collection[int] = (),
    comparator: pd.DataFrame | None = None,
    comparator_label: str = "Hele landet",
    subtitle: str = "",
) -> go.Figure:
    """``udgift_pr_barn_trin`` (and ``udgift_pr_barn``) as small multiples: one panel of bars
    per step in the step's colour, each with its own y axis (an institution year costs many
    times a home-based one, so a shared axis would flatten the lower steps). With
    ``total_kf`` the first panel is the cost per child with any measure, against the
    comparator (dashed line) when given. Years with expected accounts are hatched and
    labelled "(forventet)"; suppressed years are left out."""
    panels: list[tuple[KeyFigure, str, str, str]] = []  # kf, dimension, title, colour
    if total_kf is not None:
        total = select_rows(frame, total_kf.id, kommunekode=kommunekode, dimensions=[""])
        if len(total):
            panels.append((total_kf, "", "Alle børn med en indsats", colors.KOMMUNE_COLOR))
    steps = select_rows(frame, step_kf.id, kommunekode=kommunekode)
    for step in STEPS:
        if step in set(steps["dimension"]):
            panels.append((step_kf, step, _dim_label(step_kf, step), colors.STEP_COLORS[step]))
    all_rows = pd.concat([select_rows(frame, kf.id, kommunekode=kommunekode)
                          for kf in {k.id: k for k, *_ in panels}.values()]
                         ) if panels else steps
    x_labels, patterns = _expected_marks(all_rows, expected_years)
    cats = [x_labels.get(d) or format_period(d, "aar") for d in sorted(set(all_rows["dato"]))]
    n_rows = max(1, (len(panels) + 1) // 2)
    fig = make_subplots(rows=n_rows, cols=2 if len(panels) > 1 else 1,
                        # two panels side by side in a 490 px chart: titles of more than
                        # 18 characters on two lines, or neighbours run into each other
                        subplot_titles=[wrap_text(title, PANEL_TITLE_LINE)
                                        for *_, title, _ in panels] or None,
                        vertical_spacing=0.16 / n_rows + 0.05, horizontal_spacing=0.17)
    # a first-row panel title on two lines needs a line more between the subtitle and the
    # panels; the title is pinned to the top so the extra room comes under the subtitle
    wrapped = any("<br>" in wrap_text(title, PANEL_TITLE_LINE) for *_, title, _ in panels[:2])
    layout = titled_layout("Udgift pr. barn", _subtitle(kommunekode, subtitle),
                           height=180 + 260 * n_rows)
    needed = (_title_room(layout["title"]["text"], layout["title"]["subtitle"]["text"])
              + _PANEL_TITLE_ROOM_PX + (26 if wrapped else 0))
    make_room_at_top(layout, needed)
    fig.update_layout(**layout)
    hidden: list[str] = []
    hidden_rows = []
    for i, (kf, dim, title, color) in enumerate(panels):
        r, c = i // 2 + 1, i % 2 + 1
        rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=[dim])
        hidden += [f"{title}, {lbl}" for lbl in _suppressed_labels(rows, kf, False)]
        hidden_rows.append(rows)
        mark_hidden(fig, rows, _x_labels_of(rows, kf, x_labels), row=r, col=c)
        vis = _visible(rows)
        xs = [x_labels.get(d) or format_period(d, kf.frequency) for d in vis["dato"]]
        shown = [f"{format_value(v, kf.unit)} pr. barn" for v in vis["vaerdi"]]
        noun = "børn i gennemsnit" if dim else "børn"
        fig.add_trace(go.Bar(
            x=xs, y=[float(v) for v in vis["vaerdi"]], name=title, showlegend=False,
            marker={"color": color, "line": {"color": "#ffffff", "width": 1},
                    "pattern": {"shape": [patterns.get(d, "") for d in vis["dato"]],
                                "fgcolor": "#ffffff", "solidity": 0.35}},
            hovertext=[hover_text(title, x, v, counts_text(t, n, kf.unit, noun))
                       for x, v, t, n in zip(xs, shown, vis["taeller"], vis["naevner"],
                                             strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        ), row=r, col=c)
        if comparator is not None and not dim:
            crow = select_rows(comparator, kf.id, dimensions=[""])
            hidden += [f"{comparator_label}, {lbl}"
                       for lbl in _suppressed_labels(crow, kf, False)]
            cvis = _visible(crow)
            cx = [x_labels.get(d) or format_period(d, kf.frequency) for d in cvis["dato"]]
            if len(cvis):
                fig.add_trace(go.Scatter(
                    x=cx, y=[float(v) for v in cvis["vaerdi"]], name=comparator_label,
                    mode="lines+markers",
                    line={"color": colors.COMPARATOR_COLOR, "dash": colors.COMPARATOR_DASH,
                          "width": 3},
                    marker={"size": 8, "color": colors.COMPARATOR_COLOR},
                    hovertext=[hover_text(comparator_label, x,
                                          f"{format_value(v, kf.unit)} pr. barn")
                               for x, v in zip(cx, cvis["vaerdi"], strict=True)],
                    hovertemplate="%{hovertext}<extra></extra>",
                ), row=r, col=c)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=cats,
                     tickangle=-45 if len(cats) > 6 else 0, tickfont={"size": 13},
                     showticklabels=False)
    # Years only under the lowest panel of each column, so labels never run into a title.
    for col in (1, 2):
        in_col = [i for i in range(len(panels)) if i % 2 + 1 == col]
        if in_col:
            fig.update_xaxes(showticklabels=True, row=in_col[-1] // 2 + 1, col=col)
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f", tickfont={"size": 13})
    fig.update_annotations(font={"size": PANEL_TITLE_SIZE})
    if patterns:
        _expected_legend(fig)
    text_rows = pd.concat(hidden_rows) if hidden_rows else steps
    ids = list(dict.fromkeys(kf.id for kf, *_ in panels)) or [step_kf.id]
    return _finish(fig, ids, hidden, _suppressed_text(text_rows))


def service_share_by_step(frame: pd.DataFrame, kf: KeyFigure, *, kommunekode: int,
                          expected_years: Collection[int] = ()) -> go.Figure:
    """``serviceudgifter_trin_andel``: gross service expenditure per step as 100 % stacked
    bars per year, lowest step at the bottom."""
    order = [s for s in STEPS if s != "ingen"]
    return stacked_shares(frame, kf, kommunekode=kommunekode, order=order,
                          palette=colors.STEP_COLORS, expected_years=expected_years)
