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

