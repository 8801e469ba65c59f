"""Rendering of blocks: the chart, how to read it, caveats, the numbers and downloads."""

from __future__ import annotations

import re

import streamlit as st

from noegletal.metrics.catalogue import KeyFigure
from noegletal.metrics.suppression import suppression_note
from noegletal.presentation.blocks import Block
from noegletal.presentation.exports import ExportError, figure_to_png, to_csv_bytes, to_excel_bytes
from noegletal.presentation.formatting import format_date, format_period_long, join_danish
from noegletal.presentation.overview import Headline
from noegletal.presentation.tables import long_table
from noegletal.ui.shell import PageContext

PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "noegletal"


def explain(kfs: list[KeyFigure], *, expanded: bool = False) -> None:
    """«Sådan læses tallet» and the caveats, straight from the catalogue."""
    with st.expander("Sådan læses tallet", expanded=expanded, icon=":material/help:"):
        for kf in kfs:
            if len(kfs) > 1:
                st.markdown(f"**{kf.name}**")
            st.markdown(kf.how_to_read)
            st.caption(f"Ønsket retning: {kf.direction_label}. Enhed: {kf.unit_label}. "
                       f"Kilde: {kf.source}.")
            for caveat in kf.caveats:
                st.markdown(f"- :material/warning: {caveat}")


_MAX_SERIES_NAMED = 6


def block_table(block: Block):
    """The numbers behind a block as the reader gets them: its display table, else the long
    table of its export rows; both hold the suppressed texts (``<5``), never hidden values."""
    if block.table is not None and not block.table.empty:
        return block.table
    if block.rows is not None and not block.rows.empty:
        from noegletal.metrics.catalogue import CATALOGUE

        return long_table(block.rows, CATALOGUE)
    return None


def _series_label(label: str, block: Block) -> str:
    """A table row's label without the key figure's name the sentence already gives
    (``Familiepleje: Fordeling på anbringelsesformer`` -> ``Familiepleje``)."""
    for kf in block.key_figures:
        label = label.removesuffix(f": {kf.name}")
    return label


def chart_summary(block: Block) -> str:
    """One sentence that says what the chart shows, from the catalogue's names and the
    block's own table: the key figures, the series (the table's rows) and the period.

    The text alternative of the chart (WCAG 1.1.1); «Vis som tabel» holds the numbers.
    """
    names = join_danish([f"«{kf.name}»" for kf in block.key_figures])
    text = f"Grafen viser {names}"
    table = block_table(block)
    if table is not None and len(table.columns):
        series = [_series_label(str(v), block) for v in table.iloc[:, 0].tolist()
                  if str(v).strip()]
        if 1 < len(series) <= _MAX_SERIES_NAMED:
            text += f" for {join_danish(series)}"
        elif len(series) > _MAX_SERIES_NAMED:
            text += f" i {len(series)} rækker"
    rows = block.rows
    if rows is not None and not rows.empty and "dato" in rows.columns:
        dates = sorted(set(rows["dato"].dropna()))
        freq = block.key_figures[0].frequency if block.key_figures else "skaeringsdato"
        if len(dates) > 1:
            text += (f" fra {format_period_long(dates[0], freq)} "
                     f"til {format_period_long(dates[-1], freq)}")
        elif len(dates) == 1:
            text += f" i {format_period_long(dates[0], freq)}"
    text += ". Tallene står under «Vis som tabel»"
    if block.hidden_points or (rows is not None and "undertrykt" in rows.columns
                               and bool(rows["undertrykt"].any())):
        text += ", hvor tal, der bygger på for få børn, står som «<5»"
    return text + "."


def render_block(ctx: PageContext, block: Block, *, expanded_help: bool = False) -> None:
    """One chart with its text alternative, explanation, stamp, table and downloads."""
    name = f"{_slug(block.key)}-{ctx.kommune or 'alle'}"
    if block.figure is not None:
        config = {**PLOTLY_CONFIG,
                  "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"],
                                           "filename": name}}
        st.plotly_chart(block.figure, config=config, key=f"fig_{block.key}")
        st.markdown(chart_summary(block))
    elif block.table is None:
        st.info("Der er ingen tal at vise for det valgte.")
    stamp = []
    if ctx.data.latest_cutoff() is not None:
        stamp.append(f"Seneste skæringsdato: {format_date(ctx.data.latest_cutoff())}")
    stamp.append(f"dataversion {ctx.data.token[:8]}")
    if ctx.data.shows_sample(ctx.kommune):
        stamp.append("eksempeldata")
    if block.hidden_points:
        stamp.append(suppression_note(ctx.threshold))
    st.caption(" · ".join(stamp))
    for note in block.notes:
        st.caption(note)
    explain(block.key_figures, expanded=expanded_help)
    table = block_table(block)
    if table is not None:
        label = "Vis som tabel" + (f": {block.table_caption}" if block.table_caption else "")
        with st.expander(label, icon=":material/table:"):
            st.dataframe(table, width="stretch")
    _downloads(ctx, block, name)


def _downloads(ctx: PageContext, block: Block, name: str) -> None:
    rows = block.rows
    cols = st.columns(3)
    if rows is not None and not rows.empty:
        from noegletal.metrics.catalogue import CATALOGUE

        table = long_table(rows, CATALOGUE)
        cols[0].download_button(
            "CSV", data=lambda: to_csv_bytes(table), file_name=f"{name}.csv",
            mime="text/csv", key=f"csv_{block.key}", icon=":material/download:",
            on_click="ignore",
        )
        cols[1].download_button(
            "Excel", data=lambda: to_excel_bytes(table, sheet_name=block.title),
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"xlsx_{block.key}", icon=":material/download:", on_click="ignore",
        )
    if block.figure is not None:
        fig = block.figure

        def png() -> bytes:
            try:
                return figure_to_png(fig)
            except ExportError as exc:
                st.error(str(exc))
                return b""

        cols[2].download_button(
            "PNG", data=png, file_name=f"{name}.png", mime="image/png",
            key=f"png_{block.key}", icon=":material/image:", on_click="ignore",
        )


def render_headlines(headlines: list[Headline], card_width: int = 245) -> None:
    """Headline numbers (``presentation.overview.Headline``) as bordered ``st.metric``
    cards of a fixed width in a row that wraps, so they stay readable from a projector to a
    1024 px laptop; the change is coloured by the hoped-for direction."""
    with st.container(horizontal=True, gap="small"):
        for h in headlines:
            label, value = h.spec.label, h.value_text
            for unit in (" procentpoint", " mio. kr."):  # the unit moves to the label so
                if value.endswith(unit):                   # the number is never cut off
                    label, value = f"{label} ({unit.strip()})", value.removesuffix(unit)
            st.metric(label, value, _short_units(h.metric_delta),
                      delta_color=h.metric_color, delta_arrow=h.metric_arrow,
                      delta_description=h.delta_description or None,
                      help=(f"{h.kf.how_to_read} Seneste periode: {h.period}." if h.period
                            else h.kf.how_to_read),
                      border=True, width=card_width)


def _short_units(text: str | None) -> str | None:
    """"procentpoint" is too long for the change on a metric card."""
    return text.replace(" procentpoint", " pct.-point") if text else text
