"""Targets (mål) on screen and in the report: the Målopfølgning table, the status text of an
Overblik card and the target line or band on a key figure's chart.

Everything here formats rows from :func:`noegletal.services.targets.follow_up`, which works
on suppressed values: a hidden value has the status ``ukendt`` and is shown as such, never
with a colour or a distance.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from noegletal.metrics.catalogue import UNIT_TYPES, KeyFigure
from noegletal.metrics.targets import DIRECTION_LABELS, STATUS_LABELS, TREND_LABELS, UKENDT
from noegletal.metrics.units import split_unit
from noegletal.presentation.formatting import format_date, format_value
from noegletal.presentation.marks import hidden_phrase

TARGET_COLOR = "#4d4d4d"
BAND_COLOR = "rgba(77, 77, 77, 0.10)"
# Five columns, so the table fits beside the open menu at 1024 px without cutting a column:
# the target with its period, the latest value with its distance to the target in words.
FOLLOW_UP_COLUMNS = ("Nøgletal", "Mål", "Seneste værdi", "Status", "Udvikling")


def _dimension_label(kf: KeyFigure | None, dimension: str) -> str:
    """``Institution``, ``Distrikt Nord`` or ``Institution, Distrikt Nord``."""
    if not dimension:
        return ""
    base, unit = split_unit(dimension)
    parts = []
    if base:
        parts.append(kf.dimensions.get(base, base) if kf is not None else base)
    if unit:
        parts.append(unit)
    return ", ".join(parts)


def figure_name(kf: KeyFigure | None, noegletal: str, dimension: str) -> str:
    name = kf.name if kf is not None else noegletal
    label = _dimension_label(kf, dimension)
    return f"{name} ({label})" if label else name


def target_text(maalvaerdi: float, retning: str, unit: str) -> str:
    """``højst 25,0`` / ``mindst 80,0 %`` in the figure's unit."""
    return f"{DIRECTION_LABELS[retning]} {format_value(maalvaerdi, unit)}"


def period_text(fra_dato, til_dato) -> str:
    if til_dato is None or pd.isna(til_dato):
        return f"fra {format_date(fra_dato)}"
    # Never begin with the day's number: «1. januar» at the start of a table cell reads as
    # a numbered list in Markdown.
    return f"fra {format_date(fra_dato)} til {format_date(til_dato)}"


def distance_text(x: float, unit: str) -> str:
    """How far the latest value is from the target, in words and in the unit's change unit
    (shares: percentage points): ``3,8 under målet``, ``2,0 procentpoint over målet``,
    ``på målet``.

    >>> distance_text(-3.8, "sager"), distance_text(0.0, "sager")
    ('3,8 under målet', 'på målet')
    """
    unit_type = UNIT_TYPES.get(unit)
    text = format_value(abs(x), unit_type.change_unit if unit_type is not None else unit)
    if x > 0:
        return f"{text} over målet"
    if x < 0:
        return f"{text} under målet"
    return "på målet"


NO_BREAK = "\u00a0"


def unbroken(value_text: str) -> str:
    """A formatted value with a no-break space between the number and its unit, so a
    narrow table cell never puts «%» or «procentpoint» on a line of its own.

    >>> unbroken("80,0 %") == "80,0\u00a0%"
    True
    """
    return value_text.replace(" ", NO_BREAK, 1)


def follow_up_table(fu: pd.DataFrame, catalogue: Mapping[str, KeyFigure],
                    threshold: int = 5) -> pd.DataFrame:
    """The Målopfølgning table: one row per target, every cell Danish text (a number and
    its unit held together: :func:`unbroken`)."""
    rows = []
    for _, r in fu.iterrows():
        kf = catalogue.get(r["noegletal"])
        unit = kf.unit if kf is not None else "antal"
        if r["status"] is None:
            latest = "ingen tal i perioden"
            status = trend = ""
        elif r["status"] == UKENDT:
            latest = f"vises ikke ({hidden_phrase(threshold)})"
            trend = ""
            status = STATUS_LABELS[UKENDT]
        else:
            latest = (f"{unbroken(format_value(r['seneste_vaerdi'], unit))} "
                      f"({format_date(r['seneste_dato'])}), "
                      f"{unbroken(distance_text(r['afstand'], unit))}")
            status = STATUS_LABELS[r["status"]]
            trend = TREND_LABELS.get(r["udvikling"], "") if r["udvikling"] else ""
        rows.append({
            "Nøgletal": figure_name(kf, r["noegletal"], r["dimension"]),
            "Mål": (f"{DIRECTION_LABELS[r['retning']]} "
                    f"{unbroken(format_value(r['maalvaerdi'], unit))} "
                    f"{period_text(r['fra_dato'], r['til_dato'])}"),
            "Seneste værdi": latest,
            "Status": status,
            "Udvikling": trend,
        })
    return pd.DataFrame(rows, columns=list(FOLLOW_UP_COLUMNS))


