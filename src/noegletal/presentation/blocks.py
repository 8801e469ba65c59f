"""A *block* is one chart (or table) with the key figures behind it.

Theme builders (``noegletal.presentation.themes``) turn suppressed rows into blocks; the
Streamlit pages render them with their explanations and downloads, and the udvalgsrapport
renders the very same blocks as HTML. So a chart is defined once, wherever it is shown.

What a block hides is data of the block itself (:attr:`Block.hidden`, by default worked out
from its suppressed ``rows``), not something read back from the chart, so a block with only a
table reports its hidden values too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from noegletal.presentation.charts import fit_legend
from noegletal.presentation.formatting import format_date, format_period, format_school_year

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
    # labels of the values left out ("maj 2016", "Familiepleje, jan. 2017"); None = from rows
    hidden: list[str] | None = None
    # cards shown above the block as (label, shown text), e.g. an intervention's cost card;
    # the texts come from the block's suppressed table (``<5`` where hidden)
    cards: list[tuple[str, str]] = field(default_factory=list)
    # what is derived from the block once (its display and export tables), see memo()
    _memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, name: str, make):
        """``make()`` once per block (a block kept for a page shown again keeps its tables)."""
        if name not in self._memo:
            self._memo[name] = make()
        return self._memo[name]

    def __post_init__(self) -> None:
        if self.figure is not None:
            # every chart shown (the dashboard, the report), however built: no legend entry
            # wider than a narrow chart (the traces a theme adds after the chart builder)
            fit_legend(self.figure)
        if self.hidden is None:
            self.hidden = hidden_labels(self.rows, self.key_figures)

    @property
    def hidden_points(self) -> list[str]:
        return list(self.hidden or [])

    @property
    def latest_stamp(self) -> str:
        """The latest period the block shows, in its key figures' own words: «Seneste
        skæringsdato: 30. september 2023» (the latest cut-off in the chosen period, not in
        the data), «Seneste regnskabsår: 2024», «Seneste skoleår: 2024/25»; "" without
        rows."""
        return latest_stamp(self.rows, self.key_figures)


# The words of the latest period a block shows, by the catalogue's frequency.
STAMP_WORDS: dict[str, str] = {
    "skaeringsdato": "Seneste skæringsdato",
    "aar": "Seneste regnskabsår",
    "skoleaar": "Seneste skoleår",
}


def latest_stamp(rows: pd.DataFrame | None, key_figures: Sequence[KeyFigure]) -> str:
    """See :attr:`Block.latest_stamp`."""
    if rows is None or rows.empty or not key_figures:
        return ""
    parts = []
    for freq in dict.fromkeys(kf.frequency for kf in key_figures):
        ids = [kf.id for kf in key_figures if kf.frequency == freq]
        datoer = pd.to_datetime(rows.loc[rows["noegletal"].isin(ids), "dato"])
        if datoer.empty:
            continue
        last = datoer.max()
        text = (str(last.year) if freq == "aar" else format_school_year(last)
                if freq == "skoleaar" else format_date(last))
        parts.append(f"{STAMP_WORDS.get(freq, 'Seneste periode')}: {text}")
    return " · ".join(parts)


def hidden_labels(rows: pd.DataFrame | None, key_figures: Sequence[KeyFigure]) -> list[str]:
    """The suppressed rows as Danish labels: the period, after the dimension's label when the
    key figure has a breakdown (``"Familiepleje, jan. 2017"``), each label once, in order."""
    if rows is None or rows.empty or "undertrykt" not in rows.columns:
        return []
    by_id = {kf.id: kf for kf in key_figures}
    hidden = rows.loc[rows["undertrykt"].fillna(False).astype(bool)]
    hidden = hidden.sort_values("dato", kind="stable")
    out: list[str] = []
    for kf_id, dato, dim in zip(hidden["noegletal"], hidden["dato"],
                                hidden["dimension"].fillna(""), strict=True):
        kf = by_id.get(kf_id)
        label = format_period(dato, kf.frequency if kf is not None else "skaeringsdato")
        if dim:
            name = kf.dimensions.get(dim, dim) if kf is not None else dim
            label = f"{name}, {label}"
        out.append(label)
    return list(dict.fromkeys(out))

