"""Plotly figure builders for the dashboard and the udvalgsrapport.

Every builder is a pure function: a tidy, *suppressed* result frame, the catalogue entry (or
entries) it draws, and options in; a ``plotly.graph_objects.Figure`` out. The frame has the
result columns (``noegletal, kommunekode, dato, dimension, vaerdi, taeller, naevner``) plus
``undertrykt`` (bool) and ``vises`` (the display string) added by
``noegletal.metrics.suppression.suppress``.

Rules all builders keep:

* a row with ``undertrykt == True`` is never drawn, and none of its numbers (value,
  numerator, denominator) reach the figure; a legend entry says that values shown as
  ``<5`` (the row's ``vises`` text) are left out;
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

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from noegletal.domain.calendar import months_back
from noegletal.domain.kommuner import kommune_navn
from noegletal.domain.schema import RESULT_COLUMNS
from noegletal.domain.vocabulary import PLACEMENT_FORMS, STEP_LABELS, STEP_RANK, STEPS
from noegletal.metrics.catalogue import UNIT_TYPES, difference_figure
from noegletal.presentation import colors
from noegletal.presentation.formatting import (
    BASE_FONT_SIZE,
    MISSING,
    PLOTLY_LAYOUT,
    format_count,
    format_kroner,
    format_month_short,
    format_number,
    format_period,
    format_value,
    is_finite,
)
from noegletal.presentation.marks import hidden_mark

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure

DISPLAY_COLUMNS: tuple[str, ...] = (*RESULT_COLUMNS, "undertrykt", "vises")

EXPECTED_LABEL = "forventet"
EXPENDITURE_PATTERN = "/"
PANEL_TITLE_SIZE = 17  # subplot titles of small multiples
BAR_TEXT_SIZE = 16
MIN_BAR_TEXT_SIZE = 12  # smaller bar texts are hidden, not shrunk (see _finish)

_MOVEMENT_ORDER = ("ned", "ingen", "op")  # bottom to top of the stack
_MOVEMENT_LABELS = {
    "op": "Op ad trappen (anbragt)",
    "ingen": "Ingen bevægelse",
    "ned": "Ned ad trappen",
}
_GROUP_LABELS = {"udsatte": "Udsatte elever", "oevrige": "Øvrige elever"}
# Fallback labels for breakdowns a catalogue entry does not label itself.
_FALLBACK_LABELS: dict[str, str] = {
    "service": "Service",
    "administration": "Administration",
    "administration_myndighed": "Administration, myndighed",
    "administration_oevrig": "Øvrig administration",
    "i_alt": "I alt",
    "anden_anbringelse": "Anbragt i anden form",
    "ikke_anbragt": "Ikke længere anbragt",
    **_MOVEMENT_LABELS,
    **_GROUP_LABELS,
}


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
    return _FALLBACK_LABELS.get(dimension) or dimension or kf.name


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
    layout = copy.deepcopy(PLOTLY_LAYOUT)
    layout["title"]["text"] = title
    if subtitle:
        layout["title"]["subtitle"] = {"text": subtitle}
    fig.update_layout(**layout)
    return fig


def _finish(fig: go.Figure, kf_ids: Sequence[str], hidden: list[str],
            hidden_text: str) -> go.Figure:
    """Add the legend entry for left-out values, Danish axis number format, and metadata."""
    fig.update_yaxes(exponentformat="none", separatethousands=True, automargin=True)
    fig.update_xaxes(automargin=True)
    if hidden:
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers",
            marker={"symbol": "square-open", "color": colors.GREY, "size": 12},
            name=f"Ikke vist ({hidden_text}): for få børn",
            showlegend=True, hoverinfo="skip",
        ))
    # Plotly shrinks a bar's text until it fits the bar; below 12 px nobody in the room can
    # read it, so such a text is hidden instead (the hover and the table have every value).
    fig.update_layout(uniformtext={"minsize": MIN_BAR_TEXT_SIZE, "mode": "hide"})
    fig.update_layout(meta={"noegletal": list(kf_ids), "ikke_vist": hidden,
                            "ikke_vist_tekst": hidden_text if hidden else ""})
    return fig


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
    for srows, sname, color, dash, width in series:
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
            marker={"size": 9, "color": color}, connectgaps=False,
            hovertext=texts, hovertemplate="%{hovertext}<extra></extra>",
        ))
    _date_axis(fig, all_dates, kf.frequency)
    if x_labels:
        ticks = sorted(set(pd.to_datetime(all_dates)))
        fig.update_xaxes(ticktext=[x_labels.get(d) or format_period(d, kf.frequency)
                                   for d in ticks])
    fig.update_yaxes(title_text=kf.unit_label, rangemode="tozero",
                     ticksuffix=kf.unit_type.axis_suffix)
    return _finish(fig, [kf.id], hidden, hidden_text)


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
    if patterns:
        _expected_legend(fig)
    fig.update_layout(barmode="stack")
    _category_axis(fig, rows, kf, x_labels)
    _share_axis(fig)
    return _finish(fig, [kf.id], _suppressed_labels(rows, kf, True), _suppressed_text(rows))


def placement_forms(frame: pd.DataFrame, kf: KeyFigure, *, kommunekode: int,
                    title: str | None = None, subtitle: str | None = None) -> go.Figure:
    """``anbringelsesform_andel``: the placement pattern as 100 % stacked bars per cut-off,
    netværkspleje at the bottom and institution at the top, in the step colours."""
    return stacked_shares(frame, kf, kommunekode=kommunekode, order=PLACEMENT_FORMS,
                          palette=colors.PLACEMENT_FORM_COLORS, title=title,
                          subtitle=subtitle)


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
        if _visible(srows).empty:
            continue  # every value hidden: the legend note covers it
        label = _dim_label(kf, dim)
        color = colors.color_for(dim, dict(palette or {}), i)
        y = [None if (hid or not is_finite(v)) else float(v)
             for v, hid in zip(srows["vaerdi"], srows["undertrykt"], strict=True)]
        texts = [
            "" if (hid or not is_finite(v)) else hover_text(
                label, format_period(d, kf.frequency), format_value(v, kf.unit),
                counts_text(t, n, kf.unit))
            for d, v, t, n, hid in zip(srows["dato"], srows["vaerdi"], srows["taeller"],
                                       srows["naevner"], srows["undertrykt"], strict=True)
        ]
        fig.add_trace(go.Scatter(
            x=list(srows["dato"]), y=y, name=label, mode="lines+markers",
            line={"color": color, "width": 4, "dash": (dashes or {}).get(dim, "solid")},
            marker={"size": 9, "color": color}, connectgaps=False,
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


def movements(frame: pd.DataFrame, kf: KeyFigure, *, kommunekode: int) -> go.Figure:
    """``bevaegelse_fra_hjemmebaserede``: op / ingen / ned as 100 % stacked bars (ned at the
    bottom, op on top)."""
    labels = {d: kf.dimensions.get(d) or _MOVEMENT_LABELS[d] for d in _MOVEMENT_ORDER}
    return stacked_shares(frame, kf, kommunekode=kommunekode, order=_MOVEMENT_ORDER,
                          palette=colors.MOVEMENT_COLORS, labels=labels)


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
    share_title = "Andel, hvis institutionsanbringelse er ophørt siden forrige skæringsdato"
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
            subtitle += (f"<br>{' og '.join(left_out).capitalize()} vises ikke: alle tal "
                         "bygger på få børn.")
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=True, vertical_spacing=0.14,
                        subplot_titles=None if single else [t for _, t in panels])
    layout = copy.deepcopy(PLOTLY_LAYOUT)
    layout["title"]["text"] = "Ophørte institutionsanbringelser"
    layout["title"]["subtitle"] = {"text": subtitle}
    layout["height"] = 720 if not single else PLOTLY_LAYOUT.get("height", 520)
    if "<br>" in subtitle:
        layout["margin"] = {**layout["margin"], "t": 130}
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
            fig.update_yaxes(ticksuffix=" %", rangemode="tozero", title_text="Andel",
                             row=row, col=1)
        else:
            _bar_traces(fig, where, where_kf, where_order, colors.CEASED_DESTINATION_COLORS,
                        row=row, show_text=labelled)
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


def home_based_by_type(frame: pd.DataFrame, kf: KeyFigure, *, kommunekode: int) -> go.Figure:
    """``hjemmebaserede_type_antal`` or ``_pr_1000``: grouped bars per cut-off, one bar per
    type of home-based measure (a child may count under several types)."""
    order = tuple(kf.dimensions) or tuple(colors.HOME_BASED_COLORS)
    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=order)
    fig = _base_figure(kf.name, _subtitle(kommunekode))
    _bar_traces(fig, rows, kf, order, colors.HOME_BASED_COLORS, show_text=False)
    fig.update_layout(barmode="group", bargap=0.2)
    _category_axis(fig, rows, kf)
    fig.update_yaxes(title_text=kf.unit_label, rangemode="tozero")
    return _finish(fig, [kf.id], _suppressed_labels(rows, kf, True), _suppressed_text(rows))


# --- Sankey of movements between steps -----------------------------------------------------

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
    node_labels = [_SANKEY_LABELS.get(s, STEP_LABELS[s]) for _, s in nodes]
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
            text=f"Strømme, der bygger på få børn, er ikke vist ({_suppressed_text(rows)}).",
            xref="paper", yref="paper", x=0, y=-0.08, showarrow=False,
            font={"size": 15, "color": colors.DARK_GREY}, xanchor="left")
    fig.update_layout(meta={"noegletal": [kf.id], "ikke_vist": hidden,
                            "ikke_vist_tekst": _suppressed_text(rows) if hidden else ""})
    return fig


# Shorter node labels where the step's full label would run into the other column's.
_SANKEY_LABELS = {"institution": "Institution m.v."}


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


# --- § 11.3 --------------------------------------------------------------------------------

def preventive_11_3(frame: pd.DataFrame, rate_kf: KeyFigure, bfu_kf: KeyFigure, *,
                    kommunekode: int) -> go.Figure:
    """§ 11.3 courses per 1000 (top panel) and the share followed by a børnefaglig
    undersøgelse with its counts ("3 af 45") on the bars (bottom panel)."""
    rate = select_rows(frame, rate_kf.id, kommunekode=kommunekode, dimensions=[""])
    bfu = select_rows(frame, bfu_kf.id, kommunekode=kommunekode, dimensions=[""])
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14,
                        subplot_titles=(rate_kf.name, bfu_kf.name))
    layout = copy.deepcopy(PLOTLY_LAYOUT)
    layout["title"]["text"] = "Forebyggende forløb efter § 11, stk. 3"
    layout["title"]["subtitle"] = {"text": _subtitle(kommunekode)}
    layout["height"] = 720
    fig.update_layout(**layout)
    fig.update_annotations(font_size=BASE_FONT_SIZE)  # the panel titles
    color = colors.STEP_COLORS["forebyggende"]
    for rows, kf, row, text_fn in (
        (rate, rate_kf, 1, lambda s, t, n: s),
        (bfu, bfu_kf, 2, lambda s, t, n: (f"{s}<br>({format_count(t)} af {format_count(n)})"
                                          if is_finite(t) and is_finite(n) else s)),
    ):
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


# --- expenditure ---------------------------------------------------------------------------

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
    """``udgifter_netto``: net expenditure per year and category as grouped bars; years with
    expected (not final) accounts are hatched and labelled "(forventet)"."""
    return _expenditure_bars(frame, kf, kommunekode=kommunekode, order=categories,
                             expected_years=expected_years)


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
                        subplot_titles=[title for *_, title, _ in panels] or None,
                        vertical_spacing=0.16 / n_rows + 0.05, horizontal_spacing=0.17)
    layout = copy.deepcopy(PLOTLY_LAYOUT)
    layout["title"]["text"] = "Udgift pr. barn"
    layout["title"]["subtitle"] = {"text": _subtitle(kommunekode, subtitle)}
    layout["height"] = 230 + 260 * n_rows
    layout["margin"] = {**layout["margin"], "t": 130}
    fig.update_layout(**layout)
    hidden: list[str] = []
    hidden_rows = []
    for i, (kf, dim, title, color) in enumerate(panels):
        r, c = i // 2 + 1, i % 2 + 1
        rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=[dim])
        hidden += [f"{title}, {lbl}" for lbl in _suppressed_labels(rows, kf, False)]
        hidden_rows.append(rows)
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


# --- school --------------------------------------------------------------------------------

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
        vis = _visible(rows.loc[rows["dimension"].eq(dim)])
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
        fig.update_layout(title_subtitle_text=_subtitle(
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


# --- casework ------------------------------------------------------------------------------

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
    _date_axis(fig, list(rows["dato"]), kf.frequency)
    fig.update_yaxes(title_text=kf.unit_label, rangemode="tozero")
    ids = [kf.id] + [k.id for k in (lowest_kf, highest_kf) if k is not None]
    return _finish(fig, ids, _suppressed_labels(rows, kf, False), _suppressed_text(rows))


__all__ = [
    "DISPLAY_COLUMNS",
    "MISSING",
    "ChartInputError",
    "caseload_vs_target",
    "ceased_institution",
    "cost_per_child",
    "counts_text",
    "expenditure_by_category",
    "extra_expenditure",
    "home_based_by_type",
    "hover_text",
    "movements",
    "placement_forms",
    "preventive_11_3",
    "rate_over_time",
    "require_display_frame",
    "school_gap",
    "select_rows",
    "series_by_dimension",
    "service_share_by_step",
    "shares_with_counts",
    "stacked_shares",
    "step_sankey",
]
