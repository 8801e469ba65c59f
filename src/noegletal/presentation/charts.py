"""Plotly figure builders for the dashboard and the udvalgsrapport: the shared toolkit.

This module holds the selection and text helpers, the axes and the generic builders (a figure
over time, stacked and grouped shares, series by dimension); the charts of one theme live next
to that theme's blocks in ``noegletal.presentation.themes.<theme>_charts``.

Every builder is a pure function: a tidy, *suppressed* result frame, the catalogue entry (or
entries) it draws, and options in; a ``plotly.graph_objects.Figure`` out. The frame has the
result columns (``noegletal, kommunekode, dato, dimension, vaerdi, taeller, naevner``) plus
``undertrykt`` (bool) and ``vises`` (the display string) added by
``noegletal.metrics.suppression.suppress``.

Rules all builders keep:

* a row with ``undertrykt == True`` is never drawn, and none of its numbers (value,
  numerator, denominator) reach the figure; where it would be, an open grey square marks it
  (at the axis, or on top of the shown part of a stacked bar) and each run of hidden periods
  is labelled «færre end 5» (the threshold in force), so a hidden value never reads as an
  empty gap; the legend entry «Ikke vist» shows that same marker (:func:`mark_hidden`);
* labels, axis titles and hover texts are Danish; hover texts show the value in its unit and
  the counts behind it ("3 af 45 børn");
* the layout starts from :data:`noegletal.presentation.formatting.PLOTLY_LAYOUT` (decimal
  comma, light theme, large fonts);
* ``fig.layout.meta`` records the key-figure ids drawn and the labels of the points left out,
  so pages, the report and tests can say what is missing.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.schema import RESULT_COLUMNS
from noegletal.domain.vocabulary import STEP_LABELS
from noegletal.metrics.catalogue import UNIT_TYPES
from noegletal.presentation import colors
from noegletal.presentation.formatting import (
    MISSING,
    PLOTLY_LAYOUT,
    format_count,
    format_kroner,
    format_number,
    format_period,
    format_value,
    is_finite,
)
from noegletal.presentation.marks import hidden_mark, hidden_phrase

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure

DISPLAY_COLUMNS: tuple[str, ...] = (*RESULT_COLUMNS, "undertrykt", "vises")

PANEL_TITLE_SIZE = 17  # subplot titles of small multiples
BAR_TEXT_SIZE = 16
MIN_BAR_TEXT_SIZE = 12  # smaller bar texts are hidden, not shrunk (see _finish)
EXPECTED_LABEL = "forventet"
EXPENDITURE_PATTERN = "/"


class ChartInputError(ValueError):
    """The frame handed to a chart builder lacks the columns of a suppressed result."""


# --- selection and text helpers ----------------------------------------------------------

def require_display_frame(frame: pd.DataFrame) -> None:
    """Refuse frames that have not been through suppression (no ``undertrykt``/``vises``)."""
    missing = [c for c in DISPLAY_COLUMNS if c not in frame.columns]
    if missing:
        raise ChartInputError(
            "Tabellen mangler kolonnerne " + ", ".join(missing)
            + "; tal skal diskretioneres, før de vises."
        )


def select_rows(
    frame: pd.DataFrame,
    kf_id: str,
    *,
    kommunekode: int | None = None,
    dimensions: Collection[str] | None = None,
) -> pd.DataFrame:
    """Rows of one key figure (optionally one municipality and some dimensions), by date."""
    require_display_frame(frame)
    mask = frame["noegletal"].eq(kf_id)
    if kommunekode is not None:
        mask &= frame["kommunekode"].eq(int(kommunekode))
    if dimensions is not None:
        mask &= frame["dimension"].fillna("").isin(list(dimensions))
    out = frame.loc[mask].copy()
    out["dimension"] = out["dimension"].fillna("")
    out["dato"] = pd.to_datetime(out["dato"])
    out["undertrykt"] = out["undertrykt"].fillna(False).astype(bool)
    return out.sort_values(["dato", "dimension"]).reset_index(drop=True)


def counts_text(taeller: float | None, naevner: float | None, unit: str,
                noun: str | None = None) -> str:
    """The counts behind a value: ``3 af 45 børn`` (a share), ``12 af 1.690 børn 0-17 år``
    (per 1000), ``20,3 mio. kr. fordelt på 67,7 børn`` (kr. per child), ``N = 159`` (only a
    denominator); empty when there are no counts."""
    u = UNIT_TYPES.get(unit)
    if noun is None:
        noun = u.counts_noun if u is not None else "børn"
    if u is not None and u.style == "kroner" and is_finite(taeller) and is_finite(naevner):
        # kr. per child: the amount spread over a (possibly mean) number of children
        decimals = 0 if float(naevner).is_integer() else 1
        return f"{format_kroner(taeller)} fordelt på {format_number(naevner, decimals)} {noun}"
    if is_finite(taeller) and is_finite(naevner):
        return f"{format_count(taeller)} af {format_count(naevner)} {noun}"
    if is_finite(naevner):
        return f"N = {format_count(naevner)}"
    return ""


def hover_text(title: str, period: str, value: str, counts: str = "",
               extra: str = "") -> str:
    """One hover box: bold series name, period, value, counts (each on its own line)."""
    lines = [f"<b>{title}</b>", period, value]
    if counts:
        lines.append(counts)
    if extra:
        lines.append(extra)
    return "<br>".join(lines)


def _period_labels(datoer: pd.Series, frequency: str) -> list[str]:
    return [format_period(d, frequency) for d in datoer]


def _dim_label(kf: KeyFigure, dimension: str) -> str:
    if dimension in kf.dimensions:
        return kf.dimensions[dimension]
    if dimension in STEP_LABELS:
        return STEP_LABELS[dimension]
    return dimension or kf.name


def _suppressed_labels(rows: pd.DataFrame, kf: KeyFigure, with_dimension: bool) -> list[str]:
    hidden = rows.loc[rows["undertrykt"]]
    out = []
    for dato, dim in zip(hidden["dato"], hidden["dimension"], strict=True):
        label = format_period(dato, kf.frequency)
        if with_dimension and dim:
            label = f"{_dim_label(kf, dim)}, {label}"
        out.append(label)
    return out


def _suppressed_text(rows: pd.DataFrame) -> str:
    """The marks shown instead of the hidden values (``<5``, ``..``), joined by ``/``."""
    marks = sorted({v.strip() for v in rows.loc[rows["undertrykt"], "vises"]
                    if isinstance(v, str) and v.strip()}, key=lambda m: (m != "..", m),
                   reverse=True)
    return " / ".join(marks) if marks else hidden_mark()


def _base_figure(title: str, subtitle: str = "") -> go.Figure:
    fig = go.Figure()
    fig.update_layout(**titled_layout(title, subtitle))
    return fig


# Characters of a chart title (20 px bold), of its subtitle (17 px) and of a legend entry
# (16 px) that fit on one line of the narrowest chart: about 250 px wide in a 320 px window
# (WCAG reflow; 490 px at 1024 px with the menu open). Plotly never wraps a title or a legend
# entry, it cuts them at the chart's edge («Andel af de anbragte, der er på institution,
# opholds…»), and the chart's width is not known where the figure is built, so texts are
# wrapped for the narrowest width, in lines of even length (:func:`wrap_text`): two or three
# short lines above a wide chart read as well as one long one.
TITLE_LINE = 26
SUBTITLE_LINE = 27
LEGEND_LINE = 24
_TITLE_LINE_PX, _SUBTITLE_LINE_PX = 26, 23  # the height of one more line (1,3 × the font)
_SUBTITLE_FIRST_PX = 28  # from the title's last line to the subtitle's first (Plotly: 1,6 em)
_TITLE_TOP_PX = 30  # from the top of the chart to the top of the title
_TITLE_GAP_PX = 14  # between the subtitle and the plot (its top tick label reaches above it)
# per extra line of the legend entries (see fit_legend): the figure grows by a line of the
# legend (an entry to a row in a narrow chart), and the legend is lifted by what Plotly
# counts short
_LEGEND_LINE_PX, _LEGEND_LIFT_PX = 20, 2


def _wrap_greedy(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def wrap_text(text: str, width: int) -> str:
    """``text`` broken with ``<br>`` between words so no line is longer than ``width``
    characters (a word longer than that stands on its own line); existing ``<br>`` kept.
    The lines are as even as that number of lines allows (not one long line and a short
    last word), and a text that fits stays as it is, so wrapping twice changes nothing."""
    out: list[str] = []
    for part in text.split("<br>"):
        lines = _wrap_greedy(part, width)
        if len(lines) > 1:
            # the narrowest width that still needs no more lines evens them out
            for narrower in range(-(-len(part) // len(lines)), width):
                even = _wrap_greedy(part, narrower)
                if len(even) == len(lines):
                    lines = even
                    break
        out.extend(lines)
    return "<br>".join(out)


def _title_room(title: str, subtitle: str) -> int:
    """The top margin a title and subtitle pinned :data:`_TITLE_TOP_PX` from the top need,
    so the subtitle ends above the plot and its top tick label."""
    room = _TITLE_TOP_PX + (title.count("<br>") + 1) * _TITLE_LINE_PX + _TITLE_GAP_PX
    if subtitle:
        room += _SUBTITLE_FIRST_PX + subtitle.count("<br>") * _SUBTITLE_LINE_PX
    return room


_PINNED_TITLE = {"yref": "container", "y": 1.0, "yanchor": "top", "pad": {"t": _TITLE_TOP_PX}}


def make_room_at_top(layout: dict, top: int) -> dict:
    """Grow ``layout``'s top margin to at least ``top`` px and its height (default 520) by as
    much, so the plot keeps its size under taller titles; changes ``layout`` and returns it."""
    margin = layout.get("margin", {})
    current = int(margin.get("t", 80))
    grow = max(0, top - current)
    layout["margin"] = {**margin, "t": current + grow}
    layout["height"] = int(layout.get("height") or 520) + grow
    return layout


def titled_layout(title: str, subtitle: str = "", layout: dict | None = None, *,
                  height: int | None = None) -> dict:
    """A copy of ``layout`` (default :data:`PLOTLY_LAYOUT`) with the title and subtitle
    wrapped to fit a narrow chart (:data:`TITLE_LINE`, :data:`SUBTITLE_LINE`) and pinned to
    the top; the top margin grows to hold their lines and the height (``height``, default
    the layout's) by as much, so the plot keeps its size."""
    layout = copy.deepcopy(PLOTLY_LAYOUT if layout is None else layout)
    if height is not None:
        layout["height"] = height
    title = wrap_text(title, TITLE_LINE)
    layout["title"]["text"] = title
    if subtitle:
        subtitle = wrap_text(subtitle, SUBTITLE_LINE)
        layout["title"]["subtitle"] = {"text": subtitle}
    make_room_at_top(layout, _title_room(title, subtitle))
    # pinned to the top (in pixels, whatever height the chart is given later), so the
    # extra lines take the grown margin instead of pushing the subtitle onto the plot
    layout["title"].update(copy.deepcopy(_PINNED_TITLE))
    return layout


def retitle(fig: go.Figure, *, subtitle: str) -> go.Figure:
    """Give a figure built with :func:`titled_layout` another subtitle, wrapped the same
    way; the top margin and the height grow by the room its extra lines need."""
    new = wrap_text(subtitle, SUBTITLE_LINE)
    fig.update_layout(title_subtitle_text=new, title=copy.deepcopy(_PINNED_TITLE))
    top = fig.layout.margin.t if fig.layout.margin.t is not None else 80
    more = _title_room(fig.layout.title.text or "", new) - top
    if more > 0:
        fig.update_layout(margin_t=top + more, height=(fig.layout.height or 520) + more)
    return fig


def fit_legend(fig: go.Figure) -> go.Figure:
    """Wrap every legend entry longer than :data:`LEGEND_LINE` characters (a trace's name)
    onto lines of even length, so none is cut at the edge of a narrow chart (Plotly puts
    entries side by side and on more rows, but never breaks one). The hover texts name the
    series themselves (``hovertext``), so they keep the label on one line. Changes ``fig``
    in place and returns it; fitting twice changes nothing."""
    extra_lines = new_lines = entries = 0
    for trace in fig.data:
        name = trace.name
        if isinstance(name, str) and getattr(trace, "showlegend", False) is not False:
            entries += 1
            wrapped = wrap_text(name, LEGEND_LINE)
            if wrapped != name:
                trace.name = wrapped
                new_lines += wrapped.count("<br>") - name.count("<br>")
            extra_lines += wrapped.count("<br>")
    legend = fig.layout.legend
    # Plotly draws the legend when asked to, or by default for more than one entry
    shown = fig.layout.showlegend or (fig.layout.showlegend is None and entries > 1)
    if new_lines and shown:
        # the taller legend takes room from the plot, not the plot's height
        fig.update_layout(height=int(fig.layout.height or 520) + _LEGEND_LINE_PX * new_lines)
    if extra_lines and legend.yref == "container" and legend.yanchor == "bottom":
        # Plotly counts a wrapped entry a little short, so rows of them at the bottom of the
        # figure end a few pixels below its edge: lift the legend by that much.
        lift = _LEGEND_LIFT_PX * (extra_lines + 1)
        fig.update_layout(legend_y=round(lift / float(fig.layout.height or 520), 4))
    return fig


HIDDEN_MARKER: dict = {"symbol": "square-open", "color": colors.DARK_GREY, "size": 13,
                       "line": {"width": 2}}
HIDDEN_GROUP = "ikke_vist"
HIDDEN_TEXT_SIZE = 15
MAX_LABELLED_RUNS = 3  # more runs of hidden periods: only the longest is labelled


def hidden_legend_name(individuals: str = "børn") -> str:
    """The legend entry of the hidden-value marker: «Ikke vist: færre end 5 børn»
    (``individuals``: ``deltagere`` for the interventions)."""
    return f"Ikke vist: {hidden_phrase()} {individuals}"


def _labelled_positions(fig: go.Figure, position: Mapping[object, int]) -> set[int]:
    """The positions (``position``: x value -> index) where a hidden-value marker already
    in ``fig`` wrote its words."""
    taken: set[int] = set()
    for trace in fig.data:
        if getattr(trace, "meta", None) != HIDDEN_GROUP or trace.text is None:
            continue
        for x, text in zip(trace.x, trace.text, strict=False):
            if text and x in position:
                taken.add(position[x])
    return taken


def mark_hidden(
    fig: go.Figure,
    rows: pd.DataFrame,
    x_of: Mapping[pd.Timestamp, object] | None = None,
    *,
    stacked: bool = False,
    row: int | None = None,
    col: int | None = None,
    floor: float = 0.0,
) -> int:
    """Mark the hidden values of ``rows`` (one series, or the segments of stacked bars)
    where they would be: an open square at the axis (``stacked``: on top of the shown part
    of the bar) for each period with a hidden value, and the words «færre end 5» (or
    «skjult» for a cell hidden so a small number cannot be worked out) once per run of
    consecutive hidden periods. ``x_of`` maps a date to its x (a category label); the date
    itself by default; ``floor`` is the bottom of the value axis (1 for an index 1-5).
    Returns the number of markers drawn."""
    if rows.empty or not rows["undertrykt"].any():
        return 0
    datoer = sorted(set(pd.to_datetime(rows["dato"])))
    hidden = rows.loc[rows["undertrykt"]]
    hidden_dates = sorted(set(pd.to_datetime(hidden["dato"])))
    vis = _visible(rows)
    xs, ys, texts, hovers = [], [], [], []
    index = {d: i for i, d in enumerate(datoer)}
    runs: list[list[pd.Timestamp]] = []
    for d in hidden_dates:
        if runs and index[runs[-1][-1]] == index[d] - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    if len(runs) > MAX_LABELLED_RUNS:
        # many short runs: their words would run into each other; label the longest only
        runs = [max(runs, key=len)]
    labelled = {run[(len(run) - 1) // 2] for run in runs}
    if row is None:
        # Several series of one chart mark their own hidden periods: a period whose words
        # another series already wrote at or next to it gets the marker only, so the words
        # never run into each other.
        taken = _labelled_positions(fig, {x_of.get(d, d) if x_of else d: i
                                          for d, i in index.items()})
        labelled = {d for d in labelled if not taken & {index[d] - 1, index[d], index[d] + 1}}
    for d in hidden_dates:
        marks = {str(v).strip() for v in hidden.loc[hidden["dato"].eq(d), "vises"]}
        words = "skjult" if marks == {".."} else hidden_phrase()
        shown_here = vis.loc[pd.to_datetime(vis["dato"]).eq(d), "vaerdi"]
        if not stacked and not shown_here.empty:
            continue  # a series drawn at this period: the hidden row is another dimension's
        xs.append(x_of.get(d, d) if x_of else d)
        ys.append(float(shown_here.sum()) if stacked and not shown_here.empty else floor)
        texts.append(words if d in labelled else "")
        hovers.append(f"Ikke vist: {words} børn" if words != "skjult" else
                      "Skjult, så et lille tal ikke kan regnes ud")
    if not xs:
        return 0
    trace = go.Scatter(
        x=xs, y=ys, mode="markers+text", marker=HIDDEN_MARKER, text=texts,
        textposition="top center", cliponaxis=False,
        textfont={"size": HIDDEN_TEXT_SIZE, "color": colors.DARK_GREY},
        hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
        name=hidden_legend_name(), showlegend=False, legendgroup=HIDDEN_GROUP,
        meta=HIDDEN_GROUP,
    )
    if row is None:
        fig.add_trace(trace)
    else:
        fig.add_trace(trace, row=row, col=col or 1)
    return len(xs)


def _shown_points(srows: pd.DataFrame, kf, name: str) -> tuple[list, list[str]]:
    """One series' y values and hover texts: hidden or missing values are gaps (``None``)
    with no hover text, so nothing suppressed reaches the figure."""
    y = [None if (hid or not is_finite(v)) else float(v)
         for v, hid in zip(srows["vaerdi"], srows["undertrykt"], strict=True)]
    texts = [
        "" if (hid or not is_finite(v)) else hover_text(
            name, format_period(d, kf.frequency), format_value(v, kf.unit),
            counts_text(t, n, kf.unit))
        for d, v, t, n, hid in zip(srows["dato"], srows["vaerdi"], srows["taeller"],
                                   srows["naevner"], srows["undertrykt"], strict=True)
    ]
    return y, texts


def _finish(fig: go.Figure, kf_ids: Sequence[str], hidden: list[str],
            hidden_text: str, individuals: str = "børn") -> go.Figure:
    """Add the legend entry for left-out values (the very marker :func:`mark_hidden` draws),
    Danish axis number format, and metadata. ``individuals``: who the hidden values rest on
    too few of (``KeyFigure.individuals``)."""
    fig.update_yaxes(exponentformat="none", separatethousands=True, automargin=True)
    fig.update_xaxes(automargin=True)
    # The hidden-value markers after the data traces (drawn on top, and the data traces keep
    # their order), then the legend entry that shows the same marker.
    markers = [t for t in fig.data if t.meta == HIDDEN_GROUP]
    if markers:
        fig.data = tuple([t for t in fig.data if t.meta != HIDDEN_GROUP] + markers)
    if hidden:
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", marker=HIDDEN_MARKER,
            name=hidden_legend_name(individuals), legendgroup=HIDDEN_GROUP,
            showlegend=True, hoverinfo="skip",
        ))
    # Plotly shrinks a bar's text until it fits the bar; below 12 px nobody in the room can
    # read it, so such a text is hidden instead (the hover and the table have every value).
    fig.update_layout(uniformtext={"minsize": MIN_BAR_TEXT_SIZE, "mode": "hide"})
    fig.update_layout(meta={"noegletal": list(kf_ids), "ikke_vist": hidden,
                            "ikke_vist_tekst": hidden_text if hidden else ""})
    return fit_legend(fig)


def _subtitle(kommunekode: int | None, extra: str = "") -> str:
    parts = []
    if kommunekode is not None:
        parts.append(kommune_navn(kommunekode))
    if extra:
        parts.append(extra)
    return " · ".join(parts)


def _visible(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.loc[~rows["undertrykt"] & rows["vaerdi"].notna()]


# At most this many labelled ticks on a time axis, and text on bars only up to LABELLED_BARS
# periods: a long period stays readable at 1024 px (the hover text still has every value).
MAX_TICKS = 9
LABELLED_BARS = 12


def thinned(items: Sequence, max_ticks: int = MAX_TICKS) -> list:
    """Every k-th item, counted back from the last (the latest period is always labelled),
    so that at most ``max_ticks`` remain."""
    items = list(items)
    if len(items) <= max_ticks:
        return items
    step = -(-len(items) // max_ticks)
    last = len(items) - 1
    return [x for i, x in enumerate(items) if (last - i) % step == 0]


def _date_axis(fig: go.Figure, datoer: Sequence[pd.Timestamp], frequency: str,
               **kwargs) -> None:
    ticks = thinned(sorted(set(pd.to_datetime(list(datoer)))))
    fig.update_xaxes(tickmode="array", tickvals=ticks,
                     ticktext=[format_period(d, frequency) for d in ticks], **kwargs)


def _category_ticks(fig: go.Figure, cats: Sequence[str], **kwargs) -> None:
    """A category axis in the given order with at most :data:`MAX_TICKS` labels."""
    shown = thinned(cats)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(cats),
                     tickmode="array", tickvals=shown, ticktext=shown, **kwargs)


def _share_axis(fig: go.Figure, **kwargs) -> None:
    fig.update_yaxes(range=[0, 100], ticksuffix=" %", title_text="Andel", **kwargs)


def _expected_marks(rows: pd.DataFrame, expected_years: Collection[int]
                    ) -> tuple[dict[pd.Timestamp, str], dict[pd.Timestamp, str]]:
    """x labels ``2017 (forventet)`` and hatch patterns for years with expected accounts."""
    years = {int(y) for y in expected_years}
    if not years:
        return {}, {}
    labels, patterns = {}, {}
    for d in sorted(set(rows["dato"])):
        if d.year in years:
            labels[d] = f"{d.year} ({EXPECTED_LABEL})"
            patterns[d] = EXPENDITURE_PATTERN
    return labels, patterns


def _expected_legend(fig: go.Figure) -> None:
    fig.add_trace(go.Bar(
        x=[None], y=[None], name="Forventet regnskab (ikke endeligt)",
        marker={"color": colors.LIGHT_GREY,
                "pattern": {"shape": EXPENDITURE_PATTERN, "fgcolor": "#ffffff",
                            "solidity": 0.35}},
        showlegend=True, hoverinfo="skip",
    ))


# --- time series -------------------------------------------------------------------------

def rate_over_time(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    dimension: str = "",
    comparator: pd.DataFrame | None = None,
    comparator_label: str = "Hele landet",
    title: str | None = None,
    counts_noun: str | None = None,
    expected_years: Collection[int] = (),
) -> go.Figure:
    """A rate (or any single series) over the cut-offs for the municipality (solid line)
    against a comparator (dashed grey line).

    ``comparator`` holds suppressed result rows of the same key figure and dimension for one
    comparator (the national average, kommunekode 0, or a weighted group); it is drawn as
    it is, labelled ``comparator_label``. ``counts_noun`` names what the counts in the hover
    text count (default children, see :func:`counts_text`). For yearly expenditure figures,
    ``expected_years`` are labelled ``2017 (forventet)`` on the axis and in the hover text.
    """
    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=[dimension])
    name = kommune_navn(kommunekode)
    fig = _base_figure(title or kf.name,
                       _subtitle(kommunekode, _dim_label(kf, dimension) if dimension else ""))
    hidden = _suppressed_labels(rows, kf, with_dimension=False)
    hidden_text = _suppressed_text(rows)
    all_dates = list(rows["dato"])

    series = [(rows, name, colors.KOMMUNE_COLOR, "solid", 4)]
    if comparator is not None:
        crow = select_rows(comparator, kf.id, dimensions=[dimension])
        codes = crow["kommunekode"].unique()
        if len(codes) > 1:
            raise ChartInputError("Sammenligningen skal være én serie (én kommunekode).")
        series.append((crow, comparator_label, colors.COMPARATOR_COLOR,
                       colors.COMPARATOR_DASH, 3))
        hidden += [f"{comparator_label}, {lbl}" for lbl in
                   _suppressed_labels(crow, kf, with_dimension=False)]
        all_dates += list(crow["dato"])

    x_labels, _ = _expected_marks(pd.DataFrame({"dato": pd.to_datetime(all_dates)}),
                                  expected_years)
    for i, (srows, sname, color, dash, width) in enumerate(series):
        # Suppressed points become gaps: y is None there, and no text refers to them.
        y = [None if (hid or not is_finite(v)) else float(v)
             for v, hid in zip(srows["vaerdi"], srows["undertrykt"], strict=True)]
        texts = [
            "" if (hid or not is_finite(v)) else hover_text(
                sname, x_labels.get(d) or format_period(d, kf.frequency),
                format_value(v, kf.unit), counts_text(t, n, kf.unit, counts_noun))
            for d, v, t, n, hid in zip(srows["dato"], srows["vaerdi"], srows["taeller"],
                                       srows["naevner"], srows["undertrykt"], strict=True)
        ]
        fig.add_trace(go.Scatter(
            x=list(srows["dato"]), y=y, name=sname, mode="lines+markers",
            line={"color": color, "dash": dash, "width": width},
            marker={"size": 9, "color": color,
                    "symbol": colors.MARKER_SYMBOLS[i % len(colors.MARKER_SYMBOLS)]},
            connectgaps=False,
            hovertext=texts, hovertemplate="%{hovertext}<extra></extra>",
        ))
        mark_hidden(fig, srows)
    _date_axis(fig, all_dates, kf.frequency)
    if x_labels:
        ticks = sorted(set(pd.to_datetime(all_dates)))
        fig.update_xaxes(ticktext=[x_labels.get(d) or format_period(d, kf.frequency)
                                   for d in ticks])
    fig.update_yaxes(title_text=kf.unit_label, rangemode="tozero",
                     ticksuffix=kf.unit_type.axis_suffix)
    return _finish(fig, [kf.id], hidden, hidden_text)


def several_over_time(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekoder: Sequence[int],
    comparator: pd.DataFrame | None = None,
    comparator_label: str = "Hele landet",
    title: str | None = None,
) -> go.Figure:
    """A rate over the cut-offs for several municipalities on one chart, each its own colour
    and marker, with the comparator (the national line) dashed grey, as seed 004's Figur 35
    (three municipalities and the national average). Hidden points are marked on each line
    as on :func:`rate_over_time`."""
    fig = _base_figure(title or kf.name, "")
    hidden: list[str] = []
    texts_hidden: list[str] = []
    all_dates: list = []
    series = []
    for i, code in enumerate(kommunekoder):
        rows = select_rows(frame, kf.id, kommunekode=int(code), dimensions=[""])
        series.append((rows, kommune_navn(int(code)), colors.CYCLE[i % len(colors.CYCLE)],
                       "solid", 3))
    if comparator is not None:
        crow = select_rows(comparator, kf.id, dimensions=[""])
        if crow["kommunekode"].nunique() > 1:
            raise ChartInputError("Sammenligningen skal være én serie (én kommunekode).")
        series.append((crow, comparator_label, colors.COMPARATOR_COLOR,
                       colors.COMPARATOR_DASH, 3))
    for i, (srows, sname, color, dash, width) in enumerate(series):
        hidden += [f"{sname}, {lbl}" for lbl in _suppressed_labels(srows, kf, False)]
        if srows["undertrykt"].any():
            texts_hidden.append(_suppressed_text(srows))
        all_dates += list(srows["dato"])
        y, texts = _shown_points(srows, kf, sname)
        fig.add_trace(go.Scatter(
            x=list(srows["dato"]), y=y, name=sname, mode="lines+markers",
            line={"color": color, "dash": dash, "width": width},
            marker={"size": 9, "color": color,
                    "symbol": colors.MARKER_SYMBOLS[i % len(colors.MARKER_SYMBOLS)]},
            connectgaps=False, hovertext=texts, hovertemplate="%{hovertext}<extra></extra>",
        ))
        mark_hidden(fig, srows)
    _date_axis(fig, all_dates, kf.frequency)
    fig.update_yaxes(title_text=kf.unit_label, rangemode="tozero",
                     ticksuffix=kf.unit_type.axis_suffix)
    marks = sorted({m for t in texts_hidden for m in t.split(" / ")}, reverse=True)
    return _finish(fig, [kf.id], hidden, " / ".join(marks) if marks else hidden_mark())


# --- stacked and grouped bars ------------------------------------------------------------

def _bar_traces(
    fig: go.Figure,
    rows: pd.DataFrame,
    kf: KeyFigure,
    order: Sequence[str],
    palette: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    *,
    x_labels: Mapping[pd.Timestamp, str] | None = None,
    patterns: Mapping[pd.Timestamp, str] | None = None,
    show_text: bool = True,
    counts_noun: str | None = None,
    row: int | None = None,
    showlegend: bool = True,
) -> None:
    """One bar trace per dimension value in ``order``; suppressed rows are left out."""
    present = [d for d in order if d in set(rows["dimension"])]
    for i, dim in enumerate(present):
        d_rows = _visible(rows.loc[rows["dimension"].eq(dim)])
        if d_rows.empty:
            continue  # every value hidden: the legend note covers it
        label = (labels or {}).get(dim) or _dim_label(kf, dim)
        xs = [(x_labels or {}).get(d) or format_period(d, kf.frequency) for d in d_rows["dato"]]
        values = [float(v) for v in d_rows["vaerdi"]]
        shown = [format_value(v, kf.unit) for v in values]
        hovers = [
            hover_text(label, x, s, counts_text(t, n, kf.unit, counts_noun))
            for x, s, t, n in zip(xs, shown, d_rows["taeller"], d_rows["naevner"], strict=True)
        ]
        marker: dict = {"color": colors.color_for(dim, dict(palette), i),
                        "line": {"color": "#ffffff", "width": 1}}
        if patterns:
            marker["pattern"] = {"shape": [patterns.get(d, "") for d in d_rows["dato"]],
                                 "fgcolor": "#ffffff", "solidity": 0.35}
        trace = go.Bar(
            x=xs, y=values, name=label, marker=marker,
            text=shown if show_text else None, textposition="inside" if show_text else None,
            insidetextanchor="middle", textfont={"size": BAR_TEXT_SIZE},
            hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
            showlegend=showlegend, legendgroup=dim,
        )
        if row is None:
            fig.add_trace(trace)
        else:
            fig.add_trace(trace, row=row, col=1)


def _x_labels_of(rows: pd.DataFrame, kf: KeyFigure,
                 x_labels: Mapping[pd.Timestamp, str] | None = None
                 ) -> dict[pd.Timestamp, str]:
    """The category label of each date of ``rows`` on a category axis."""
    return {d: (x_labels or {}).get(d) or format_period(d, kf.frequency)
            for d in sorted(set(pd.to_datetime(rows["dato"])))}


def _category_axis(fig: go.Figure, rows: pd.DataFrame, kf: KeyFigure,
                   x_labels: Mapping[pd.Timestamp, str] | None = None, **kwargs) -> None:
    datoer = sorted(set(rows["dato"]))
    cats = [(x_labels or {}).get(d) or format_period(d, kf.frequency) for d in datoer]
    _category_ticks(fig, cats, **kwargs)


def stacked_shares(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    order: Sequence[str],
    palette: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    expected_years: Collection[int] = (),
    subtitle: str | None = None,
) -> go.Figure:
    """100 % stacked bars of a distribution over the periods, one segment per dimension in
    ``order`` (bottom first). Suppressed segments are left out, so that bar stays below
    100 % and the legend explains why. ``subtitle`` replaces the municipality's name (e.g.
    for a comparator series such as a weighted group)."""
    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=order)
    fig = _base_figure(title or kf.name,
                       subtitle if subtitle is not None else _subtitle(kommunekode))
    x_labels, patterns = _expected_marks(rows, expected_years)
    _bar_traces(fig, rows, kf, order, palette, labels, x_labels=x_labels, patterns=patterns,
                show_text=rows["dato"].nunique() <= LABELLED_BARS)
    mark_hidden(fig, rows, _x_labels_of(rows, kf, x_labels), stacked=True)
    if patterns:
        _expected_legend(fig)
    fig.update_layout(barmode="stack")
    _category_axis(fig, rows, kf, x_labels)
    _share_axis(fig)
    return _finish(fig, [kf.id], _suppressed_labels(rows, kf, True), _suppressed_text(rows))


