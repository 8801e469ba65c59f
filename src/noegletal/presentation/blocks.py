"""A *block* is one chart (or table) with the key figures behind it.

Theme builders (``noegletal.presentation.themes``) turn suppressed rows into blocks; the
Streamlit pages render them with their explanations and downloads, and the udvalgsrapport
renders the very same blocks as HTML. So a chart is defined once, wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

if TYPE_CHECKING:
    from noegletal.metrics.catalogue import KeyFigure


@dataclass
class Block:
    key: str  # stable id: widget keys and download file names
    title: str
    key_figures: list[KeyFigure]
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None  # display table of suppressed strings
    table_caption: str = ""
    notes: list[str] = field(default_factory=list)
    # the long, suppressed rows behind the block (for CSV/Excel export)
    rows: pd.DataFrame | None = None

    @property
    def hidden_points(self) -> list[str]:
        if self.figure is None or not isinstance(self.figure.layout.meta, dict):
            return []
        return list(self.figure.layout.meta.get("ikke_vist", []))


# st.metric's delta colours by the key figure's hoped-for direction: "normal" = a rise is
# good (green), "inverse" = a fall is good, "off" = monitoring only (grey).
_DELTA_COLORS = {"op": "normal", "ikke_falde": "normal", "ned": "inverse",
                 "ikke_stige": "inverse", "neutral": "off"}


@dataclass(frozen=True)
class Headline:
    """A headline number for ``st.metric``: the latest shown value of a key figure and its
    change since the period before. All texts are Danish and formatted; a suppressed latest
    value shows its mark (``<5``) and no change."""

    label: str
    value: str
    delta: str | None = None  # e.g. "+2,5 procentpoint siden 2016" (U+2212 for minus)
    delta_color: str = "off"  # "normal" | "inverse" | "off"
    help: str = ""

    @property
    def metric_delta(self) -> str | None:
        """The change for ``st.metric``, which reads a leading ASCII "-" as a fall."""
        if self.delta is None:
            return None
        return "-" + self.delta[1:] if self.delta.startswith("\u2212") else self.delta


def headline(
    frame: pd.DataFrame,
    kf: KeyFigure,
    *,
    kommunekode: int,
    dimension: str = "",
    label: str | None = None,
    period_labels: dict[pd.Timestamp, str] | None = None,
) -> Headline | None:
    """The latest period of ``kf`` (one dimension) in ``frame`` as a :class:`Headline`, or
    ``None`` when the frame has no row for it.

    The change compares the latest row with the row of the period just before it, and is
    left out when either is suppressed or missing. ``period_labels`` overrides the text of
    some periods (e.g. ``2017 (forventet regnskab)``).
    """
    from noegletal.presentation.charts import select_rows
    from noegletal.presentation.formatting import (
        format_change,
        format_period_long,
        format_value,
        is_finite,
    )

    rows = select_rows(frame, kf.id, kommunekode=kommunekode, dimensions=[dimension])
    rows = rows.loc[rows["vaerdi"].notna() | rows["undertrykt"]]
    if rows.empty:
        return None
    labels = period_labels or {}

    def period(d: pd.Timestamp) -> str:
        return labels.get(d) or format_period_long(d, kf.frequency)

    last = rows.iloc[-1]
    title = label or kf.name
    if last["undertrykt"]:
        mark = last["vises"].strip() if isinstance(last["vises"], str) else "<5"
        return Headline(title, mark, None, "off",
                        f"{period(last['dato'])}: tallet bygger på for få og vises ikke.")
    value = format_value(last["vaerdi"], kf.unit)
    delta = None
    if len(rows) > 1:
        prev = rows.iloc[-2]
        if not prev["undertrykt"] and is_finite(prev["vaerdi"]):
            change = format_change(float(last["vaerdi"]) - float(prev["vaerdi"]), kf.unit)
            delta = f"{change} siden {period(prev['dato'])}"
    return Headline(title, value, delta, _DELTA_COLORS.get(kf.direction, "off"),
                    f"{period(last['dato'])[:1].upper()}{period(last['dato'])[1:]}. "
                    f"Ønsket retning: {kf.direction_label}.")
