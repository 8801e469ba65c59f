"""Charts of the theme Anbringelser (Plotly), next to its blocks in ``themes.anbringelser``.

The shared chart toolkit (selection, hover texts, axes, suppression notes, the generic builders) is
:mod:`noegletal.presentation.charts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from noegletal.domain.formatting import join_danish
from noegletal.domain.vocabulary import PLACEMENT_FORMS
from noegletal.presentation import colors
from noegletal.presentation.formatting import (
    BASE_FONT_SIZE,
    PLOTLY_LAYOUT,
    format_period,
    format_value,
)

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure
from noegletal.presentation.charts import (
    _SUBTITLE_LINE_PX,
    BAR_TEXT_SIZE,
    HIDDEN_GROUP,
    HIDDEN_MARKER,
    LABELLED_BARS,
    SUBTITLE_LINE,
    _bar_traces,
    _base_figure,
    _category_ticks,
    _finish,
    _period_labels,
    _subtitle,
    _suppressed_labels,
    _suppressed_text,
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
from noegletal.presentation.marks import hidden_phrase


def placement_forms(frame: pd.DataFrame, kf: KeyFigure, *, kommunekode: int,
                    title: str | None = None, subtitle: str | None = None) -> go.Figure:
    """``anbringelsesform_andel``: the placement pattern as 100 % stacked bars per cut-off,
    netværkspleje at the bottom and institution at the top, in the step colours."""
    return stacked_shares(frame, kf, kommunekode=kommunekode, order=PLACEMENT_FORMS,
                          palette=colors.PLACEMENT_FORM_COLORS, title=title,
                          subtitle=subtitle)


def ceased_institution(
    frame: pd.DataFrame,
    share_kf: KeyFigure,
    where_kf: KeyFigure,
    *,
    kommunekode: int,
) -> go.Figure:
    """Ceased institution placements: the share of the cohort that left the institution group
    (top panel, with "6 af 45 børn") and where they went (bottom panel, 100 % stacked:
    another placement form or not placed).

    A panel whose every value is hidden (few children, common for the destinations in a
    small municipality) is not drawn as an empty frame: the other panel is drawn alone and
    the subtitle says what is left out. Values are written on the bars only when the axis
    has at most :data:`LABELLED_BARS` periods (otherwise Plotly shrinks them unreadably).
    """
    share = select_rows(frame, share_kf.id, kommunekode=kommunekode, dimensions=[""])
    where_order = tuple(where_kf.dimensions) or tuple(colors.CEASED_DESTINATION_COLORS)
    where = select_rows(frame, where_kf.id, kommunekode=kommunekode, dimensions=where_order)
    # the panel titles wrap like the subtitle, the top margin growing by the first one's
    # extra lines so it stays clear of the subtitle
    share_title = "Andel ophørt siden forrige skæringsdato"
    where_title = "Hvor er de børn, hvis anbringelse er ophørt?"
    panels = [(rows, t) for rows, t in ((share, share_title), (where, where_title))
              if not _visible(rows).empty] or [(share, share_title)]
    left_out = [t for rows, t in ((share, "andelen"), (where, "hvor børnene er nu"))
                if len(rows) and _visible(rows).empty]
    single = len(panels) == 1
    subtitle = _subtitle(kommunekode)
    if single and not _visible(panels[0][0]).empty:
        # one panel: its heading joins the subtitle, and a second line says what is left out
        subtitle = _subtitle(kommunekode, panels[0][1][:1].lower() + panels[0][1][1:])
        if left_out:
            subtitle += f"<br>{join_danish(left_out).capitalize()} vises ikke: for få børn."
    panel_titles = [wrap_text(t, SUBTITLE_LINE) for _, t in panels]
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=True, vertical_spacing=0.14,
                        subplot_titles=None if single else panel_titles)
    layout = titled_layout("Ophørte institutionsanbringelser", subtitle,
                           height=720 if not single else PLOTLY_LAYOUT.get("height", 520))
    if not single:
        make_room_at_top(layout, layout["margin"]["t"]
                         + panel_titles[0].count("<br>") * _SUBTITLE_LINE_PX)
    fig.update_layout(**layout)
    fig.update_annotations(font_size=BASE_FONT_SIZE)  # the panel titles
    all_rows = pd.concat([share, where])
    cats = [format_period(d, share_kf.frequency) for d in sorted(set(all_rows["dato"]))]
    labelled = len(cats) <= LABELLED_BARS
    for row, (rows, _) in enumerate(panels, start=1):
        if rows is share:
            vis = _visible(share)
            xs = _period_labels(vis["dato"], share_kf.frequency)
            shown = [format_value(v, share_kf.unit) for v in vis["vaerdi"]]
            fig.add_trace(go.Bar(
                x=xs, y=[float(v) for v in vis["vaerdi"]], name=share_kf.name,
                marker={"color": colors.STEP_COLORS["institution"]},
                text=shown if labelled else None, textposition="outside",
                textfont={"size": BAR_TEXT_SIZE}, cliponaxis=False,
                hovertext=[hover_text(share_kf.name, x, s, counts_text(t, n, share_kf.unit))
                           for x, s, t, n in zip(xs, shown, vis["taeller"], vis["naevner"],
                                                 strict=True)],
                hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
            ), row=row, col=1)
            mark_hidden(fig, share, _x_labels_of(share, share_kf), row=row, col=1)
            fig.update_yaxes(ticksuffix=" %", rangemode="tozero", title_text="Andel",
                             row=row, col=1)
        else:
            _bar_traces(fig, where, where_kf, where_order, colors.CEASED_DESTINATION_COLORS,
                        row=row, show_text=labelled)
            mark_hidden(fig, where, _x_labels_of(where, where_kf), stacked=True, row=row,
                        col=1)
            fig.update_yaxes(range=[0, 100], ticksuffix=" %", title_text="Andel",
                             row=row, col=1)
    fig.update_layout(barmode="stack")
    _category_ticks(fig, cats)
    if _visible(share).empty and _visible(where).empty and len(all_rows):
        fig.add_annotation(text="Alle tal er skjult, fordi de bygger på få børn.",
                           xref="x domain", yref="y domain", x=0.5, y=0.5,
                           showarrow=False, font={"size": 16, "color": colors.DARK_GREY})
    hidden = (_suppressed_labels(share, share_kf, False)
              + _suppressed_labels(where, where_kf, True))
    return _finish(fig, [share_kf.id, where_kf.id], hidden, _suppressed_text(all_rows))


def ceased_pooled(pooled: pd.DataFrame, share_kf: KeyFigure, where_kf: KeyFigure, *,
                  kommunekode: int, period: str) -> go.Figure:
    """Ceased institution placements over the whole period (seed 004, Figur 40 and 44):
    where the children went, pooled over every cut-off of the period, as one bar per
    destination with the counts behind it; the pooled share of ceased placements in the
    subtitle. A hidden value is marked where its bar would be, «færre end 5»."""
    share = select_rows(pooled, share_kf.id, kommunekode=kommunekode, dimensions=[""])
    order = tuple(where_kf.dimensions) or tuple(colors.CEASED_DESTINATION_COLORS)
    where = select_rows(pooled, where_kf.id, kommunekode=kommunekode, dimensions=order)
    if len(share) and not share["undertrykt"].iloc[0]:
        r = share.iloc[0]
        lead = (f"{format_value(r['vaerdi'], share_kf.unit)} af institutionsanbringelserne "
                f"ophørte ({counts_text(r['taeller'], r['naevner'], share_kf.unit)})")
    elif len(share):
        lead = f"Ophørte institutionsanbringelser: {hidden_phrase()} børn"
    else:
        lead = ""
    fig = _base_figure("Hvor gik børnene hen? Hele perioden samlet",
                       _subtitle(kommunekode, " · ".join(x for x in (period, lead) if x)))
    vis = _visible(where)
    labels = {d: where_kf.dimensions.get(d, d) for d in order}
    if len(vis):
        xs = [labels[d] for d in vis["dimension"]]
        shown = [format_value(v, where_kf.unit) for v in vis["vaerdi"]]
        counts = [counts_text(t, n, where_kf.unit) for t, n in
                  zip(vis["taeller"], vis["naevner"], strict=True)]
        fig.add_trace(go.Bar(
            x=xs, y=[float(v) for v in vis["vaerdi"]], name=where_kf.name, showlegend=False,
            marker={"color": [colors.CEASED_DESTINATION_COLORS.get(d, colors.BLUE)
                              for d in vis["dimension"]]},
            text=[f"{s}<br>{c}" for s, c in zip(shown, counts, strict=True)],
            textposition="outside", textfont={"size": BAR_TEXT_SIZE}, cliponaxis=False,
            hovertext=[hover_text(x, period, s, c) for x, s, c in
                       zip(xs, shown, counts, strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    hidden = where.loc[where["undertrykt"]]
    if len(hidden):
        fig.add_trace(go.Scatter(
            x=[labels[d] for d in hidden["dimension"]], y=[0.0] * len(hidden),
            mode="markers+text", marker=HIDDEN_MARKER, text=[hidden_phrase()] * len(hidden),
            textposition="top center", cliponaxis=False, showlegend=False,
            textfont={"size": 15, "color": colors.DARK_GREY}, hoverinfo="skip",
            meta=HIDDEN_GROUP, legendgroup=HIDDEN_GROUP))
    fig.update_xaxes(type="category", categoryorder="array",
                     categoryarray=[labels[d] for d in order])
    fig.update_yaxes(range=[0, 115], ticksuffix=" %", title_text="Andel af de ophørte")
    return _finish(fig, [share_kf.id, where_kf.id],
                   [labels.get(d, d) for d in hidden["dimension"]]
                   + ([lead] if len(share) and share["undertrykt"].iloc[0] else []),
                   _suppressed_text(pd.concat([share, where])))