def series_by_dimension(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    order: Sequence[str] | None = None,
    palette: Mapping[str, str] | None = None,
    dashes: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """One line per dimension value of a key figure over the periods (e.g.
    ``flytninger_pr_1000`` op / ned / i alt). ``order`` defaults to the catalogue's
    dimensions; suppressed points are gaps and are listed in the legend note."""
    dims = tuple(order) if order is not None else tuple(kf.dimensions)
    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=dims)
    fig = _base_figure(title or kf.name, _subtitle(kommunekode))
    for i, dim in enumerate(d for d in dims if d in set(rows["dimension"])):
        srows = rows.loc[rows["dimension"].eq(dim)]
        mark_hidden(fig, srows)
        if _visible(srows).empty:
            continue  # every value hidden: the markers and the legend note cover it
        label = _dim_label(kf, dim)
        color = colors.color_for(dim, dict(palette or {}), i)
        y, texts = _shown_points(srows, kf, label)
        fig.add_trace(go.Scatter(
            x=list(srows["dato"]), y=y, name=label, mode="lines+markers",
            line={"color": color, "width": 4, "dash": (dashes or {}).get(dim, "solid")},
            marker={"size": 9, "color": color,
                    "symbol": colors.MARKER_SYMBOLS[i % len(colors.MARKER_SYMBOLS)]},
            connectgaps=False,
            hovertext=texts, hovertemplate="%{hovertext}<extra></extra>",
        ))
    _date_axis(fig, list(rows["dato"]), kf.frequency)
    fig.update_yaxes(title_text=kf.unit_label, rangemode="tozero",
                     ticksuffix=kf.unit_type.axis_suffix)
    return _finish(fig, [kf.id], _suppressed_labels(rows, kf, True), _suppressed_text(rows))