def card_status(fu: pd.DataFrame, noegletal: str, dimension: str,
                catalogue: Mapping[str, KeyFigure]) -> str | None:
    """One line for an Overblik card: ``Mål højst 7,0: nået`` (``None`` without a target),
    every target of the figure in force joined by «;». A hidden value gives «ukendt», never
    a colour or a distance."""
    rows = fu[(fu["noegletal"] == noegletal) & (fu["dimension"] == (dimension or ""))]
    rows = rows[rows["status"].notna()]
    if rows.empty:
        return None
    kf = catalogue.get(noegletal)
    unit = kf.unit if kf is not None else "antal"
    texts = []
    for _, r in rows.iterrows():  # every target in force, not only the last one
        text = f"{target_text(r['maalvaerdi'], r['retning'], unit)}: "
        texts.append(text + ("status ukendt, fordi tallet ikke vises" if r["status"] == UKENDT
                             else STATUS_LABELS[r["status"]].lower()))
    return "Mål " + "; ".join(texts)


def add_targets(fig: go.Figure, targets: pd.DataFrame, kf: KeyFigure,
                dato=None) -> go.Figure:
    """Draw the targets of one key figure on its chart: a dashed line at the target value,
    or a shaded band between an ``mindst`` and a ``hoejst`` target that apply at the same
    time. ``targets`` are rows of the ``maal`` extract for the figure (any dimension: the
    label names it); only targets whose period includes ``dato`` (default: any time) are
    drawn. The figure is changed in place and returned.

    A unit breakdown (a figure whose ``meta`` names ``enhed`` and its base ``dimension``)
    gets the targets of that base dimension only: the municipality's own on every panel,
    as the common yardstick, and a unit's own target where that unit is shown alone; the
    label is written once (on the first panel), on a white ground so the lines stay
    readable. Stacked bars get no target of a part (a dimension): its line would be read
    against the wrong segment."""
    if targets is None or targets.empty:
        return fig
    t = targets.copy()
    if dato is not None:
        d = pd.Timestamp(dato)
        t = t[(pd.to_datetime(t["fra_dato"]) <= d)
              & (t["til_dato"].isna() | (pd.to_datetime(t["til_dato"]) >= d))]
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    panels = "enhed" in meta
    if panels:
        parts = t["dimension"].fillna("").map(split_unit)
        base = parts.map(lambda p: p[0])
        unit = parts.map(lambda p: p[1])
        t = t[(base == (meta.get("dimension") or ""))
              & (unit.isna() | (unit == meta["enhed"])).to_numpy()]
    if fig.layout.barmode in ("stack", "relative"):
        # In stacked bars a part's share starts where the parts below it end, so a line at
        # its target would be read against the wrong segment; the part's own chart (its
        # share over time) draws it.
        t = t[t["dimension"].fillna("") == ""]
    label_at = {"row": 1, "col": 1} if panels else {}
    for dimension, g in t.groupby(t["dimension"].fillna(""), sort=False):
        label = _dimension_label(kf, dimension)
        prefix = f"Mål ({label})" if label else "Mål"
        low = g[g["retning"] == "mindst"]
        high = g[g["retning"] == "hoejst"]
        if len(low) and len(high):
            lo, hi = float(low["maalvaerdi"].max()), float(high["maalvaerdi"].min())
            fig.add_hrect(y0=lo, y1=hi, fillcolor=BAND_COLOR, line_width=0, layer="below")
            fig.add_hrect(y0=lo, y1=hi, fillcolor=BAND_COLOR, line_width=0, layer="below",
                          opacity=0, annotation_text=f"{prefix}: {format_value(lo, kf.unit)} – "
                                                     f"{format_value(hi, kf.unit)}",
                          annotation_position="top left",
                          annotation_bgcolor="rgba(255, 255, 255, 0.6)", **label_at)
            continue
        for _, r in g.iterrows():
            y = float(r["maalvaerdi"])
            fig.add_hline(y=y, line_dash="dash", line_color=TARGET_COLOR, line_width=1.5)
            fig.add_hline(y=y, line_width=0, opacity=0,
                          annotation_text=f"{prefix}: {target_text(y, r['retning'], kf.unit)}",
                          annotation_position="top left", annotation_font_color=TARGET_COLOR,
                          annotation_bgcolor="rgba(255, 255, 255, 0.6)", **label_at)
    meta["maal"] = len(t)
    fig.update_layout(meta=meta)
    return fig