def shares_with_counts(
    frame: pd.DataFrame,
    figures: Sequence[KeyFigure],
    *,
    kommunekode: int,
    labels: Mapping[str, str] | None = None,
    palette: Sequence[str] = (colors.BLUE, colors.SKY_BLUE),
    title: str | None = None,
) -> go.Figure:
    """Several shares (unit ``pct``, no dimension) side by side per period as grouped bars,
    each bar labelled with its share and the counts behind it ("12,0 %<br>3 af 25").
    Used for the two versions of the § 11.3 follow-on share (Tabel 6)."""
    all_rows = []
    fig = _base_figure(title or figures[0].name, _subtitle(kommunekode))
    hidden: list[str] = []
    for i, kf in enumerate(figures):
        rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=[""])
        all_rows.append(rows)
        name = (labels or {}).get(kf.id) or kf.name
        hidden += [f"{name}, {lbl}" for lbl in _suppressed_labels(rows, kf, False)]
        mark_hidden(fig, rows, _x_labels_of(rows, kf))
        vis = _visible(rows)
        if vis.empty:
            continue
        xs = _period_labels(vis["dato"], kf.frequency)
        shown = [format_value(v, kf.unit) for v in vis["vaerdi"]]
        counts = [f"{format_count(t)} af {format_count(n)}" if is_finite(t) and is_finite(n)
                  else "" for t, n in zip(vis["taeller"], vis["naevner"], strict=True)]
        fig.add_trace(go.Bar(
            x=xs, y=[float(v) for v in vis["vaerdi"]], name=name,
            marker={"color": palette[i % len(palette)]},
            text=([f"{s}<br>{c}" if c else s for s, c in zip(shown, counts, strict=True)]
                  if len(xs) <= LABELLED_BARS else None),
            textposition="outside", textfont={"size": 14}, cliponaxis=False,
            hovertext=[hover_text(name, x, s, counts_text(t, n, kf.unit, "forløb"))
                       for x, s, t, n in zip(xs, shown, vis["taeller"], vis["naevner"],
                                             strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    rows = pd.concat(all_rows) if all_rows else pd.DataFrame(columns=list(DISPLAY_COLUMNS))
    freq = figures[0].frequency
    cats = [format_period(d, freq) for d in sorted(set(rows["dato"]))]
    fig.update_layout(barmode="group", bargap=0.25)
    _category_ticks(fig, cats)
    top = float(rows.loc[~rows["undertrykt"], "vaerdi"].max()) if len(rows) else 0.0
    fig.update_yaxes(title_text="Andel", ticksuffix=" %",
                     range=[0, max(10.0, (top if is_finite(top) else 0.0) * 1.3)])
    return _finish(fig, [kf.id for kf in figures], hidden, _suppressed_text(rows))


__all__ = [
    "DISPLAY_COLUMNS",
    "MISSING",
    "ChartInputError",
    "counts_text",
    "fit_legend",
    "hover_text",
    "mark_hidden",
    "rate_over_time",
    "require_display_frame",
    "retitle",
    "select_rows",
    "series_by_dimension",
    "shares_with_counts",
    "stacked_shares",
]
